"""The dataset card, `README.md` of a published package, written from its descriptor.

Fields, types and descriptions come from the Table Schemas in the descriptor, so the card can
never disagree with the data it describes.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.package import PARQUET_SUFFIX
from pipeline.paths import CARD


def write_card(folder: Path, descriptor: dict[str, Any], row_counts: dict[str, int]) -> None:
    (folder / CARD).write_text(render_card(folder, descriptor, row_counts), encoding="utf-8")


def render_card(folder: Path, descriptor: dict[str, Any], row_counts: dict[str, int]) -> str:
    tables = [resource for resource in descriptor["resources"] if not resource["name"].endswith(PARQUET_SUFFIX)]
    parquet = {resource["name"].removesuffix(PARQUET_SUFFIX): resource for resource in descriptor["resources"]}
    licence = descriptor["licenses"][0]
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        f"- Version: {descriptor['version']}",
        f"- Licence: [{licence['title']}]({licence['path']}) (`{licence['name']}`)",
        f"- Format: [Frictionless Data Package v2](https://datapackage.org/), described by `datapackage.json`;"
        " every table as CSV (UTF-8, header row) and as Parquet (typed: dates are dates, integers are int64).",
        "",
        "## Tables",
        "",
        "| table | rows | CSV | Parquet | what it holds |",
        "|---|---:|---|---|---|",
    ]
    for resource in tables:
        name = resource["name"]
        twin = parquet[name]
        lines.append(
            f"| `{name}` | {row_counts.get(name, 0)} | `{resource['path']}` ({_size(folder / resource['path'])}) "
            f"| `{twin['path']}` ({_size(folder / twin['path'])}) | {resource['description']} |"
        )
    for resource in tables:
        lines += ["", f"### `{resource['name']}`", "", resource["description"], ""]
        lines += _field_table(resource["schema"])
    lines += [
        "",
        "## Sources",
        "",
        "Every input file, with the SHA-256 of its bytes as read:",
        "",
        "| file | sha256 |",
        "|---|---|",
        *[f"| `{source['path']}` | `{source['sha256']}` |" for source in descriptor["sources"]],
        "",
        "## Files and checksums",
        "",
        "| file | sha256 |",
        "|---|---|",
        *[f"| `{resource['path']}` | `{resource['hash'].removeprefix('sha256:')}` |" for resource in descriptor["resources"]],
        "",
        "## How to load",
        "",
        "```python",
        "import pandas as pd",
        'documents = pd.read_parquet("data/documents.parquet")',
        "```",
        "",
        "```python",
        "from frictionless import Package",
        'package = Package("datapackage.json")',
        'rows = package.get_resource("documents").read_rows()',
        "```",
        "",
    ]
    return "\n".join(lines)


def _field_table(schema: dict[str, Any]) -> list[str]:
    keys = ", ".join(f"`{name}`" for name in schema.get("primaryKey", []))
    rows = [f"Primary key: {keys}.", "", "| field | type | required | description |", "|---|---|---|---|"]
    for field in schema["fields"]:
        required = "yes" if field.get("constraints", {}).get("required") else ""
        rows.append(f"| `{field['name']}` | {field['type']} | {required} | {field['description']} |")
    return rows


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.0f} KiB"
