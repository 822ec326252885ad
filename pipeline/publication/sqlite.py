"""`data/dataset.sqlite`: every table of the package in one SQLite file, for Datasette and any SQL tool.

Everything comes from the Table Schemas of the descriptor: column types (integers as INTEGER,
booleans as 0/1, dates as ISO text, lists as JSON arrays), primary and foreign keys, and which
columns get full-text search (FTS5): the free text of each table, see `free_text_fields`. Views
join records to the entities they name and back. The file is built in a scratch database and
copied out by VACUUM INTO in one pass, so the same tables give the same bytes.
"""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.parquet as pq
import sqlite_utils

from pipeline.load import table_resources
from pipeline.paths import PARQUET_SUFFIX, SQLITE

_SQL_TYPES = {"integer": int, "number": float, "boolean": int, "date": str, "string": str, "list": str}
# Rows are read and inserted in batches: memory stays flat however big a table.
_BATCH_ROWS = 10_000
# The entity types as the views name their columns; any other type is named `<type>s`.
_PLURALS = {"person": "people"}


def sqlite_resource(folder: Path, digest: str) -> dict[str, Any]:
    """How `datapackage.json` describes the SQLite file: a file resource, checked by its hash and size."""
    return {
        "name": "dataset-sqlite",
        "type": "file",
        "path": SQLITE,
        "format": "sqlite",
        "mediatype": "application/vnd.sqlite3",
        "bytes": (folder / SQLITE).stat().st_size,
        "hash": f"sha256:{digest}",
        "description": "Every table above in one SQLite database, typed, with primary and foreign keys, full-text "
        "search over the free text and views of each record with its entities (record_entities) and of each "
        "entity with its records (entity_records): open it with Datasette (`pipeline serve`) or any SQLite tool.",
    }


def write_sqlite(folder: Path, descriptor: dict[str, Any]) -> None:
    """Write `folder/data/dataset.sqlite` from the Parquet tables of the package in `folder`."""
    target = folder / SQLITE
    scratch = target.with_name(target.name + ".scratch")
    target.unlink(missing_ok=True)
    scratch.unlink(missing_ok=True)
    tables = table_resources(descriptor)
    parquet = {resource["name"].removesuffix(PARQUET_SUFFIX): resource["path"] for resource in descriptor["resources"]}
    connection = sqlite3.connect(scratch)
    # A scratch file, thrown away on any failure: no journal, no waiting for the disk.
    connection.execute("PRAGMA journal_mode = OFF")
    connection.execute("PRAGMA synchronous = OFF")
    try:
        database = sqlite_utils.Database(connection)
        for resource in tables:
            _create_table(database, resource["name"], resource["schema"])
            _insert_rows(connection, resource["name"], resource["schema"], folder / parquet[resource["name"]])
        for resource in tables:
            columns = free_text_fields(resource["schema"])
            if columns:
                database[resource["name"]].enable_fts(columns, fts_version="FTS5", tokenize="unicode61 remove_diacritics 2")
        _create_views(database, tables)
        connection.commit()
        connection.execute("VACUUM INTO ?", (str(target),))
    finally:
        connection.close()
        scratch.unlink(missing_ok=True)


def free_text_fields(schema: dict[str, Any]) -> list[str]:
    """The columns people read as prose: strings that are no key, no code and no identifier.

    A field is free text when it is a string or a list of strings, is not part of the primary
    key nor of a foreign key, and its values are not held to a vocabulary (`enum`), a shape
    (`pattern`) or uniqueness: titles, descriptions, summaries, names, full texts.
    """
    keys = set(schema.get("primaryKey", []))
    for foreign_key in schema.get("foreignKeys", []):
        keys.update(foreign_key["fields"])
    fixed = {"enum", "pattern", "unique"}
    return [
        field["name"] for field in schema["fields"]
        if field["type"] in {"string", "list"} and field["name"] not in keys and not fixed & set(field.get("constraints", {}))
    ]


def _create_table(database: sqlite_utils.Database, name: str, schema: dict[str, Any]) -> None:
    fields = schema["fields"]
    foreign_keys = [
        (foreign_key["fields"][0], foreign_key["reference"]["resource"] or name, foreign_key["reference"]["fields"][0])
        for foreign_key in schema.get("foreignKeys", [])
    ]
    database[name].create(
        {field["name"]: _SQL_TYPES[field["type"]] for field in fields},
        pk=tuple(schema["primaryKey"]) if len(schema["primaryKey"]) > 1 else schema["primaryKey"][0],
        not_null={field["name"] for field in fields if field.get("constraints", {}).get("required")},
        foreign_keys=foreign_keys,
    )


def _insert_rows(connection: sqlite3.Connection, name: str, schema: dict[str, Any], parquet: Path) -> None:
    """The rows of a Parquet table, in the file's order, converted a column at a time and inserted in one transaction."""
    fields = schema["fields"]
    names = ", ".join(f'"{field["name"]}"' for field in fields)
    insert = f'INSERT INTO "{name}" ({names}) VALUES ({", ".join("?" for _ in fields)})'
    for batch in pq.ParquetFile(parquet).iter_batches(batch_size=_BATCH_ROWS):
        columns = [_sqlite_values(batch.column(field["name"]), field) for field in fields]
        connection.executemany(insert, zip(*columns))


def _sqlite_values(column: pa.Array, field: dict[str, Any]) -> list[Any]:
    """A column as SQLite stores it: dates as ISO text, booleans as 0/1, lists as JSON arrays of text."""
    if field["type"] == "date":
        return pc.strftime(column, "%Y-%m-%d").to_pylist()
    if field["type"] == "boolean":
        return pc.cast(column, pa.int64()).to_pylist()
    if field["type"] == "list":
        delimiter = field["delimiter"]
        return [None if text is None else json.dumps(text.split(delimiter), ensure_ascii=False) for text in column.to_pylist()]
    return column.to_pylist()


def _create_views(database: sqlite_utils.Database, tables: list[dict[str, Any]]) -> None:
    """`record_entities` (a record with the entities it names, by type) and `entity_records` (the reverse).

    The record kinds' tables are those whose primary key is a foreign key to `records`; the views
    take the title and dates they share, and name the table a record's row is in (`in_table`), so
    a new kind joins them without a change here.
    """
    schemas = {resource["name"]: resource["schema"] for resource in tables}
    kinds = [name for name, schema in schemas.items() if _is_record_kind(schema)]
    shared = [
        column for column in ("title", "date", "date_start")
        if all(column in {field["name"] for field in schemas[name]["fields"]} for name in kinds)
    ]
    titled = " UNION ALL ".join(
        f"SELECT {schemas[name]['primaryKey'][0]} AS record_id, '{name}' AS in_table, {', '.join(shared)} FROM {name}"
        for name in kinds
    )
    types = next(field for field in schemas["entities"]["fields"] if field["name"] == "type")["constraints"]["enum"]
    by_type = ",\n  ".join(
        f"(SELECT group_concat(name, '; ') FROM (SELECT DISTINCT e.name FROM mentions m JOIN entities e "
        f"ON e.entity_id = m.entity_id WHERE m.record_id = r.record_id AND e.type = '{entity_type}' ORDER BY e.name)) "
        f"AS {_PLURALS.get(entity_type, entity_type + 's')}"
        for entity_type in types
    )
    database.create_view(
        "record_entities",
        f"SELECT r.record_id, records.kind, r.in_table, substr(r.date_start, 1, 4) AS year, r.{', r.'.join(shared)},\n  {by_type}\n"
        f"FROM ({titled}) AS r JOIN records ON records.record_id = r.record_id ORDER BY r.date_start, r.record_id",
    )
    database.create_view(
        "entity_records",
        "SELECT e.entity_id, e.name, e.type, m.role, m.text AS as_written, m.field, r.record_id, records.kind, r.in_table, "
        f"substr(r.date_start, 1, 4) AS year, r.{', r.'.join(shared)}\n"
        f"FROM mentions m JOIN entities e ON e.entity_id = m.entity_id JOIN ({titled}) AS r ON r.record_id = m.record_id "
        "JOIN records ON records.record_id = r.record_id ORDER BY e.name, r.date_start, r.record_id, m.field, m.start",
    )


def _is_record_kind(schema: dict[str, Any]) -> bool:
    key = schema["primaryKey"]
    return any(
        foreign_key["fields"] == key and foreign_key["reference"]["resource"] == "records"
        for foreign_key in schema.get("foreignKeys", [])
    )
