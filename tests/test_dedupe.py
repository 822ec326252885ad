"""The same page twice is one page: copies add sightings (`appearances`), never records."""

from __future__ import annotations

import shutil
from pathlib import Path

import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import FIXTURES, SEEDS, run_cli
from pipeline.executors import executor_for
from pipeline.extraction.chunk import read_file
from pipeline.extraction.stage import extract
from pipeline.publication.stage import publish
from pipeline.validation.stage import validate

EVENT = SEEDS / "000_0693ac030807d258.txt"
LISTING = SEEDS / "002_e521c643e0ce5933.txt"


def run(folder: Path, *extra: str):
    return run_cli("run", "--input", str(folder), "--output", str(folder.parent / "out"),
                   "--workdir", str(folder.parent / "build"), *extra)


def table(folder: Path, name: str) -> pd.DataFrame:
    return pd.read_parquet(folder.parent / "out" / "data" / f"{name}.parquet")


@pytest.mark.parametrize(("page", "kind"), [(EVENT, "events"), (LISTING, "documents")])
def test_the_same_page_under_two_names_in_one_chunk_is_one_page_seen_twice(tmp_path, page, kind):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(page, folder / "a.txt")
    shutil.copy(page, folder / "b.txt")
    result = run(folder)
    assert result.exit_code == 0, result.output
    assert "b.txt: every record already read from a.txt; kept once (appearances lists this file too)" in result.output
    records = table(folder, kind)
    assert set(records["source_id"]) == {"a"} and records.iloc[:, 0].is_unique
    mentions = table(folder, "mentions")
    assert not mentions.duplicated(["record_id", "field", "start"]).any()
    appearances = table(folder, "appearances")
    assert len(appearances) == 2 * len(records)
    assert appearances.groupby("record_id")["source_id"].apply(sorted).map(tuple).unique().tolist() == [("a", "b")]


# Distinct pages, no record shared between them: listings and event articles.
PAGES = [EVENT, LISTING, *(FIXTURES / name for name in (
    "event-date-in-summary.txt", "event-day-first-with-chrome.txt", "listing-month-and-year-dates.txt",
    "entities-heldout-event-warsaw-pact.txt",
))]
# The same records in other bytes: as saved again, from another system, with the site's chrome around it.
COPIES = {
    "identical": lambda text: text,
    "crlf": lambda text: text.replace("\n", "\r\n"),
    "chrome": lambda text: f"Skip to content\n\n{text}\n\nPagination\n",
}
# Tables that depend on the records alone, not on how many files held them.
RECORD_TABLES = ("records", "documents", "events", "event_highlights", "entities", "mentions")


def records_read(path: Path) -> list[tuple]:
    """What the parser reads from one file: each record's fields, without where it stands."""
    parsed = read_file(path, path.parent).parsed
    return [(type(record), {k: v for k, v in vars(record).items() if k not in ("line", "source_id")}) for record in parsed.records]


@pytest.mark.parametrize("page", PAGES, ids=lambda page: page.name)
@pytest.mark.parametrize("copy", COPIES)
def test_a_copy_holds_the_same_records_as_its_page(tmp_path, page, copy):
    """The premise of the property below: each copy is a copy."""
    (tmp_path / "copy.txt").write_bytes(COPIES[copy](page.read_text(encoding="utf-8")).encode("utf-8"))
    assert records_read(tmp_path / "copy.txt") == records_read(page) != []


@pytest.fixture(scope="module")
def pool():
    with executor_for(2) as executor:
        yield executor


@st.composite
def corpora(draw: st.DrawFn) -> tuple[list[tuple[int, str]], list[int], int, int]:
    """Pages, each with some copies; the names they get (an order); a chunk size; a worker count."""
    pages = draw(st.lists(st.sampled_from(range(len(PAGES))), min_size=1, max_size=4, unique=True))
    files = [(page, copy) for page in pages for copy in ["identical", *draw(st.lists(st.sampled_from(list(COPIES)), max_size=2))]]
    order = draw(st.permutations(range(len(files))))
    return files, order, draw(st.integers(1, len(files))), draw(st.sampled_from([1, 2]))


def write(folder: Path, files: list[tuple[int, str]], names: list[str]) -> None:
    folder.mkdir()
    for (page, copy), name in zip(files, names):
        (folder / name).write_bytes(COPIES[copy](PAGES[page].read_text(encoding="utf-8")).encode("utf-8"))


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(corpora())
def test_copies_in_any_order_chunking_and_workers_add_sightings_only(tmp_path_factory, pool, corpus):
    files, order, chunk_files, workers = corpus
    root = tmp_path_factory.mktemp("copies")
    names = [f"page-{position:02d}.txt" for position in order]
    write(root / "in", files, names)
    # Without copies: of each page, the file whose name comes first.
    first = {page: min(name for (other, _), name in zip(files, names) if other == page) for page, _ in files}
    unique = [(file, name) for file, name in zip(files, names) if first[file[0]] == name]
    write(root / "unique", [file for file, _ in unique], [name for _, name in unique])

    report = extract(root / "in", root / "build", pool if workers == 2 else None, chunk_files=chunk_files)
    assert validate(root / "build", "frictionless").valid
    publish(root / "build", root / "out")
    extract(root / "unique", root / "unique-build")

    for name in RECORD_TABLES:
        for suffix in ("csv", "parquet"):
            published, without_copies = (folder / "data" / f"{name}.{suffix}" for folder in (root / "out", root / "unique-build"))
            assert published.read_bytes() == without_copies.read_bytes(), published.name
    sightings = [
        (record.record_id, Path(name).stem, record.position, record.line)
        for name in sorted(names) for record in read_file(root / "in" / name, root / "in").parsed.records
    ]
    assert list(pd.read_csv(root / "out" / "data" / "appearances.csv").itertuples(index=False, name=None)) == sightings
    assert pd.read_csv(root / "out" / "data" / "sources.csv")["path"].tolist() == sorted(names)
    ranges, ranges_without_copies = (pd.read_csv(folder / "data" / "results_ranges.csv") for folder in (root / "out", root / "unique-build"))
    assert ranges[ranges["source_id"].isin(ranges_without_copies["source_id"])].reset_index(drop=True).equals(ranges_without_copies)
    copies = sorted(set(names) - set(first.values()))
    page_of = {name: page for (page, _), name in zip(files, names)}
    assert [warning for warning in report.warnings if "already read" in warning] == [
        f"{name}: every record already read from {first[page_of[name]]}; kept once (appearances lists this file too)" for name in copies
    ]
