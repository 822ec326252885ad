"""How sure a format is that it can read a page: every format scores every page, and the best sure one reads it."""

from __future__ import annotations

from dataclasses import dataclass

# A score at least this high is a format's claim to read the page.
CONFIDENT = 0.5


@dataclass(frozen=True)
class Evidence:
    """A format's score for a page (0: nothing of it, 1: all it expects), and, when unsure, what the page lacks."""

    score: float
    lacking: str = ""

    @property
    def confident(self) -> bool:
        return self.score >= CONFIDENT
