""""On this day" event articles: title, summary, highlight lines, "What Happened?", "Why Does it Matter?".

The event's date is the one the title gives it ("4 November 1956: Soviet tanks ..."), else the one
the summary gives it, else the one the prose introduces with "On" ("On June 2, 1955, ...", "on the
4th of November 1956"); other dates in the text are background. The place is the one named after a
verb of happening and "in" or "at" ("took place in", "was signed in", "broke out in", "gathered
at"), or a sentence's opening "In City, Country, ...": read as written, never completed.
"""

from __future__ import annotations

import re
from functools import cache

from pipeline.dates import ParsedDate, find_dates, parse_date
from pipeline.formats.evidence import Evidence
from pipeline.formats.lines import Line, content_lines, is_chrome, may_hold_notes, without_notes
from pipeline.parsed import Event, ParsedSource, Problem
from pipeline.sources import Source

NAME = "event_article"
DESCRIPTION = "an event article"

_WHAT_HAPPENED = re.compile(r"what\s+happened\??:?", re.IGNORECASE)
_WHY_IT_MATTERS = re.compile(r"why\s+(?:does\s+it|it)\s+matters?\??:?", re.IGNORECASE)
# A summary is prose: a sentence of some length. Highlights are short lines.
_SHORTEST_SUMMARY_WORDS = 15
_ON_DATE = re.compile(
    r"\b(?:on|dated)\s+(?:(?:mon|tues|wednes|thurs|fri|satur|sun)day,?\s+)?$", re.IGNORECASE
)
# A line above the title that only dates the page: "July 18, 1955", "From our archive: 21 August 1968".
_LONGEST_DATELINE_WORDS = 8
# A place name: capitalised words, with the particles names carry ("Rio de Janeiro"); "St." keeps its dot.
_NAME = r"(?:St\.\s|[A-Z])[\w'’-]*(?:\s+(?:(?:de|del|la|von|van|al-)\s+)?(?:St\.\s|[A-Z])[\w'’-]*)*"
# A verb of happening: any past tense in -ed ("signed", "gathered", "opened", "landed") or an irregular one,
# with its particle ("broke out", "took place", "sat down") or a short object ("opened the checkpoints"),
# then "in" or "at" and the place.
_IRREGULAR_PAST = r"met|held|took\s+place|broke\s+out|began|begun|fought|sat|stood|rose|fell|struck|sank"
_PLACE_PHRASES = [
    re.compile(
        rf"\b(?P<verb>\w+ed|{_IRREGULAR_PAST})(?:\s+[a-z]+){{0,3}}?\s+(?:in|at)\s+"
        rf"(?:the\s+(?:city|town|village|port)\s+of\s+)?(?P<place>{_NAME})"
    ),
    re.compile(rf"(?:^|[.;]\s+)In\s+(?P<place>{_NAME}),\s+{_NAME},"),  # "In Geneva, Switzerland, the leaders ..."
    re.compile(rf"\b(?:visited|arrived\s+in|travell?ed\s+to|in\s+the\s+city\s+of)\s+(?P<place>{_NAME})"),
]
# Verbs in -ed whose "in" is no place: "interested in Marxism", "published in Pravda".
_NOT_PLACE_VERBS = frozenset(
    """interested involved engaged resulted participated included published printed reported expressed named
    embroiled rooted trained versed succeeded specialised specialized believed invested dressed mentioned quoted
    recorded covered described summarised summarized translated written""".split()
)
_NOT_PLACES = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December", "The", "This", "It", "Monday", "Tuesday", "Wednesday",
               "Thursday", "Friday", "Saturday", "Sunday"}
_POSSESSIVE = re.compile(r"['’]s\b.*")


def detect(text: str) -> Evidence:
    """Both section headings are there."""
    if not _WHAT_HAPPENED.search(text):  # one search of the page settles it for the many pages that are no article
        return Evidence(0.0)
    lines = content_lines(text)
    if not any(_WHAT_HAPPENED.fullmatch(line.text) for line in lines):
        return Evidence(0.0)
    if any(_WHY_IT_MATTERS.fullmatch(line.text) for line in lines):
        return Evidence(1.0)
    return Evidence(0.3, 'a "What Happened?" heading was found but no "Why Does it Matter?" heading')


def parse(source: Source) -> ParsedSource:
    notes = may_hold_notes(source.text)
    lines = [
        line._replace(text=without_notes(line.text) if notes else line.text)
        for line in content_lines(source.text)
        if not is_chrome(line.text, notes=notes)
    ]
    while len(lines) > 1 and _is_dateline(lines[0].text, lines[1].text):  # a dateline above the title is chrome too
        lines.pop(0)
    what_at = _first(lines, _WHAT_HAPPENED)
    why_at = _first(lines, _WHY_IT_MATTERS)
    parsed = ParsedSource()
    if what_at is None or why_at is None or not 0 < what_at < why_at:
        parsed.problems.append(
            Problem(source.path, 'an event article needs a title, then "What Happened?", then "Why Does it Matter?"')
        )
        return parsed

    title, opening = lines[0], lines[1:what_at]
    summary = opening[0].text if opening and _is_prose(opening[0].text) else None
    highlights = tuple(line.text for line in opening[1 if summary else 0 :])
    what_happened = _section(lines[what_at + 1 : why_at])
    why_it_matters = _section(lines[why_at + 1 :])

    prose = [text for text in (summary, what_happened, *highlights, why_it_matters) if text]
    date = _event_date(title.text, summary, prose)
    if date and date.problem:
        parsed.problems.append(Problem(source.path, f"{date.problem}; the event is kept without a date", title.number))
    parsed.records.append(
        Event(
            source_id=source.source_id,
            line=title.number,
            title=title.text,
            date=date,
            place=_place(prose),
            summary=summary,
            what_happened=what_happened,
            why_it_matters=why_it_matters,
            highlights=highlights,
        )
    )
    return parsed


def _first(lines: list[Line], heading: re.Pattern[str]) -> int | None:
    return next((index for index, line in enumerate(lines) if heading.fullmatch(line.text)), None)


def _section(lines: list[Line]) -> str | None:
    return "\n\n".join(line.text for line in lines) or None


def _is_prose(text: str) -> bool:
    return len(text.split()) >= _SHORTEST_SUMMARY_WORDS or text.endswith(".")


def _is_dateline(text: str, following: str) -> bool:
    """A date alone; or a short line ending in a date ("Posted: 4 November 2016") above a title, not above the summary.

    "The Wall Falls, 9 November 1989" followed by the summary's prose is the title itself.
    """
    if parse_date(text):
        return True
    if _is_prose(following) or len(text.split()) > _LONGEST_DATELINE_WORDS:
        return False
    dates = find_dates(text)
    return bool(dates) and dates[-1].offset + len(dates[-1].text) == len(text.rstrip(".) "))


def _event_date(title: str, summary: str | None, prose: list[str]) -> ParsedDate | None:
    """The title's day; else the summary's, "On ..." first; else the first date the prose introduces by "On ..."."""
    dates_in = cache(find_dates)  # the summary is read twice, as the summary and as prose
    in_title = _days(dates_in(title))
    if in_title:
        return in_title[0]
    in_summary = _days(dates_in(summary or ""))
    introduced = [found for found in in_summary if _ON_DATE.search((summary or "")[: found.offset])]
    if introduced or in_summary:
        return (introduced or in_summary)[0]
    for text in prose:
        for found in dates_in(text):
            if _ON_DATE.search(text[: found.offset]):
                return found
    return None


def _days(dates: list[ParsedDate]) -> list[ParsedDate]:
    """The dates that name one day; "November 1956" in a summary or title is background."""
    return [found for found in dates if found.start and found.start == found.end]


def _place(prose: list[str]) -> str | None:
    """The first place the prose names, in reading order: the summary's before the body's."""
    for text in prose:
        for pattern in _PLACE_PHRASES:
            for match in pattern.finditer(text):
                if match.groupdict().get("verb", "").lower() in _NOT_PLACE_VERBS:
                    continue
                place = _POSSESSIVE.sub("", match["place"]).rstrip(".")
                if place.split()[0] not in _NOT_PLACES:
                    return place
    return None
