"""Page chrome: the curator's patterns in pipeline/reference/page_chrome.csv, as the parsers apply them."""

import csv
import re
from importlib import resources

import pytest

from pipeline.dates import BULLETS, parse_date
from pipeline.formats.lines import content_lines, is_chrome, without_notes

CHROME = list(csv.DictReader(resources.files("pipeline.reference").joinpath("page_chrome.csv").read_text(encoding="utf-8").splitlines()))


@pytest.mark.parametrize("row", CHROME, ids=lambda row: row["example"])
def test_every_example_in_the_chrome_table_is_chrome(row):
    assert row["match"] in ("line", "within")
    assert is_chrome(row["example"])
    assert is_chrome(f"  {row['example'].upper()}  ")  # case and surrounding spaces do not matter


def test_a_line_pattern_must_be_the_whole_line_a_within_pattern_may_be_any_part():
    assert is_chrome("Pagination")
    assert not is_chrome("Pagination of the 1956 ledgers was redone by hand.")
    assert is_chrome("June 2, 1955 — 71 years ago")


@pytest.mark.parametrize("bullet", list(BULLETS))
def test_a_bullet_alone_on_a_line_is_chrome_like_a_bullet_before_a_date(bullet):
    assert is_chrome(bullet)
    assert parse_date(f"{bullet} 1956") == parse_date("1956")


def test_a_row_of_asterisks_is_a_section_break_of_the_text_not_a_bullet():
    assert not is_chrome("***")
    assert not is_chrome("* * *")


def test_content_lines_numbers_the_non_blank_lines_as_written():
    lines = content_lines("Title\n\n  Second line  \r\n\t\nlast")
    assert [(line.number, line.text) for line in lines] == [(1, "Title"), (3, "Second line"), (5, "last")]


@pytest.mark.parametrize(
    "row, message",
    [
        ('"next",Line,Next', r'page_chrome.csv:3: match is "Line"; it must be line or within'),
        ('"(share",within,Share', r"page_chrome.csv:3: the pattern is not a regular expression: missing \), unterminated subpattern"),
        ('"(?i)share",within,Share', r"page_chrome.csv:3: the pattern is not a regular expression: global flags not at the start"),
    ],
    ids=["unknown match", "pattern that does not compile", "flags that cannot join the other rows"],
)
def test_a_bad_chrome_row_is_refused_with_its_line(tmp_path, row, message):
    from pipeline.curation import Curation, curated
    from pipeline.errors import PipelineError

    table = tmp_path / "page_chrome.csv"
    table.write_text(f'pattern,match,example\n"pagination",line,Pagination\n{row}\n', encoding="utf-8")
    with curated(Curation(page_chrome=table)), pytest.raises(PipelineError, match="^" + re.escape(f"{tmp_path}/") + message):
        is_chrome("Next")


@pytest.mark.parametrize(
    "note",
    [
        "The summary above was machine-generated from the catalogue.",
        "This summary was generated automatically",
        "AI-generated description",
        "[AI-generated description]",
        "*Summary produced by machine learning; may contain errors*",
        "(Automatically translated abstract.)",
        "Abstract created by artificial intelligence",
        "Description written by an AI model – please check it against the original.",
        "Descriptions on this page are machine-generated. Please report errors to the archive.",
        "Note: this synopsis was written by a language model.",
        "The summary is an automatic one.",
    ],
)
def test_a_note_that_the_text_was_machine_made_is_chrome_whatever_its_wording(note):
    assert is_chrome(note)
    assert without_notes(note) == ""


@pytest.mark.parametrize(
    ("line", "content"),
    [
        ("Machine translation: The ministry protests against an article in Borba.", "The ministry protests against an article in Borba."),
        ("The two discuss trade. The summary is an automatic one.", "The two discuss trade."),
        ("[AI-generated summary] Khrushchev reports on his visit.", "Khrushchev reports on his visit."),
        ("Tito replies. (This description was produced automatically and has not been reviewed.)", "Tito replies."),
    ],
)
def test_a_note_sharing_a_line_with_content_leaves_the_content(line, content):
    assert not is_chrome(line)
    assert without_notes(line) == content


@pytest.mark.parametrize(
    "line",
    [
        "The generated machine rooms were closed in 1956.",
        "A summary of the automatic weapons deliveries promised to Egypt.",
        "The report describes the computer centre of the AI Institute in Kyiv.",
        "Khrushchev's summary: the  machine  tractor stations are to be dissolved.",
    ],
)
def test_content_about_machines_or_summaries_is_not_a_note_and_is_kept_as_written(line):
    assert not is_chrome(line)
    assert without_notes(line) == line
