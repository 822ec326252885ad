"""Page text as numbered lines, with the site chrome (navigation, share buttons, ...) marked.

Chrome patterns are data (`reference/page_chrome.csv`), so a curator can teach the pipeline a
new site's navigation without touching code. A pattern matches the whole line, or, marked
`within`, any part of it ("This summary was machine-generated.").
"""

from __future__ import annotations

import csv
import re
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

from pipeline.curation import current, reference_text
from pipeline.errors import PipelineError


class Line(NamedTuple):
    number: int
    text: str


@lru_cache(maxsize=4)  # a file's text is split once, though each format's detector and then its parser read it
def content_lines(text: str) -> tuple[Line, ...]:
    """The non-blank lines of `text`, stripped, with their 1-based line numbers."""
    return tuple(Line(number, stripped) for number, raw in enumerate(text.split("\n"), 1) if (stripped := raw.strip()))


class _Chrome(NamedTuple):
    whole: re.Pattern[str]  # the patterns a whole line must match, as one alternation
    within: re.Pattern[str]  # the patterns found anywhere in a line


@cache
def _chrome_patterns(path: Path | None = None) -> _Chrome:
    """The curator's patterns (the packaged file, or the copy at `path`), compiled once per process."""
    table, where = reference_text("page_chrome.csv", path)
    reader = csv.DictReader(table.splitlines())
    if not {"pattern", "match"} <= set(reader.fieldnames or ()):
        raise PipelineError(f"{where}:1: the header must name the columns pattern and match")
    rows = list(reader)
    for number, row in enumerate(rows, 2):  # a row with another `match` would be silently ignored
        if row["match"] not in ("line", "within"):
            raise PipelineError(f'{where}:{number}: match is "{row["match"]}"; it must be line or within')
        try:  # as it stands in the alternation all rows are joined into, but said of its own row
            re.compile(f"(?:{row['pattern']})", re.IGNORECASE)
        except re.error as error:
            raise PipelineError(f"{where}:{number}: the pattern is not a regular expression: {error.msg}") from None
    whole = [row["pattern"] for row in rows if row["match"] == "line"]
    within = [row["pattern"] for row in rows if row["match"] == "within"]
    # An empty alternation would match every line: "(?!)" matches none.
    whole_pattern, within_pattern = (
        re.compile("|".join(f"(?:{pattern})" for pattern in patterns) or "(?!)", re.IGNORECASE) for patterns in (whole, within)
    )
    return _Chrome(whole_pattern, within_pattern)


def is_chrome(line: str) -> bool:
    """True for a line that is the site's furniture rather than the page's content."""
    chrome = _chrome_patterns(current().page_chrome)
    line = line.strip()
    return chrome.whole.fullmatch(line) is not None or chrome.within.search(line) is not None
