"""One list of each thing: tables are the schema folder, formats the formats package, kinds the record classes."""

from __future__ import annotations

import types
from importlib import resources

import pandas as pd

from pipeline import formats, library, tables
from pipeline.parsed import KINDS, Document, ParsedSource
from pipeline.sources import Source


def test_the_tables_are_the_schema_folder():
    files = {entry.name.removesuffix(".json") for entry in resources.files("pipeline.schemas").iterdir() if entry.name.endswith(".json")}
    assert set(tables.TABLES) == files
    for kind in KINDS:
        assert set(kind.columns([])) <= files and kind.table in files
        assert tables.table_schema(kind.table)["primaryKey"] == [tables.table_schema(kind.table)["fields"][0]["name"]]


def test_the_schemas_list_the_formats_and_kinds_the_code_has():
    def enum(table, name):
        return next(field for field in tables.table_schema(table)["fields"] if field["name"] == name)["constraints"]["enum"]

    assert enum("sources", "format") == sorted(module.NAME for module in formats.FORMATS)
    assert enum("records", "kind") == [kind.kind for kind in KINDS]


def toy_format() -> types.ModuleType:
    """A format of one's own, as a module of `formats/` would be: pages that open with "TOY"."""
    toy = types.ModuleType("toy_cards")
    toy.NAME = "toy_cards"
    toy.detect = lambda text: text.startswith("TOY")

    def parse(source: Source) -> ParsedSource:
        title = source.text.splitlines()[1]
        return ParsedSource([Document(source.source_id, 1, 2, title, None, None, None, (), ())])

    toy.parse = parse
    return toy


def test_a_new_format_is_one_module_in_the_registry(tmp_path, monkeypatch):
    monkeypatch.setattr(formats, "FORMATS", (toy_format(), *formats.FORMATS))
    tables.table_schema.cache_clear()
    try:
        (tmp_path / "pages").mkdir()
        (tmp_path / "pages" / "card.txt").write_text("TOY\nA card from the catalogue\n", encoding="utf-8")
        library.extract(tmp_path / "pages", tmp_path / "work")  # in this process: the registry is patched here
        assert library.validate(tmp_path / "work").valid
    finally:
        tables.table_schema.cache_clear()
    sources = pd.read_csv(tmp_path / "work" / "data" / "sources.csv")
    assert sources["format"].tolist() == ["toy_cards"]
    assert pd.read_csv(tmp_path / "work" / "data" / "documents.csv")["title"].tolist() == ["A card from the catalogue"]
