"""Where per-file work runs: in this process, a local process pool, or a Dask cluster.

Every option is a `concurrent.futures.Executor`, so the extract stage does not care which, and
its output is the same on all of them.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
from collections.abc import Iterator
from concurrent.futures import Executor, ProcessPoolExecutor
from contextlib import contextmanager

from pipeline.errors import PipelineError


def default_workers() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


@contextmanager
def executor_for(workers: int, scheduler: str | None = None) -> Iterator[Executor | None]:
    """An executor for `workers` local processes, or for the Dask scheduler at `scheduler`.

    None means "in this process": one worker needs no pool.
    """
    if scheduler:
        try:
            from distributed import Client
        except ImportError:
            raise PipelineError("--scheduler needs Dask: pip install 'pipeline[dask]'") from None
        try:
            client = Client(scheduler, timeout="10s")
        except OSError as error:
            raise PipelineError(f"cannot reach the Dask scheduler at {scheduler}: {error}") from error
        with client:
            yield client.get_executor()
        return
    if workers <= 1:
        yield None
        return
    # forkserver: workers start clean, without the threads pyarrow may have started here.
    context = multiprocessing.get_context("forkserver")
    with ProcessPoolExecutor(max_workers=workers, mp_context=context, initializer=_leave_ctrl_c_to_the_parent) as pool:
        try:
            yield pool
        except BaseException:  # Ctrl-C or a failure: the chunks not started yet are not worth waiting for
            pool.shutdown(cancel_futures=True)
            raise


def _leave_ctrl_c_to_the_parent() -> None:
    """Ctrl-C reaches every process of the terminal's group: the parent stops the run, a worker only finishes its chunk."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
