"""`timeline.png`: every dated record on one axis, drawn to the same bytes every time."""

from __future__ import annotations

import datetime
import os
import shutil
import struct
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pyarrow.parquet as pq
import pytest

from conftest import FIXTURES, REPO, SEEDS, run_cli
from pipeline.publication.timeline import Mark, timeline_marks, write_timeline

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def documents_dated_and_in_all(package: Path) -> tuple[int, int]:
    """How many of the package's documents have a date, and how many there are."""
    starts = pq.read_table(package / "data" / "documents.parquet", columns=["date_start"]).column(0)
    return len(starts) - starts.null_count, len(starts)


@pytest.fixture(scope="module")
def with_partial_dates(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seeds plus a page dated to a month, to a year, and not at all."""
    root = tmp_path_factory.mktemp("partial-dates")
    seeds = Path(shutil.copytree(SEEDS, root / "seeds"))
    shutil.copy(FIXTURES / "listing-month-and-year-dates.txt", seeds)
    result = run_cli("run", "--input", str(seeds), "--output", str(root / "datapackage"), "--workdir", str(root / "build"))
    assert result.exit_code == 0, result.output
    return root / "datapackage"


def png_chunks(data: bytes) -> list[bytes]:
    assert data.startswith(PNG_SIGNATURE)
    chunks, offset = [], len(PNG_SIGNATURE)
    while offset < len(data):
        (length,) = struct.unpack(">I", data[offset : offset + 4])
        chunks.append(data[offset + 4 : offset + 8])
        offset += 12 + length
    return chunks


def test_every_dated_record_is_marked_in_date_order(published: Path) -> None:
    marks = timeline_marks(published)
    dated, documents = documents_dated_and_in_all(published)
    assert [mark.kind for mark in marks].count("document") == dated == documents
    assert marks == sorted(marks)
    assert [mark for mark in marks if mark.kind == "event"] == [
        Mark(datetime.date(1955, 6, 2), datetime.date(1955, 6, 2), "event", "1955-06-02  Normalization of USSR-Yugoslavia Relations")
    ]


def test_partial_dates_span_their_month_or_year_and_undated_records_are_left_out(with_partial_dates: Path) -> None:
    marks = {mark.label.split("  ")[0]: mark for mark in timeline_marks(with_partial_dates) if mark.start != mark.end}
    assert set(marks) == {"1956-11", "1958"}
    assert (marks["1956-11"].start, marks["1956-11"].end) == (datetime.date(1956, 11, 1), datetime.date(1956, 11, 30))
    assert (marks["1958"].start, marks["1958"].end) == (datetime.date(1958, 1, 1), datetime.date(1958, 12, 31))
    dated, documents = documents_dated_and_in_all(with_partial_dates)
    assert dated < documents
    assert len(timeline_marks(with_partial_dates)) == dated + 1  # and the event
    assert all("(undated)" not in mark.label for mark in timeline_marks(with_partial_dates))


def test_long_titles_are_cut(published: Path) -> None:
    labels = [mark.label for mark in timeline_marks(published)]
    assert "1954-06-22  Letter from Nikita S. Khrushchev, First Secretary of the Central Comm…" in labels


def test_same_package_same_bytes_and_no_stamp(with_partial_dates: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(with_partial_dates, tmp_path / "copy"))
    (copy / "timeline.png").unlink()
    write_timeline(copy)
    first = (copy / "timeline.png").read_bytes()
    write_timeline(copy)
    assert (copy / "timeline.png").read_bytes() == first == (with_partial_dates / "timeline.png").read_bytes()
    # No text or time chunks: no "Software: matplotlib x.y" and no creation time.
    assert set(png_chunks(first)) == {b"IHDR", b"pHYs", b"IDAT", b"IEND"}


def test_more_records_make_a_taller_picture(published: Path, with_partial_dates: Path) -> None:
    def height(package: Path) -> int:
        return struct.unpack(">I", (package / "timeline.png").read_bytes()[20:24])[0]

    assert height(with_partial_dates) > height(published)


def test_the_users_matplotlibrc_changes_nothing(published: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(published, tmp_path / "copy"))
    (tmp_path / "matplotlibrc").write_text("font.size: 20\nsavefig.facecolor: red\nlines.markersize: 30\n", encoding="utf-8")
    subprocess.run(
        [sys.executable, "-c", f"from pathlib import Path; from pipeline.publication.timeline import write_timeline; write_timeline(Path({str(copy)!r}))"],
        env={**os.environ, "MATPLOTLIBRC": str(tmp_path / "matplotlibrc"), "PYTHONPATH": str(REPO)},
        check=True,
    )
    assert (copy / "timeline.png").read_bytes() == (published / "timeline.png").read_bytes()


def test_a_large_package_is_drawn_as_counts_per_year_at_a_fixed_size(tmp_path):
    from PIL import Image

    from pipeline.publication.timeline import _draw_per_year

    figure = _draw_per_year({"document": Counter(1950 + n % 30 for n in range(5000)), "event": Counter({1960: 40})})
    figure.savefig(tmp_path / "t.png", format="png", dpi=100)
    assert Image.open(tmp_path / "t.png").size == (1100, 400)


def test_years_started_counts_the_same_records_as_the_marks(with_partial_dates: Path) -> None:
    from pipeline.publication.timeline import years_started

    marks = timeline_marks(with_partial_dates)
    per_year = years_started(with_partial_dates)
    for kind in ("document", "event"):
        assert per_year[kind] == Counter(mark.start.year for mark in marks if mark.kind == kind)
    assert per_year["document"].total() == documents_dated_and_in_all(with_partial_dates)[0]
