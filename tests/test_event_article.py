"""The event article reader, checked against the seed article and variants of its shape."""

from __future__ import annotations

from datetime import date
from pathlib import Path

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
