"""The per-file work runs on a Dask cluster with the same output as a local run."""

from __future__ import annotations

import pytest

from conftest import SEEDS, run_cli

distributed = pytest.importorskip("distributed")


def test_a_dask_cluster_gives_the_same_package(tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    listing = (SEEDS / "002_e521c643e0ce5933.txt").read_text(encoding="utf-8")
    for number in range(300):  # two chunks, so both cluster workers get work
        (corpus / f"page-{number:04d}.txt").write_text(listing.replace("No. 60", f"No. {number}"), encoding="utf-8")
    (corpus / "article.txt").write_text((SEEDS / "000_0693ac030807d258.txt").read_text(encoding="utf-8"), encoding="utf-8")

    with distributed.LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None) as cluster:
        on_dask = run_cli("extract", "--input", str(corpus), "--workdir", str(tmp_path / "dask"), "--scheduler", cluster.scheduler_address)
    assert on_dask.exit_code == 0, on_dask.output
    local = run_cli("extract", "--input", str(corpus), "--workdir", str(tmp_path / "local"), "--workers", "1")
    assert local.exit_code == 0

    for name in ["datapackage.json"] + [f"data/{p.name}" for p in (tmp_path / "local" / "data").iterdir()]:
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes(), name


def test_an_unreachable_scheduler_is_an_error_line(tmp_path):
    result = run_cli("extract", "--input", str(SEEDS), "--workdir", str(tmp_path / "w"), "--scheduler", "tcp://127.0.0.1:9")
    assert result.exit_code == 1
    assert result.output.startswith("Error: cannot reach the Dask scheduler at tcp://127.0.0.1:9")
