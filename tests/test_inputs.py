"""Every entry of the input folder is accounted for: read, or listed as skipped with its reason."""

from __future__ import annotations

import json
from pathlib import Path

import pandas as pd

from conftest import SEEDS, run_cli
from pipeline.sources import Skipped, find_sources

LISTING = (SEEDS / "002_e521c643e0ce5933.txt").read_bytes()
ARTICLE = (SEEDS / "000_0693ac030807d258.txt").read_bytes()


def a_users_folder(root: Path) -> Path:
    """Pages as users keep them: folders per collection, upper-case suffixes, notes and editor debris."""
    pages = root / "pages"
    (pages / "sub").mkdir(parents=True)
    (pages / "1956" / "october").mkdir(parents=True)
    (pages / "a.txt").write_bytes(LISTING)
    (pages / "c.TXT").write_bytes(ARTICLE)
    (pages / "sub" / "b.txt").write_bytes(LISTING.replace(b"Protocol No. 60", b"Protocol No. 61"))
    (pages / "1956" / "october" / "a.txt").write_bytes(LISTING.replace(b"Protocol No. 60", b"Protocol No. 62"))
    (pages / "listing.md").write_text("# not a page\n", encoding="utf-8")
    (pages / "page.html").write_text("<html></html>\n", encoding="utf-8")
    (pages / ".DS_Store").write_bytes(b"\0\0")
    (pages / ".git").mkdir()
    (pages / ".git" / "HEAD").write_text("ref: refs/heads/main\n", encoding="utf-8")
    (pages / "linked").symlink_to(pages / "sub")
    return pages


def test_text_files_in_any_case_and_any_subfolder_are_read_and_the_rest_listed(tmp_path):
    pages = a_users_folder(tmp_path)
    found = find_sources(pages)
    assert [path.relative_to(pages).as_posix() for path in found.paths] == ["1956/october/a.txt", "a.txt", "c.TXT", "sub/b.txt"]
    assert found.skipped == [
        Skipped(".DS_Store", "hidden file"),
        Skipped(".git/", "hidden folder, not searched"),
        Skipped("linked/", "link to a folder, not followed"),
        Skipped("listing.md", "not *.txt"),
        Skipped("page.html", "not *.txt"),
    ]


def test_the_run_counts_the_skipped_names_them_when_asked_and_keeps_ids_unique(tmp_path):
    pages = a_users_folder(tmp_path)
    args = ["run", "--input", str(pages), "--output", str(tmp_path / "out"), "--workdir", str(tmp_path / "work")]
    result = run_cli(*args)
    assert result.exit_code == 0, result.output
    assert f"extract: read 4 files from {pages}" in result.output
    assert (
        f"extract: skipped 5 other entries of {pages} (1 hidden file, 1 hidden folder, not searched, "
        "1 link to a folder, not followed, 2 not *.txt) (--verbose lists them)"
    ) in result.output
    assert result.output.splitlines()[-1].startswith("Done: 4 files read (0 rejected, 5 skipped)")
    assert "  page.html: skipped (not *.txt)" in run_cli(*args, "--verbose").output

    sources = pd.read_csv(tmp_path / "out" / "data" / "sources.csv")
    assert sources[["source_id", "path"]].values.tolist() == [
        ["1956/october/a", "1956/october/a.txt"], ["a", "a.txt"], ["c.TXT", "c.TXT"], ["sub/b", "sub/b.txt"],
    ]
    documents = pd.read_csv(tmp_path / "out" / "data" / "documents.csv")
    assert set(documents["source_id"]) == {"1956/october/a", "a", "sub/b"}
    report = json.loads((tmp_path / "work" / "extract-report.json").read_text(encoding="utf-8"))
    assert {"path": "listing.md", "reason": "not *.txt"} in report["skipped"]


def test_a_folder_with_no_text_file_names_what_it_holds(tmp_path):
    (tmp_path / "notes.md").write_text("# notes\n", encoding="utf-8")
    result = run_cli("extract", "--input", str(tmp_path), "--workdir", str(tmp_path.parent / "work"))
    assert result.exit_code == 1
    assert result.output == f"Error: input folder {tmp_path} holds no *.txt files; skipped notes.md (not *.txt)\n"


def test_a_file_moved_into_a_subfolder_is_extracted_again(tmp_path):
    pages = tmp_path / "pages"
    pages.mkdir()
    (pages / "a.txt").write_bytes(LISTING)
    args = ["extract", "--input", str(pages), "--workdir", str(tmp_path / "work")]
    assert run_cli(*args).exit_code == 0
    assert "unchanged since the last extract" in run_cli(*args).output
    (pages / "1956").mkdir()
    (pages / "a.txt").rename(pages / "1956" / "a.txt")
    assert f"extract: read 1 file from {pages}" in run_cli(*args).output
