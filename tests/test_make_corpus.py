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
    document_pages = set(expected["document_page_files"])
    assert len(document_pages) == expected["document_pages"] > 0
    for name in document_pages:  # a cover or a labelled header, then 5-40 KB of full text
        text = (tmp_path / "a" / name).read_text(encoding="utf-8")
        assert 5_000 < len(text) < 45_000 and ("Citation:" in text or "Title:" in text)
    for name in document_pages:  # the listings and articles alone, read whole
        (tmp_path / "a" / name).unlink()
    result = run_cli("extract", "--input", str(tmp_path / "a"), "--workdir", str(tmp_path / "build"), "--workers", "1")
    assert result.exit_code == 0, result.output
    counts = json.loads((tmp_path / "build" / "extract-report.json").read_text(encoding="utf-8"))["tables"]
    expected_files = 40 - len(document_pages)
    assert (counts["documents"], counts["events"], counts["sources"]) == (expected["documents"], expected["events"], expected_files)
    assert counts["mentions"] > counts["documents"]
