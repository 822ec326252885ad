"""Date phrases keep the precision that was written, never complete a partial date, and read as EDTF."""

from __future__ import annotations

from datetime import date

import edtf as edtf_library
import pytest

from pipeline.dates import find_dates, looks_like_a_date, parse_date


@pytest.mark.parametrize(
    ("text", "iso", "start", "end"),
    [
        ("October 6, 1956", "1956-10-06", date(1956, 10, 6), date(1956, 10, 6)),
        ("July 04, 1949", "1949-07-04", date(1949, 7, 4), date(1949, 7, 4)),
        ("November 1956", "1956-11", date(1956, 11, 1), date(1956, 11, 30)),
        ("April, 1957", "1957-04", date(1957, 4, 1), date(1957, 4, 30)),
        ("February 1956", "1956-02", date(1956, 2, 1), date(1956, 2, 29)),
        ("1958", "1958", date(1958, 1, 1), date(1958, 12, 31)),
        ("11 December 1962", "1962-12-11", date(1962, 12, 11), date(1962, 12, 11)),
        ("September 1st, 1961", "1961-09-01", date(1961, 9, 1), date(1961, 9, 1)),
        ("the 4th of November 1956", "1956-11-04", date(1956, 11, 4), date(1956, 11, 4)),
        ("Sept. 3, 1960", "1960-09-03", date(1960, 9, 3), date(1960, 9, 3)),
        ("1956-10-06", "1956-10-06", date(1956, 10, 6), date(1956, 10, 6)),
        # ordinals in words and the other ways of writing a day first
        ("the twenty-first of August 1968", "1968-08-21", date(1968, 8, 21), date(1968, 8, 21)),
        ("Thirty First of March, 1957", "1957-03-31", date(1957, 3, 31), date(1957, 3, 31)),
        ("November the fourth, 1956", "1956-11-04", date(1956, 11, 4), date(1956, 11, 4)),
        ("the 2nd day of August 1948", "1948-08-02", date(1948, 8, 2), date(1948, 8, 2)),
        # the time the archive logged is kept in the text; the date is the day
        ("3 May 1965, 10.00 hours", "1965-05-03", date(1965, 5, 3), date(1965, 5, 3)),
        ("November 4, 1956, 05:20", "1956-11-04", date(1956, 11, 4), date(1956, 11, 4)),
        ("21 August 1968 at 2 a.m", "1968-08-21", date(1968, 8, 21), date(1968, 8, 21)),
    ],
)
def test_date_lines(text, iso, start, end):
    parsed = parse_date(text)
    assert (parsed.text, parsed.edtf, parsed.start, parsed.end, parsed.problem) == (text, iso, start, end, None)


@pytest.mark.parametrize("text", ["February 30, 1956", "April 31, 1957", "February 29, 1957", "1956-13-01"])
def test_impossible_dates_are_recognised_but_not_dated(text):
    parsed = parse_date(text)
    assert parsed.edtf is None and parsed.start is None and parsed.end is None
    assert parsed.problem


@pytest.mark.parametrize("text", ["Pagination", "11 - 20 of 22", "Documents", "June", "19567", "Report of 1956 talks"])
def test_other_lines_are_not_dates(text):
    assert parse_date(text) is None


def test_find_dates_in_prose_in_reading_order_without_bare_years():
    found = find_dates("Since 1948 relations were poor. On June 2, 1955, he came; by November 1956 it was over.")
    assert [(d.text, d.edtf) for d in found] == [("June 2, 1955", "1955-06-02"), ("November 1956", "1956-11")]


# Approximate and spread-out dates, as archives write them, three or more unlike inputs per shape.
# (text, edtf, start, end): circa and "?" do not widen the span; early / mid / late are thirds.
EDTF_DATES = [
    ("circa 1956", "1956~", date(1956, 1, 1), date(1956, 12, 31)),
    ("ca. 1871", "1871~", date(1871, 1, 1), date(1871, 12, 31)),
    ("c. 2003", "2003~", date(2003, 1, 1), date(2003, 12, 31)),
    ("Circa March 1949", "1949-03~", date(1949, 3, 1), date(1949, 3, 31)),
    ("approx. 12 May 1990", "1990-05-12~", date(1990, 5, 12), date(1990, 5, 12)),
    ("1950s", "195X", date(1950, 1, 1), date(1959, 12, 31)),
    ("the 1880's", "188X", date(1880, 1, 1), date(1889, 12, 31)),
    ("The 2010s", "201X", date(2010, 1, 1), date(2019, 12, 31)),
    ("Spring 1961", "1961-21", date(1961, 3, 1), date(1961, 5, 31)),
    ("summer of 2004", "2004-22", date(2004, 6, 1), date(2004, 8, 31)),
    ("Fall 1956", "1956-23", date(1956, 9, 1), date(1956, 11, 30)),
    ("Autumn, 1919", "1919-23", date(1919, 9, 1), date(1919, 11, 30)),
    ("Winter 1963", "1963-24", date(1963, 12, 1), date(1964, 2, 29)),
    ("early 1957", "1957-01/1957-04", date(1957, 1, 1), date(1957, 4, 30)),
    ("mid-1957", "1957-05/1957-08", date(1957, 5, 1), date(1957, 8, 31)),
    ("Late 1899", "1899-09/1899-12", date(1899, 9, 1), date(1899, 12, 31)),
    ("early 1950s", "1950/1953", date(1950, 1, 1), date(1953, 12, 31)),
    ("mid 1980s", "1984/1986", date(1984, 1, 1), date(1986, 12, 31)),
    ("1956-1958", "1956/1958", date(1956, 1, 1), date(1958, 12, 31)),
    ("1956 - 1958", "1956/1958", date(1956, 1, 1), date(1958, 12, 31)),
    ("1939–1945", "1939/1945", date(1939, 1, 1), date(1945, 12, 31)),
    ("1914 to 1918", "1914/1918", date(1914, 1, 1), date(1918, 12, 31)),
    ("between 1949 and 1953", "1949/1953", date(1949, 1, 1), date(1953, 12, 31)),
    ("From March 1917 to November 1918", "1917-03/1918-11", date(1917, 3, 1), date(1918, 11, 30)),
    ("November 1956 - January 1957", "1956-11/1957-01", date(1956, 11, 1), date(1957, 1, 31)),
    ("1990-05-01/1990-06-15", "1990-05-01/1990-06-15", date(1990, 5, 1), date(1990, 6, 15)),
    ("early 1957 - late 1958", "1957-01/1958-12", date(1957, 1, 1), date(1958, 12, 31)),
    ("the 1940s to the 1960s", "194X/196X", date(1940, 1, 1), date(1969, 12, 31)),
    ("November - December 1956", "1956-11/1956-12", date(1956, 11, 1), date(1956, 12, 31)),
    ("3-5 November 1956", "1956-11-03/1956-11-05", date(1956, 11, 3), date(1956, 11, 5)),
    ("May-June, 1957", "1957-05/1957-06", date(1957, 5, 1), date(1957, 6, 30)),
    ("Spring - Summer 1961", "1961-21/1961-22", date(1961, 3, 1), date(1961, 8, 31)),
    ("1956?", "1956?", date(1956, 1, 1), date(1956, 12, 31)),
    ("June 1941?", "1941-06?", date(1941, 6, 1), date(1941, 6, 30)),
    ("3 May 1965 ?", "1965-05-03?", date(1965, 5, 3), date(1965, 5, 3)),
    ("circa 1956?", "1956%", date(1956, 1, 1), date(1956, 12, 31)),
    ("circa 1956-1958", "1956~/1958~", date(1956, 1, 1), date(1958, 12, 31)),
    ("about the 1970s", "197X~", date(1970, 1, 1), date(1979, 12, 31)),
    ("[1956]", "1956", date(1956, 1, 1), date(1956, 12, 31)),
    ("[October 1917]", "1917-10", date(1917, 10, 1), date(1917, 10, 31)),
    ("[1968?]", "1968?", date(1968, 1, 1), date(1968, 12, 31)),
    # Day first wherever dots separate the numbers, as central European archives write.
    ("11.10.1989", "1989-10-11", date(1989, 10, 11), date(1989, 10, 11)),
    ("6. 3. 1921", "1921-03-06", date(1921, 3, 6), date(1921, 3, 6)),
    ("ca. 01.05.2001", "2001-05-01~", date(2001, 5, 1), date(2001, 5, 1)),
    # A second year written with two digits; two digits that can be a month stay a month.
    ("1956-58", "1956/1958", date(1956, 1, 1), date(1958, 12, 31)),
    ("1914–18", "1914/1918", date(1914, 1, 1), date(1918, 12, 31)),
    ("1989/90", "1989/1990", date(1989, 1, 1), date(1990, 12, 31)),
    ("1956-11", "1956-11", date(1956, 11, 1), date(1956, 11, 30)),
    ("Winter 1962/63", "1962-24", date(1962, 12, 1), date(1963, 2, 28)),
]


@pytest.mark.parametrize("text", ["n.d.", "[n.d.]", "s.d.", "Undated", "[undated]", "No date", "Date unknown", "date not recorded"])
def test_a_line_saying_there_is_no_date_is_a_date_line_without_a_date(text):
    parsed = parse_date(f"• {text}")
    assert (parsed.text, parsed.edtf, parsed.start, parsed.end, parsed.problem) == (text, None, None, None, None)


@pytest.mark.parametrize("text", ["Not known", "Undated letter from Tito to Stalin", "No date was set for the talks", "Dated", "Notes"])
def test_a_line_that_only_mentions_dates_is_not_one(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(("text", "edtf", "start", "end"), EDTF_DATES)
def test_approximate_and_spread_out_dates(text, edtf, start, end):
    parsed = parse_date(text)
    assert (parsed.text, parsed.edtf, parsed.start, parsed.end, parsed.problem) == (text, edtf, start, end, None)


@pytest.mark.parametrize(
    ("text", "edtf", "start", "end"),
    [
        *EDTF_DATES,
        ("October 6, 1956", "1956-10-06", date(1956, 10, 6), date(1956, 10, 6)),
        ("November 1956", "1956-11", date(1956, 11, 1), date(1956, 11, 30)),
        ("1958", "1958", date(1958, 1, 1), date(1958, 12, 31)),
    ],
)
def test_every_date_written_is_edtf_spanning_what_the_reference_reader_says(text, edtf, start, end):
    """The Library of Congress reader (`edtf` on PyPI) reads our string and gives the same first and last day.

    One difference is ours on purpose: the reader ends a winter on December 31 of its year; ours runs into February.
    """
    parsed_edtf = edtf_library.parse_edtf(parse_date(text).edtf)
    assert date(*parsed_edtf.lower_strict()[:3]) == start
    last = date(*parsed_edtf.upper_strict()[:3])
    assert last == (date(start.year, 12, 31) if edtf.endswith("-24") else end)


@pytest.mark.parametrize(
    ("written", "text"),
    [("• November 1956", "November 1956"), ("- 1958", "1958"), ("* Fall 1956", "Fall 1956"),
     ("– circa 1956", "circa 1956"), ("—1977", "1977"), ("·  2001-09-11.", "2001-09-11"), ("▪ [1956]", "[1956]")],
)
def test_a_bullet_before_a_date_is_page_furniture(written, text):
    assert parse_date(written) == parse_date(text)
    assert parse_date(written).text == text


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("1958-1956", '"1958-1956" ends before it starts'),
        ("between 1960 and March 1953", '"between 1960 and March 1953" ends before it starts'),
        ("circa Spring 1961", '"circa Spring 1961" qualifies a season, which EDTF cannot mark as uncertain or approximate'),
        ("early 3 May 1965", '"early 3 May 1965" says "early" of a date that is not a year or a decade'),
        ("1950 - February 30, 1951", '"1950 - February 30, 1951" is not a real date'),
        ("30-31 April 1957", '"30-31 April 1957" is not a real date'),
    ],
)
def test_a_date_shaped_phrase_that_names_no_date_says_why(text, problem):
    parsed = parse_date(text)
    assert (parsed.edtf, parsed.start, parsed.end, parsed.problem) == (None, None, None, problem)


@pytest.mark.parametrize(
    "text",
    ["1956 was a year of change", "1950s Soviet policy", "- see also", "Sometime in 1956?", "November 31st-ish, 1956",
     "The 1950s and the Cold War", "Fall of Berlin 1945", "early drafts of 1957", "Why Does it Matter?", "[see note 3]",
     "1950s-era housing", "Spring cleaning 1961", "* 42", "Minutes 1956-1958", "Report - May 1956", "10-12 1956"],
)
def test_text_that_only_holds_a_date_is_not_a_date(text):
    assert parse_date(text) is None


@pytest.mark.parametrize(
    "text",
    ["Sometime in 1956?", "November 31st-ish, 1956", "Novembre 1956", "Sommer 1961", "probably 1956 or 1957",
     "not before 1949", "• 1956-58 (est.)", "1956/57"],
)
def test_lines_that_look_like_dates(text):
    assert looks_like_a_date(text)


@pytest.mark.parametrize(
    "text",
    ["1956 was a year of change.", "Published in 1956 by the ministry", "1950s Soviet policy", "- see also",
     "Letter from Tito, 1956", "November and December", "Sometime in the spring of " + "1956, " * 10],
)
def test_lines_that_do_not_look_like_dates(text):
    assert not looks_like_a_date(text)


def test_day_first_dates_with_ordinals_in_prose():
    text = "It was on the fourth of October 1957, a Friday; on 1st September 1939 and November the 9th, 1989 too."
    assert [(d.text, d.edtf) for d in find_dates(text)] == [
        ("the fourth of October 1957", "1957-10-04"),
        ("1st September 1939", "1939-09-01"),
        ("November the 9th, 1989", "1989-11-09"),
    ]
    assert find_dates("the thirty-first of June 1956")[0].problem == '"the thirty-first of June 1956" is not a real date'
