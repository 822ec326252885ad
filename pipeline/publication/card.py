"""The dataset card, `README.md` of a published package, written from its descriptor.

Fields, types and descriptions come from the Table Schemas in the descriptor, so the card can
never disagree with the data it describes. The loading snippets are run by the tests, as written.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pyarrow.parquet as pq

from pipeline.files import file_sha256
from pipeline.load import table_resources
from pipeline.paths import CARD, CROISSANT, DESCRIPTOR, JSONLD, PARQUET_SUFFIX, PROJECT_FILE, TIMELINE
from pipeline.publication.citation import bibtex, citation_text, creators
from pipeline.wording import counted

# The table every snippet loads; the others load the same way.
EXAMPLE_TABLE = "documents"
# A card is read by people: a corpus of 100,000 files lists its first files, the `sources` table all of them.
_MOST_SOURCES_LISTED = 100


def write_card(folder: Path, descriptor: dict[str, Any], row_counts: dict[str, int]) -> None:
    """Write `README.md` into `folder`, after the files it describes (timeline, JSON-LD, Croissant)."""
    (folder / CARD).write_text(render_card(folder, descriptor, row_counts), encoding="utf-8")


def render_card(folder: Path, descriptor: dict[str, Any], row_counts: dict[str, int]) -> str:
    tables = table_resources(descriptor)
    parquet = {resource["name"].removesuffix(PARQUET_SUFFIX): resource for resource in descriptor["resources"]}
    lines = [
        f"# {descriptor['title']}",
        "",
        descriptor["description"],
        "",
        *_stated(descriptor),
        f"- Format: [Frictionless Data Package v2](https://datapackage.org/), described by `{DESCRIPTOR}`;"
        " every table as CSV (UTF-8, header row) and as Parquet (typed: dates are dates, integers are int64).",
        f"- Also described as a schema.org `Dataset` in [`{JSONLD}`]({JSONLD}) (for dataset search engines)"
        f" and as [MLCommons Croissant](https://mlcommons.org/croissant/) in [`{CROISSANT}`]({CROISSANT})"
        " (for machine-learning tools).",
        *_database(descriptor),
        "",
        f"![Every dated record of the package on one time axis: documents in blue, events in red]({TIMELINE})",
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
            f"| `{twin['path']}` ({_size(folder / twin['path'])}) | {_cell(resource['description'])} |"
        )
    if "mentions" in parquet:
        lines += _linking(folder / parquet["mentions"]["path"])
    for resource in tables:
        lines += ["", f"### `{resource['name']}`", "", resource["description"], ""]
        lines += _field_table(resource["schema"])
    lines += [
        "",
        "## Where it comes from",
        "",
        *_sources(descriptor["sources"], *_input_files(folder, parquet["sources"]["path"])),
        *_how_to_load(parquet[EXAMPLE_TABLE]["path"]),
        "## How to cite",
        "",
        citation_text(descriptor),
        "",
        "```bibtex",
        bibtex(descriptor),
        "```",
        "",
        "## Files and checksums",
        "",
        "| file | bytes | sha256 |",
        "|---|---:|---|",
        *[
            f"| `{path}` | {(folder / path).stat().st_size:,} | `{digest}` |"
            for path, digest in _checksums(folder, descriptor).items()
        ],
        "",
    ]
    return "\n".join(lines)


def _database(descriptor: dict[str, Any]) -> list[str]:
    """The SQLite edition, where the package has one: what it holds and how to browse it."""
    return [
        f"- [`{resource['path']}`]({resource['path']}) holds every table in one SQLite database, with full-text"
        " search and views; browse it as a website with `pipeline serve --package .` (or `datasette"
        f" {resource['path']}`), or query it with any SQLite tool."
        for resource in descriptor["resources"]
        if resource.get("format") == "sqlite"
    ]


def _stated(descriptor: dict[str, Any]) -> list[str]:
    """Version, licences, creators, keywords and homepage as the project states them; how to state what it does not."""
    stated = {
        "Version": descriptor.get("version"),
        "Licence": "; ".join(_licence(licence) for licence in descriptor.get("licenses", [])),
        "Created by": "; ".join(creators(descriptor)),
        "Keywords": ", ".join(descriptor.get("keywords", [])),
        "Homepage": descriptor.get("homepage"),
    }
    lines = [f"- {label}: {value}" for label, value in stated.items() if value]
    missing = [what for label, what in (("Licence", "no licence"), ("Created by", "no creator")) if not stated[label]]
    if missing:
        lines.append(
            f"- The project states {' and '.join(missing)}: whoever publishes this dataset sets them in `{PROJECT_FILE}`"
            " beside the input folder (`pipeline init` writes one to fill in) and runs `pipeline run` again."
        )
    return lines


def _licence(licence: dict[str, str]) -> str:
    label = licence.get("title") or licence.get("name") or licence["path"]
    linked = f"[{label}]({licence['path']})" if "path" in licence else label
    return linked + (f" (`{licence['name']}`)" if "name" in licence else "")


def _linking(mentions_parquet: Path) -> list[str]:
    """How many mentions the authority file resolved, and how many were only recognised (`matched_by`)."""
    how = pq.read_table(mentions_parquet, columns=["matched_by"]).column("matched_by").value_counts().to_pylist()
    counts = {count["values"]: count["counts"] for count in how}
    total = sum(counts.values())
    gazetteer, text_only = counts.get("gazetteer", 0), counts.get("unresolved", 0)
    return [
        "",
        f"Of the {counted(total, 'mention')}, {total - gazetteer - text_only:,} were resolved by the authority file (an"
        f" alias, a typo of one, or a surname given in full in the record) and {gazetteer + text_only:,} only"
        f" recognised: {counted(gazetteer, 'place')} from GeoNames, {counted(text_only, 'name')} from the text alone"
        " (`resolved` is false in `entities`; `pipeline entities --unresolved --csv` lists them for review).",
    ]


def _input_files(folder: Path, sources_parquet: str) -> tuple[list[dict[str, str]], int]:
    """The first `_MOST_SOURCES_LISTED` rows of the `sources` table (path and SHA-256), and how many rows it has."""
    table = pq.ParquetFile(folder / sources_parquet)
    first = next(table.iter_batches(batch_size=_MOST_SOURCES_LISTED, columns=["path", "sha256"]), None)
    return (first.to_pylist() if first is not None else []), table.metadata.num_rows


def _sources(statements: list[dict[str, str]], files: list[dict[str, str]], total: int) -> list[str]:
    """What the project says the pages are, and the input files with their hashes; the `sources` table holds them all."""
    lines = [f"- [{source['title']}]({source['path']})" if "path" in source else f"- {source['title']}" for source in statements]
    lines += [
        "",
        "Every value was read from these input files (the SHA-256 of their bytes as read);"
        " the `sources` table says which format each was read as and how many records it gave:",
        "",
        "| file | sha256 |",
        "|---|---|",
        *[f"| `{source['path']}` | `{source['sha256']}` |" for source in files],
        "",
    ]
    if total > len(files):
        lines += [f"The first {len(files):,} of {total:,} files; the `sources` table lists every one.", ""]
    return lines


def _checksums(folder: Path, descriptor: dict[str, Any]) -> dict[str, str]:
    """path -> SHA-256 of every file the card lists; the tables' were checked against the descriptor before publishing."""
    tables = {resource["path"]: resource["hash"].removeprefix("sha256:") for resource in descriptor["resources"]}
    return {
        DESCRIPTOR: file_sha256(folder / DESCRIPTOR),
        **tables,
        **{path: file_sha256(folder / path) for path in (TIMELINE, JSONLD, CROISSANT)},
    }


def _how_to_load(parquet_path: str) -> list[str]:
    """Copy-paste snippets, each run from inside the package folder; each gives the same rows."""
    name = EXAMPLE_TABLE
    return [
        "## How to load",
        "",
        f"Run these from inside this folder; each loads the `{name}` table (any other table loads the same way).",
        "",
        "pandas (typed: `dtype_backend=\"pyarrow\"` keeps dates as dates and integers as int64):",
        "",
        "```python",
        "import pandas as pd",
        "",
        f'{name} = pd.read_parquet("{parquet_path}", dtype_backend="pyarrow")',
        "```",
        "",
        "polars:",
        "",
        "```python",
        "import polars as pl",
        "",
        f'{name} = pl.read_parquet("{parquet_path}")',
        "```",
        "",
        "DuckDB (SQL, in its shell or any of its clients):",
        "",
        "```sql",
        f"SELECT date, title, document_type FROM '{parquet_path}' ORDER BY date_start;",
        "```",
        "",
        "R, with the arrow package:",
        "",
        "```r",
        "library(arrow)",
        f'{name} <- read_parquet("{parquet_path}")',
        "```",
        "",
        "frictionless (reads the CSV, checked against its Table Schema):",
        "",
        "```python",
        "from frictionless import Package",
        "",
        f'package = Package("{DESCRIPTOR}")',
        f'{name} = package.get_resource("{name}").read_rows()',
        "```",
        "",
        "Check the whole package against its schemas, keys and checksums:",
        "",
        "```sh",
        f"frictionless validate {DESCRIPTOR}",
        "```",
        "",
        "With the code that published this package installed (`pip install .` in its repository),"
        " `load` gives the same typed DataFrame as pandas above:",
        "",
        "```python",
        "from pipeline import load",
        "",
        f'{name} = load("{name}", ".")',
        "```",
        "",
    ]


def _field_table(schema: dict[str, Any]) -> list[str]:
    keys = ", ".join(f"`{name}`" for name in schema.get("primaryKey", []))
    rows = [f"Primary key: {keys}."]
    for foreign_key in schema.get("foreignKeys", []):
        target = foreign_key["reference"]
        rows.append(
            f"Foreign key: {', '.join(f'`{name}`' for name in foreign_key['fields'])} refers to "
            + ", ".join(f"`{target['resource']}.{name}`" for name in target["fields"])
            + "."
        )
    rows += ["", "| field | type | required | description |", "|---|---|---|---|"]
    for field in schema["fields"]:
        required = "yes" if field.get("constraints", {}).get("required") else ""
        rows.append(f"| `{field['name']}` | {field['type']} | {required} | {_cell(field['description'])} |")
    return rows


def _cell(text: str) -> str:
    """Text fit for a Markdown table cell: a `|` would end the cell."""
    return text.replace("|", "\\|")


def _size(path: Path) -> str:
    size = path.stat().st_size
    return f"{size:,} bytes" if size < 10_000 else f"{size / 1024:,.0f} KiB"
