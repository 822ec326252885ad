"""Date phrases as archives write them -> ISO 8601 with the precision that was written.

"October 6, 1956" is a day, "November 1956" a month, "1958" a year: each keeps its precision
(`iso` is "1956-10-06", "1956-11", "1958") and spans it with `start` and `end`. A phrase shaped
like a date that names no real day ("February 30, 1956") is still recognised, so the record it
belongs to is not lost, but gets no date: `problem` says why.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>[12]\d{3})"

# Ordered: the more precise shape must win where two could match the same text.
_PHRASES = [
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{2}})\b"),
]
_YEAR_ONLY = re.compile(rf"{_YEAR}")


@dataclass(frozen=True)
class ParsedDate:
    """A date phrase and what it means; `iso` is None when the phrase names no real date."""

    text: str
    iso: str | None
    start: date | None
    end: date | None
    problem: str | None = None
    offset: int = 0


def _month_number(token: str) -> int:
    return int(token) if token.isdigit() else MONTHS[token.lower().rstrip(".")]


def _interpret(text: str, year: int, month: int | None, day: int | None, offset: int) -> ParsedDate:
    if month is not None and not 1 <= month <= 12:
        return ParsedDate(text, None, None, None, f'"{text}" has no month {month}', offset)
    if month is None:
        return ParsedDate(text, f"{year:04d}", date(year, 1, 1), date(year, 12, 31), None, offset)
    last_day = calendar.monthrange(year, month)[1]
    if day is None:
        return ParsedDate(
            text, f"{year:04d}-{month:02d}", date(year, month, 1), date(year, month, last_day), None, offset
        )
    if not 1 <= day <= last_day:
        return ParsedDate(text, None, None, None, f'"{text}" is not a real date', offset)
    exact = date(year, month, day)
    return ParsedDate(text, exact.isoformat(), exact, exact, None, offset)


def _from_match(match: re.Match[str]) -> ParsedDate:
    groups = match.groupdict()
    month = _month_number(groups["month"]) if groups.get("month") else None
    day = int(groups["day"]) if groups.get("day") else None
    return _interpret(match.group(0), int(groups["year"]), month, day, match.start())


def parse_date(text: str) -> ParsedDate | None:
    """The date if `text` is nothing but a date phrase ("April, 1957", "1958"), else None."""
    phrase = text.strip().rstrip(".")
    if not phrase[-1:].isdigit():  # every shape ends in its year or a two-digit month or day: most lines stop here
        return None
    return _parse_phrase(phrase)


@lru_cache(maxsize=1 << 16)  # a listing repeats its date lines page after page: each is read once
def _parse_phrase(phrase: str) -> ParsedDate | None:
    for pattern in _PHRASES:
        match = pattern.fullmatch(phrase)
        if match:
            return _from_match(match)
    if _YEAR_ONLY.fullmatch(phrase):
        return _interpret(phrase, int(phrase), None, None, 0)
    return None


def find_dates(text: str) -> list[ParsedDate]:
    """Every date phrase of month or day precision inside running text, in reading order.

    Bare years are left out: in prose "1948" is as often a number as a date.
    """
    found: list[ParsedDate] = []
    taken: list[range] = []
    for pattern in _PHRASES:
        for match in pattern.finditer(text):
            span = range(match.start(), match.end())
            if any(span.start < other.stop and other.start < span.stop for other in taken):
                continue
            taken.append(span)
            found.append(_from_match(match))
    return sorted(found, key=lambda parsed: parsed.offset)
