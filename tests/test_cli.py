"""The command line as users see it: output, exit codes, error lines, and a real subprocess."""

from __future__ import annotations

import os
import signal
import subprocess
import sys

import pytest

from conftest import REPO, SEED_PAGES, package_files, run_cli
from pipeline.cli import main


def test_run_prints_each_stage_and_one_summary_line(seeds, tmp_path):
    output = tmp_path / "datapackage"
    result = run_cli("run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build"))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert f"extract: read {len(SEED_PAGES)} files from {seeds}" in lines
    assert "  002_e521c643e0ce5933.txt: archive_listing, 10 records" in lines
    assert "  000_0693ac030807d258.txt: event_article, 1 record" in lines
    assert "  003_52580aea51047fe3.txt: document_page, 1 record" in lines
    assert "validate: valid" in lines
    assert any(line.startswith("  data/documents.parquet (") for line in lines)
    assert lines[-1] == (
        "Done: 3 files read (0 rejected, 0 skipped), 3 sources, 1 results_ranges, 12 records, 12 appearances, 11 documents, 1 document_texts, "
        f"1 events, 4 event_highlights, 51 entities, 170 mentions; valid: yes; 26 files in {output}"
    )


def test_stages_run_alone_through_the_workdir(seeds, tmp_path):
    workdir, output = str(tmp_path / "work"), str(tmp_path / "out")
    assert run_cli("publish", "--workdir", workdir, "--output", output).output.endswith(
        f"Error: the package in {workdir} has not been validated: run `pipeline validate` first\n"
    )
    assert run_cli("extract", "--input", str(seeds), "--workdir", workdir).exit_code == 0
    assert run_cli("validate", "--workdir", workdir).exit_code == 0
    assert run_cli("publish", "--workdir", workdir, "--output", output).exit_code == 0
    assert (tmp_path / "out" / "datapackage.json").is_file()


def test_a_table_changed_or_removed_after_validation_is_not_published(seeds, tmp_path):
    workdir, output = tmp_path / "work", tmp_path / "out"
    assert run_cli("extract", "--input", str(seeds), "--workdir", str(workdir)).exit_code == 0
    assert run_cli("validate", "--workdir", str(workdir)).exit_code == 0
    events = workdir / "data" / "events.csv"
    events.write_text(events.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    result = run_cli("publish", "--workdir", str(workdir), "--output", str(output))
    assert result.exit_code == 1
    assert f"Error: {workdir}/data/events.csv changed after it was validated" in result.output
    events.unlink()
    result = run_cli("publish", "--workdir", str(workdir), "--output", str(output))
    assert result.exit_code == 1
    assert f"Error: {workdir}/data/events.csv changed after it was validated" in result.output
    assert not output.exists()


def test_invalid_package_is_reported_and_never_published(seeds, tmp_path):
    workdir, output = tmp_path / "work", tmp_path / "out"
    assert run_cli("extract", "--input", str(seeds), "--workdir", str(workdir)).exit_code == 0
    documents = workdir / "data" / "documents.csv"
    documents.write_text(documents.read_text(encoding="utf-8").replace(",11,", ",eleven,", 1), encoding="utf-8")

    result = run_cli("validate", "--workdir", str(workdir))
    assert result.exit_code == 1
    assert "documents, row 2, field position: [type-error]" in result.output
    assert "documents: [hash-count]" in result.output and "documents: [byte-count]" in result.output
    assert "Error: validation failed with 3 errors; nothing published" in result.output

    result = run_cli("publish", "--workdir", str(workdir), "--output", str(output))
    assert result.exit_code == 1
    assert f"Error: the package in {workdir} failed validation" in result.output
    assert not output.exists()


def test_rejected_file_fails_the_run_unless_keep_going(seeds, tmp_path):
    (seeds / "notes.txt").write_text("Just some notes\nwith no structure at all.\n", encoding="utf-8")
    output = tmp_path / "out"
    args = ["run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build")]

    result = run_cli(*args)
    assert result.exit_code == 1
    assert "  notes.txt: rejected: unknown format: no parser recognises this layout, so no records were read" in result.output
    assert f"Error: 1 of {len(SEED_PAGES) + 1} input files rejected; nothing published" in result.output
    assert not output.exists()

    result = run_cli(*args, "--keep-going")
    assert result.exit_code == 0, result.output
    sources = (output / "data" / "sources.csv").read_text(encoding="utf-8")
    assert '"notes","notes.txt",' in sources and '"rejected","unknown format' in sources


def test_missing_input_folder_is_an_error_line(tmp_path):
    result = run_cli("run", "--input", str(tmp_path / "nowhere"), "--output", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert result.output == f"Error: input folder {tmp_path / 'nowhere'} does not exist or is not a folder\n"


def test_usage_errors_exit_2():
    assert run_cli("run", "--no-such-option").exit_code == 2
    assert run_cli("frobnicate").exit_code == 2


@pytest.mark.parametrize("command", sorted(main.commands))
def test_every_command_has_help_with_an_example(command):
    result = run_cli(command, "--help")
    assert result.exit_code == 0
    assert "Example: pipeline " + command in result.output


def test_readme_documents_every_command():
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for command in main.commands:
        assert f"pipeline {command}" in readme


def test_real_subprocess_from_a_clean_directory(seeds, tmp_path):
    environment = {**os.environ, "PYTHONPATH": str(REPO)}
    result = subprocess.run(
        [sys.executable, "-m", "pipeline", "run"], cwd=seeds.parent, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith(f"Done: {len(SEED_PAGES)} files read (0 rejected, 0 skipped)")
    assert (seeds.parent / "datapackage" / "data" / "documents.parquet").is_file()
    assert (seeds.parent / ".pipeline" / "validation-report.json").is_file()
    assert sorted(path.name for path in seeds.parent.iterdir()) == [".pipeline", "datapackage", "seeds"]  # no lock files left


def test_unchanged_inputs_are_not_extracted_or_validated_again(seeds, tmp_path):
    args = ["run", "--input", str(seeds), "--output", str(tmp_path / "out"), "--workdir", str(tmp_path / "build")]
    first = run_cli(*args)
    second = run_cli(*args)
    assert second.exit_code == 0
    assert f"extract: {len(SEED_PAGES)} files in {seeds} and the code are unchanged since the last extract; reusing {tmp_path / 'build'}" in second.output
    assert f"validate: the package in {tmp_path / 'build'} is unchanged since Frictionless checked it; verdict kept" in second.output
    assert first.output.splitlines()[-1] == second.output.splitlines()[-1]

    (seeds / "000_0693ac030807d258.txt").write_text("Changed\nWhat Happened?\nx\nWhy Does it Matter?\ny\n", encoding="utf-8")
    third = run_cli(*args)
    assert f"extract: read {len(SEED_PAGES)} files from {seeds}" in third.output


def test_workers_give_the_same_package_as_one_process(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    listing = (REPO / "seeds" / "002_e521c643e0ce5933.txt").read_text(encoding="utf-8")
    for number in range(600):  # several chunks, so the pool really splits the work
        (corpus / f"page-{number:04d}.txt").write_text(listing.replace("(Re: Protocol No. 60)", f"(Re: Protocol No. {number})"), encoding="utf-8")
    for workers in ("1", "2"):
        result = run_cli("extract", "--input", str(corpus), "--workdir", str(tmp_path / f"build-{workers}"), "--workers", workers)
        assert result.exit_code == 0, result.output
    one, two = (tmp_path / "build-1", tmp_path / "build-2")
    assert {p.name: p.read_bytes() for p in (one / "data").iterdir()} == {p.name: p.read_bytes() for p in (two / "data").iterdir()}
    assert (one / "datapackage.json").read_bytes() == (two / "datapackage.json").read_bytes()
    assert "6,000 rows in appearances, 609 rows in documents" in result.output  # 9 shared, 600 unique


def test_an_unchanged_package_is_not_published_again(seeds, tmp_path):
    output = tmp_path / "out"
    args = ["run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build")]
    first = run_cli(*args)
    written = {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()}
    second = run_cli(*args)
    assert second.exit_code == 0, second.output
    assert f"publish: {output} still holds this package, every file as the last publish wrote it; left as it is" in second.output
    assert {path: path.stat().st_mtime_ns for path in output.rglob("*") if path.is_file()} == written
    assert first.output.splitlines()[-1] == second.output.splitlines()[-1]

    (output / "README.md").write_text("edited by hand\n", encoding="utf-8")
    third = run_cli(*args)
    assert f"publish: wrote {len(package_files(output))} files to {output}" in third.output
    assert (output / "README.md").read_text(encoding="utf-8") != "edited by hand\n"
    table = output / "data" / "documents.csv"
    table.write_bytes(table.read_bytes().replace(b"Yugoslav", b"Jugoslav", 1))
    assert f"publish: wrote {len(package_files(output))} files to {output}" in run_cli(*args).output
    assert b"Jugoslav" not in table.read_bytes()

    with_archive = run_cli(*args, "--archive")
    assert "publish: release archive" in with_archive.output
    assert (tmp_path / "out.zip").is_file()
    assert "left as it is" in run_cli(*args, "--archive").output
    (tmp_path / "out.zip").unlink()
    assert "publish: release archive" in run_cli(*args, "--archive").output


def test_the_command_line_module_leaves_plotting_pandas_and_frictionless_unloaded():
    # Every extract worker started by the `pipeline` script imports it: they need none of these.
    code = "import sys, pipeline.cli; print(sorted({'matplotlib', 'pandas', 'frictionless'} & set(sys.modules)))"
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=REPO).stdout
    assert loaded.strip() == "[]"


def test_the_main_help_lists_every_command():
    listed = run_cli("--help").output.split("Commands:", 1)[1]
    assert sorted(line.split()[0] for line in listed.strip().splitlines()) == sorted(main.commands)


def test_extract_help_speaks_of_extracting_not_publishing():
    assert "Publish" not in run_cli("extract", "--help").output


def test_ctrl_c_exits_130_and_leaves_no_lock_files(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    listing = (REPO / "seeds" / "002_e521c643e0ce5933.txt").read_text(encoding="utf-8")
    for number in range(3000):  # long enough to be interrupted while extracting
        (corpus / f"page-{number:04d}.txt").write_text(listing.replace("Protocol No. 60", f"Protocol No. {number}"), encoding="utf-8")
    run = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--input", "corpus", "--workers", "2"],
        cwd=tmp_path, env={**os.environ, "PYTHONPATH": str(REPO)}, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        start_new_session=True,
        # As a terminal starts a command in the foreground: Ctrl-C not ignored, though the suite may have been
        # started in the background (`bash .ci/run &`), whose children inherit SIGINT ignored.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    assert run.stdout.readline().startswith("extract: [1/")  # the first chunk is written: work is under way
    os.killpg(run.pid, signal.SIGINT)  # as a terminal's Ctrl-C does: to the run and its workers
    _, stderr = run.communicate(timeout=60)
    assert run.returncode == 130
    assert stderr == "Interrupted.\n"
    assert sorted(path.name for path in tmp_path.iterdir() if path.suffix == ".lock") == []
    assert not (tmp_path / "datapackage").exists()
