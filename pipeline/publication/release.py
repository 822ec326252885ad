"""The release archive: one zip of a package folder with a `SHA256SUMS` file, ready to attach.

Entries are sorted and carry a fixed timestamp and permissions, so the same package gives a
byte-identical zip. They sit under one folder named like the package folder, so unzipping gives
`datapackage/`, where `sha256sum -c SHA256SUMS` checks every file.
"""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

from pipeline.files import file_sha256
from pipeline.paths import CHECKSUMS

# The earliest time a zip can hold; any fixed value would do.
_TIMESTAMP = (1980, 1, 1, 0, 0, 0)
_UNIX = 3  # "made by" system: Unix, so the permissions below are read as Unix modes
_FILE_MODE = 0o100644  # regular file, rw-r--r--


def write_archive(folder: Path, target: Path, root: str) -> None:
    """Zip every file of `folder`, and a `SHA256SUMS` of them, under `root/` into `target`."""
    files = {path.relative_to(folder).as_posix(): path for path in folder.rglob("*") if path.is_file()}
    sums = "".join(f"{file_sha256(files[name])}  {name}\n" for name in sorted(files))
    with zipfile.ZipFile(target, "w") as archive:
        for name in sorted([*files, CHECKSUMS]):
            entry = zipfile.ZipInfo(f"{root}/{name}", date_time=_TIMESTAMP)
            entry.create_system = _UNIX
            entry.external_attr = _FILE_MODE << 16
            entry.compress_type = zipfile.ZIP_DEFLATED
            if name == CHECKSUMS:
                archive.writestr(entry, sums)
                continue
            with files[name].open("rb") as source, archive.open(entry, "w") as sink:
                shutil.copyfileobj(source, sink)
