"""`load`: a published table as a typed pandas DataFrame, read from its Parquet file."""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pytest

from pipeline import load
from pipeline.errors import PipelineError
from pipeline.tables import table_names, table_schema

# Table Schema types -> the dtype `load` gives each column.
EXPECTED_DTYPES = {
    "string": pd.ArrowDtype(pa.string()),
    "list": pd.ArrowDtype(pa.string()),
    "integer": pd.ArrowDtype(pa.int64()),
    "date": pd.ArrowDtype(pa.date32()),
    "boolean": pd.ArrowDtype(pa.bool_()),
}


@pytest.mark.parametrize("table", table_names())
def test_every_column_has_the_type_its_schema_gives(published: Path, table: str) -> None:
    frame = load(table, published)
    fields = table_schema(table)["fields"]
    assert list(frame.columns) == [field["name"] for field in fields]
    assert {name: str(dtype) for name, dtype in frame.dtypes.items()} == {
        field["name"]: str(EXPECTED_DTYPES[field["type"]]) for field in fields
    }


def test_dates_are_dates_and_integers_are_int64(published: Path) -> None:
    documents = load("documents", published).set_index("position")
    assert documents.loc[13, "date_start"] == datetime.date(1956, 10, 6)
    assert documents.loc[13, "line"] == 21
    assert documents["line"].dtype.pyarrow_dtype == pa.int64()
    assert documents["date_start"].dt.year.min() == 1954


def test_reads_datapackage_in_the_working_directory_by_default(published: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    shutil.copytree(published, tmp_path / "datapackage")
    monkeypatch.chdir(tmp_path)
    assert load("documents").equals(load("documents", published))


def test_unknown_table_names_the_tables_there_are(published: Path) -> None:
    with pytest.raises(PipelineError) as error:
        load("letters", published)
    assert str(error.value) == (
        f"no table named 'letters' in the package in {published}; its tables are: "
        "sources, results_ranges, records, appearances, documents, document_texts, events, event_highlights, entities, mentions"
    )


def test_a_folder_that_is_not_a_package(tmp_path: Path) -> None:
    with pytest.raises(PipelineError) as error:
        load("documents", tmp_path)
    assert str(error.value) == f"{tmp_path} is not a data package: it has no datapackage.json (publish one with `pipeline run`)"


def test_a_package_missing_its_parquet_file(published: Path, tmp_path: Path) -> None:
    package = Path(shutil.copytree(published, tmp_path / "datapackage"))
    (package / "data" / "events.parquet").unlink()
    with pytest.raises(PipelineError) as error:
        load("events", package)
    assert str(error.value) == f"{package}/data/events.parquet is missing: the package in {package} is incomplete; publish or download it again"


def test_a_descriptor_that_is_not_json(published: Path, tmp_path: Path) -> None:
    package = Path(shutil.copytree(published, tmp_path / "datapackage"))
    (package / "datapackage.json").write_text("{", encoding="utf-8")
    with pytest.raises(PipelineError, match=r"datapackage.json is not valid JSON: Expecting property name"):
        load("documents", package)
