"""Read one table of a published package into pandas, typed, from its Parquet file.

Every column keeps its Arrow type (`dtype_backend="pyarrow"`): dates stay dates (date32), integers
stay int64 even where a value is missing, text is text. `pd.read_parquet(path, dtype_backend="pyarrow")`
gives the same frame, which is what the dataset card tells people without this code to run.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from pipeline.errors import PipelineError
from pipeline.paths import DEFAULT_OUTPUT, DESCRIPTOR, PARQUET_SUFFIX

if TYPE_CHECKING:
    import pandas as pd


def load(table: str, package: str | Path = DEFAULT_OUTPUT, columns: list[str] | None = None) -> pd.DataFrame:
    """The table `table` of the package in the folder `package` (default `datapackage/`).

    Example: `load("documents")`, or `load("events", "downloads/datapackage")`; `columns` reads
    only those columns, which is much less memory on a big table.
    """
    import pandas as pd  # here: every extract worker imports this package, and none needs pandas

    folder = Path(package)
    path = folder / _parquet_resource(read_descriptor(folder), table, folder)["path"]
    if not path.is_file():
        raise PipelineError(f"{path} is missing: the package in {folder} is incomplete; publish or download it again")
    return pq.read_table(path, columns=columns).to_pandas(types_mapper=pd.ArrowDtype)


def read_descriptor(folder: Path) -> dict[str, Any]:
    """The `datapackage.json` of a published package, or a PipelineError saying what is wrong."""
    path = folder / DESCRIPTOR
    if not path.is_file():
        raise PipelineError(f"{folder} is not a data package: it has no {DESCRIPTOR} (publish one with `pipeline run`)")
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise PipelineError(f"{path} is not valid JSON: {error}") from error


def table_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV resource of every table, in the descriptor's order; each has a Parquet twin, and the package other files."""
    return [
        resource for resource in descriptor["resources"]
        if resource.get("type") == "table" and not resource["name"].endswith(PARQUET_SUFFIX)
    ]


def _table_names(descriptor: dict[str, Any]) -> list[str]:
    """The tables of a package, in the descriptor's order (each has a CSV and a Parquet resource)."""
    return [resource["name"] for resource in table_resources(descriptor)]


def _parquet_resource(descriptor: dict[str, Any], table: str, folder: Path) -> dict[str, Any]:
    for resource in descriptor["resources"]:
        if resource["name"] == table + PARQUET_SUFFIX:
            return resource
    known = ", ".join(_table_names(descriptor))
    raise PipelineError(f"no table named {table!r} in the package in {folder}; its tables are: {known}")
