"""Archive search-results pages: a results range, then date / title / description entries.

A record starts at a date line ("October 6, 1956", "• circa 1956", "Spring 1961", "1956-1958"), or,
for undated records, at a title ending in "(undated)" or at a title-shaped line that follows a
finished record. The next line is its title; the lines after it, up to the next record, its
description. A line that says there is no date ("n.d.", "Undated") starts a record without one. A
line in a date line's place that the reader cannot read, shaped like a date ("Sometime in 1956?")
or bulleted as this page bullets its dates ("* after the 20th Congress"), followed by a line that
reads as a title, starts a record too: it is kept without a date, with a warning, never glued to
the record before. Site chrome is dropped, and so are search filters with their counts ("1950s
(51)", "Letter (9)", two or more in a row), and the results range ("11 - 20 of 22", "Showing 1 to 9
of 9") numbers the records.
"""

from __future__ import annotations

import re
from collections import Counter

from pipeline.dates import BULLETS, LONGEST_DATE_LINE, ParsedDate, looks_like_a_date, parse_date
from pipeline.formats.evidence import Evidence
from pipeline.formats.lines import Line, content_lines, is_chrome, may_hold_notes, without_notes
from pipeline.formats.titles import opens_with_document_type, read_title
from pipeline.parsed import Document, ParsedSource, Problem, ResultsRange
from pipeline.sources import Source
from pipeline.wording import counted

NAME = "archive_listing"
DESCRIPTION = "a search listing"

# "11 - 20 of 22", "Results 1 to 9 of 9", "Showing 21–30 of 57 items", "Displaying records 1 - 10 of 1,204".
_COUNTED = r"(?:results|items|records|documents|entries|hits)"
_RANGE = re.compile(
    rf"(?:(?:search\s+)?(?:results|showing|displaying|viewing)\s*:?\s*(?:{_COUNTED}\s+)?|{_COUNTED}\s+)?"
    rf"(\d[\d,]*)\s*(?:[-–—]|to)\s*(\d[\d,]*)\s+of\s+(?:about\s+)?(\d[\d,]*)(?:\s+{_COUNTED})?\.?",
    re.IGNORECASE,
)
_FACET = re.compile(r".{1,60}\s\(\d[\d,]*\)")
_UNDATED = re.compile(r"\(undated\)$", re.IGNORECASE)
_LONGEST_TITLE = 400
# A listing's entry is a date, a title and a description of a few paragraphs: pages of search results
# give one every 3 to 12 lines, document pages with their full text one every 36 or more.
_MOST_LINES_PER_RECORD = 20


def detect(text: str) -> Evidence:
    """A results range, or date / title entries dense enough to be a listing's.

    A listing's entry is a date, a title and a description of a few paragraphs: a page of prose
    with a few date lines (a document page's full text, a memoir) leaves most of its lines
    unexplained, and is not cut into records.
    """
    lines = content_lines(text)
    if any(_RANGE.fullmatch(line.text) for line in lines):
        return Evidence(1.0)
    entries = sum(
        1 for line, following in zip(lines, lines[1:]) if parse_date(line.text) and _could_be_title(following.text)
    )
    if not entries:
        return Evidence(0.0)
    if len(lines) <= _MOST_LINES_PER_RECORD * entries:
        return Evidence(0.8)
    return Evidence(
        0.3,
        f"its {len(lines)} lines of text hold {counted(entries, 'date-and-title entry', 'date-and-title entries')}, "
        f"too few for a search listing (an entry every {_MOST_LINES_PER_RECORD} lines at least)",
    )


def parse(source: Source) -> ParsedSource:
    parsed = ParsedSource()
    entries: list[_Entry] = []
    lines = content_lines(source.text)
    bullets = _date_bullets(lines)
    facets = _facet_lines(lines)
    notes = may_hold_notes(source.text)  # one look at the page spares one per line on most pages
    for index, line in enumerate(lines):
        if index in facets:
            continue
        date = parse_date(line.text)
        if date is not None:
            entries.append(_Entry(date_line=line, date=date))
            continue
        results_range = _RANGE.fullmatch(line.text)
        if results_range:
            numbers = (int(number.replace(",", "")) for number in results_range.groups())
            parsed.results_range = parsed.results_range or ResultsRange(*numbers)
            continue
        if is_chrome(line.text, notes=notes):
            continue
        current = entries[-1] if entries else None
        if current and current.title is None:
            current.title = line
        elif _starts_undated_record(line.text, after_record=current is not None):
            entries.append(_Entry(date_line=None, title=line))
        elif _is_unreadable_date_line(lines, index, bullets):
            text = line.text.lstrip(BULLETS).lstrip()
            problem = f'"{text}" looks like a date line but is not a date this reader knows'
            entries.append(_Entry(date_line=line, date=ParsedDate(text, None, None, None, problem)))
        elif current:
            current.paragraphs.append(without_notes(line.text) if notes else line.text)
        # Anything else before the first record is page preamble.

    first_position = parsed.results_range.start if parsed.results_range else 1
    for entry in entries:
        if entry.title is None:
            parsed.problems.append(
                Problem(source.path, f'date line "{entry.date_line.text}" has no title after it; no record made', entry.date_line.number)
            )
            continue
        if entry.date and entry.date.problem:
            parsed.problems.append(
                Problem(source.path, f"{entry.date.problem}; the record is kept without a date", entry.date_line.number)
            )
        parsed.records.append(_document(source, entry, first_position + len(parsed.records)))

    _check_count(source, parsed)
    return parsed


class _Entry:
    def __init__(self, date_line: Line | None, date: ParsedDate | None = None, title: Line | None = None):
        self.date_line = date_line
        self.date = date
        self.title = title
        self.paragraphs: list[str] = []


def _document(source: Source, entry: _Entry, position: int) -> Document:
    parts = read_title(entry.title.text)
    return Document(
        source_id=source.source_id,
        position=position,
        line=(entry.date_line or entry.title).number,
        title=entry.title.text,
        date=entry.date,
        description="\n\n".join(entry.paragraphs) or None,
        document_type=parts.document_type,
        authors=parts.authors,
        recipients=parts.recipients,
        participants=parts.participants,
    )


def _could_be_title(text: str) -> bool:
    """Not a date, nor what looks like one ("1950s (22)" in a list of filters), nor a results count, nor chrome."""
    return (
        len(text) <= _LONGEST_TITLE
        and parse_date(text) is None
        and not looks_like_a_date(text)
        and not _RANGE.fullmatch(text)
        and not is_chrome(text)
    )


def _date_bullets(lines: tuple[Line, ...]) -> frozenset[str]:
    """The bullets this page writes before its date lines ("- 1956", "• May 1957"): those before two or more."""
    used = Counter(bullet for line in lines if (bullet := _bullet(line.text)) and parse_date(line.text))
    return frozenset(bullet for bullet, count in used.items() if count >= 2)


def _facet_lines(lines: tuple[Line, ...]) -> set[int]:
    """The lines of the page's search filters: two or more in a row, each a short label and a count ("1950s (51)")."""
    counted = [bool(_FACET.fullmatch(line.text)) for line in lines]
    return {
        index
        for index, is_facet in enumerate(counted)
        if is_facet and ((index > 0 and counted[index - 1]) or (index + 1 < len(counted) and counted[index + 1]))
    }


def _bullet(text: str) -> str | None:
    return text[0] if text[:1] in BULLETS and text[1:2].isspace() else None


def _is_unreadable_date_line(lines: tuple[Line, ...], index: int, bullets: frozenset[str]) -> bool:
    """A line in a date line's place that `parse_date` could not read, with a title after it: a record starts here.

    Its place is known by its shape (a short line of date words holding a year: "Sometime in 1961?") or
    by the bullet the page writes before its dates ("* after the 20th Congress" where dates are "* 1956").
    """
    text = lines[index].text
    in_place = (_bullet(text) in bullets and len(text) <= LONGEST_DATE_LINE) or looks_like_a_date(text)
    following = lines[index + 1] if index + 1 < len(lines) else None
    return in_place and following is not None and _could_be_title(following.text) and _bullet(following.text) not in bullets


def _starts_undated_record(text: str, *, after_record: bool) -> bool:
    """A title marked "(undated)", or, after a record, a line that reads as a catalogue title."""
    if _UNDATED.search(text):
        return True
    if not after_record or len(text) > _LONGEST_TITLE or text.endswith((".", "?", "!", '"', "”")):
        return False
    return opens_with_document_type(text)


def _check_count(source: Source, parsed: ParsedSource) -> None:
    expected = parsed.results_range
    if expected and expected.end - expected.start + 1 != len(parsed.records):
        parsed.problems.append(
            Problem(
                source.path,
                f"the page says results {expected.start} - {expected.end} "
                f"({expected.end - expected.start + 1} records) but {len(parsed.records)} were found",
            )
        )
