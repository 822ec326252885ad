"""The published package: valid for Frictionless, typed Parquet equal to CSV, deterministic, never stale."""

from __future__ import annotations

import json
from pathlib import Path

import frictionless
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import REPO, SEEDS, files_of, run_cli
from pipeline.files import file_sha256
from pipeline.tables import arrow_schema, table_names, table_schema, to_arrow


def test_published_package_validates_with_frictionless(published):
    report = frictionless.validate(str(published / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert len(report.tasks) == 2 * len(table_names()) + 1  # each table as CSV and Parquet, and the SQLite file


def test_descriptor_is_data_package_v2_with_sources_and_resource_facts(published):
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert descriptor["$schema"] == "https://datapackage.org/profiles/2.0/datapackage.json"
    for key in ("name", "title", "description", "version", "licenses", "keywords"):
        assert descriptor[key]
    # Each input's path and SHA-256 are rows of the sources table, not of the descriptor.
    sources = pq.read_table(published / "data" / "sources.parquet").to_pylist()
    assert {(s["path"], s["sha256"]) for s in sources} == {(path.name, file_sha256(path)) for path in SEEDS.glob("*.txt")}
    assert descriptor["sources"] == [{"title": "The plain-text pages in the folder seeds; the sources table lists each file with its SHA-256"}]
    for resource in descriptor["resources"]:
        path = published / resource["path"]
        assert resource["hash"] == "sha256:" + file_sha256(path)
        if resource["format"] == "sqlite":
            assert resource["type"] == "file" and resource["bytes"] == path.stat().st_size
            continue
        assert resource["format"] in {"csv", "parquet"}
        if resource["format"] == "csv":
            assert resource["mediatype"] == "text/csv" and resource["encoding"] == "utf-8"
            assert resource["bytes"] == path.stat().st_size
        assert resource["schema"]["fields"] == table_schema(resource["name"].removesuffix("-parquet"))["fields"]


@pytest.mark.parametrize("table", table_names())
def test_parquet_is_typed_and_equal_to_csv(published, table):
    parquet = pq.read_table(published / "data" / f"{table}.parquet")
    assert parquet.schema.remove_metadata() == arrow_schema(table).remove_metadata() or parquet.schema.types == arrow_schema(table).types
    for field in table_schema(table)["fields"]:
        expected = {"date": pa.date32(), "integer": pa.int64(), "boolean": pa.bool_()}.get(field["type"], pa.string())
        assert parquet.schema.field(field["name"]).type == expected

    from_parquet = pd.read_parquet(published / "data" / f"{table}.parquet")
    dates = [f["name"] for f in table_schema(table)["fields"] if f["type"] == "date"]
    strings = {f["name"]: "string" for f in table_schema(table)["fields"] if f["type"] in {"string", "list"}}
    from_csv = pd.read_csv(published / "data" / f"{table}.csv", dtype=strings, keep_default_na=False, na_values=[""])
    for column in dates:
        from_csv[column] = pd.to_datetime(from_csv[column]).dt.date
    pd.testing.assert_frame_equal(
        from_parquet.astype(object).where(from_parquet.notna(), None),
        from_csv.astype(object).where(from_csv.notna(), None),
        check_dtype=False,
    )


def test_documents_read_back_with_real_dates_and_integers(published):
    documents = pq.read_table(published / "data" / "documents.parquet").to_pandas()
    assert documents["position"].dtype == "int64"
    listing = documents[documents["source_id"] == "002_e521c643e0ce5933"]
    assert list(listing["position"]) == list(range(11, 21))  # the ranks its "11 - 20 of 22" gives
    assert str(listing["date_start"].iloc[0]) == "1961-07-26"
    assert pq.read_table(published / "data" / "documents.parquet").schema.field("date_start").type == pa.date32()


def test_running_twice_gives_byte_identical_files(published, tmp_path):
    result = run_cli("run", "--input", str(SEEDS), "--output", str(tmp_path / "again"), "--workdir", str(tmp_path / "build"))
    assert result.exit_code == 0, result.output
    assert files_of(tmp_path / "again") == files_of(published)


def test_committed_datapackage_equals_a_fresh_run(published):
    assert files_of(REPO / "datapackage") == files_of(published), "run `pipeline run` and commit datapackage/"


def test_every_schema_field_is_described_and_every_key_declared():
    for table in table_names():
        schema = table_schema(table)
        assert schema["description"] and schema["primaryKey"]
        for field in schema["fields"]:
            assert field["description"].strip(), f"{table}.{field['name']} has no description"
        for foreign_key in schema.get("foreignKeys", []):
            assert foreign_key["reference"]["resource"] in (*table_names(), "")  # "" refers to the table itself


def test_twice_gives_byte_identical_files_png_and_zip_included(tmp_path: Path) -> None:
    published = []
    for attempt in ("first", "second"):
        root = tmp_path / attempt
        result = run_cli("run", "--input", str(SEEDS), "--output", str(root / "datapackage"), "--workdir", str(root / "build"), "--archive")
        assert result.exit_code == 0, result.output
        published.append({**files_of(root / "datapackage"), "../datapackage.zip": (root / "datapackage.zip").read_bytes()})
    assert published[0].keys() == published[1].keys()
    assert [name for name in published[0] if published[0][name] != published[1][name]] == []
    assert {"timeline.png", "dataset.jsonld", "croissant.json", "README.md", "../datapackage.zip"} <= published[0].keys()


def test_the_published_package_is_complete(published: Path) -> None:
    assert sorted(files_of(published)) == sorted([
        ".published-by-pipeline.json",
        "README.md",
        "croissant.json",
        *[f"data/{table}.{suffix}" for table in sorted(table_names()) for suffix in ("csv", "parquet")],
        "data/dataset.sqlite",
        "datapackage.json",
        "dataset.jsonld",
        "timeline.png",
    ])


def test_published_tables_are_linked_not_copied_and_a_new_extract_leaves_them_alone(seeds: Path, tmp_path: Path) -> None:
    output, build = tmp_path / "datapackage", tmp_path / "build"
    assert run_cli("run", "--input", str(seeds), "--output", str(output), "--workdir", str(build)).exit_code == 0
    for table in table_names():
        assert (output / "data" / f"{table}.csv").samefile(build / "data" / f"{table}.csv")
    before = files_of(output)
    sorted(seeds.glob("*.txt"))[0].write_text("Results:\n\n1 - 1 of 1\n\nMay 1, 1960\n\nNote from A to B\n", encoding="utf-8")
    result = run_cli("extract", "--input", str(seeds), "--workdir", str(build))
    assert result.exit_code == 0, result.output
    assert not (output / "data" / "documents.csv").samefile(build / "data" / "documents.csv")
    assert files_of(output) == before


def test_empty_text_and_empty_lists_are_missing_values() -> None:
    table = to_arrow("documents", {"document_id": ["doc-1", "doc-2"], "title": ["", "A title"], "authors": [(), ("A", "B")]})
    assert table.column("title").to_pylist() == [None, "A title"]
    assert table.column("authors").to_pylist() == [None, "A; B"]
    assert table.column("description").to_pylist() == [None, None]  # a field not given is missing throughout
