"""No text and no bytes make a reader raise: bad input is reported, never a traceback."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pipeline.extraction.chunk import read_file
from pipeline.formats import FORMATS
from pipeline.sources import Source

# Lines that steer the readers into their deeper paths, mixed with arbitrary text.
PAGE_LINES = st.sampled_from([
    "What Happened?", "Why Does it Matter?", "Results: 11 - 20 of 22", "11 - 20 of 22", "October 6, 1956",
    "February 30, 1956", "November 1956", "1958", "Pagination", "Skip to content", "",
    "Letter from Tito and the CC LCY to Nikita Khrushchev", "Memorandum of Conversation between A and B (undated)",
    "Org [Person], 'Quoted", "On June 2, 1955, it took place in Belgrade, Yugoslavia.", "A's Conversation with",
])
PAGES = st.lists(st.one_of(PAGE_LINES, st.text(max_size=80)), max_size=30).map("\n".join)


def source_of(text: str) -> Source:
    return Source("page", "page.txt", "0" * 64, len(text), "utf-8", text)


@settings(max_examples=300, deadline=None)
@given(PAGES)
def test_every_reader_accepts_any_text(text):
    for module in FORMATS:
        module.detect(text)
        parsed = module.parse(source_of(text))
        for record in parsed.records:
            assert record.title and record.line >= 1


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.one_of(st.binary(max_size=400), PAGES.map(lambda text: text.encode("utf-16"))))
def test_any_bytes_are_read_or_rejected_with_a_reason(tmp_path: Path, raw: bytes):
    (tmp_path / "page.txt").write_bytes(raw)
    result = read_file(tmp_path / "page.txt", tmp_path)
    assert (result.rejection is None) == (result.parsed.record_count > 0)
