"""Page text as numbered lines, with the site chrome (navigation, share buttons, ...) marked.

Chrome patterns are data (`reference/page_chrome.csv`), so a curator can teach the pipeline a
new site's navigation without touching code.
"""

from __future__ import annotations

import csv
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources


@dataclass(frozen=True)
class Line:
    number: int
    text: str


def content_lines(text: str) -> list[Line]:
    """The non-blank lines of `text`, stripped, with their 1-based line numbers."""
    return [Line(number, stripped) for number, raw in enumerate(text.split("\n"), 1) if (stripped := raw.strip())]


@cache
def _chrome_pattern() -> re.Pattern[str]:
    table = resources.files("pipeline.reference").joinpath("page_chrome.csv").read_text(encoding="utf-8")
    patterns = [row["pattern"] for row in csv.DictReader(table.splitlines())]
    return re.compile("|".join(f"(?:{pattern})" for pattern in patterns), re.IGNORECASE)


def is_chrome(line: str) -> bool:
    """True for a line that is the site's furniture rather than the page's content."""
    return _chrome_pattern().fullmatch(line.strip()) is not None
