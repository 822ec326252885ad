""""On this day" event articles: title, summary, highlight lines, "What Happened?", "Why Does it Matter?".

The event's date is the one the prose gives it ("On June 2, 1955, ..."); other dates in the
text are background. The place is where the text says it "took place" or "was held".
"""

from __future__ import annotations

import re

from pipeline.dates import ParsedDate, find_dates, parse_date
from pipeline.formats.evidence import Evidence
from pipeline.formats.lines import Line, content_lines, is_chrome
from pipeline.parsed import Event, ParsedSource, Problem
from pipeline.sources import Source

NAME = "event_article"
DESCRIPTION = "an event article"

_WHAT_HAPPENED = re.compile(r"what\s+happened\??:?", re.IGNORECASE)
_WHY_IT_MATTERS = re.compile(r"why\s+(?:does\s+it|it)\s+matters?\??:?", re.IGNORECASE)
# A summary is prose: a sentence of some length. Highlights are short lines.
_SHORTEST_SUMMARY_WORDS = 15
_ON_DATE = re.compile(r"\b(?:on|dated)\s+$", re.IGNORECASE)
_NAME = r"[A-Z][\w'’.-]*(?:\s+(?:de|del|la|von|van|al-)?\s*[A-Z][\w'’.-]*)*"
_PLACE_PHRASES = [
    re.compile(rf"\b(?:took\s+place|was\s+held|were\s+held|held|convened|occurred|signed|met)\s+in\s+(?:the\s+city\s+of\s+)?(?P<place>{_NAME})"),
    re.compile(rf"\b(?:visited|arrived\s+in|travell?ed\s+to|in\s+the\s+city\s+of)\s+(?P<place>{_NAME})"),
]
_NOT_PLACES = {"January", "February", "March", "April", "May", "June", "July", "August", "September",
               "October", "November", "December", "The", "This", "It"}


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
    lines = [line for line in content_lines(source.text) if not is_chrome(line.text)]
    while lines and parse_date(lines[0].text):  # a dateline above the title is chrome too
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
    date = _event_date(summary, prose)
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


def _event_date(summary: str | None, prose: list[str]) -> ParsedDate | None:
    """The first date introduced by "On ..." in the prose; else the first full date of the summary."""
    for text in prose:
        for found in find_dates(text):
            if _ON_DATE.search(text[: found.offset]):
                return found
    full_dates = [found for found in find_dates(summary or "") if found.start and found.start == found.end]
    return full_dates[0] if full_dates else None


def _place(prose: list[str]) -> str | None:
    for pattern in _PLACE_PHRASES:
        for text in prose:
            for match in pattern.finditer(text):
                place = match["place"].rstrip(".")
                if place.split()[0] not in _NOT_PLACES:
                    return place
    return None
