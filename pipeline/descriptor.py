"""Reading a package's `datapackage.json`: light enough for `pipeline.load`, which imports no parser."""

from __future__ import annotations

from typing import Any

from pipeline.paths import PARQUET_SUFFIX


def table_resources(descriptor: dict[str, Any]) -> list[dict[str, Any]]:
    """The CSV resource of every table, in the descriptor's order; each has a Parquet twin, and the package other files."""
    return [
        resource for resource in descriptor["resources"]
        if resource.get("type") == "table" and not resource["name"].endswith(PARQUET_SUFFIX)
    ]
