"""Date phrases keep the precision that was written and never complete a partial date."""

from __future__ import annotations

from datetime import date

import pytest

from pipeline.dates import find_dates, parse_date


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
    ],
)
def test_date_lines(text, iso, start, end):
    parsed = parse_date(text)
    assert (parsed.text, parsed.iso, parsed.start, parsed.end, parsed.problem) == (text, iso, start, end, None)


@pytest.mark.parametrize("text", ["February 30, 1956", "April 31, 1957", "February 29, 1957", "1956-13-01"])
def test_impossible_dates_are_recognised_but_not_dated(text):
    parsed = parse_date(text)
    assert parsed.iso is None and parsed.start is None and parsed.end is None
    assert parsed.problem


@pytest.mark.parametrize("text", ["Pagination", "11 - 20 of 22", "Documents", "June", "19567", "Report of 1956 talks"])
def test_other_lines_are_not_dates(text):
    assert parse_date(text) is None


def test_find_dates_in_prose_in_reading_order_without_bare_years():
    found = find_dates("Since 1948 relations were poor. On June 2, 1955, he came; by November 1956 it was over.")
    assert [(d.text, d.iso) for d in found] == [("June 2, 1955", "1955-06-02"), ("November 1956", "1956-11")]
