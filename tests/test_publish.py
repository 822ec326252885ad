"""Publishing: the same inputs give byte-identical files, every new one included, staged before the swap."""

from __future__ import annotations

from pathlib import Path

from conftest import SEEDS, run_cli


def tree(folder: Path) -> dict[str, bytes]:
    return {path.relative_to(folder).as_posix(): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


def test_twice_gives_byte_identical_files_png_and_zip_included(tmp_path: Path) -> None:
    published = []
    for attempt in ("first", "second"):
        root = tmp_path / attempt
        result = run_cli("run", "--input", str(SEEDS), "--output", str(root / "datapackage"), "--workdir", str(root / "build"), "--archive")
        assert result.exit_code == 0, result.output
        published.append({**tree(root / "datapackage"), "../datapackage.zip": (root / "datapackage.zip").read_bytes()})
    assert published[0].keys() == published[1].keys()
    assert [name for name in published[0] if published[0][name] != published[1][name]] == []
    assert {"timeline.png", "dataset.jsonld", "croissant.json", "README.md", "../datapackage.zip"} <= published[0].keys()


def test_the_published_package_is_complete(published: Path) -> None:
    assert sorted(tree(published)) == [
        "README.md",
        "croissant.json",
        *[f"data/{table}.{suffix}" for table in sorted(["sources", "results_ranges", "documents", "appearances", "events", "event_highlights"]) for suffix in ("csv", "parquet")],
        "datapackage.json",
        "dataset.jsonld",
        "timeline.png",
    ]
