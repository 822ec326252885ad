"""Input formats, one module each: `NAME`, `DESCRIPTION`, `detect(text) -> Evidence` and `parse(source)`.

Adding a format is one new module here and its entry in `FORMATS`. Every format scores every page;
the best confident score wins (the earlier format on a tie). A page no format is sure of is refused
with the closest guess and what it lacks.
"""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from pipeline.formats import archive_listing, document_page, event_article
from pipeline.formats.evidence import Evidence

FORMATS: tuple[ModuleType, ...] = (event_article, document_page, archive_listing)

UNKNOWN = "unknown format: no parser recognises this layout, so no records were read"


@dataclass(frozen=True)
class Detected:
    """The format that reads a page, or None and why not."""

    module: ModuleType | None
    reason: str = ""


def detect_format(text: str) -> Detected:
    scored = [(module.detect(text), module) for module in FORMATS]
    evidence, module = max(scored, key=lambda pair: pair[0].score)  # max keeps the first of equal scores
    if evidence.confident:
        return Detected(module)
    if evidence.score > 0:
        return Detected(None, f"not read: it reads like {module.DESCRIPTION}, but {evidence.lacking}")
    return Detected(None, UNKNOWN)


__all__ = ["FORMATS", "Detected", "Evidence", "detect_format"]
