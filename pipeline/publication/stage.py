"""The publish stage: put a validated package from the working folder in place, atomically.

The package's files are hard-linked (across file systems, copied) into a staging folder beside
the output, completed with its timeline, schema.org and Croissant metadata and dataset card, and
swapped in with one rename. Until then the previous package stays untouched; a run killed at any
moment leaves it intact, and the next run clears the debris. The release archive is zipped from
the staging folder before the swap and renamed into place right after it.
"""

from __future__ import annotations

import ctypes
import os
import shutil
from dataclasses import dataclass
from pathlib import Path

from pipeline.errors import PipelineError
from pipeline.files import file_sha256, read_json, write_json
from pipeline.folders import write_published_mark, zip_is_ours
from pipeline.paths import (
    CARD,
    CROISSANT,
    DATA_DIR,
    DESCRIPTOR,
    JSONLD,
    PUBLISH_RECORD,
    PUBLISHED_MARK,
    SQLITE,
    TIMELINE,
    archive_path,
)
from pipeline.progress import Track, quietly
from pipeline.publication.card import write_card
from pipeline.publication.croissant import write_croissant
from pipeline.publication.jsonld import write_jsonld
from pipeline.publication.release import write_archive
from pipeline.publication.sqlite import sqlite_resource, write_sqlite
from pipeline.publication.timeline import write_timeline
from pipeline.validation.stage import read_validation
from pipeline.writer import code_version, unmatched_resources

_STAGING = ".staging-"
_RETIRED = ".retired-"


@dataclass(frozen=True)
class PublishReport:
    output: Path
    files: dict[str, int]  # path inside the package -> size in bytes
    archive: Path | None = None
    reused: bool = False  # the output already held this package: nothing was written


def publish(workdir: Path, output: Path, *, archive: bool = False, track: Track = quietly) -> PublishReport:
    """Publish the package of `workdir` to `output`; refuse one that is not validated as it stands.

    The caller has checked that `output` and its zip may be replaced, and holds the locks
    (`pipeline.library`). With `archive`, the release zip is written beside it (`datapackage.zip`);
    without, a zip the last publish left is removed, since it no longer matches the package. When
    `output` still holds, byte for byte, what the last publish of this package by this code wrote
    there, it is left as it is and the report says `reused`.
    """
    archive_file = archive_path(output)
    ours_zip = zip_is_ours(output)
    descriptor = _validated_descriptor(workdir)
    # Staged and swapped where the folder really is: a symbolic link to it stays a link to the new package.
    place = output.resolve()
    _clear_debris(place)
    intended = {
        "output": str(place),
        "package_sha256": file_sha256(workdir / DESCRIPTOR),
        "code": code_version(),
        "archive": archive,
    }
    if _still_published(workdir, intended, output, archive_file):
        return PublishReport(output, _sizes(output), archive_file if archive else None, reused=True)
    staging = place.with_name(f"{place.name}{_STAGING}{os.getpid()}")
    staged_zip = staging.with_name(staging.name + ".zip")
    steps = {
        DATA_DIR: lambda: _copy_package(workdir, staging),
        SQLITE: lambda: write_sqlite(staging, descriptor),
        DESCRIPTOR: lambda: _write_descriptor(staging, descriptor),
        TIMELINE: lambda: write_timeline(staging),
        JSONLD: lambda: write_jsonld(staging, descriptor),
        CROISSANT: lambda: write_croissant(staging, descriptor),
        CARD: lambda: write_card(staging, descriptor, read_validation(workdir)["rows_checked"]),
    }
    if archive:
        steps[archive_file.name] = lambda: write_archive(staging, staged_zip, place.name)
    try:
        staging.mkdir(parents=True)
        for name in track(list(steps), str):
            steps[name]()
        # Last, so it lists every file; and the zip, which a later publish may then replace or remove.
        write_published_mark(staging, [archive_file.name] if archive else [])
        _fsync_tree(staging)
        if archive:
            _fsync(staged_zip)
        _swap_into_place(staging, place)
        if archive:
            staged_zip.replace(archive_file)
        elif ours_zip:
            archive_file.unlink(missing_ok=True)
    except OSError as error:
        raise PipelineError(f"cannot write the package to {output}: {error.strerror or error}") from error
    finally:
        # After a swap both are gone already; after any failure they are half-written.
        shutil.rmtree(staging, ignore_errors=True)
        staged_zip.unlink(missing_ok=True)
    # The tables were checked against these hashes before the copy; only the files made here are hashed.
    tables = {resource["path"]: resource["hash"].removeprefix("sha256:") for resource in descriptor["resources"]}
    write_json(workdir / PUBLISH_RECORD, {**intended, "files": _published_hashes(output, archive_file, tables)})
    return PublishReport(output, _sizes(output), archive_file if archive else None)


def _sizes(output: Path) -> dict[str, int]:
    """The package's files and their sizes (the mark of ours is not one of them)."""
    files = {path.relative_to(output).as_posix(): path.stat().st_size for path in sorted(output.rglob("*")) if path.is_file()}
    files.pop(PUBLISHED_MARK, None)
    return files


def _published_hashes(output: Path, archive_file: Path, known: dict[str, str] | None = None) -> dict[str, str]:
    """SHA-256 of every file of the package, and of its release zip when there is one; `known` ones are taken as given."""
    known = known or {}
    hashes = {}
    for path in sorted(output.rglob("*")):
        if path.is_file():
            name = path.relative_to(output).as_posix()
            hashes[name] = known.get(name) or file_sha256(path)
    if archive_file.is_file():
        hashes[f"../{archive_file.name}"] = file_sha256(archive_file)
    return hashes


def _still_published(workdir: Path, intended: dict, output: Path, archive_file: Path) -> bool:
    """True when the last publish from `workdir` was this one and left `output` exactly as it is now."""
    try:
        record = read_json(workdir / PUBLISH_RECORD)
    except (OSError, ValueError):
        return False
    if any(record.get(key) != value for key, value in intended.items()) or not output.is_dir():
        return False
    return record.get("files") == _published_hashes(output, archive_file)


def _copy_package(workdir: Path, staging: Path) -> None:
    shutil.copytree(workdir / DATA_DIR, staging / DATA_DIR, copy_function=_link_or_copy)


def _write_descriptor(staging: Path, descriptor: dict) -> None:
    """The validated descriptor, with the SQLite file made from its tables added to its resources."""
    descriptor["resources"].append(sqlite_resource(staging, file_sha256(staging / SQLITE)))
    write_json(staging / DESCRIPTOR, descriptor)


def _link_or_copy(source: str | Path, target: str | Path) -> None:
    """A hard link where the file system allows one: a gigabyte of tables is published without being copied.

    Safe because no stage writes into an existing file: an extract removes the old tables and
    writes new ones, so a published file never changes under the package that holds it.
    """
    try:
        os.link(source, target)
    except OSError:  # another file system, or one without hard links
        shutil.copy2(source, target)


def _validated_descriptor(workdir: Path) -> dict:
    report = read_validation(workdir)
    if report is None:
        raise PipelineError(f"the package in {workdir} has not been validated: run `pipeline validate` first")
    if not report["valid"]:
        raise PipelineError(f"the package in {workdir} failed validation; see {workdir}/validation-report.json")
    if report["package_sha256"] != file_sha256(workdir / DESCRIPTOR):
        raise PipelineError(f"the package in {workdir} changed after it was validated: run `pipeline validate` again")
    descriptor = read_json(workdir / DESCRIPTOR)
    changed = unmatched_resources(workdir, descriptor)
    if changed:
        raise PipelineError(f"{workdir}/{changed[0]['path']} changed after it was validated: run `pipeline validate` again")
    return descriptor


def _clear_debris(output: Path) -> None:
    """Undo what a killed run left: restore a package caught mid-swap, drop staging folders and zips."""
    leftovers = sorted(output.parent.glob(f"{output.name}{_STAGING}*")) + sorted(output.parent.glob(f"{output.name}{_RETIRED}*"))
    for leftover in leftovers:
        if _RETIRED in leftover.name and not output.exists():
            leftover.rename(output)
        elif leftover.is_file():
            leftover.unlink()
        else:
            shutil.rmtree(leftover, ignore_errors=True)


def _swap_into_place(staging: Path, output: Path) -> None:
    if not output.exists():
        staging.rename(output)
        return
    if _exchange(staging, output):
        shutil.rmtree(staging)  # now holds the previous package
        return
    retired = output.with_name(f"{output.name}{_RETIRED}{os.getpid()}")
    output.rename(retired)
    staging.rename(output)
    shutil.rmtree(retired)


def _exchange(first: Path, second: Path) -> bool:
    """Atomically swap two folders (Linux renameat2 RENAME_EXCHANGE); False where unsupported."""
    renameat2 = getattr(ctypes.CDLL(None, use_errno=True), "renameat2", None)
    if renameat2 is None:
        return False
    at_fdcwd, rename_exchange = -100, 2
    return renameat2(at_fdcwd, os.fsencode(first), at_fdcwd, os.fsencode(second), rename_exchange) == 0


def _fsync_tree(folder: Path) -> None:
    """Flush every file to disk before the swap, so a crash cannot publish empty files."""
    for path in folder.rglob("*"):
        if path.is_file():
            _fsync(path)


def _fsync(path: Path) -> None:
    with path.open("rb") as stream:
        os.fsync(stream.fileno())
