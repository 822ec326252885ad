"""A run killed at any moment leaves the previous package whole; two runs never interleave."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import REPO, files_of, run_cli

ENVIRONMENT = {**os.environ, "PYTHONPATH": str(REPO)}
EXTRA_PAGE = "Results: 1 - 1 of 1\n\nMay 1957\n\nLetter, Mao Zedong to Nikita Khrushchev\n\nA short letter.\n"



def start_run(seeds: Path, output: Path) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "pipeline", "run", "--input", str(seeds), "--output", str(output),
         "--workdir", str(output.parent / "build")],
        env=ENVIRONMENT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )


# Moments to kill a run at, spread over its whole length: a sample in every run of the suite,
# the full sweep with `pytest -m sweep` (CI runs both).
@pytest.mark.parametrize("kills", [pytest.param(8, id="sample"), pytest.param(24, id="sweep", marks=pytest.mark.sweep)])
def test_killed_runs_leave_the_previous_package_intact(seeds, tmp_path, kills):
    output, pristine = tmp_path / "out", tmp_path / "pristine"
    assert start_run(seeds, output).wait() == 0
    shutil.copytree(output, pristine)
    old = files_of(output)

    (seeds / "extra.txt").write_text(EXTRA_PAGE, encoding="utf-8")
    reference = tmp_path / "reference"
    started = time.perf_counter()
    assert start_run(seeds, reference).wait() == 0
    duration = time.perf_counter() - started
    new = files_of(reference)
    assert new != old

    outcomes = []
    for step in range(kills):
        if files_of(output) != old:  # put the old package back, so every kill can catch a swap
            shutil.rmtree(output)
            shutil.copytree(pristine, output)
        run = start_run(seeds, output)
        time.sleep(duration * (0.3 + 0.9 * step / kills))
        run.send_signal(signal.SIGKILL)
        run.wait()
        now = files_of(output)
        assert now in (old, new), f"a run killed after {time.perf_counter() - started:.2f}s left a mixed or broken package"
        outcomes.append("new" if now == new else "old")
    assert "old" in outcomes

    assert start_run(seeds, output).wait() == 0, "the next run must not trip over what killed runs left"
    assert files_of(output) == new
    assert sorted(p.name for p in tmp_path.iterdir() if p.name.startswith("out.") and p.name != "out.lock") == []


def test_a_second_run_on_the_same_output_fails_clearly(seeds, tmp_path):
    output = tmp_path / "out"
    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys, time; from pathlib import Path; from pipeline.locks import hold\n"
         f"with hold(Path({str(output)!r})):\n    print('held', flush=True); time.sleep(60)"],
        env=ENVIRONMENT, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout.readline().strip() == "held"
        result = run_cli("run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build"))
        assert result.exit_code == 1
        assert result.output == (
            f"Error: another pipeline run is writing {output} (it holds {tmp_path / 'out.lock'}); "
            "wait for it to finish and try again\n"
        )
        assert not output.exists()
    finally:
        holder.kill()
        holder.wait()
    assert run_cli("run", "--input", str(seeds), "--output", str(output), "--workdir", str(tmp_path / "build")).exit_code == 0
