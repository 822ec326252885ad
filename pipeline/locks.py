"""One writer at a time: an advisory lock file beside each folder the pipeline writes.

Locks are re-entrant within a process, so `run` can hold them across its three stages while each
stage takes them again. A second process gets a clear error instead of interleaving its files.
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError

_held: dict[Path, int] = {}


def lock_path(folder: Path) -> Path:
    folder = folder.absolute()
    return folder.with_name(folder.name + ".lock")


@contextmanager
def hold(folder: Path) -> Iterator[None]:
    """Hold the lock of `folder` for the block; raise PipelineError if another process has it."""
    path = lock_path(folder)
    if path in _held:
        _held[path] += 1
        try:
            yield
        finally:
            _held[path] -= 1
        return
    blocking_file = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocking_file:
        raise PipelineError(f"cannot write {folder}: {blocking_file} is a file, not a folder")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    except OSError as error:
        raise PipelineError(f"cannot write beside {folder}: {error.strerror or error} ({path})") from error
    try:
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise PipelineError(
                f"another pipeline run is writing {folder} (it holds {path}); wait for it to finish and try again"
            ) from None
        _held[path] = 1
        try:
            yield
        finally:
            del _held[path]
    finally:
        os.close(descriptor)
