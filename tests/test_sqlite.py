"""The SQLite edition of a package: the Parquet tables' rows, types and keys, full-text search, views."""

from __future__ import annotations

import datetime
import json
import shutil
import sqlite3
from pathlib import Path

import frictionless
import pyarrow.parquet as pq
import pytest

from pipeline.files import file_sha256
from pipeline.paths import SQLITE
from pipeline.publication.sqlite import free_text_fields
from pipeline.tables import table_names, table_schema

_SQL_TYPES = {"string": "TEXT", "list": "TEXT", "date": "TEXT", "integer": "INTEGER", "boolean": "INTEGER", "number": "FLOAT"}


@pytest.fixture(scope="module")
def database(published: Path):
    connection = sqlite3.connect(f"file:{published / SQLITE}?mode=ro", uri=True)
    yield connection
    connection.close()


def _as_sqlite(value, field):
    """A Parquet value as the SQLite file should hold it."""
    if value is None:
        return None
    if isinstance(value, datetime.date):
        return value.isoformat()
    if field["type"] == "list":
        return json.dumps(value.split(field["delimiter"]), ensure_ascii=False)
    if isinstance(value, bool):
        return int(value)
    return value


@pytest.mark.parametrize("table", table_names())
def test_sqlite_holds_exactly_the_rows_of_each_parquet_table(published, table):
    database = sqlite3.connect(f"file:{published / SQLITE}?mode=ro", uri=True)
    fields = table_schema(table)["fields"]
    expected = [
        tuple(_as_sqlite(row[field["name"]], field) for field in fields)
        for row in pq.read_table(published / "data" / f"{table}.parquet").to_pylist()
    ]
    names = ", ".join(f'"{field["name"]}"' for field in fields)
    assert database.execute(f'SELECT {names} FROM "{table}" ORDER BY rowid').fetchall() == expected
    assert expected, f"{table} has no rows: the comparison would prove nothing"


@pytest.mark.parametrize("table", table_names())
def test_sqlite_columns_keys_and_foreign_keys_follow_the_schema(database, table):
    schema = table_schema(table)
    info = database.execute(f'PRAGMA table_info("{table}")').fetchall()
    assert [(column[1], column[2]) for column in info] == [(field["name"], _SQL_TYPES[field["type"]]) for field in schema["fields"]]
    primary_key = [name for _, name, _, _, _, position in sorted(info, key=lambda column: column[5]) if position]
    assert primary_key == schema["primaryKey"]
    required = {field["name"] for field in schema["fields"] if field.get("constraints", {}).get("required")}
    assert {column[1] for column in info if column[3]} == required
    foreign_keys = {(row[3], row[2], row[4]) for row in database.execute(f'PRAGMA foreign_key_list("{table}")')}
    assert foreign_keys == {
        (key["fields"][0], key["reference"]["resource"] or table, key["reference"]["fields"][0])
        for key in schema.get("foreignKeys", [])
    }
    assert database.execute("PRAGMA foreign_key_check").fetchall() == []


def test_full_text_search_finds_a_document_by_a_word_of_its_description(published, database):
    documents = pq.read_table(published / "data" / "documents.parquet").to_pylist()
    others = " ".join(str(row["description"]) + " " + row["title"] for row in documents[1:]).lower()
    target = next(row for row in documents if row["description"])
    # A word of this description that no other document uses: the search must find this one alone.
    word = next(word for word in target["description"].split() if word.isalpha() and word.lower() not in others)
    found = database.execute(
        "SELECT document_id FROM documents WHERE rowid IN (SELECT rowid FROM documents_fts WHERE documents_fts MATCH ?)",
        (word,),
    ).fetchall()
    assert found == [(target["document_id"],)]


def test_every_table_with_free_text_is_searchable(database):
    for table in table_names():
        columns = free_text_fields(table_schema(table))
        if columns:
            fts = [row[1] for row in database.execute(f'PRAGMA table_info("{table}_fts")')]
            assert fts == columns


def test_free_text_is_chosen_by_the_schema_so_a_new_table_is_searched_too():
    # A table of full texts as issue 15 brings it: its text and label are prose; keys and codes are not.
    schema = {
        "primaryKey": ["document_id", "position"],
        "foreignKeys": [{"fields": ["document_id"], "reference": {"resource": "documents", "fields": ["document_id"]}}],
        "fields": [
            {"name": "document_id", "type": "string", "constraints": {"pattern": "^doc-[0-9a-f]{16}$"}},
            {"name": "position", "type": "integer"},
            {"name": "label", "type": "string"},
            {"name": "language", "type": "string", "constraints": {"enum": ["en", "ru"]}},
            {"name": "text", "type": "string", "constraints": {"required": True}},
        ],
    }
    assert free_text_fields(schema) == ["label", "text"]
    assert free_text_fields(table_schema("events")) == ["title", "place", "summary", "what_happened", "why_it_matters"]
    assert "document_type" not in free_text_fields(table_schema("documents"))


def test_views_join_records_and_entities_both_ways(database):
    tito = database.execute("SELECT entity_id FROM entities WHERE name = 'Josip Broz Tito'").fetchone()[0]
    named = {row[0] for row in database.execute("SELECT DISTINCT record_id FROM mentions WHERE entity_id = ?", (tito,))}
    assert {row[0] for row in database.execute("SELECT record_id FROM entity_records WHERE entity_id = ?", (tito,))} == named
    with_tito = {row[0] for row in database.execute("SELECT record_id FROM record_entities WHERE people LIKE '%Josip Broz Tito%'")}
    assert with_tito == named
    assert database.execute("SELECT count(*) FROM record_entities").fetchone()[0] == database.execute("SELECT count(*) FROM records").fetchone()[0]


def test_a_changed_sqlite_file_fails_validation(published, tmp_path):
    copy = Path(shutil.copytree(published, tmp_path / "package"))
    with (copy / SQLITE).open("r+b") as database_file:
        database_file.seek(4096)
        byte = database_file.read(1)
        database_file.seek(4096)
        database_file.write(bytes([byte[0] ^ 0xFF]))
    report = frictionless.validate(str(copy / "datapackage.json"))
    assert not report.valid
    assert [error.type for task in report.tasks for error in task.errors] == ["hash-count"]


def test_the_card_says_how_to_open_the_sqlite_file_and_lists_its_checksum(published):
    card = (published / "README.md").read_text(encoding="utf-8")
    assert "[`data/dataset.sqlite`](data/dataset.sqlite) holds every table in one SQLite database" in card
    assert "`pipeline serve --package .`" in card
    assert f"| `data/dataset.sqlite` | {(published / SQLITE).stat().st_size:,} | `{file_sha256(published / SQLITE)}` |" in card
