"""The first rows of a published table, as text for a terminal."""

from __future__ import annotations

from pathlib import Path

from pipeline.load import load

# Long text (descriptions, summaries) is cut so several columns fit side by side.
_CELL_WIDTH = 40


def show(table: str, package: Path, *, rows: int, width: int) -> str:
    """The first `rows` rows of `table`, wrapped to `width` characters, and how many rows it has."""
    frame = load(table, package)
    # A full text's line breaks would break the columns apart: each is shown as "⏎".
    shown = frame.head(rows).replace(r"\r?\n", "⏎", regex=True)
    text = shown.to_string(index=False, max_colwidth=_CELL_WIDTH, line_width=width) if len(shown) else "(no rows)"
    return f"{text}\n\n{len(shown)} of {len(frame)} rows of {table} in {package}"
