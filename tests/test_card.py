"""The dataset card: every field of every schema, counts, sources, citation, and snippets that run."""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from conftest import package_files
from pipeline.publication.card import EXAMPLE_TABLE
from pipeline.publication.citation import bibtex
from pipeline.tables import table_names, table_schema

FENCE = re.compile(r"^```(\w+)\n(.*?)^```$", re.MULTILINE | re.DOTALL)


def card(package: Path) -> str:
    return (package / "README.md").read_text(encoding="utf-8")


def snippets(package: Path, language: str) -> list[str]:
    return [code for lang, code in FENCE.findall(card(package)) if lang == language]


def rows_of(package: Path, table: str) -> int:
    return pq.read_metadata(package / "data" / f"{table}.parquet").num_rows


def section(text: str, heading: str) -> str:
    """The text under `heading` up to the next heading of any level."""
    start = text.index(heading + "\n") + len(heading) + 1
    following = re.search(r"^#", text[start:], re.MULTILINE)
    return text[start : start + following.start()] if following else text[start:]


@pytest.mark.parametrize("table", table_names())
def test_every_field_of_every_schema_is_listed_with_type_and_description(published: Path, table: str) -> None:
    fields = section(card(published), f"### `{table}`")
    schema = table_schema(table)
    listed = re.findall(r"^\| `(\w+)` \| (\w+) \| (yes|) \| (.*) \|$", fields, re.MULTILINE)
    assert listed == [
        (field["name"], field["type"], "yes" if field.get("constraints", {}).get("required") else "", field["description"])
        for field in schema["fields"]
    ]
    assert schema["description"] in fields


def test_row_counts_are_those_published(published: Path) -> None:
    counts = dict(re.findall(r"^\| `(\w+)` \| (\d+) \|", section(card(published), "## Tables"), re.MULTILINE))
    assert counts == {table: str(rows_of(published, table)) for table in table_names()}
    assert "0" not in counts.values()  # the seeds give every table rows


def test_sources_are_listed_with_their_hashes(published: Path) -> None:
    sources = section(card(published), "## Where it comes from")
    for source in pq.read_table(published / "data" / "sources.parquet").to_pylist():
        assert f"| `{source['path']}` | `{source['sha256']}` |" in sources


def test_a_big_corpus_lists_its_first_sources_and_points_to_the_table(published: Path, tmp_path: Path) -> None:
    from pipeline.publication.card import render_card

    package = Path(shutil.copytree(published, tmp_path / "package"))
    rows = {"source_id": [f"page-{n:03d}" for n in range(150)], "path": [f"page-{n:03d}.txt" for n in range(150)], "sha256": [f"{n:064x}" for n in range(150)]}
    pq.write_table(pa.table(rows), package / "data" / "sources.parquet")
    descriptor = json.loads((package / "datapackage.json").read_text(encoding="utf-8"))
    sources = section(render_card(package, descriptor, {}), "## Where it comes from")
    assert sources.count("| `page-") == 100
    assert "| `page-099.txt` |" in sources and "page-100.txt" not in sources
    assert "The first 100 of 150 files; the `sources` table lists every one." in sources


def test_licence_citation_and_timeline(published: Path) -> None:
    text = card(published)
    descriptor = json.loads((published / "datapackage.json").read_text(encoding="utf-8"))
    assert "[Creative Commons Attribution 4.0](https://creativecommons.org/licenses/by/4.0/) (`CC-BY-4.0`)" in text
    assert snippets(published, "bibtex") == [bibtex(descriptor) + "\n"]
    assert "](timeline.png)" in text


def test_files_table_gives_every_file_its_size_and_hash(published: Path) -> None:
    listed = re.findall(r"^\| `([^`]+)` \| ([\d,]+) \| `([0-9a-f]{64})` \|$", section(card(published), "## Files and checksums"), re.MULTILINE)
    assert sorted(name for name, _, _ in listed) == [name for name in package_files(published) if name != "README.md"]
    for name, size, digest in listed:
        data = (published / name).read_bytes()
        assert (int(size.replace(",", "")), digest) == (len(data), hashlib.sha256(data).hexdigest())


# Every snippet is run as written, from inside the package folder, and must give the example table's rows.
def test_python_snippets_run(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(published)
    codes = snippets(published, "python")
    assert [re.search(r"^(?:import|from) (\w+)", code).group(1) for code in codes] == ["pandas", "polars", "frictionless", "pipeline"]
    for code in codes:
        namespace: dict = {}
        exec(compile(code, "README.md", "exec"), namespace)
        assert len(namespace[EXAMPLE_TABLE]) == rows_of(published, EXAMPLE_TABLE), code


def test_pandas_snippet_gives_what_load_gives(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from pipeline import load

    monkeypatch.chdir(published)
    namespace: dict = {}
    exec(snippets(published, "python")[0], namespace)
    assert namespace[EXAMPLE_TABLE].equals(load(EXAMPLE_TABLE, published))


def test_duckdb_snippet_runs(published: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(published)
    [sql] = snippets(published, "sql")
    rows = duckdb.sql(sql).fetchall()
    assert len(rows) == rows_of(published, EXAMPLE_TABLE)
    assert [row[0] for row in rows] == sorted(row[0] for row in rows)  # ordered by date


def test_shell_snippet_validates_the_package(published: Path) -> None:
    [command] = snippets(published, "sh")
    scripts = Path(sys.executable).parent  # where the venv's `frictionless` command is
    result = subprocess.run(
        command, shell=True, cwd=published, capture_output=True, text=True,
        env={**os.environ, "PATH": f"{scripts}{os.pathsep}{os.environ['PATH']}"},
    )
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.skipif(shutil.which("Rscript") is None, reason="R is not installed here")
def test_r_snippet_runs(published: Path) -> None:
    [code] = snippets(published, "r")
    result = subprocess.run(["Rscript", "-e", code + f"\nstopifnot(nrow({EXAMPLE_TABLE}) == {rows_of(published, EXAMPLE_TABLE)})"], cwd=published, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
