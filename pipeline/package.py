"""Write tables as a Frictionless Data Package (v2): CSV + Parquet per table, and `datapackage.json`.

Every file's SHA-256 is computed here from the bytes written. Parquet resources carry no
`bytes`: Frictionless 5 cannot count the bytes of a Parquet file it reads through pyarrow and
reports any declared count as a `byte-count` error; their hash and size are in the dataset card.
"""

from __future__ import annotations

import copy
import hashlib
import json
from collections.abc import Mapping
from importlib import resources
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

from pipeline.paths import DATA_DIR, DESCRIPTOR
from pipeline.sources import Source
from pipeline.tables import TABLES, table_schema

PARQUET_SUFFIX = "-parquet"
_PROFILE = "https://datapackage.org/profiles/2.0/datapackage.json"


def package_metadata() -> dict[str, Any]:
    """Name, title, licence and the rest, from `pipeline/metadata/datapackage.json`."""
    text = resources.files("pipeline.metadata").joinpath("datapackage.json").read_text(encoding="utf-8")
    return json.loads(text)


def write_package(folder: Path, tables: Mapping[str, pa.Table], sources: list[Source]) -> dict[str, Any]:
    """Write every table as CSV and Parquet under `folder/data/`, then the descriptor; return it."""
    (folder / DATA_DIR).mkdir(parents=True, exist_ok=True)
    csv_resources, parquet_resources = [], []
    for name in TABLES:
        table = tables[name]
        csv_path = f"{DATA_DIR}/{name}.csv"
        parquet_path = f"{DATA_DIR}/{name}.parquet"
        pa_csv.write_csv(table, folder / csv_path, write_options=pa_csv.WriteOptions(quoting_style="needed"))
        pq.write_table(table, folder / parquet_path, compression="zstd")
        description = table_schema(name)["description"]
        csv_resources.append(
            {
                "name": name,
                "type": "table",
                "path": csv_path,
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": (folder / csv_path).stat().st_size,
                "hash": "sha256:" + file_sha256(folder / csv_path),
                "description": description,
                "schema": table_schema(name),
            }
        )
        parquet_resources.append(
            {
                "name": name + PARQUET_SUFFIX,
                "type": "table",
                "path": parquet_path,
                "format": "parquet",
                "mediatype": "application/vnd.apache.parquet",
                "hash": "sha256:" + file_sha256(folder / parquet_path),
                "description": f"The {name} table as Parquet: the same rows as {name}.csv, typed.",
                "schema": _refer_to_parquet(table_schema(name)),
            }
        )
    descriptor = {
        "$schema": _PROFILE,
        **package_metadata(),
        "sources": [{"title": source.path, "path": source.path, "sha256": source.sha256} for source in sources],
        "resources": csv_resources + parquet_resources,
    }
    write_json(folder / DESCRIPTOR, descriptor)
    return descriptor


def _refer_to_parquet(schema: dict[str, Any]) -> dict[str, Any]:
    """The same schema, with foreign keys pointing at the Parquet twins of the tables they name."""
    schema = copy.deepcopy(schema)
    for foreign_key in schema.get("foreignKeys", []):
        if foreign_key["reference"]["resource"]:  # "" refers to the table itself
            foreign_key["reference"]["resource"] += PARQUET_SUFFIX
    return schema


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def write_json(path: Path, value: Any) -> None:
    """Stable JSON: sorted keys, two-space indent, UTF-8, newline at the end."""
    path.write_text(json.dumps(value, indent=2, sort_keys=True, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
