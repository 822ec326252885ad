"""What parsers find in a page: records, one class per kind, each knowing the rows of its own tables.

Every kind has the same face (`RecordKind`): an id, its `kind` and `tables`, the text fields the
linker reads, and the rows it gives each table it fills. Nothing outside a kind's own class and
schemas names it: adding a kind is its class, listed in `KINDS`, and its Table Schemas.
"""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any, ClassVar, Protocol

from pipeline.dates import ParsedDate


@dataclass(frozen=True)
class Problem:
    """Something wrong with the input, located for a person to find it: `path:line: message`."""

    path: str
    message: str
    line: int | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        return f"{where}: {self.message}"


@dataclass(frozen=True)
class ResultsRange:
    """"11 - 20 of 22": the records of this page are results 11 to 20 of 22."""

    start: int
    end: int
    total: int


# A table's columns by field name, each a list of cells (see `tables.to_arrow`).
Columns = dict[str, list[Any]]


class RecordKind(Protocol):
    kind: ClassVar[str]  # the `kind` of its rows in the `records` table
    tables: ClassVar[tuple[str, ...]]  # the tables it fills; the first, its own, has its id as first field
    # Its other tables, of numbered parts (id, position, ...), and the field their mentions name ("texts" -> texts/N).
    parts: ClassVar[dict[str, str]]
    schemas: ClassVar[Path | None]  # the folder of those tables' schemas; None: the packaged pipeline/schemas
    source_id: str
    position: int
    line: int
    title: str
    date: ParsedDate | None

    @property
    def record_id(self) -> str: ...

    def text_fields(self) -> list[tuple[str, str]]:
        """(field, text) of every text the linker reads, in order; empty ones left out."""

    def parties(self) -> list[tuple[str, tuple[str, ...]]]:
        """(role, names) of the parties its title's grammar names: their mentions take that role."""

    @property
    def participant_field(self) -> str | None:
        """The field whose people took part in what the record tells (an event's summary), if any."""

    def rows(self) -> dict[str, int]:
        """How many rows this record gives each table it fills."""

    @classmethod
    def columns(cls, records: list[Any]) -> dict[str, Columns]:
        """The rows of `records` (all of this kind) in every table the kind fills, in record order."""


@dataclass(frozen=True)
class DocumentText:
    """A document's full text as its page prints it, under its heading ("English Translation"), if any."""

    label: str | None
    text: str
    line: int


@dataclass(frozen=True)
class Document:
    """One archive record: as a listing shows it, or as its own page does, with citation and full text."""

    kind: ClassVar[str] = "document"
    tables: ClassVar[tuple[str, ...]] = ("documents", "document_texts")
    parts: ClassVar[dict[str, str]] = {"document_texts": "texts"}
    schemas: ClassVar[Path | None] = None
    source_id: str
    position: int
    line: int
    title: str
    date: ParsedDate | None
    description: str | None
    document_type: str | None
    authors: tuple[str, ...]
    recipients: tuple[str, ...]
    participants: tuple[str, ...] = ()
    # What only a document's own page gives.
    url: str | None = None
    citation: str | None = None
    original_language: tuple[str, ...] = ()
    credits: str | None = None
    texts: tuple[DocumentText, ...] = ()

    @cached_property  # hashed once: every table and every mention of the record uses it
    def document_id(self) -> str:
        """Derived from date and title only, so the same document on two listings, or on a listing and its own page, is one."""
        return "doc-" + content_key((self.date.edtf or self.date.text) if self.date else "", self.title)

    @property
    def record_id(self) -> str:
        return self.document_id

    def text_fields(self) -> list[tuple[str, str]]:
        """A document's Nth full text is the field `texts/N`."""
        fields = [("title", self.title), ("description", self.description)]
        fields += [(f"texts/{position}", text.text) for position, text in enumerate(self.texts, 1)]
        return [(name, text) for name, text in fields if text]

    def parties(self) -> list[tuple[str, tuple[str, ...]]]:
        return [("author", self.authors), ("recipient", self.recipients), ("participant", self.participants)]

    participant_field: ClassVar[str | None] = None

    def rows(self) -> dict[str, int]:
        return {"documents": 1, "document_texts": len(self.texts)}

    @classmethod
    def columns(cls, documents: list[Document]) -> dict[str, Columns]:
        dates = [document.date for document in documents]
        return {
            "documents": {
                "document_id": [document.document_id for document in documents],
                "source_id": [document.source_id for document in documents],
                "position": [document.position for document in documents],
                "date_text": [date.text if date else None for date in dates],
                **date_columns(dates),
                "title": [document.title for document in documents],
                "description": [document.description for document in documents],
                "document_type": [document.document_type for document in documents],
                "authors": [document.authors for document in documents],
                "recipients": [document.recipients for document in documents],
                "participants": [document.participants for document in documents],
                "url": [document.url for document in documents],
                "citation": [document.citation for document in documents],
                "original_language": [document.original_language for document in documents],
                "credits": [document.credits for document in documents],
                "line": [document.line for document in documents],
            },
            "document_texts": _numbered_rows(
                ("document_id", "position", "label", "text", "line"),
                [(document.document_id, position, text.label, text.text, text.line)
                 for document in documents for position, text in enumerate(document.texts, 1)],
            ),
        }


@dataclass(frozen=True)
class Event:
    """One "on this day" article."""

    kind: ClassVar[str] = "event"
    tables: ClassVar[tuple[str, ...]] = ("events", "event_highlights")
    parts: ClassVar[dict[str, str]] = {"event_highlights": "highlights"}
    schemas: ClassVar[Path | None] = None
    position: ClassVar[int] = 1  # the one record of its page, as `appearances` counts them
    source_id: str
    line: int
    title: str
    date: ParsedDate | None
    place: str | None
    summary: str | None
    what_happened: str | None
    why_it_matters: str | None
    highlights: tuple[str, ...]

    @cached_property
    def event_id(self) -> str:
        return "evt-" + content_key((self.date.edtf or "") if self.date else "", self.title)

    @property
    def record_id(self) -> str:
        return self.event_id

    def text_fields(self) -> list[tuple[str, str]]:
        """An event's Nth highlight is the field `highlights/N`."""
        fields = [("title", self.title), ("summary", self.summary), ("what_happened", self.what_happened),
                  ("why_it_matters", self.why_it_matters)]
        fields += [(f"highlights/{position}", text) for position, text in enumerate(self.highlights, 1)]
        return [(name, text) for name, text in fields if text]

    def parties(self) -> list[tuple[str, tuple[str, ...]]]:
        return []

    participant_field: ClassVar[str | None] = "summary"

    def rows(self) -> dict[str, int]:
        return {"events": 1, "event_highlights": len(self.highlights)}

    @classmethod
    def columns(cls, events: list[Event]) -> dict[str, Columns]:
        highlights = [(event.event_id, position, text) for event in events for position, text in enumerate(event.highlights, 1)]
        return {
            "events": {
                "event_id": [event.event_id for event in events],
                "source_id": [event.source_id for event in events],
                "title": [event.title for event in events],
                **date_columns([event.date for event in events]),
                "place": [event.place for event in events],
                "summary": [event.summary for event in events],
                "what_happened": [event.what_happened for event in events],
                "why_it_matters": [event.why_it_matters for event in events],
                "line": [event.line for event in events],
            },
            "event_highlights": _numbered_rows(("event_id", "position", "text"), highlights),
        }


def _numbered_rows(names: tuple[str, ...], rows: list[tuple[Any, ...]]) -> Columns:
    """Rows of a record's numbered parts (highlights, texts) as columns."""
    return dict(zip(names, map(list, zip(*rows)))) if rows else {names[0]: []}


# Every kind of record, in the order their first mentions are preferred and their colours assigned.
KINDS: tuple[type[RecordKind], ...] = (Document, Event)
Record = Document | Event


def date_columns(dates: list[ParsedDate | None]) -> Columns:
    return {
        "date": [date.edtf if date else None for date in dates],
        "date_start": [date.start if date else None for date in dates],
        "date_end": [date.end if date else None for date in dates],
    }


@dataclass
class ParsedSource:
    """All a parser took from one file, in page order, with what it could not make sense of."""

    records: list[Record] = field(default_factory=list)
    results_range: ResultsRange | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def record_count(self) -> int:
        return len(self.records)


def content_key(*parts: str) -> str:
    """A short stable hash of text parts, blind to case, spacing and Unicode composition."""
    normalised = "\x1f".join(" ".join(unicodedata.normalize("NFKC", part).casefold().split()) for part in parts)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
