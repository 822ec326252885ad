"""The event article reader, checked against the seed article and variants of its shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest

from conftest import FIXTURES, SEEDS
from pipeline.formats import detect_format, event_article
from pipeline.sources import read_source

ARTICLE = SEEDS / "000_0693ac030807d258.txt"


def parse(path: Path):
    source = read_source(path, path.parent)
    assert detect_format(source.text).module is event_article
    return event_article.parse(source)


def test_seed_event_field_by_field():
    parsed = parse(ARTICLE)
    [event] = parsed.records
    assert parsed.problems == []
    assert event.source_id == "000_0693ac030807d258"
    assert event.line == 1
    assert event.title == "Normalization of USSR-Yugoslavia Relations"
    assert (event.date.edtf, event.date.start, event.date.end) == ("1955-06-02", date(1955, 6, 2), date(1955, 6, 2))
    assert event.place == "Belgrade"
    assert event.summary.startswith("The Belgrade Declaration marked a significant thaw in relations")
    assert event.summary.endswith("demonstrating a shift toward increased diplomatic engagement.")
    assert event.highlights == (
        "Thawed relations after a seven-year rift",
        "Khrushchev and Tito signed the declaration",
        "Emphasized cooperation and economic ties",
        "Highlighted a shift in Cold War diplomacy",
    )
    paragraphs = event.what_happened.split("\n\n")
    assert len(paragraphs) == 3
    assert paragraphs[0].startswith("The Belgrade Declaration emerged from a series of diplomatic efforts")
    assert paragraphs[1].startswith("On June 2, 1955, Soviet Premier Nikita Khrushchev visited Belgrade")
    assert paragraphs[2].endswith("diversified socialist paths distinct from the Soviet model.")
    assert event.why_it_matters.startswith("The signing of the Belgrade Declaration is interesting")
    assert event.why_it_matters.endswith("future interactions between the East and West.")
    assert "\n" not in event.why_it_matters


def test_day_first_ordinal_date_and_page_chrome():
    [event] = parse(FIXTURES / "event-day-first-with-chrome.txt").records
    assert event.title == "Soviet Troops Enter Budapest"
    assert event.date.edtf == "1956-11-04"
    assert event.place == "Budapest"
    assert event.highlights == ("Soviet tanks entered Budapest", "Imre Nagy sought refuge")
    assert "Share" not in event.why_it_matters


def test_date_only_in_the_summary():
    [event] = parse(FIXTURES / "event-date-in-summary.txt").records
    assert event.date.edtf == "1961-09-01"
    assert event.place == "Belgrade"


# Other sites' voices: each page states its date, place and machine-made notes in its own way.
@pytest.mark.parametrize(
    ("fixture", "title", "edtf", "place"),
    [
        # the date in the title; "on 15 June 1961" in the body is background
        ("event-bbc-on-this-day-date-in-title.txt", "13 August 1961: Berlin is divided overnight", "1961-08-13", "Berlin"),
        # a dateline above the title, an ordinal in words, "lifted off at"
        ("event-history-spelled-ordinal-and-dateline.txt", "Sputnik Launched", "1957-10-04", "Tyuratam"),
        # a weekday between "on" and the date, "landed at"; "reported in Pravda" is no place
        ("event-newspaper-column-weekday-and-landed-at.txt", "Seventy years ago: the airlift that fed a city", "1948-06-27", "Tempelhof"),
        # "opened in City, Country, on 18th April 1955"
        ("event-museum-blog-opened-in.txt", "Object of the month: a delegate's badge from Bandung", "1955-04-18", "Bandung"),
    ],
)
def test_date_and_place_as_other_sites_write_them(fixture, title, edtf, place):
    parsed = parse(FIXTURES / fixture)
    [event] = parsed.records
    assert parsed.problems == []
    assert (event.title, event.date.edtf, event.place) == (title, edtf, place)


def test_machine_made_notes_in_other_wordings_are_chrome_wherever_they_stand():
    [sputnik] = parse(FIXTURES / "event-history-spelled-ordinal-and-dateline.txt").records
    assert sputnik.highlights == ("Sputnik circled the Earth every 96 minutes",)
    assert sputnik.why_it_matters == "The launch started the space race and led to the founding of NASA the following year."
    [airlift] = parse(FIXTURES / "event-newspaper-column-weekday-and-landed-at.txt").records
    assert airlift.summary.endswith("cut off by road and rail.")  # "[AI-generated summary; may contain inaccuracies]" is gone
    [bandung] = parse(FIXTURES / "event-museum-blog-opened-in.txt").records
    assert bandung.highlights == ("Twenty-nine countries sent delegations", "Sukarno gave the opening speech")
    assert bandung.what_happened.startswith("Delegates met for a week in the Gedung Merdeka")


@pytest.mark.parametrize(
    ("sentence", "place"),
    [
        ("The treaty was signed in Vienna's Belvedere Palace.", "Vienna"),
        ("The uprising broke out in Poznań. Workers marched.", "Poznań"),
        ("In Geneva, Switzerland, the foreign ministers sat down together.", "Geneva"),
        ("Delegates convened in the city of Rio de Janeiro for a week.", "Rio de Janeiro"),
        ("The talks opened in St. Louis, Missouri.", "St. Louis"),
        ("He was interested in Marxism and engaged in Operation Whirlwind.", None),
        ("In November, the committee met again.", None),
    ],
)
def test_the_place_is_named_after_a_verb_of_happening(sentence, place):
    assert event_article._place([sentence]) == place


ARTICLE_BODY = "What Happened?\nThe crossings opened one by one.\nWhy Does it Matter?\nIt ended the division of Europe.\n"


@pytest.mark.parametrize(
    ("top", "title", "edtf"),
    [
        # a short line ending in a date above a title is the page's dateline, and no event date
        ("Posted by the curator, 4 November 2016\nThe Wall Comes Down\n", "The Wall Comes Down", "1989-11-09"),
        # the same shape straight above the summary is the title, and its day is the event's
        ("The Wall Falls, 10 November 1989\n", "The Wall Falls, 10 November 1989", "1989-11-10"),
        # a title naming only a month leaves the day to the summary
        ("Europe in November 1989\n", "Europe in November 1989", "1989-11-09"),
    ],
)
def test_a_dateline_is_chrome_and_a_title_date_is_the_events(tmp_path, top, title, edtf):
    page = tmp_path / "article.txt"
    summary = "East German border guards opened the checkpoints in Berlin on the night of 9 November 1989, after a garbled announcement.\n"
    page.write_text(top + summary + ARTICLE_BODY, encoding="utf-8")
    [event] = parse(page).records
    assert (event.title, event.date.edtf, event.place) == (title, edtf, "Berlin")
