"""One list of each thing: tables are the schema folder, formats the formats package, kinds the record classes."""

from __future__ import annotations

import json
import types
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import ClassVar

import pandas as pd

from pipeline import formats, library, parsed, tables
from pipeline.formats import Evidence
from pipeline.parsed import KINDS, Document, ParsedSource, content_key
from pipeline.sources import Source


def test_the_tables_are_the_schema_folder():
    files = {entry.name.removesuffix(".json") for entry in resources.files("pipeline.schemas").iterdir() if entry.name.endswith(".json")}
    assert sorted(tables.table_names()) == sorted(files)
    for kind in KINDS:
        assert tuple(kind.columns([])) == kind.tables and set(kind.tables) <= files
        own = tables.table_schema(kind.tables[0])
        assert own["primaryKey"] == [own["fields"][0]["name"]]


def test_the_schemas_list_the_formats_and_kinds_the_code_has():
    def enum(table, name):
        return next(field for field in tables.table_schema(table)["fields"] if field["name"] == name)["constraints"]["enum"]

    assert enum("sources", "format") == sorted(module.NAME for module in formats.FORMATS)
    assert enum("records", "kind") == [kind.kind for kind in KINDS]


def toy_format() -> types.ModuleType:
    """A format of one's own, as a module of `formats/` would be: pages that open with "TOY"."""
    toy = types.ModuleType("toy_cards")
    toy.NAME = "toy_cards"
    toy.DESCRIPTION = "a toy card"
    toy.detect = lambda text: Evidence(1.0 if text.startswith("TOY") else 0.0)

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


@dataclass(frozen=True)
class Card:
    """A record kind of one's own, as a class beside the others would be: an index card with a heading."""

    kind: ClassVar[str] = "card"
    tables: ClassVar[tuple[str, ...]] = ("cards",)
    parts: ClassVar[dict[str, str]] = {}
    schemas: ClassVar[Path | None] = None  # set by the test to the folder of its schema
    participant_field: ClassVar[str | None] = None
    position: ClassVar[int] = 1
    source_id: str
    line: int
    title: str
    date: None = None

    @property
    def record_id(self) -> str:
        return "card-" + content_key(self.title)

    def text_fields(self) -> list[tuple[str, str]]:
        return [("title", self.title)]

    def parties(self) -> list[tuple[str, tuple[str, ...]]]:
        return []

    def rows(self) -> dict[str, int]:
        return {"cards": 1}

    @classmethod
    def columns(cls, cards: list["Card"]) -> dict[str, parsed.Columns]:
        return {"cards": {"card_id": [card.record_id for card in cards], "source_id": [card.source_id for card in cards],
                          "heading": [card.title for card in cards]}}


CARDS_SCHEMA = {
    "description": "One row per index card.",
    "fields": [
        {"name": "card_id", "type": "string", "description": "The card's id.", "constraints": {"required": True, "unique": True}},
        {"name": "source_id", "type": "string", "description": "The file it was read from.", "constraints": {"required": True}},
        {"name": "heading", "type": "string", "description": "The card's heading as written.", "constraints": {"required": True}},
    ],
    "primaryKey": ["card_id"],
    "foreignKeys": [
        {"fields": ["source_id"], "reference": {"resource": "sources", "fields": ["source_id"]}},
        {"fields": ["card_id"], "reference": {"resource": "records", "fields": ["record_id"]}},
    ],
}


def test_a_new_record_kind_is_its_class_and_its_schema(tmp_path, monkeypatch):
    (tmp_path / "schemas").mkdir()
    (tmp_path / "schemas" / "cards.json").write_text(json.dumps(CARDS_SCHEMA), encoding="utf-8")
    monkeypatch.setattr(Card, "schemas", tmp_path / "schemas")
    cards = types.ModuleType("index_cards")
    cards.NAME, cards.DESCRIPTION = "index_cards", "an index card"
    cards.detect = lambda text: Evidence(1.0 if text.startswith("CARD") else 0.0)
    cards.parse = lambda source: ParsedSource([Card(source.source_id, 2, source.text.splitlines()[1])])
    monkeypatch.setattr(parsed, "KINDS", (*KINDS, Card))
    monkeypatch.setattr(formats, "FORMATS", (cards, *formats.FORMATS))
    tables.table_schema.cache_clear()
    try:
        pages = tmp_path / "pages"
        pages.mkdir()
        (pages / "card.txt").write_text("CARD\nMinistry of Foreign Affairs, Belgrade\n", encoding="utf-8")
        for page in ("002_e521c643e0ce5933.txt",):
            (pages / page).write_bytes((Path(__file__).parent.parent / "seeds" / page).read_bytes())
        library.extract(pages, tmp_path / "work")  # in this process: the registries are patched here
        report = library.validate(tmp_path / "work")
    finally:
        tables.table_schema.cache_clear()
    assert report.valid, report.errors
    assert pd.read_csv(tmp_path / "work" / "data" / "cards.csv")["heading"].tolist() == ["Ministry of Foreign Affairs, Belgrade"]
    kinds = pd.read_csv(tmp_path / "work" / "data" / "records.csv")["kind"]
    assert sorted(set(kinds)) == ["card", "document"]
