"""`croissant.json`, checked by the reference validator `mlcroissant`, and read back by it."""

from __future__ import annotations

from pathlib import Path

import mlcroissant
import pytest

from pipeline import load
from pipeline.tables import table_names, table_schema


@pytest.fixture(scope="module")
def dataset(published: Path) -> mlcroissant.Dataset:
    return mlcroissant.Dataset(jsonld=published / "croissant.json")  # raises ValidationError on any error


def test_validates_with_only_the_publication_date_missing(dataset: mlcroissant.Dataset) -> None:
    issues = dataset.metadata.ctx.issues
    assert issues.errors == set()
    # No publication date is known yet (see pipeline/citation.py); everything else recommended is there.
    assert [warning.split("] ", 1)[1] for warning in issues.warnings] == [
        'Property "https://schema.org/datePublished" is recommended, but does not exist.'
    ]


def test_one_record_set_per_table_with_every_field(dataset: mlcroissant.Dataset) -> None:
    record_sets = {record_set.name: record_set for record_set in dataset.metadata.record_sets}
    assert list(record_sets) == list(table_names())
    for table in table_names():
        schema = table_schema(table)
        assert [(field.name, field.description) for field in record_sets[table].fields] == [
            (field["name"], field["description"]) for field in schema["fields"]
        ]
        assert record_sets[table].key == [f"{table}/{name}" for name in schema["primaryKey"]]


# Each table from a Dataset of its own: mlcroissant 1.1.1 fails to join a table whose key refers to a table that
# refers on (document_texts to documents to records; "'generator' object has no attribute 'columns'") when the
# same Dataset has read the table in the middle before. Read alone, every table reads back, every time.
@pytest.mark.parametrize("table", table_names())
def test_records_read_back_are_the_published_rows(published: Path, table: str) -> None:
    key = table_schema(table)["primaryKey"]
    records = list(mlcroissant.Dataset(jsonld=published / "croissant.json").records(table))
    published_keys = load(table, published)[key].astype(str).agg("|".join, axis=1).tolist()
    read_keys = ["|".join(str(_text(record[f"{table}/{name}"])) for name in key) for record in records]
    assert read_keys == published_keys


def _text(value: object) -> object:
    return value.decode() if isinstance(value, bytes) else value
