"""Write tables as a Frictionless Data Package (v2): CSV + Parquet per table, and `datapackage.json`.

Every file's SHA-256 is computed here from the bytes written. Parquet resources carry no
`bytes`: Frictionless 5 cannot count the bytes of a Parquet file it reads through pyarrow and
reports any declared count as a `byte-count` error; their hash and size are in the dataset card.
"""

from __future__ import annotations

import copy
import hashlib
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline.curation import Curation
from pipeline.files import files_sha256, write_json
from pipeline.formats.titles import document_types
from pipeline.paths import DATA_DIR, DESCRIPTOR, PARQUET_SUFFIX
from pipeline.tables import arrow_schema, table_names, table_schema

_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


class PackageWriter:
    """Write tables batch by batch as CSV and Parquet under `folder/data/`, then the descriptor.

    Rows are buffered into row groups of `ROW_GROUP_ROWS`, so Parquet files are read efficiently,
    memory stays flat however many batches arrive, and the bytes do not depend on the batches.
    """

    ROW_GROUP_ROWS = 100_000

    def __init__(self, folder: Path, curation: Curation = Curation()):
        self.folder = folder
        names = table_names()
        self._schemas = {name: _schema_in_use(name, curation) for name in names}
        (folder / DATA_DIR).mkdir(parents=True, exist_ok=True)
        self.row_counts = dict.fromkeys(names, 0)
        self._pending: dict[str, list[pa.Table]] = {name: [] for name in names}
        self._files = {
            (name, file_format): _HashedFile(folder / _data_path(name, file_format))
            for file_format in ("csv", "parquet")
            for name in names
        }
        self._csv = {
            name: pa_csv.CSVWriter(
                pa.PythonFile(self._files[name, "csv"], mode="w"),
                arrow_schema(name),
                write_options=pa_csv.WriteOptions(quoting_style="needed"),
            )
            for name in names
        }
        self._parquet = {
            name: pq.ParquetWriter(pa.PythonFile(self._files[name, "parquet"], mode="w"), arrow_schema(name), compression="zstd")
            for name in names
        }

    def write(self, name: str, table: pa.Table) -> None:
        self._pending[name].append(table)
        self.row_counts[name] += table.num_rows
        if sum(part.num_rows for part in self._pending[name]) >= self.ROW_GROUP_ROWS:
            self._flush(name, whole_groups_only=True)

    def close(self, metadata: dict[str, Any]) -> dict[str, Any]:
        """Finish every file and write `datapackage.json` with the dataset's `metadata` (title, licences, sources, ...).

        Each input file's path and SHA-256 are rows of the `sources` table, not of the descriptor,
        which stays the same size however many files there are.
        """
        for name in self.row_counts:
            self._flush(name)
            self._csv[name].close()
            self._parquet[name].close()
        for file in self._files.values():
            file.close()
        descriptor = {
            "$schema": _PROFILE,
            **metadata,
            "resources": [self._resource(name, file_format, file.sha256.hexdigest()) for (name, file_format), file in self._files.items()],
        }
        write_json(self.folder / DESCRIPTOR, descriptor)
        return descriptor

    def _flush(self, name: str, whole_groups_only: bool = False) -> None:
        """Write the rows pending as row groups of `ROW_GROUP_ROWS` (the last one shorter unless `whole_groups_only`).

        Each group is one contiguous block: the files' bytes depend on the rows alone, not on the
        batches they came in (what was reused, chunk sizes, workers).
        """
        if not self._pending[name]:
            return
        pending = pa.concat_tables(self._pending[name])
        whole = pending.num_rows - pending.num_rows % self.ROW_GROUP_ROWS
        written = whole if whole_groups_only else pending.num_rows
        for start in range(0, written, self.ROW_GROUP_ROWS):
            group = pending.slice(start, self.ROW_GROUP_ROWS).combine_chunks()
            self._csv[name].write_table(group)
            self._parquet[name].write_table(group)
        self._pending[name] = [pending.slice(written)] if written < pending.num_rows else []

    def _resource(self, name: str, file_format: str, sha256: str) -> dict[str, Any]:
        path = _data_path(name, file_format)
        digest = "sha256:" + sha256
        if file_format == "csv":
            return {
                "name": name,
                "type": "table",
                "path": path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": (self.folder / path).stat().st_size,
                "hash": digest,
                "description": self._schemas[name]["description"],
                "schema": self._schemas[name],
            }
        return {
            "name": name + PARQUET_SUFFIX,
            "type": "table",
            "path": path,
            "format": "parquet",
            "mediatype": "application/vnd.apache.parquet",
            "hash": digest,
            "description": f"The {name} table as Parquet: the same rows as {name}.csv, typed.",
            "schema": _refer_to_parquet(self._schemas[name]),
        }


class _HashedFile:
    """A file being written that hashes its bytes on their way to disk: a gigabyte of tables is not read back to be hashed."""

    def __init__(self, path: Path):
        self.path = path
        self._file = path.open("wb")
        self.sha256 = hashlib.sha256()

    def write(self, data: bytes | memoryview) -> int:
        self.sha256.update(data)
        try:
            return self._file.write(data)
        except OSError as error:
            raise self._named(error) from None

    def flush(self) -> None:
        self._file.flush()

    def close(self) -> None:
        try:
            self._file.close()  # writes what is still buffered
        except OSError as error:
            raise self._named(error) from None

    def _named(self, error: OSError) -> OSError:
        """The file's error with its path: "No space left on device" alone does not say where."""
        return OSError(error.errno, error.strerror, str(self.path))

    @property
    def closed(self) -> bool:
        return self._file.closed


def _data_path(name: str, file_format: str) -> str:
    return f"{DATA_DIR}/{name}.{file_format}"


def _schema_in_use(name: str, curation: Curation) -> dict[str, Any]:
    """The table's schema, its document types those of the vocabulary the records were read with (the curator's, or ours)."""
    schema = table_schema(name)
    for field in schema["fields"]:
        if field["name"] == "document_type":
            field["constraints"]["enum"] = sorted(set(document_types(curation.document_types).values()))
    return schema


def _refer_to_parquet(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, with foreign keys pointing at the Parquet twins of the tables they name."""
    schema = copy.deepcopy(schema)
    for foreign_key in schema.get("foreignKeys", []):
        if foreign_key["reference"]["resource"]:  # "" refers to the table itself
            foreign_key["reference"]["resource"] += PARQUET_SUFFIX
    return schema


def code_version() -> str:
    """A hash of the pipeline's source, schemas and reference data: changes when the code does."""
    package = Path(__file__).parent
    digest = hashlib.sha256()
    for path in sorted(package.rglob("*")):
        if path.suffix in {".py", ".json", ".csv"} and "__pycache__" not in path.parts:
            digest.update(path.relative_to(package).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def unmatched_resources(folder: Path, descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The resources of `descriptor` whose file under `folder` is missing, or no longer has the hash declared."""
    resources = descriptor["resources"]
    paths = [folder / resource["path"] for resource in resources]
    missing = [resource for resource, path in zip(resources, paths) if not path.is_file()]
    if missing:
        return missing
    return [resource for resource, digest in zip(resources, files_sha256(paths)) if "sha256:" + digest != resource["hash"]]
