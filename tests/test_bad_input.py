"""Whatever users copy off the web: each bad file is named, explained and left out; the rest go on."""

from __future__ import annotations

import codecs
import json
import time
from pathlib import Path

import pandas as pd
import pytest

from conftest import SEED_PAGES, SEEDS, run_cli
from pipeline.extraction.chunk import read_file
from pipeline.sources import read_ahead

LISTING_TEXT = (SEEDS / "002_e521c643e0ce5933.txt").read_text(encoding="utf-8")
# Text with the characters legacy encodings get wrong: accents, curly quotes, a dash.
WESTERN_LISTING = (
    "Results: 1 - 2 of 2\n\nOctober 6, 1956\n\nLetter from Carlos Rafael Rodríguez to Raúl Castro\n\n"
    "The letter’s tone was “cordial” – so the archive’s note says.\n\nMay 1957\n\n"
    "Note from José Martí Library to the Ministère des Affaires étrangères\n"
)


def run(folder: Path, *extra: str):
    return run_cli("run", "--input", str(folder), "--output", str(folder.parent / "out"),
                   "--workdir", str(folder.parent / "build"), *extra)


def documents_of(folder: Path) -> pd.DataFrame:
    return pd.read_parquet(folder.parent / "out" / "data" / "documents.parquet")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("empty.txt", b"", "the file is empty"),
        ("blank.txt", b"\n\n   \n", "the file is empty"),
        ("binary.txt", bytes(range(256)) * 8, "the file is binary, not text (it contains NUL bytes)"),
        ("unknown.txt", b"Dear diary,\nToday nothing happened.\n",
         "unknown format: no parser recognises this layout, so no records were read"),
        ("headings-only.txt", b"What Happened?\nWhy Does it Matter?\n",
         'read as event_article, but an event article needs a title, then "What Happened?", then "Why Does it Matter?"'),
        ("cut-off.txt", b"Results: 1 - 1 of 1\n\nMarch 3, 1955\n",
         'read as archive_listing, but date line "March 3, 1955" has no title after it; no record made; '
         "the page says results 1 - 1 (1 records) but 0 were found"),
    ],
)
def test_each_bad_file_is_rejected_with_one_clear_line_and_the_rest_published(seeds, published, name, content, message):
    (seeds / name).write_bytes(content)

    result = run(seeds)
    assert result.exit_code == 1
    assert f"  {name}: rejected: {message}" in result.output.splitlines()
    assert f"Error: 1 of {len(SEED_PAGES) + 1} input files rejected; nothing published (fix them, or pass --keep-going to publish the rest)" in result.output
    assert not (seeds.parent / "out").exists()
    report = json.loads((seeds.parent / "build" / "extract-report.json").read_text(encoding="utf-8"))
    assert report["rejected"] == [f"{name}: {message}"]

    result = run(seeds, "--keep-going")
    assert result.exit_code == 0, result.output
    sources = pd.read_parquet(seeds.parent / "out" / "data" / "sources.parquet").set_index("path")
    assert sources.loc[name, "status"] == "rejected" and sources.loc[name, "problem"] == message
    assert sources.loc[name, "records"] == 0
    assert documents_of(seeds).equals(pd.read_parquet(published / "data" / "documents.parquet"))  # the seeds' own, all of them


@pytest.mark.parametrize(
    ("encoding", "recorded"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("utf-16", "utf-16"), ("cp1252", "cp1252")],
)
def test_encodings_are_detected_and_decoded(tmp_path, encoding, recorded):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "page.txt").write_bytes(WESTERN_LISTING.encode(encoding))
    result = read_file(folder / "page.txt", folder)
    assert result.rejection is None and result.source.encoding == recorded
    assert [d.title for d in result.parsed.records] == [
        "Letter from Carlos Rafael Rodríguez to Raúl Castro",
        "Note from José Martí Library to the Ministère des Affaires étrangères",
    ]
    assert result.parsed.records[0].description == "The letter’s tone was “cordial” – so the archive’s note says."
    assert result.parsed.records[0].authors == ("Carlos Rafael Rodríguez",)


def test_latin1_file_is_decoded(tmp_path):
    text = WESTERN_LISTING.replace("’", "'").replace("“", '"').replace("”", '"').replace("–", "-")
    (tmp_path / "page.txt").write_bytes(text.encode("latin-1"))
    result = read_file(tmp_path / "page.txt", tmp_path)
    assert result.source.encoding in {"cp1252", "latin_1", "iso8859_1"}
    assert result.parsed.records[1].title == "Note from José Martí Library to the Ministère des Affaires étrangères"


def test_crlf_and_decomposed_unicode_give_the_same_records_as_lf_nfc(tmp_path):
    (tmp_path / "lf.txt").write_text(WESTERN_LISTING, encoding="utf-8")
    decomposed = WESTERN_LISTING.replace("í", "i\u0301").replace("\n", "\r\n")
    (tmp_path / "crlf.txt").write_bytes(codecs.BOM_UTF8 + decomposed.encode("utf-8"))
    lf, crlf = read_file(tmp_path / "lf.txt", tmp_path), read_file(tmp_path / "crlf.txt", tmp_path)
    strip = lambda result: [(d.document_id, d.title, d.description, d.line, d.date) for d in result.parsed.records]
    assert strip(lf) == strip(crlf)


def test_file_names_with_spaces_and_non_ascii_characters(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    (folder / "Résultats de recherche 2.txt").write_text(LISTING_TEXT, encoding="utf-8")
    result = run(folder)
    assert result.exit_code == 0, result.output
    sources = pd.read_parquet(tmp_path / "out" / "data" / "sources.parquet")
    assert list(sources["source_id"]) == ["Résultats de recherche 2"]
    assert set(documents_of(folder)["source_id"]) == {"Résultats de recherche 2"}


def test_megabytes_of_one_repeated_line_are_handled_quickly(tmp_path):
    for name, text in {
        "repeated-lines.txt": "Skip to content and much more navigation\n" * 150_000,
        "one-long-line.txt": "Letter from A to B regarding " + "a very long subject, " * 300_000,
    }.items():
        (tmp_path / name).write_text(text, encoding="utf-8")
        started = time.perf_counter()
        result = read_file(tmp_path / name, tmp_path)
        assert time.perf_counter() - started < 30, "reading must stay linear in the size of the file"
        assert result.rejection and result.parsed.record_count == 0


def test_the_same_document_on_two_overlapping_pages_is_one_row_seen_twice(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    entries = LISTING_TEXT.split("Documents\n\n", 1)[1].split("\n\nPagination")[0].split("\n\n")
    records = ["\n\n".join(entries[i : i + 3]) for i in range(0, len(entries), 3)]
    (folder / "page-a.txt").write_text("Results: 1 - 6 of 10\n\n" + "\n\n".join(records[:6]), encoding="utf-8")
    (folder / "page-b.txt").write_text("Results: 5 - 10 of 10\n\n" + "\n\n".join(records[4:]), encoding="utf-8")
    result = run(folder)
    assert result.exit_code == 0, result.output
    documents = documents_of(folder)
    assert len(documents) == 10 and documents["document_id"].is_unique
    appearances = pd.read_parquet(tmp_path / "out" / "data" / "appearances.parquet")
    assert len(appearances) == 12
    twice = appearances.groupby("record_id")["source_id"].apply(sorted)
    assert sorted(twice[twice.map(len) == 2].index) == sorted(documents.loc[documents["position"].isin([5, 6]), "document_id"])
    assert all(sources == ["page-a", "page-b"] for sources in twice[twice.map(len) == 2])


def test_empty_input_folder_is_an_error_line(tmp_path):
    (tmp_path / "in").mkdir()
    result = run(tmp_path / "in")
    assert result.exit_code == 1
    assert result.output == f"Error: input folder {tmp_path / 'in'} holds no *.txt files\n"


def test_output_that_cannot_be_written_is_an_error_line(seeds, tmp_path):
    (tmp_path / "a-file").write_text("not a folder", encoding="utf-8")
    output = tmp_path / "a-file" / "datapackage"
    result = run_cli("run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build"))
    assert result.exit_code == 1
    assert result.output.splitlines()[-1] == f"Error: cannot write {output}: {tmp_path / 'a-file'} is a file, not a folder"


def test_a_changed_input_changes_only_what_it_should(seeds, tmp_path):
    assert run(seeds).exit_code == 0
    before = {p.name: p.read_bytes() for p in (tmp_path / "out" / "data").iterdir()}
    article = seeds / "000_0693ac030807d258.txt"
    article.write_text(article.read_text(encoding="utf-8").replace("seven-year rift", "seven year rift"), encoding="utf-8")
    assert run(seeds).exit_code == 0
    after = {p.name: p.read_bytes() for p in (tmp_path / "out" / "data").iterdir()}
    changed = sorted(name for name in before if before[name] != after[name])
    # The SQLite edition holds every table, so it changes with them.
    assert changed == ["dataset.sqlite", "event_highlights.csv", "event_highlights.parquet", "sources.csv", "sources.parquet"]


def test_files_that_cannot_be_read_ahead_are_left_to_the_reader(tmp_path):
    page = tmp_path / "page.txt"
    page.write_bytes((SEEDS / "002_e521c643e0ce5933.txt").read_bytes())
    (tmp_path / "moved.txt").symlink_to(tmp_path / "nowhere.txt")
    # Gone since the folder was listed: no error from the hint; reading the file is what reports it.
    read_ahead([tmp_path / "gone.txt", tmp_path / "moved.txt", page])
    assert read_file(page, tmp_path).parsed.record_count == 10


@pytest.mark.skipif(not Path("/dev/full").exists(), reason="needs /dev/full, a device that is always full")
def test_a_full_disk_is_reported_with_the_table_file_it_stopped_at(tmp_path):
    from pipeline.writer import PackageWriter

    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "mentions.csv").symlink_to("/dev/full")
    writer = PackageWriter(tmp_path)
    with pytest.raises(OSError, match="No space left on device") as raised:
        writer.close([])
    assert raised.value.filename == str(tmp_path / "data" / "mentions.csv")
