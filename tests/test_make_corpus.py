"""The benchmark's corpus generator writes texts the readers accept, with the counts it promises."""

from __future__ import annotations

import json
import subprocess
import sys

from conftest import REPO, run_cli


def test_generated_corpus_is_read_whole_and_deterministic(tmp_path):
    for folder in ("a", "b"):
        subprocess.run([sys.executable, str(REPO / "benchmarks" / "make_corpus.py"), "--files", "40", "--out",
                        str(tmp_path / folder), "--seed", "3"], check=True, capture_output=True)
    files = sorted(p.name for p in (tmp_path / "a").iterdir())
    assert all((tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes() for name in files)

    expected = json.loads((tmp_path / "a" / "corpus.json").read_text(encoding="utf-8"))
    result = run_cli("extract", "--input", str(tmp_path / "a"), "--workdir", str(tmp_path / "build"), "--workers", "1")
    assert result.exit_code == 0, result.output
    counts = json.loads((tmp_path / "build" / "extract-report.json").read_text(encoding="utf-8"))["tables"]
    assert (counts["documents"], counts["events"], counts["sources"]) == (expected["documents"], expected["events"], 40)
    assert counts["mentions"] > counts["documents"]
