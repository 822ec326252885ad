"""Which folders the pipeline may write: those it made, never the user's.

`--output` is replaced as a whole and the working folder's tables are replaced on every extract,
so before any work each is checked. A folder is ours when it does not exist yet, is empty, or
carries the mark this tool leaves in the folders it makes: the working folder's `WORKDIR_MARK`,
the published package's `PUBLISHED_MARK` (the name of every file the publish wrote). A file of
ours edited since is still ours: the README tells users to edit copies. Neither
may be, hold or lie inside the input folder or the other; the output may not hold the folder the
user stands in. Paths are compared resolved, so symbolic links and `.` cannot hide a clash.
"""

from __future__ import annotations

import os
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import read_json, write_json
from pipeline.paths import PUBLISHED_MARK, WORKDIR_MARK, archive_path

_WORKDIR_NOTE = "The working folder of `pipeline`: tables between stages and their reports. Safe to delete.\n"


def check_workdir(workdir: Path, *, input_dir: Path | None = None) -> None:
    """Raise PipelineError unless `workdir` may be written as the working folder."""
    what = f"cannot use {workdir} as the working folder"
    if input_dir is not None:
        _apart(what, workdir, input_dir, "input folder")
    if workdir.exists() and not workdir.is_dir():
        raise PipelineError(f"{what}: it is a file, not a folder")
    if workdir.is_dir() and not is_workdir(workdir):
        stranger = _first_file(workdir)
        if stranger is not None:
            raise PipelineError(f"{what}: it holds files this tool did not write, such as {stranger}")


def is_workdir(folder: Path) -> bool:
    """True for a working folder this tool made."""
    return (folder / WORKDIR_MARK).is_file()


def make_workdir(workdir: Path) -> None:
    """Create the working folder, marked as ours."""
    workdir.mkdir(parents=True, exist_ok=True)
    if not is_workdir(workdir):
        (workdir / WORKDIR_MARK).write_text(_WORKDIR_NOTE, encoding="utf-8")


def check_output(output: Path, *, input_dir: Path | None = None, workdir: Path | None = None, archive: bool = False) -> None:
    """Raise PipelineError unless `output` may be replaced by a published package (and, with `archive`, its zip)."""
    what = f"cannot publish to {output}"
    here = Path.cwd().resolve()
    if _within(here, output.resolve()):
        raise PipelineError(f"{what}: it holds the folder you are in ({here}), and publishing replaces it whole")
    if input_dir is not None:
        _apart(what, output, input_dir, "input folder")
    if workdir is not None:
        _apart(what, output, workdir, "working folder")
    if output.exists() and not output.is_dir():
        raise PipelineError(f"{what}: it is a file, not a folder")
    if archive and not zip_is_ours(output):
        raise PipelineError(f"cannot write {archive_path(output)}: it exists and this tool did not write it")
    if not output.is_dir():
        return
    stranger = _first_file(output, known=published_mark(output)["files"])
    if stranger is not None:
        raise PipelineError(f"{what}: it holds files this tool did not write, such as {stranger}")


def zip_is_ours(output: Path) -> bool:
    """True when there is no release zip beside `output`, or it is the one the last publish there wrote."""
    zipped = archive_path(output)
    return not zipped.exists() or zipped.name in published_mark(output)["beside"]


def published_mark(output: Path) -> dict[str, set[str]]:
    """What the last publish wrote: the `files` in `output`, and those `beside` it (the release zip).

    Both are empty for a folder without the mark, or with one we cannot read.
    """
    try:
        mark = read_json(output / PUBLISHED_MARK)
        return {key: {str(name) for name in mark[key]} for key in ("files", "beside")}
    except (OSError, ValueError, KeyError, TypeError):
        return {"files": set(), "beside": set()}


def write_published_mark(folder: Path, beside: list[str]) -> None:
    """Mark `folder` as a package this tool wrote: the names of every file in it, and of those `beside` it."""
    files = [path.relative_to(folder).as_posix() for path in sorted(folder.rglob("*")) if path.is_file()]
    write_json(folder / PUBLISHED_MARK, {"files": files, "beside": beside})


def _apart(what: str, folder: Path, other: Path, other_name: str) -> None:
    mine, theirs = folder.resolve(), other.resolve()
    if mine == theirs:
        raise PipelineError(f"{what}: it is the {other_name}")
    if _within(theirs, mine):
        raise PipelineError(f"{what}: it holds the {other_name} {other}")
    if _within(mine, theirs):
        raise PipelineError(f"{what}: it is inside the {other_name} {other}")


def _within(inner: Path, outer: Path) -> bool:
    return inner == outer or outer in inner.parents


def _first_file(folder: Path, known: set[str] = frozenset()) -> str | None:
    """The first file of `folder`, in name order, that this tool did not write there."""
    for root, folders, names in os.walk(folder):
        folders.sort()
        for name in sorted(names):
            relative = Path(root, name).relative_to(folder).as_posix()
            if relative != PUBLISHED_MARK and relative not in known:
                return relative
    return None
