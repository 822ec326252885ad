"""Input files: find them, decode them whatever their encoding, normalise, fingerprint."""

from __future__ import annotations

import codecs
import hashlib
import os
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import charset_normalizer

from pipeline.errors import PipelineError

# Longest first: the UTF-32 LE mark begins with the UTF-16 LE one.
_BOMS = [
    (codecs.BOM_UTF32_LE, "utf-32"),
    (codecs.BOM_UTF32_BE, "utf-32"),
    (codecs.BOM_UTF8, "utf-8-sig"),
    (codecs.BOM_UTF16_LE, "utf-16"),
    (codecs.BOM_UTF16_BE, "utf-16"),
]


class UnreadableSource(Exception):
    """The file's bytes are not text we can decode; the message says why."""


@dataclass(frozen=True)
class Source:
    """One input file, decoded to NFC text with `\\n` newlines, or the reason it could not be."""

    source_id: str
    path: str
    sha256: str
    bytes: int
    encoding: str | None
    text: str | None
    problem: str | None = None


@dataclass(frozen=True)
class Skipped:
    """A file of the input folder that is not read, and why."""

    path: str  # inside the input folder
    reason: str


@dataclass(frozen=True)
class Inputs:
    """What the input folder holds: the text files to read, in a stable order, and every other entry."""

    paths: list[Path]
    skipped: list[Skipped]


def find_sources(input_dir: Path) -> Inputs:
    """Every `*.txt` file of `input_dir` and its subfolders, in any letter case; the rest listed as skipped.

    Hidden files and folders (".git", ".DS_Store") are skipped, and so are links to folders, which
    could lead back into the input folder. Files come in path order, folder by folder.
    """
    if not input_dir.is_dir():
        raise PipelineError(f"input folder {input_dir} does not exist or is not a folder")
    found = Inputs([], [])
    _walk(input_dir, "", found)
    if not found.paths:
        noted = ""
        if found.skipped:
            first, more = found.skipped[0], len(found.skipped) - 1
            noted = f"; skipped {first.path} ({first.reason})" + (f" and {more:,} more" if more else "")
        raise PipelineError(f"input folder {input_dir} holds no *.txt files{noted}")
    return found


def _walk(folder: Path, prefix: str, found: Inputs) -> None:
    # scandir gives each entry's type with its name: 100,000 files are listed without a stat each.
    try:
        with os.scandir(folder) as listing:
            entries = sorted(listing, key=lambda entry: entry.name)
    except OSError as error:
        if not prefix:
            raise
        found.skipped.append(Skipped(prefix, f"folder that cannot be listed ({error.strerror or error})"))
        return
    for entry in entries:
        relative = prefix + entry.name
        if entry.is_dir():
            if entry.name.startswith("."):
                found.skipped.append(Skipped(relative + "/", "hidden folder, not searched"))
            elif entry.is_symlink():
                found.skipped.append(Skipped(relative + "/", "link to a folder, not followed"))
            else:
                _walk(Path(entry.path), relative + "/", found)
        elif entry.name.startswith("."):
            found.skipped.append(Skipped(relative, "hidden file"))
        elif not entry.name.lower().endswith(".txt"):
            found.skipped.append(Skipped(relative, "not *.txt"))
        elif not entry.is_file():
            found.skipped.append(Skipped(relative, "not a regular file"))
        else:
            found.paths.append(Path(entry.path))


def source_id(relative_path: str) -> str:
    """The id of the file at `relative_path` (posix, inside the input folder): the path without ".txt".

    Only a lowercase ".txt" is dropped, so "page.txt" and "page.TXT" side by side keep two ids.
    """
    return relative_path.removesuffix(".txt")


def read_ahead(paths: list[Path]) -> None:
    """Ask the kernel to fetch these files into memory now, while other files are parsed.

    Read one by one from a cold disk, each small file stalls its reader (86 us here, ~12 s of 100,000
    files on two workers); asked for ahead, they are fetched together in the background. Where
    the system cannot be asked (no posix_fadvise), files are simply read when parsed.
    """
    advise = getattr(os, "posix_fadvise", None)
    if advise is None:
        return
    for path in paths:
        try:
            descriptor = os.open(path, os.O_RDONLY)
        except OSError:
            continue  # the reader reports the file it cannot open
        try:
            advise(descriptor, 0, 0, os.POSIX_FADV_WILLNEED)
        finally:
            os.close(descriptor)


def decode(raw: bytes) -> tuple[str, str]:
    """(text, encoding name) for the bytes of a text file; raises UnreadableSource."""
    if not raw.strip():
        raise UnreadableSource("the file is empty")
    for bom, encoding in _BOMS:
        if raw.startswith(bom):
            try:
                return raw.decode(encoding), encoding
            except UnicodeDecodeError as error:
                raise UnreadableSource(f"starts with a {encoding} byte-order mark but is not {encoding}: {error.reason}")
    if b"\x00" in raw:
        raise UnreadableSource("the file is binary, not text (it contains NUL bytes)")
    try:
        return raw.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    candidates = charset_normalizer.from_bytes(raw)
    best = candidates.best()
    if best is None:
        raise UnreadableSource("the file is not text in any encoding we recognise")
    # Short texts often leave several code pages tied; Windows-1252 is then the likeliest origin.
    tied = [match for match in candidates if (match.chaos, match.coherence) == (best.chaos, best.coherence)]
    chosen = next((match for match in tied if match.encoding == "cp1252"), best)
    return str(chosen), chosen.encoding


def normalise(text: str) -> str:
    """NFC, `\\n` newlines, no trailing spaces: the same page gives the same records however saved."""
    text = unicodedata.normalize("NFC", text.replace("\r\n", "\n").replace("\r", "\n"))
    return "\n".join(line.rstrip() for line in text.split("\n"))


def read_source(path: Path, input_dir: Path) -> Source:
    """Read one file; a file that is not usable text comes back with `problem` set."""
    raw = path.read_bytes()
    relative_path = path.relative_to(input_dir).as_posix()
    fingerprint = dict(
        source_id=source_id(relative_path),
        path=relative_path,
        sha256=hashlib.sha256(raw).hexdigest(),
        bytes=len(raw),
    )
    try:
        text, encoding = decode(raw)
    except UnreadableSource as error:
        return Source(**fingerprint, encoding=None, text=None, problem=str(error))
    return Source(**fingerprint, encoding=encoding, text=normalise(text))
