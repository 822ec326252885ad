"""`pipeline show TABLE`: the first rows of a published table in the terminal."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
from click.testing import CliRunner

from pipeline.cli import main


def show(*args: str):
    # The terminal's width, as `shutil.get_terminal_size` reads it.
    return CliRunner(env={"COLUMNS": "100"}).invoke(main, ["show", *args])


def test_prints_the_first_rows_and_how_many_there_are(published: Path) -> None:
    result = show("documents", "--package", str(published), "--rows", "3")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    rows = pq.read_metadata(published / "data" / "documents.parquet").num_rows
    assert lines[-1] == f"3 of {rows} rows of documents in {published}"
    ids = pq.read_table(published / "data" / "documents.parquet", columns=["document_id"]).column(0).to_pylist()
    assert f"{ids[0]} 002_e521c643e0ce5933" in result.output  # the first row, position 11
    assert ids[2] in result.output
    assert lines[0].split() == ["document_id", "source_id", "position", "date_text", "date", "date_start", "\\"]  # wrapped to fit


def test_lines_fit_the_terminal(published: Path) -> None:
    result = show("documents", "--package", str(published))
    assert max(len(line) for line in result.output.splitlines()) <= 100


def test_long_text_is_cut(published: Path) -> None:
    result = show("events", "--package", str(published))
    assert result.exit_code == 0, result.output
    assert "Normalization of USSR-Yugoslavia Rela..." in result.output
    assert result.output.splitlines()[-1] == f"1 of 1 rows of events in {published}"


def test_unknown_table_is_an_error(published: Path) -> None:
    result = show("letters", "--package", str(published))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == (
        f"Error: no table named 'letters' in the package in {published}; its tables are: "
        "sources, results_ranges, records, appearances, documents, document_texts, events, event_highlights, entities, mentions"
    )


def test_a_folder_that_is_not_a_package_is_an_error(tmp_path: Path) -> None:
    result = show("documents", "--package", str(tmp_path))
    assert result.exit_code == 1
    assert result.output == f"Error: {tmp_path} is not a data package: it has no datapackage.json (publish one with `pipeline run`)\n"


def test_rows_must_be_positive(published: Path) -> None:
    result = show("documents", "--package", str(published), "--rows", "0")
    assert result.exit_code == 2


def test_a_full_texts_line_breaks_do_not_break_the_columns(published: Path) -> None:
    result = show("document_texts", "--package", str(published))
    assert result.exit_code == 0, result.output
    header, row = result.output.splitlines()[:2]
    assert header.split()[:3] == ["document_id", "position", "label"]
    assert row.startswith("doc-") and "⏎" in result.output
