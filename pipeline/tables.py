"""Records -> Arrow tables that conform to the Table Schemas in `pipeline/schemas/`.

The schemas are the contract: column order, names and types all come from them. `list` fields
are written as text joined by the field's delimiter, in Parquet as in CSV, so both files of a
table hold the same values and both validate with Frictionless.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from functools import cache
from importlib import resources
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import formats, parsed
from pipeline.linking.authority import Entity
from pipeline.linking.linker import Mention
from pipeline.parsed import Columns, Record

# The tables of every package, around those the record kinds fill (`parsed.KINDS`).
_BEFORE_KINDS = ("sources", "results_ranges", "records", "appearances")
_AFTER_KINDS = ("entities", "mentions")


def table_names() -> tuple[str, ...]:
    """Every table of a package, in the order its descriptor lists them."""
    return (*_BEFORE_KINDS, *(table for kind in parsed.KINDS for table in kind.tables), *_AFTER_KINDS)

_ARROW_TYPES = {
    "string": pa.string(),
    "integer": pa.int64(),
    "number": pa.float64(),
    "boolean": pa.bool_(),
    "date": pa.date32(),
    "list": pa.string(),
}


@cache
def table_schema(table: str) -> dict[str, Any]:
    """The Frictionless Table Schema of `table`, as stored in `pipeline/schemas/<table>.json`.

    Two fields list what the code has rather than what the file says: `sources.format` the input
    formats (`formats.FORMATS`) and `records.kind` the record kinds (`parsed.KINDS`), so adding a
    format is one module and adding a kind is its class and its schema.
    """
    folder = next((kind.schemas for kind in parsed.KINDS if table in kind.tables and kind.schemas), None)
    schema_file = folder / f"{table}.json" if folder else resources.files("pipeline.schemas").joinpath(f"{table}.json")
    schema = json.loads(schema_file.read_text(encoding="utf-8"))
    for field in schema["fields"]:
        registry = _REGISTRIES.get((table, field["name"]))
        if registry:
            field.setdefault("constraints", {})["enum"] = registry()
    return schema


_REGISTRIES = {
    ("sources", "format"): lambda: sorted(module.NAME for module in formats.FORMATS),
    ("records", "kind"): lambda: [kind.kind for kind in parsed.KINDS],
}


def arrow_schema(table: str) -> pa.Schema:
    fields = table_schema(table)["fields"]
    return pa.schema(
        [
            pa.field(field["name"], _ARROW_TYPES[field["type"]], nullable=not field.get("constraints", {}).get("required"))
            for field in fields
        ]
    )


def to_arrow(table: str, columns: Mapping[str, list[Any]]) -> pa.Table:
    """An Arrow table of `columns` (lists keyed by field name) typed and ordered by the schema.

    Empty text and empty lists are missing values: null in both CSV and Parquet. A field absent
    from `columns` is null throughout.
    """
    rows = len(next(iter(columns.values()), []))
    schema = arrow_schema(table)
    arrays = []
    for field, arrow_field in zip(table_schema(table)["fields"], schema):
        values = columns.get(field["name"], [None] * rows)
        if field["type"] == "list":
            values = [field["delimiter"].join(value) if value else None for value in values]
        array = pa.array(values, arrow_field.type)
        arrays.append(_empty_as_null(array) if field["type"] == "string" else array)
    return pa.table(arrays, schema=schema)


def _empty_as_null(text: pa.Array) -> pa.Array:
    """Empty strings as missing values: found by Arrow in one pass, not by Python cell by cell."""
    empty = pc.equal(text, "")
    return pc.if_else(empty, None, text) if pc.any(empty).as_py() else text


def appearance_columns(records: list[Record]) -> Columns:
    """Every sighting of a record, copies included: where it was read."""
    return {
        "record_id": [record.record_id for record in records],
        "source_id": [record.source_id for record in records],
        "position": [record.position for record in records],
        "line": [record.line for record in records],
    }


def record_columns(records: list[Record]) -> Columns:
    return {"record_id": [record.record_id for record in records], "kind": [record.kind for record in records]}


def entity_columns(
    entities: Iterable[Entity], record_counts: Mapping[str, int], spellings: Mapping[str, list[str]]
) -> Columns:
    """Every entity, by id; aliases grow by the spellings the records use that the authority lacks."""
    ordered = sorted(entities, key=lambda entity: entity.entity_id)
    return {
        "entity_id": [entity.entity_id for entity in ordered],
        "name": [entity.name for entity in ordered],
        "type": [entity.type for entity in ordered],
        "aliases": [_aliases(entity, spellings.get(entity.entity_id, ())) for entity in ordered],
        "part_of": [entity.part_of for entity in ordered],
        "description": [entity.description for entity in ordered],
        "wikidata": [entity.wikidata for entity in ordered],
        "resolved": [entity.resolved for entity in ordered],
        "record_count": [record_counts.get(entity.entity_id, 0) for entity in ordered],
    }


def _aliases(entity: Entity, spellings: Iterable[str]) -> list[str]:
    known = {entity.name, *entity.aliases}
    return [*entity.aliases, *(text for text in spellings if text not in known)]


def mention_columns(mentions: list[Mention]) -> Columns:
    if not mentions:
        return {"record_id": []}
    return dict(zip(Mention._fields, map(list, zip(*mentions))))
