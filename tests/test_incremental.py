"""A growing archive: a run reads only new and changed pages, and its package is the one a run from scratch makes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pyarrow.parquet as pq
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SEED_PAGES, SEEDS, files_of, run_cli
from pipeline import tables
from pipeline.extraction.stage import extract
from pipeline.paths import EXTRACT_REPORT
from pipeline.writer import PackageWriter

# Pages that give records, copies of records across pages (a listing record and its document's page,
# whose fields fill each other's gaps), warnings, and a rejection.
DOCUMENT_AND_ITS_LISTING = [FIXTURES / "document_pages" / name for name in ("lined.txt", "listing_of_the_lined_page.txt")]
PAGES = DOCUMENT_AND_ITS_LISTING + sorted(SEEDS.glob("*.txt")) + sorted(FIXTURES.glob("*.txt"))


def extracted(input_dir: Path, workdir: Path) -> tuple[dict[str, bytes], list[str], int]:
    """The candidate package's files, the warnings and how many files were reused, of an extract into `workdir`."""
    report = extract(input_dir, workdir, chunk_files=2)  # small chunks: many shards to reuse from
    package = {name: data for name, data in files_of(workdir).items() if name.startswith("data/") or name == "datapackage.json"}
    return package, report.warnings, report.reused_files


operations = st.lists(
    st.tuples(st.sampled_from(["add", "edit", "remove", "rename", "copy"]), st.integers(0, 1000), st.integers(0, 1000)),
    min_size=1,
    max_size=4,
)


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(operations, min_size=1, max_size=3))
def test_a_run_after_adds_edits_removals_renames_and_copies_gives_the_package_a_fresh_run_gives(tmp_path_factory, rounds):
    root = tmp_path_factory.mktemp("growing")
    pages = root / "pages"
    pages.mkdir()
    for number, page in enumerate(PAGES[:6]):
        shutil.copy(page, pages / f"p{number:02}.txt")
    extracted(pages, root / "kept")
    for round_number, round_operations in enumerate(rounds):
        for operation, first, second in round_operations:
            _apply(pages, operation, first, second)
        if not list(pages.glob("*.txt")):
            shutil.copy(PAGES[0], pages / "last.txt")
        incremental = extracted(pages, root / "kept")
        fresh = extracted(pages, root / f"fresh{round_number}")
        assert incremental[:2] == fresh[:2]
        assert fresh[2] == 0


def _apply(pages: Path, operation: str, first: int, second: int) -> None:
    present = sorted(pages.glob("*.txt"))
    new_name = pages / f"n{first:04}{second:04}.txt"
    if operation == "add" or not present:
        shutil.copy(PAGES[first % len(PAGES)], new_name)
        return
    chosen = present[first % len(present)]
    if operation == "edit":  # another page's text, or the same page with a record's line changed
        text = chosen.read_text(encoding="utf-8")
        edited = text.replace("195", "196", 1) if second % 2 else PAGES[second % len(PAGES)].read_text(encoding="utf-8")
        chosen.write_text(edited, encoding="utf-8")
    elif operation == "remove":
        chosen.unlink()
    elif operation == "rename":
        chosen.rename(new_name)
    else:
        shutil.copy(chosen, new_name)


def test_only_new_and_changed_files_are_read_and_a_reused_files_warnings_are_still_reported(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    warned = FIXTURES / "listing-unreadable-date-lines.txt"
    shutil.copy(warned, pages / "a.txt")
    for page in sorted(SEEDS.glob("*.txt")):
        shutil.copy(page, pages / page.name)
    args = ("run", "--input", str(pages), "--output", str(tmp_path / "out"), "--workdir", str(tmp_path / "work"))
    first = run_cli(*args)
    assert first.exit_code == 0, first.output
    warning = next(line for line in first.output.splitlines() if line.startswith("warning: a.txt:"))

    shutil.copy(SEEDS / "002_e521c643e0ce5933.txt", pages / "z.txt")  # a copy: a new file, no new record
    second = run_cli(*args)
    assert second.exit_code == 0, second.output
    seeds = len(SEED_PAGES)  # and a.txt, then z.txt
    assert f"read {seeds + 2} files from" in second.output
    assert f"({seeds + 1} unchanged since the last extract: their records reused)" in second.output
    assert warning in second.output.splitlines()  # a.txt was not read again, its warning stands
    assert "warning: z.txt: every record already read from 002_e521c643e0ce5933.txt" in second.output

    fresh = run_cli("run", "--input", str(pages), "--output", str(tmp_path / "fresh"), "--workdir", str(tmp_path / "fresh-work"))
    assert fresh.exit_code == 0, fresh.output
    assert files_of(tmp_path / "out") == files_of(tmp_path / "fresh")


def test_a_changed_curator_file_reads_every_file_again(tmp_path):
    pages = tmp_path / "pages"
    shutil.copytree(SEEDS, pages)
    extract(pages, tmp_path / "work")
    chrome = tmp_path / "page_chrome.csv"  # the project's own copy, beside the input folder
    shutil.copy(Path(tables.__file__).parent / "reference" / "page_chrome.csv", chrome)
    report = extract(pages, tmp_path / "work")
    assert (report.reused, report.reused_files) == (False, 0)
    with chrome.open("a", encoding="utf-8") as stream:
        stream.write('"nothing a page says",line,Nothing a page says\n')
    assert extract(pages, tmp_path / "work").reused_files == 0
    unchanged = extract(pages, tmp_path / "work")
    assert unchanged.reused and (tmp_path / "work" / EXTRACT_REPORT).is_file()


def test_the_tables_written_do_not_depend_on_the_batches_they_come_in(tmp_path, monkeypatch):
    monkeypatch.setattr(PackageWriter, "ROW_GROUP_ROWS", 5)
    rows = tables.to_arrow("appearances", {
        "record_id": [f"doc-{n:016}" for n in range(23)], "source_id": ["a"] * 23, "position": list(range(1, 24)), "line": list(range(23)),
    })
    for name, batches in {"one": [23], "many": [1, 7, 2, 9, 4], "ragged": [4, 4, 4, 4, 4, 3]}.items():
        writer = PackageWriter(tmp_path / name)
        start = 0
        for size in batches:
            writer.write("appearances", rows.slice(start, size))
            start += size
        writer.close({})
    assert files_of(tmp_path / "one") == files_of(tmp_path / "many") == files_of(tmp_path / "ragged")
    assert pq.ParquetFile(tmp_path / "one" / "data" / "appearances.parquet").metadata.num_row_groups == 5


def test_what_removed_and_changed_files_gave_is_not_kept(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    for name, page in zip("abc", PAGES):
        shutil.copy(page, pages / f"{name}.txt")
    shards = lambda: sorted(entry.name for entry in (tmp_path / "work" / "reuse").iterdir() if entry.is_dir())  # noqa: E731
    extract(pages, tmp_path / "work", chunk_files=1)
    assert shards() == ["0", "1", "2"]
    (pages / "b.txt").unlink()
    shutil.copy(PAGES[3], pages / "c.txt")
    report = extract(pages, tmp_path / "work", chunk_files=1)
    assert report.reused_files == 1 and [summary.path for summary in report.files] == ["a.txt", "c.txt"]
    assert shards() == ["0", "3"]
