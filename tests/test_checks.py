"""The Arrow engine and Frictionless reach the same findings on the same broken rows."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import SEEDS, run_cli
from pipeline.files import file_sha256
from pipeline.validation import arrow as checks
from pipeline.validation.stage import validate


def csv_rows(workdir: Path, table: str) -> pd.DataFrame:
    return pd.read_csv(workdir / "data" / f"{table}.csv", dtype=str, keep_default_na=False)


def write_csv(workdir: Path, table: str, frame: pd.DataFrame) -> None:
    frame.to_csv(workdir / "data" / f"{table}.csv", index=False)


def set_csv(workdir: Path, table: str, row: int, column: str, value: str) -> None:
    frame = csv_rows(workdir, table)
    frame.loc[row, column] = value
    write_csv(workdir, table, frame)


def set_parquet(workdir: Path, table: str, row: int, column: str, value) -> None:
    """Rewrite one cell of a Parquet file, as text where the value does not fit the column's type."""
    path = workdir / "data" / f"{table}.parquet"
    frame = pq.read_table(path).to_pandas()
    if isinstance(value, str) and frame[column].dtype != object and str(frame[column].dtype) != "str":
        frame[column] = frame[column].astype(str)
    frame[column] = frame[column].astype(object)
    frame.loc[row, column] = value
    pq.write_table(pa.Table.from_pandas(frame, preserve_index=False), path)


INJECTIONS = {
    "type-integer": lambda w: set_csv(w, "documents", 0, "position", "eleven"),
    "type-date": lambda w: set_csv(w, "documents", 1, "date_start", "1961-02-30"),
    "required": lambda w: set_csv(w, "documents", 2, "title", ""),
    "enum": lambda w: set_csv(w, "documents", 3, "document_type", "postcard"),
    "pattern": lambda w: set_csv(w, "documents", 4, "document_id", "doc-not-an-id"),
    "minimum": lambda w: set_csv(w, "event_highlights", 1, "position", "0"),
    "unique": lambda w: set_csv(w, "sources", 1, "path", "000_0693ac030807d258.txt"),
    "primary-key": lambda w: set_csv(w, "appearances", 3, "line", "9"),
    "primary-key-missing": lambda w: set_csv(w, "results_ranges", 0, "source_id", ""),
    "foreign-key": lambda w: set_csv(w, "documents", 5, "source_id", "nowhere"),
    "foreign-key-to-records": lambda w: set_csv(w, "appearances", 6, "record_id", "doc-0000000000000000"),
    "parquet-type": lambda w: set_parquet(w, "documents", 0, "position", "eleven"),
    "parquet-required": lambda w: set_parquet(w, "documents", 2, "title", None),
    "parquet-enum": lambda w: set_parquet(w, "documents", 3, "document_type", "postcard"),
    "parquet-foreign-key": lambda w: set_parquet(w, "event_highlights", 0, "event_id", "evt-0000000000000000"),
    "several-at-once": lambda w: (set_csv(w, "documents", 0, "position", "-3"), set_csv(w, "documents", 7, "date", "1956-13")),
}


def refresh_file_facts(workdir: Path) -> None:
    """Declare the edited files' real hashes and sizes, so only the injected errors remain."""
    path = workdir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        resource["hash"] = "sha256:" + file_sha256(workdir / resource["path"])
        if "bytes" in resource:
            resource["bytes"] = (workdir / resource["path"]).stat().st_size
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def findings(workdir: Path, engine: str) -> set[tuple]:
    return {(e.resource, e.row, e.field, e.kind) for e in validate(workdir, engine).errors}


@pytest.fixture
def workdir(tmp_path) -> Path:
    assert run_cli("extract", "--input", str(SEEDS), "--workdir", str(tmp_path / "build")).exit_code == 0
    return tmp_path / "build"


def test_both_engines_find_a_clean_package_valid(workdir):
    assert findings(workdir, "frictionless") == findings(workdir, "arrow") == set()


@pytest.fixture(params=["whole tables", "small batches"])
def batches(request, monkeypatch) -> str:
    """The Arrow engine reads a table in one batch, or in many (keys, row numbers and duplicates then cross batches)."""
    if request.param == "small batches":
        monkeypatch.setattr(checks, "BATCH_ROWS", 3)
        monkeypatch.setattr(checks, "CSV_BLOCK_BYTES", 2048)
    return request.param


@pytest.mark.parametrize("injection", sorted(INJECTIONS))
def test_both_engines_find_the_same_errors(workdir, injection, batches):
    INJECTIONS[injection](workdir)
    refresh_file_facts(workdir)
    reference = findings(workdir, "frictionless")
    assert reference, "the injection must break the package"
    assert findings(workdir, "arrow") == reference


def test_small_batches_are_many_batches(workdir, monkeypatch):
    monkeypatch.setattr(checks, "BATCH_ROWS", 3)
    monkeypatch.setattr(checks, "CSV_BLOCK_BYTES", 2048)
    descriptor = json.loads((workdir / "datapackage.json").read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] in ("documents", "documents-parquet"):
            assert len(list(checks.read_batches(workdir, resource))) > 2


def test_changed_files_are_caught_by_their_hash(workdir):
    set_csv(workdir, "documents", 0, "title", "Another title")
    kinds = {(e.resource, e.kind) for e in validate(workdir, "arrow").errors}
    assert {("documents", "hash-count"), ("documents", "byte-count")} <= kinds


def test_a_table_with_a_header_and_no_rows_still_has_its_header_checked(tmp_path):
    only_listing = tmp_path / "seeds"
    only_listing.mkdir()
    (only_listing / "listing.txt").write_bytes((SEEDS / "002_e521c643e0ce5933.txt").read_bytes())
    assert run_cli("extract", "--input", str(only_listing), "--workdir", str(tmp_path / "build")).exit_code == 0
    events = tmp_path / "build" / "data" / "events.csv"
    assert events.read_text(encoding="utf-8").count("\n") == 1  # the header alone
    assert validate(tmp_path / "build", "arrow").valid
    events.write_text(events.read_text(encoding="utf-8").replace('"place"', '"venue"'), encoding="utf-8")
    refresh_file_facts(tmp_path / "build")
    assert ("events", "incorrect-label") in {(e.resource, e.kind) for e in validate(tmp_path / "build", "arrow").errors}


def set_field(workdir: Path, table: str, column: str, **properties) -> None:
    """Change a field of `table`'s schema, in its CSV and its Parquet resource alike."""
    path = workdir / "datapackage.json"
    descriptor = json.loads(path.read_text(encoding="utf-8"))
    for resource in descriptor["resources"]:
        if resource["name"] in (table, f"{table}-parquet"):
            field = next(field for field in resource["schema"]["fields"] if field["name"] == column)
            for key, value in properties.items():
                field.setdefault(key, {}).update(value) if isinstance(value, dict) else field.update({key: value})
    path.write_text(json.dumps(descriptor), encoding="utf-8")


def test_a_max_length_on_titles_is_checked_by_the_arrow_engine_as_by_frictionless(workdir):
    set_field(workdir, "documents", "title", constraints={"maxLength": 20})
    reference = findings(workdir, "frictionless")
    assert {(resource, kind) for resource, _, _, kind in reference} == {("documents", "constraint-error"), ("documents-parquet", "constraint-error")}
    assert findings(workdir, "arrow") == reference
    assert validate(workdir, "arrow").handed_over == {}


def test_a_rule_the_arrow_engine_does_not_check_hands_the_resource_to_frictionless_and_says_so(workdir):
    set_field(workdir, "sources", "path", format="uri")
    result = run_cli("validate", "--workdir", str(workdir), "--engine", "arrow")
    assert result.exit_code == 1  # a path is not a URI: Frictionless finds every row
    lines = result.output.splitlines()
    assert 'validate: sources: checked by Frictionless: the Arrow engine does not check format "uri" on path' in lines
    assert 'validate: sources-parquet: checked by Frictionless: the Arrow engine does not check format "uri" on path' in lines
    report = json.loads((workdir / "validation-report.json").read_text(encoding="utf-8"))
    assert report["checked_by_frictionless"] == {
        "sources": ['format "uri" on path'], "sources-parquet": ['format "uri" on path']
    }
    assert {(e["resource"], e["kind"]) for e in report["errors"]} == {("sources", "type-error"), ("sources-parquet", "type-error")}
    assert findings(workdir, "arrow") == findings(workdir, "frictionless")
