"""The library a notebook calls: `pipeline.run()` does what `pipeline run` does and returns its report."""

from __future__ import annotations

import subprocess
import sys

import pyarrow.parquet as pq

import pipeline
from conftest import REPO, SEED_PAGES, files_of, run_cli
from pipeline.tables import table_names


def test_run_returns_each_stage_report_and_publishes_what_the_command_does(seeds, tmp_path):
    told = []
    report = pipeline.run(seeds, tmp_path / "out", tmp_path / "work", tell=lambda stage, _: told.append(stage))
    assert told == ["extract", "validate", "publish"]
    assert report.stopped is None and report.validated.valid
    published = {table: pq.read_metadata(tmp_path / "out" / "data" / f"{table}.parquet").num_rows for table in table_names()}
    assert report.extracted.row_counts == published and published["documents"] > 0
    assert sorted(report.published.files) == sorted(name for name in files_of(tmp_path / "out") if not name.startswith("."))
    assert run_cli("run", "--input", str(seeds), "--output", str(tmp_path / "cli"), "--workdir", str(tmp_path / "cli-work")).exit_code == 0
    assert files_of(tmp_path / "out") == files_of(tmp_path / "cli")


def test_a_rejected_file_is_in_the_report_not_an_exception_and_nothing_is_published(seeds, tmp_path):
    (seeds / "notes.txt").write_text("Dear diary,\nnothing happened.\n", encoding="utf-8")
    report = pipeline.run(seeds, tmp_path / "out", tmp_path / "work")
    assert report.validated is None and report.published is None
    assert report.stopped == f"1 of {len(SEED_PAGES) + 1} input files rejected; nothing published (fix them, or pass --keep-going to publish the rest)"
    assert not (tmp_path / "out").exists()
    # The same rule, in the same words, for the stages run alone.
    result = run_cli("publish", "--workdir", str(tmp_path / "work"), "--output", str(tmp_path / "out"))
    assert result.output.endswith(f"Error: {report.stopped}\n")


def test_load_alone_imports_neither_the_parsers_nor_the_linker():
    code = "import sys, pipeline; pipeline.load; print(sorted({'pipeline.linking.linker', 'pipeline.library', 'pyarrow.csv'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert loaded.strip() == "[]"


def test_the_stages_are_library_calls_too(seeds, tmp_path):
    extracted = pipeline.extract(str(seeds), str(tmp_path / "work"))  # folders as text, as a notebook passes them
    assert pipeline.validate(tmp_path / "work").valid
    published = pipeline.publish(tmp_path / "work", tmp_path / "out")
    assert extracted.row_counts["events"] == 1 and (tmp_path / "out" / "datapackage.json").is_file()
    assert sorted(published.files) == sorted(name for name in files_of(tmp_path / "out") if not name.startswith("."))
