"""Progress: plain lines when the output is a log or a pipe, a bar per stage on a terminal."""

from __future__ import annotations

import os
import pty
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import REPO, SEED_PAGES, SEEDS, run_cli
from pipeline.extraction.stage import extract
from pipeline.publication.stage import publish
from pipeline.validation.stage import validate


def test_plain_lines_when_not_a_terminal(tmp_path: Path) -> None:
    result = run_cli("run", "--input", str(SEEDS), "--output", str(tmp_path / "datapackage"), "--workdir", str(tmp_path / "build"), "--archive")
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == f"extract: [1/1] {len(SEED_PAGES)} files, up to {SEED_PAGES[-1]}"  # one chunk of files
    assert [line for line in lines if line.startswith("validate: [")][-1] == "validate: [20/20] mentions-parquet"
    assert [line for line in lines if line.startswith("publish: [")] == [
        "publish: [1/8] data",
        "publish: [2/8] data/dataset.sqlite",
        "publish: [3/8] datapackage.json",
        "publish: [4/8] timeline.png",
        "publish: [5/8] dataset.jsonld",
        "publish: [6/8] croissant.json",
        "publish: [7/8] README.md",
        "publish: [8/8] datapackage.zip",
    ]
    assert "\r" not in result.output


def test_a_bar_per_stage_on_a_terminal(tmp_path: Path) -> None:
    leader, follower = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--input", str(SEEDS), "--output", str(tmp_path / "datapackage"), "--workdir", str(tmp_path / "build")],
        stdout=follower, stderr=subprocess.DEVNULL, env={**os.environ, "PYTHONPATH": str(REPO)}, cwd=tmp_path,
    )
    os.close(follower)
    output = _read_until_closed(leader).decode()
    assert process.wait(timeout=60) == 0, output
    for bar in ("extract  [####################################]  1/1", "validate  [####################################]  20/20", "publish  [####################################]  7/7"):
        assert bar in output
    assert "extract: [1/1]" not in output


def test_library_calls_print_nothing(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    extract(SEEDS, tmp_path / "build")
    validate(tmp_path / "build")
    publish(tmp_path / "build", tmp_path / "datapackage", archive=True)
    assert capsys.readouterr() == ("", "")


def _read_until_closed(descriptor: int) -> bytes:
    """Read the terminal while the program writes, so it never waits on a full buffer."""
    chunks = []
    while True:
        try:
            chunk = os.read(descriptor, 1 << 16)
        except OSError:  # EIO: the program closed its side
            break
        if not chunk:
            break
        chunks.append(chunk)
    os.close(descriptor)
    return b"".join(chunks)
