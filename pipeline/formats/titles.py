"""What a catalogue title says about its document: its type, its authors and its recipients.

Archive titles follow a handful of grammars ("Letter from A to B", "Memorandum of Conversation
between A and B", "Report by A on ...", "Org [Person], 'Quoted Title'", "A's Conversation with B",
"Minutes of the Meeting of Org", ...). Parties are returned as named in the title, one per party,
without the appositions that ride along ("Tahmaz Beqari, the Albanian ambassador in Belgrade").
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pipeline.curation import current, reference_text
from pipeline.dates import MONTHS
from pipeline.errors import PipelineError


@dataclass(frozen=True)
class TitleParts:
    document_type: str | None
    authors: tuple[str, ...] = ()
    recipients: tuple[str, ...] = ()


@cache
def document_types(path: Path | None = None) -> dict[str, str]:
    """Opening phrase (lower case) -> document type, from `reference/document_types.csv` or the curator's copy at `path`."""
    table, where = reference_text("document_types.csv", path)
    reader = csv.DictReader(table.splitlines())
    if not {"document_type", "title_starts_with"} <= set(reader.fieldnames or ()):
        raise PipelineError(f"{where}:1: the header must name the columns document_type and title_starts_with")
    return {row["title_starts_with"].lower(): row["document_type"] for row in reader}


@cache
def _type_pattern(path: Path | None) -> re.Pattern[str]:
    phrases = sorted(document_types(path), key=len, reverse=True)
    return re.compile(r"(?:draft\s+|excerpts?\s+from\s+(?:the\s+)?)?(" + "|".join(map(re.escape, phrases)) + r")\b", re.I)


_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Where a party's name ends: a clause about the subject, a date, a place or time of writing.
_PARTY_END = re.compile(
    r"\s+(?:(?:regarding|concerning|about|on|re:?|in\s+connection\s+with|with\s+regard\s+to|informing|"
    r"requesting|asking|proposing|reporting|expressing|transmitting|enclosing|at|during|after|before|following|"
    r"containing|discussing|summarizing|dated|of\s+(?=\d))\b|[:;]|\(re:"
    rf"|(?=\d{{1,2}}(?:st|nd|rd|th)?\s+(?:{_MONTH_NAMES})\b)|(?=(?:{_MONTH_NAMES})\.?\s+\d)|(?=[12]\d{{3}}\b))"
    r"|,\s+(?=[a-z\d])"  # after a comma, any word or number ends it (dates included)
    r"|[:;]",
    re.IGNORECASE,
)
_PARTY_SPLIT = re.compile(r",?\s+(?:and|&)\s+(?=(?:the\s+)?[A-Z\[])")
_TRAILING_PLACE = re.compile(r"\s*(?:\([^()\[\]]*\)|\s[–—-]\s+[A-Z][\w .'-]*)$")
# Articles and forms of address are not part of the name ("the CPSU CC", "Comrade Tito").
_LEADING_WORDS = re.compile(r"^(?:(?:the|a|an|comrades?|cdes?\.?|com\.)\s+)+", re.IGNORECASE)
_TO = re.compile(r",?\s+to\s+(?=(?:the\s+|comrade\s+|cde\.?\s+)?[A-Z\[\"“])", re.IGNORECASE)

_UNDATED_SUFFIX = re.compile(r"\s*\(undated\)\s*$", re.IGNORECASE)
_QUOTED_TITLE = re.compile(r"^(?P<org>[^\[\]\"“”]+?)\s*\[(?P<person>[^\]]+)\],\s*[\"“‘'](?P<quoted>.+?)[\"”’']?$")
_POSSESSIVE = re.compile(
    r"^(?:the\s+)?(?P<author>.+?)['’]s\s+(?:\[(?P<bracketed>[^\]]+?)(?:['’]s)?\]\s+)?"
    r"(?P<type>conversations?|meetings?|talks?|letter|speech|report|note|telegram|message)\s+(?:with|to)\s+(?P<rest>.+)$",
    re.IGNORECASE,
)
_BODY_MEETING = re.compile(
    r"\b(?:of|from)\s+(?:the\s+)?(?:\w+\s+)?(?:meeting|session|plenum|sitting|conference|congress)\s+of\s+(?P<body>.+)$",
    re.IGNORECASE,
)
_BODY_ISSUER = re.compile(
    r"^(?:resolution|decree|decision|protocol|directive|order)(?:\s+no\.?\s*\S+)?\s+of\s+(?P<body>.+)$", re.IGNORECASE
)
_SENT_BY = re.compile(r"\bsent\s+by\s+(?P<rest>.+)$", re.IGNORECASE)
_FROM = re.compile(r"^(?:\s+from|,)\s+(?P<rest>.+)$", re.IGNORECASE)
_BETWEEN = re.compile(r"^\s+between\s+(?P<rest>.+)$", re.IGNORECASE)
_BY = re.compile(r"\bby\s+(?P<rest>.+)$", re.IGNORECASE)
_OF_PERSON = re.compile(r"^\s+of\s+(?P<rest>.+)$", re.IGNORECASE)
_WITH = re.compile(r"^\s+with\s+(?P<rest>.+)$", re.IGNORECASE)
_PERSONAL_TYPES = {"statement", "diary", "journal", "speech", "address", "interview", "memoir", "message"}


def opens_with_document_type(text: str) -> bool:
    """True when `text` starts the way catalogue titles do ("Letter ...", "A's Conversation with ...")."""
    return _type_pattern(current().document_types).match(text) is not None or _POSSESSIVE.match(text) is not None


def read_title(title: str) -> TitleParts:
    """Type, authors and recipients of a catalogue title; empty where the title does not say."""
    title = title.strip()
    vocabulary = current().document_types
    if title[-9:].lower() == "(undated)":  # cheap test first: the suffix is rare and the search is not cheap
        title = _UNDATED_SUFFIX.sub("", title)

    quoted = _QUOTED_TITLE.match(title) if "[" in title else None  # that grammar brackets a person
    if quoted:
        inner = read_title(quoted["quoted"])
        return TitleParts(inner.document_type, _parties(quoted["org"]) + _parties(quoted["person"]), inner.recipients)

    possessive = _POSSESSIVE.match(title) if "'" in title or "’" in title else None
    if possessive:
        author = possessive["bracketed"] or possessive["author"]
        kind = possessive["type"].lower().rstrip("s")
        return TitleParts(document_types(vocabulary).get(kind, kind), _parties(author), _parties(_until_end(possessive["rest"])))

    opening = _type_pattern(vocabulary).match(title)
    if not opening:
        return TitleParts(None, *_parties_anywhere(title))
    document_type = document_types(vocabulary)[opening.group(1).lower()]
    rest = title[opening.end() :]

    body = _BODY_MEETING.search(title) or _BODY_ISSUER.match(title)
    if body:
        return TitleParts(document_type, _parties(_until_end(body["body"])))
    for grammar in (_FROM, _BETWEEN):
        match = grammar.match(rest)
        if match:
            return TitleParts(document_type, *_from_to(match["rest"], between=grammar is _BETWEEN))
    if document_type in _PERSONAL_TYPES:
        match = _OF_PERSON.match(rest)
        if match:
            return TitleParts(document_type, _parties(_until_end(match["rest"])))
    return TitleParts(document_type, *_parties_anywhere(rest))


def _parties_anywhere(text: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Authors and recipients named by "sent by A to B" or "by A with B" inside a title."""
    sent = _SENT_BY.search(text)
    if sent:
        return _from_to(sent["rest"], between=False)
    by = _BY.search(text)
    if not by:
        return (), ()
    author_text = _until_end(by["rest"], stop_at_with=True)
    authors = _parties(author_text)
    after = by["rest"][len(author_text) :]
    partner = _WITH.match(after) or re.match(r"^\s+to\s+(?P<rest>.+)$", after)
    return authors, _parties(_until_end(partner["rest"])) if partner else ()


def _from_to(text: str, *, between: bool) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Split "A to B ..." (or "A and B ..." after "between") into author and recipient parties."""
    if between:
        parts = _PARTY_SPLIT.split(_until_end(text), maxsplit=1)
        return _parties(parts[0]), _parties(parts[1]) if len(parts) > 1 else ()
    to = _TO.search(text)
    if not to:
        return _parties(_until_end(text)), ()
    return _parties(text[: to.start()]), _parties(_until_end(text[to.end() :]))


def _until_end(text: str, *, stop_at_with: bool = False) -> str:
    """The party names at the start of `text`, before what the document is about."""
    end = _PARTY_END.search(text)
    text = text[: end.start()] if end else text
    if stop_at_with:
        text = re.split(r"\s+with\s+", text, maxsplit=1, flags=re.IGNORECASE)[0]
    return text


def _parties(text: str) -> tuple[str, ...]:
    """"Tito and the Executive Committee [Politburo] of the CC LCY" -> each party, tidied."""
    names = []
    for part in _PARTY_SPLIT.split(text.strip()):
        name = part.split(", ")[0]
        name = _TRAILING_PLACE.sub("", name)
        name = _LEADING_WORDS.sub("", name.strip(" ,.;:\"'“”‘’"))
        if name and any(character.isupper() for character in name):
            names.append(name)
    return tuple(names)
