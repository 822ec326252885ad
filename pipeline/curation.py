"""The curator files: entities, document types and page chrome, as data a user can replace.

The files in `pipeline/reference/` are the defaults; a project brings its own copies (see
`pipeline.project`). A `Curation` holds their paths, so it travels to any worker (a process, a
Dask machine) as an argument; the worker makes it current while it parses, and each process
reads each file once.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, fields
from importlib import resources
from pathlib import Path

from pipeline.errors import PipelineError

# Each curator file's field of `Curation` -> its name, in the package and in a project folder.
FILE_NAMES = {"authority": "entities.csv", "document_types": "document_types.csv", "page_chrome": "page_chrome.csv"}


@dataclass(frozen=True)
class Curation:
    """The user's copy of each curator file; None where the packaged one is used."""

    authority: Path | None = None
    document_types: Path | None = None
    page_chrome: Path | None = None

    def files(self) -> dict[str, Path]:
        """Field -> path of each file the user brought."""
        return {item.name: getattr(self, item.name) for item in fields(self) if getattr(self, item.name)}


_current = Curation()


def current() -> Curation:
    """The curation the parsers of this process apply now."""
    return _current


@contextmanager
def curated(curation: Curation) -> Iterator[None]:
    """Parse with `curation` for the duration of the block."""
    global _current
    previous, _current = _current, curation
    try:
        yield
    finally:
        _current = previous


def reference_text(name: str, path: Path | None) -> tuple[str, str]:
    """The text of a curator file and what to call it in messages: the user's copy at `path`, else the packaged `name`."""
    if path is None:
        return resources.files("pipeline.reference").joinpath(name).read_text(encoding="utf-8"), f"pipeline/reference/{name}"
    try:
        return path.read_text(encoding="utf-8"), str(path)
    except OSError as error:
        raise PipelineError(f"cannot read the curator file {path}: {error.strerror or error}") from error
    except UnicodeDecodeError as error:
        raise PipelineError(f"{path}: not UTF-8 text ({error.reason} at byte {error.start})") from error
