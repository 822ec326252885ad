"""Input formats, one module each: `NAME`, `detect(text) -> bool` and `parse(source)`.

Adding a format is one new module here and its entry in `FORMATS`. Formats are tried in order;
the most specific comes first.
"""

from __future__ import annotations

from types import ModuleType

from pipeline.formats import archive_listing, event_article

FORMATS: tuple[ModuleType, ...] = (event_article, archive_listing)


def detect_format(text: str) -> ModuleType | None:
    """The format module that recognises `text`, or None when none does."""
    return next((module for module in FORMATS if module.detect(text)), None)
