"""Date phrases as archives write them -> EDTF with the precision that was written, and two bounds.

`edtf` is ISO 8601 where ISO 8601 can say it ("October 6, 1956" is `1956-10-06`, "November 1956"
`1956-11`, "1958" `1958`: never completed to a day; a day is also written day first, as an ordinal,
in figures or words: "the 4th of November 1956", "the twenty-first of August 1968", "November the
fourth, 1956"; a time after a day is kept in the text: "3 May 1965, 10.00 hours" is `1965-05-03`)
and the Library of Congress's Extended Date/Time Format for the rest: "circa 1956" `1956~`, "1956?"
`1956?`, "the 1950s" `195X`, "Spring 1961" `1961-21`, "1956-1958" or "between 1956 and 1958"
`1956/1958`, "November - December 1956" `1956-11/1956-12`. `start` and `end` are the first and last
day the written date can mean; "circa" and "?" say how sure the archive is and do not move them.
"early", "mid" and "late" are the first, middle and last third of a year (January-April, May-August,
September-December) or a decade (1950-1953, 1954-1956, 1957-1959), written as an interval. Seasons
are the northern hemisphere's: winter 1961 runs from December 1961 to February 1962. A date the
archive supplied ("[1956]") is that date. "Undated", "n.d." or "date unknown" where the date would
be is read as a date line with no date: `edtf`, `start` and `end` are None and there is no
`problem`.

One grammar reads them all: [qualifier] term [separator term] [?], a term being [early|mid|late]
and a point (a day, month, season, year or decade). A phrase shaped like a date that names no real
day ("February 30, 1956") is still recognised, so the record it belongs to is not lost, but gets no
date: `problem` says why.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from itertools import groupby
from typing import Callable, NamedTuple

MONTHS = {
    name.lower(): number
    for number in range(1, 13)
    for name in (calendar.month_name[number], calendar.month_abbr[number])
}
MONTHS["sept"] = 9
# EDTF's season codes; a season's months, the northern hemisphere's (winter runs into the next year).
SEASONS = {"spring": (21, 3, 5), "summer": (22, 6, 8), "autumn": (23, 9, 11), "fall": (23, 9, 11), "winter": (24, 12, 14)}

_MONTH = r"(?P<month>" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
# Days as ordinals in words too ("the twenty-first of August 1968", "November fourth, 1956").
_UNITS = "first second third fourth fifth sixth seventh eighth ninth".split()
_ORDINAL_DAYS = {
    **{word: number for number, word in enumerate(_UNITS + "tenth eleventh twelfth thirteenth fourteenth fifteenth "
                                                 "sixteenth seventeenth eighteenth nineteenth twentieth".split(), 1)},
    **{f"twenty-{word}": 20 + number for number, word in enumerate(_UNITS, 1)},
    "thirtieth": 30,
    "thirty-first": 31,
}


def _one_of(words: list[str]) -> str:
    """An alternation of `words` grouped by first letter ("f(?:ifth|irst)|s(?:econd)"), a space or hyphen between parts.

    Python's re tries each branch at each position of the text: grouped, it tries only those of the letter there.
    """
    by_letter = groupby(sorted(word.replace("-", r"[-\s]") for word in words), key=lambda word: word[0])
    return "|".join(
        f"{letter}(?:{'|'.join(sorted((word[1:] for word in group), key=len, reverse=True))})" for letter, group in by_letter
    )


_SPELLED_DAY = _one_of(list(_ORDINAL_DAYS))
_SPELLED_DAY_INITIALS = "".join(sorted({word[0] for word in _ORDINAL_DAYS}))
# The lookahead passes over, at one test, the words no day starts with.
_DAY = rf"(?=[\d{_SPELLED_DAY_INITIALS}])(?P<day>\d{{1,2}}(?:st|nd|rd|th)?|{_SPELLED_DAY})"
_LEADING_DIGITS = re.compile(r"\d+")
_YEAR = r"(?P<year>[12]\d{3})"

# Dates inside running text, of a month or a day. Ordered: the more precise shape must win where two could match.
_PHRASES = [
    re.compile(rf"\b{_MONTH}\s+(?:the\s+)?{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b(?:the\s+)?{_DAY}(?:\s+day)?(?:\s+of)?\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>\d{{2}})-(?P<day>\d{{2}})\b"),
    re.compile(rf"\b{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_YEAR}-(?P<month>0[1-9]|1[0-2])\b"),  # "1956-58" is two years, not a month 58
]
# A date line can also be a season, a year or a decade ("1950s", "the 1950's").
_POINTS = [
    *_PHRASES,
    re.compile(rf"(?P<season>{'|'.join(SEASONS)}),?\s+(?:of\s+)?{_YEAR}(?:/(?P<next_year>\d{{2}}))?", re.IGNORECASE),
    # Day first wherever dots are written between the numbers ("11.10.1989"): no archive writes month.day.year so.
    re.compile(rf"(?P<day>\d{{1,2}})\.\s?(?P<month>\d{{1,2}})\.\s?{_YEAR}"),
    re.compile(rf"{_YEAR}"),
    re.compile(r"(?:the\s+)?(?P<decade>[12]\d{2})0['’]?s", re.IGNORECASE),
]
_APPROXIMATE = re.compile(r"(?:circa|ca\.?|c\.|approx\.|approximately|about|around)\s*", re.IGNORECASE)
# "early", "mid", "late": first and last month of a year, first and last year of a decade.
_THIRDS_OF_A_YEAR = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
_THIRDS_OF_A_DECADE = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}
_PART = re.compile(r"(?P<part>early|mid|late)(?:\s*-\s*|\s+)", re.IGNORECASE)
_BETWEEN = re.compile(r"(?:between|from)\s+(?P<first>.+?)\s+(?:and|to|until)\s+(?P<last>.+)", re.IGNORECASE)
# "1956-1958", "1956 - 1958", "November 1956 – January 1957", "1956 to 1958": tried where a single point failed.
_SEPARATOR = re.compile(r"\s*[-–—/]\s*|\s+(?:to|until)\s+", re.IGNORECASE)
BULLETS = "•·▪‣◦*-–—"  # before a date, page furniture (page_chrome.csv drops a line of them alone)
# What a date line is written with, besides numbers and month and season names.
_DATE_WORDS = frozenset(
    """circa ca c approx approximate approximately about around early mid late the of in on between and from to until
    or sometime time probably possibly perhaps likely before after by not later earlier than st nd rd th ish s
    date dated undated year years decade century est estimated n d""".split()
)
_YEAR_SHAPED = re.compile(r"(?<!\d)[12]\d{3}(?!\d)")
_WORD = re.compile(r"[^\W\d_]+")
# "between the 4th of September 1956 and the 28th of February 1957" is 63: a longer line is prose.
LONGEST_DATE_LINE = 80
# Where a record's date would be, the archive's word that it has none: the record starts there, undated.
_NO_DATE = re.compile(
    r"\[?(?:undated|n\.\s?d|s\.\s?d|no date|not dated|without date|date unknown|unknown date|"
    r"date not (?:known|recorded|given|stated)|date unclear)\.?\]?",
    re.IGNORECASE,
)
_LONGEST_NO_DATE = 24
# A day with the time the archive logged: "3 May 1965, 10.00 hours", "May 3, 1965, 14:30", "4 November 1956 at 5 a.m.".
_WITH_TIME = re.compile(
    r"(?P<date>.+?),?\s+(?:at\s+)?\d{1,2}(?:[.:]\d{2}(?:\s*(?:hours|hrs|h))?|(?:[.:]\d{2})?\s*[ap]\.?\s?m)",
    re.IGNORECASE,
)
# How a date line can end in a letter: a decade ("1950s", "the 1950's") or a time ("10.00 hours", "2 a.m").
_LETTER_ENDINGS = ("0s", "0's", "0’s", "hours", "hrs", "h", "a.m", "p.m", "am", "pm")
_LAST_LETTERS = frozenset(ending[-1] for ending in _LETTER_ENDINGS)
_YEAR_AT_END = re.compile(rf"{_YEAR}$")
_TWO_DIGITS = re.compile(r"\d{2}")
_SEASON_CODE = re.compile(r"\d{4}-2[1-4]")
_UNCERTAIN, _APPROXIMATE_FLAG, _BOTH = "?", "~", "%"


@dataclass(frozen=True)
class ParsedDate:
    """A date phrase and what it means; `edtf` is None when the phrase names no real date."""

    text: str
    edtf: str | None
    start: date | None
    end: date | None
    problem: str | None = None
    offset: int = 0


class _Span(NamedTuple):
    """What a phrase means: its EDTF form and the first and last day it covers."""

    edtf: str
    start: date
    end: date


class _NoSuchDate(ValueError):
    """A phrase shaped like a date that names none; the message says why."""


def parse_date(text: str) -> ParsedDate | None:
    """The date if `text` is nothing but a date phrase ("April, 1957", "• circa 1956", "n.d."), else None.

    A bullet before the date is the page's furniture: `text` of the result leaves it out.
    """
    phrase = text.strip().rstrip(".")
    last = phrase[-1:]
    # Every phrase ends in a number, "?", "]", a decade's "0s" or a time's "hours", or says there is no date:
    # most lines stop here.
    if not (
        last.isdigit()
        or last in ("?", "]")
        or (last.lower() in _LAST_LETTERS and phrase[-5:].lower().endswith(_LETTER_ENDINGS))
    ):
        if len(phrase) > _LONGEST_NO_DATE or not _NO_DATE.fullmatch(phrase.lstrip(BULLETS).lstrip()):
            return None
        return _parse_phrase(text.strip())  # "n.d." as written, its last dot too
    if len(phrase) > LONGEST_DATE_LINE:
        return None
    return _parse_phrase(phrase)


@lru_cache(maxsize=1 << 16)  # a listing repeats its date lines page after page: each is read once
def _parse_phrase(phrase: str) -> ParsedDate | None:
    phrase = phrase.lstrip(BULLETS).lstrip()
    if _NO_DATE.fullmatch(phrase):
        return ParsedDate(phrase, None, None, None)
    timed = _WITH_TIME.fullmatch(phrase)
    if timed:  # the time is kept in the text; the date is the day
        return _parsed(phrase, 0, lambda: _one_day(timed["date"]))
    return _parsed(phrase, 0, lambda: _phrase(phrase))


def _one_day(text: str) -> _Span | None:
    span = _point(text)
    return span if span and span.start == span.end else None


def _parsed(text: str, offset: int, read: Callable[[], _Span | None]) -> ParsedDate | None:
    """What `read` makes of `text`; a phrase that names no real date keeps its text and says why."""
    try:
        span = read()
    except _NoSuchDate as error:
        return ParsedDate(text, None, None, None, f'"{text}" {error}', offset)
    return ParsedDate(text, span.edtf, span.start, span.end, None, offset) if span else None


def _phrase(text: str) -> _Span | None:
    """[the archive's brackets] [circa] term [separator term] [?]."""
    if text.startswith("[") and text.endswith("]"):  # the cataloguer supplied the date: it is still the date
        return _phrase(text[1:-1].strip())
    flag = ""
    if text.endswith("?"):
        flag, text = _UNCERTAIN, text[:-1].rstrip()
    approximate = _APPROXIMATE.match(text)
    if approximate:
        flag = _BOTH if flag else _APPROXIMATE_FLAG
        text = text[approximate.end() :]
    span = _range_or_term(text)
    return _qualified(span, flag) if span and flag else span


def _range_or_term(text: str) -> _Span | None:
    between = _BETWEEN.fullmatch(text)
    if between:
        first, last = _term(between["first"]), _term(between["last"])
        return _interval(first, last) if first and last else None
    term = _term(text)
    if term:
        return term
    for separator in _SEPARATOR.finditer(text):
        before, after = text[: separator.start()], _whole_year(text[: separator.start()], text[separator.end() :])
        last = _term(after)
        first = last and (_term(before) or _term_sharing_the_end(before, after))
        if first:
            return _interval(first, last)
    return None


def _whole_year(before: str, after: str) -> str:
    """The second year of "1956-58" or "1989/90" with its century ("1958", "1990"); any other `after` as it is.

    "1956-11" never comes here: it is read whole, as November 1956.
    """
    first = _YEAR_AT_END.search(before)
    if not first or not _TWO_DIGITS.fullmatch(after) or int(after) <= int(first["year"]) % 100:
        return after
    return first["year"][:2] + after


def _term_sharing_the_end(before: str, after: str) -> _Span | None:
    """The first term of "November - December 1956" or "3-5 May 1965": it takes the last words of the second."""
    words = after.split()
    for count in (1, 2):
        term = _term(f"{before} {' '.join(words[-count:])}") if count < len(words) else None
        if term:
            return term
    return None


def _term(text: str) -> _Span | None:
    """[early|mid|late] point."""
    part = _PART.match(text)
    point = _point(text[part.end() :] if part else text)
    return _part_of(point, part["part"].lower()) if part and point else point


def _point(text: str) -> _Span | None:
    for pattern in _POINTS:
        match = pattern.fullmatch(text)
        if match:
            return _from_match(match)
    return None


def _from_match(match: re.Match[str]) -> _Span:
    groups = match.groupdict()
    if groups.get("decade"):
        first = int(groups["decade"]) * 10
        return _Span(f"{groups['decade']}X", date(first, 1, 1), date(first + 9, 12, 31))
    year = int(groups["year"])
    if groups.get("season"):
        code, first_month, last_month = SEASONS[groups["season"].lower()]
        if groups.get("next_year") and int(groups["next_year"]) != (year + 1) % 100:
            raise _NoSuchDate(f"names a season of {year} and then a year that does not follow it")
        return _Span(f"{year:04d}-{code}", date(year, first_month, 1), _last_day(year, last_month))
    month = _month_number(groups["month"]) if groups.get("month") else None
    if month is None:
        return _Span(f"{year:04d}", date(year, 1, 1), date(year, 12, 31))
    if not 1 <= month <= 12:
        raise _NoSuchDate(f"has no month {month}")
    if not groups.get("day"):
        return _Span(f"{year:04d}-{month:02d}", date(year, month, 1), _last_day(year, month))
    day = _day_number(groups["day"])
    if not 1 <= day <= calendar.monthrange(year, month)[1]:
        raise _NoSuchDate("is not a real date")
    exact = date(year, month, day)
    return _Span(exact.isoformat(), exact, exact)


def _day_number(token: str) -> int:
    """4 from "4", "4th" or "fourth"; 21 from "twenty-first" or "twenty first"."""
    digits = _LEADING_DIGITS.match(token)
    return int(digits.group()) if digits else _ORDINAL_DAYS[re.sub(r"\s+", "-", token.lower())]


def _month_number(token: str) -> int:
    return int(token) if token.isdigit() else MONTHS[token.lower().rstrip(".")]


def _last_day(year: int, month: int) -> date:
    """The last day of `month` of `year`, counting months past December into the next year."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year, month, calendar.monthrange(year, month)[1])


def _part_of(span: _Span, part: str) -> _Span:
    """The first, middle or last third of a year (in months) or a decade (in years), as an interval."""
    if span.edtf.isdigit():
        first, last = _THIRDS_OF_A_YEAR[part]
        year = span.start.year
        return _Span(f"{year:04d}-{first:02d}/{year:04d}-{last:02d}", date(year, first, 1), _last_day(year, last))
    if span.edtf.endswith("X"):
        first, last = (span.start.year + offset for offset in _THIRDS_OF_A_DECADE[part])
        return _Span(f"{first}/{last}", date(first, 1, 1), date(last, 12, 31))
    raise _NoSuchDate(f'says "{part}" of a date that is not a year or a decade')


def _interval(first: _Span, last: _Span) -> _Span:
    """From the start of `first` to the end of `last`; an interval of its own keeps its outer ends."""
    if last.end < first.start:
        raise _NoSuchDate("ends before it starts")
    return _Span(f"{first.edtf.split('/')[0]}/{last.edtf.split('/')[-1]}", first.start, last.end)


def _qualified(span: _Span, flag: str) -> _Span:
    """`flag` on each end of the span: EDTF marks a date, not an interval, as uncertain or approximate."""
    if any(_SEASON_CODE.fullmatch(end) for end in span.edtf.split("/")):
        raise _NoSuchDate("qualifies a season, which EDTF cannot mark as uncertain or approximate")
    return span._replace(edtf="/".join(end + flag for end in span.edtf.split("/")))


def looks_like_a_date(text: str) -> bool:
    """A short line of date words and numbers that holds a year, whether `parse_date` can read it or not.

    "Sometime in 1956?" and "November 31st-ish, 1956" look like dates; so does a lone word beside a
    year ("Novembre 1956", "Sommer 1961": another language's month or season). "1956 was a year of
    change" and "Published in 1956" do not: they hold words no date is written with.
    """
    if len(text) > LONGEST_DATE_LINE or not _YEAR_SHAPED.search(text):  # most lines stop here
        return False
    words = _WORD.findall(text.lower())
    unknown = [word for word in words if word not in _DATE_WORDS and word not in MONTHS and word not in SEASONS]
    return not unknown or len(words) == 1


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
            found.append(_parsed(match.group(0), match.start(), lambda: _from_match(match)))
    return sorted(found, key=lambda parsed: parsed.offset)
