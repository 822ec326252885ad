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

from pipeline.authority import Entity
from pipeline.entities import Mention
from pipeline.records import Document, Event

TABLES = (
    "sources", "results_ranges", "records", "documents", "appearances", "events", "event_highlights",
    "entities", "mentions",
)

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
    """The Frictionless Table Schema of `table`, as stored in `pipeline/schemas/<table>.json`."""
    text = resources.files("pipeline.schemas").joinpath(f"{table}.json").read_text(encoding="utf-8")
    return json.loads(text)


def arrow_schema(table: str) -> pa.Schema:
    fields = table_schema(table)["fields"]
    return pa.schema(
        [
            pa.field(field["name"], _ARROW_TYPES[field["type"]], nullable=not field.get("constraints", {}).get("required"))
            for field in fields
        ]
    )


def to_arrow(table: str, rows: Iterable[Mapping[str, Any]]) -> pa.Table:
    """An Arrow table of `rows` (dicts keyed by field name) typed and ordered by the schema."""
    fields = table_schema(table)["fields"]
    columns: dict[str, list[Any]] = {field["name"]: [] for field in fields}
    for row in rows:
        for field in fields:
            columns[field["name"]].append(_cell(field, row.get(field["name"])))
    return pa.table(columns, schema=arrow_schema(table))


def _cell(field: Mapping[str, Any], value: Any) -> Any:
    """Empty text and empty lists are missing values: null in both CSV and Parquet."""
    if field["type"] == "list":
        return field["delimiter"].join(value) if value else None
    if value == "":
        return None
    return value


def document_rows(documents: Iterable[Document]) -> Iterable[dict[str, Any]]:
    for document in documents:
        yield {
            "document_id": document.document_id,
            "source_id": document.source_id,
            "position": document.position,
            "date_text": document.date.text if document.date else None,
            **_date_columns(document.date),
            "title": document.title,
            "description": document.description,
            "document_type": document.document_type,
            "authors": document.authors,
            "recipients": document.recipients,
            "line": document.line,
        }


def appearance_rows(documents: Iterable[Document]) -> Iterable[dict[str, Any]]:
    for document in documents:
        yield {
            "document_id": document.document_id,
            "source_id": document.source_id,
            "position": document.position,
            "line": document.line,
        }


def event_rows(events: Iterable[Event]) -> Iterable[dict[str, Any]]:
    for event in events:
        yield {
            "event_id": event.event_id,
            "source_id": event.source_id,
            "title": event.title,
            **_date_columns(event.date),
            "place": event.place,
            "summary": event.summary,
            "what_happened": event.what_happened,
            "why_it_matters": event.why_it_matters,
            "line": event.line,
        }


def highlight_rows(events: Iterable[Event]) -> Iterable[dict[str, Any]]:
    for event in events:
        for position, text in enumerate(event.highlights, 1):
            yield {"event_id": event.event_id, "position": position, "text": text}


def record_rows(documents: Iterable[Document], events: Iterable[Event]) -> Iterable[dict[str, Any]]:
    for document in documents:
        yield {"record_id": document.document_id, "kind": "document"}
    for event in events:
        yield {"record_id": event.event_id, "kind": "event"}


def entity_rows(
    entities: Iterable[Entity], record_counts: Mapping[str, int], spellings: Mapping[str, list[str]]
) -> Iterable[dict[str, Any]]:
    """Every entity, by id; aliases grow by the spellings the records use that the authority lacks."""
    for entity in sorted(entities, key=lambda entity: entity.entity_id):
        known = {entity.name, *entity.aliases}
        yield {
            "entity_id": entity.entity_id,
            "name": entity.name,
            "type": entity.type,
            "aliases": [*entity.aliases, *(text for text in spellings.get(entity.entity_id, ()) if text not in known)],
            "part_of": entity.part_of,
            "description": entity.description,
            "wikidata": entity.wikidata,
            "resolved": entity.resolved,
            "record_count": record_counts.get(entity.entity_id, 0),
        }


def mention_rows(mentions: Iterable[Mention]) -> Iterable[dict[str, Any]]:
    return (mention._asdict() for mention in mentions)


def _date_columns(date: Any) -> dict[str, Any]:
    if date is None:
        return {"date": None, "date_start": None, "date_end": None}
    return {"date": date.iso, "date_start": date.start, "date_end": date.end}
