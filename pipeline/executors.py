"""Where per-file work runs: in this process, a local process pool, or a Dask cluster.

Every option is a `concurrent.futures.Executor`, so the extract stage does not care which, and
its output is the same on all of them.
"""

from __future__ import annotations

import multiprocessing
import os
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
    with ProcessPoolExecutor(max_workers=workers, mp_context=multiprocessing.get_context("forkserver")) as pool:
        yield pool
