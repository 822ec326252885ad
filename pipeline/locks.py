"""One writer at a time: an advisory lock file beside each folder the pipeline writes.

Each library call (`pipeline.library`) takes the locks of its folders once, for all its stages. A
second process gets a clear error instead of interleaving its files.
The lock file is removed when the lock is released, so none is left beside the user's folders
(only a killed run leaves one, which the next run takes over).
"""

from __future__ import annotations

import fcntl
import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from pipeline.errors import PipelineError


def lock_path(folder: Path) -> Path:
    folder = folder.absolute()
    return folder.with_name(folder.name + ".lock")


@contextmanager
def hold(folder: Path) -> Iterator[None]:
    """Hold the lock of `folder` for the block; raise PipelineError if another process has it."""
    path = lock_path(folder)
    blocking_file = next((parent for parent in path.parents if parent.exists() and not parent.is_dir()), None)
    if blocking_file:
        raise PipelineError(f"cannot write {folder}: {blocking_file} is a file, not a folder")
    descriptor = _lock(folder, path)
    try:
        yield
    finally:
        path.unlink(missing_ok=True)  # while still locked: a run that opens it now finds it gone and makes its own
        os.close(descriptor)


def _lock(folder: Path, path: Path) -> int:
    """An open descriptor of the lock file now named `path`, locked by us."""
    while True:
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise PipelineError(f"cannot write beside {folder}: {error.strerror or error} ({path})") from error
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise PipelineError(
                f"another pipeline run is writing {folder} (it holds {path}); wait for it to finish and try again"
            ) from None
        if _still_named(descriptor, path):
            return descriptor
        os.close(descriptor)  # its holder removed the file between our open and our lock: open the one named now


def _still_named(descriptor: int, path: Path) -> bool:
    try:
        named = os.stat(path)
    except FileNotFoundError:
        return False
    opened = os.fstat(descriptor)
    return (named.st_dev, named.st_ino) == (opened.st_dev, opened.st_ino)
