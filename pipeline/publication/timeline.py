"""`timeline.png`: every dated record of a package, documents and events, on one time axis.

Drawn with matplotlib's Agg renderer straight from a `Figure` (no pyplot, no display), with
matplotlib's default style whatever the user's matplotlibrc says, and saved without the
"Software" version stamp, so the same package gives the same bytes.
"""

from __future__ import annotations

import datetime
from collections import Counter
from dataclasses import dataclass
from pathlib import Path

import matplotlib.dates
import matplotlib.style
import pandas as pd
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Patch

from pipeline import parsed
from pipeline.load import load
from pipeline.paths import TIMELINE

# One row per record: the label is a date and a title cut to this many characters.
_TITLE_WIDTH = 70
_ROW_INCHES = 0.32
# A colour per kind of record, in the order of `parsed.KINDS`.
_PALETTE = ("#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b")
# Beyond this many records a labelled row each is unreadable: count them per year instead.
_MOST_LABELLED = 60


@dataclass(frozen=True, order=True)
class Mark:
    """A dated record: a dot for a day, a bar from first to last day for a month or a year."""

    start: datetime.date
    end: datetime.date
    kind: str
    label: str


def _colours() -> dict[str, str]:
    return {kind.kind: colour for kind, colour in zip(parsed.KINDS, _PALETTE)}


def timeline_marks(folder: Path) -> list[Mark]:
    """Every record of `folder`'s documents and events that has a date, in date order."""
    marks = []
    for kind, frame in _dated(folder, ["date_start", "date_end", "date", "title"]).items():
        for row in frame.itertuples():
            marks.append(Mark(row.date_start, row.date_end, kind, f"{row.date}  {_shorten(row.title)}"))
    return sorted(marks)


def _dated(folder: Path, columns: list[str]) -> dict[str, pd.DataFrame]:
    """kind -> `columns` of its records that have a date; only those columns are read."""
    frames = {kind.kind: load(kind.tables[0], folder, columns) for kind in parsed.KINDS}
    return {kind: frame[frame["date_start"].notna()] for kind, frame in frames.items()}


def years_started(folder: Path) -> dict[str, Counter[int]]:
    """kind -> how many dated records start in each year."""
    return {
        kind: Counter(frame["date_start"].dt.year.value_counts().to_dict())
        for kind, frame in _dated(folder, ["date_start"]).items()
    }


def write_timeline(folder: Path) -> None:
    """Draw the records of the package in `folder` into `folder/timeline.png`."""
    per_year = years_started(folder)
    with matplotlib.style.context("default"):
        labelled = sum(counts.total() for counts in per_year.values()) <= _MOST_LABELLED
        figure = _draw(timeline_marks(folder)) if labelled else _draw_per_year(per_year)
        figure.savefig(folder / TIMELINE, format="png", dpi=100, bbox_inches="tight", metadata={"Software": None})


def _draw(marks: list[Mark]) -> Figure:
    figure = Figure(figsize=(11, 1.6 + _ROW_INCHES * max(len(marks), 1)))
    axes = figure.add_subplot()
    colours = _colours()
    counts = [_count(sum(mark.kind == kind for mark in marks), kind) for kind in colours]
    axes.set_title("Every dated record: " + " and ".join(counts), loc="left")
    if not marks:
        axes.text(0.5, 0.5, "No record in this package has a date.", ha="center", va="center", transform=axes.transAxes)
        axes.set_axis_off()
        return figure
    for row, mark in enumerate(marks):
        colour = colours[mark.kind]
        if mark.start == mark.end:
            axes.plot([mark.start], [row], "o", color=colour, markersize=6)
        else:
            # A reduced-precision date spans its whole month or year: draw the span it may mean.
            days = (mark.end - mark.start).days + 1
            axes.barh(row, days, left=mark.start, height=0.5, color=colour, alpha=0.6)
    legend = [Line2D([], [], marker="o", linestyle="", color=colour, label=f"{kind}s") for kind, colour in colours.items()]
    legend.append(Patch(color="#888888", alpha=0.6, label="dated to a month or year:\nthe span it may mean"))
    axes.set_yticks(range(len(marks)), [mark.label for mark in marks], fontsize=8)
    for tick, mark in zip(axes.get_yticklabels(), marks):
        tick.set_color(colours[mark.kind])
    axes.set_ylim(len(marks) - 0.5, -0.5)  # earliest at the top, read downwards
    locator = matplotlib.dates.AutoDateLocator()
    axes.xaxis.set_major_locator(locator)
    axes.xaxis.set_major_formatter(matplotlib.dates.ConciseDateFormatter(locator))
    axes.grid(axis="x", color="#dddddd")
    axes.set_axisbelow(True)
    axes.legend(handles=legend, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)
    return figure


def _draw_per_year(per_year: dict[str, Counter[int]]) -> Figure:
    """Dated records counted by the year they start in, documents and events stacked."""
    figure = Figure(figsize=(11, 4))
    axes = figure.add_subplot()
    colours = _colours()
    counts = [_count(per_year[kind].total(), kind) for kind in colours]
    axes.set_title("Dated records per year: " + " and ".join(counts), loc="left")
    every_year = [year for counts in per_year.values() for year in counts]
    years = list(range(min(every_year), max(every_year) + 1))
    bottom = [0] * len(years)
    for kind, colour in colours.items():
        heights = [per_year[kind][year] for year in years]
        axes.bar(years, heights, bottom=bottom, color=colour, label=f"{kind}s")
        bottom = [below + height for below, height in zip(bottom, heights)]
    axes.set_ylabel("records")
    axes.grid(axis="y", color="#dddddd")
    axes.set_axisbelow(True)
    axes.legend(loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False)  # beside the bars, never over them
    return figure


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}" + ("" if number == 1 else "s")


def _shorten(title: str) -> str:
    return title if len(title) <= _TITLE_WIDTH else title[: _TITLE_WIDTH - 1].rstrip() + "…"
