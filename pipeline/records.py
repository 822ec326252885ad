"""What parsers find in a page: plain records, knowing nothing of tables or files on disk."""

from __future__ import annotations

import hashlib
import unicodedata
from dataclasses import dataclass, field
from functools import cached_property
from typing import ClassVar

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


@dataclass(frozen=True)
class Document:
    """One archive record as a listing page shows it."""

    kind: ClassVar[str] = "document"
    source_id: str
    position: int
    line: int
    title: str
    date: ParsedDate | None
    description: str | None
    document_type: str | None
    authors: tuple[str, ...]
    recipients: tuple[str, ...]

    @cached_property  # hashed once: every table and every mention of the record uses it
    def document_id(self) -> str:
        """Derived from date and title only, so the same record on two pages is one document."""
        return "doc-" + content_key(self.date.text if self.date else "", self.title)

    @property
    def record_id(self) -> str:
        return self.document_id


@dataclass(frozen=True)
class Event:
    """One "on this day" article."""

    kind: ClassVar[str] = "event"
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


Record = Document | Event


@dataclass
class ParsedSource:
    """All a parser took from one file, with what it could not make sense of."""

    documents: list[Document] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    results_range: ResultsRange | None = None
    problems: list[Problem] = field(default_factory=list)

    @property
    def records(self) -> list[Record]:
        return [*self.documents, *self.events]

    @property
    def record_count(self) -> int:
        return len(self.documents) + len(self.events)


def content_key(*parts: str) -> str:
    """A short stable hash of text parts, blind to case, spacing and Unicode composition."""
    normalised = "\x1f".join(" ".join(unicodedata.normalize("NFKC", part).casefold().split()) for part in parts)
    return hashlib.sha256(normalised.encode("utf-8")).hexdigest()[:16]
