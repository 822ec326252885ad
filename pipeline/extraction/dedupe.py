"""Copies become sightings: one rule, for every kind of record, within a chunk and across chunks.

A chunk arrives with a row in `appearances` for every record sighting (the same page saved twice,
the same document on two listings) and, in every other table a record fills, rows tagged with the
sighting they came from. The first sighting of each record id in input order is the record; the
rows of every later sighting (its `records`, `documents` or `events` row, its highlights, its
mentions) are dropped with it, and `appearances` keeps them all. Chunks are handed over in input
order, so which sighting is first depends on the paths alone, not on chunk size or workers.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy
import pyarrow as pa


class Deduplicator:
    """Across the chunks of one run: the file each record was first read from."""

    def __init__(self) -> None:
        self.first_path: dict[str, str] = {}
        self.warnings: list[str] = []

    def __call__(self, tables: Mapping[str, pa.Table], sightings: Mapping[str, numpy.ndarray]) -> dict[str, pa.Table]:
        """`tables` without the rows of records read before; `sightings[name]` is the sighting of each row of `name`."""
        appearances = tables["appearances"]
        paths = dict(zip(*(tables["sources"].column(name).to_pylist() for name in ("source_id", "path"))))
        record_ids, source_ids = (appearances.column(name).to_pylist() for name in ("record_id", "source_id"))
        keep = [self._first(record_id, paths[source_id]) for record_id, source_id in zip(record_ids, source_ids)]
        if all(keep):  # the usual case: a record seen twice is rare
            return dict(tables)
        self._warn_of_copies(record_ids, source_ids, keep, paths)
        kept = numpy.array(keep)
        return {
            name: table.filter(pa.array(kept[sightings[name]])) if name in sightings else table
            for name, table in tables.items()
        }

    def _first(self, record_id: str, path: str) -> bool:
        if record_id in self.first_path:
            return False
        self.first_path[record_id] = path
        return True

    def _warn_of_copies(self, record_ids: list[str], source_ids: list[str], keep: list[bool], paths: dict[str, str]) -> None:
        """A file none of whose records is new is a copy: say of which files."""
        new = {source_id for source_id, kept in zip(source_ids, keep) if kept}
        earlier: dict[str, set[str]] = {}
        for record_id, source_id in zip(record_ids, source_ids):
            if source_id not in new:
                earlier.setdefault(source_id, set()).add(self.first_path[record_id])
        for source_id, firsts in earlier.items():
            self.warnings.append(
                f"{paths[source_id]}: every record already read from {', '.join(sorted(firsts))}; "
                "kept once (appearances lists this file too)"
            )
