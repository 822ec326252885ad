"""Copies become sightings: one rule, for every kind of record, within a chunk and across chunks.

A chunk arrives with a row in `appearances` for every record sighting (the same page saved twice,
the same document on a listing and on its own page) and, in every other table a record fills, rows
tagged with the sighting they came from. The first sighting of each record id in input order is the
record; the rows of every later sighting (its `records`, `documents` or `events` row, its highlights,
its mentions) are dropped with it, and `appearances` keeps them all. Chunks are handed over in input
order, so which sighting is first depends on the paths alone, not on chunk size or workers.

A later sighting may know more than the first (a document's page gives the citation and full text its
listing lacks): once every chunk is written, `fill_gaps` gives each empty cell of a record's row the
value of the first later sighting that has one, the record's numbered parts (full texts, highlights)
those of the first sighting that has any, and the mentions in what was filled.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import parsed
from pipeline.writer import PackageWriter


class Deduplicator:
    """Across the chunks of one run: the file each record was first read from."""

    def __init__(self) -> None:
        self.first_path: dict[str, str] = {}
        self.warnings: list[str] = []
        self.later: dict[str, list[pa.Table]] = {}  # the rows of later sightings, by table: few, kept for `fill_gaps`

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
        for name, rows in sightings.items():
            if name != "records":
                self.later.setdefault(name, []).append(tables[name].filter(pa.array(~kept[rows])))
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


def fill_gaps(later: Mapping[str, list[pa.Table]], writer: PackageWriter) -> pa.Table | None:
    """Fill what the first sighting of each record lacks from its later sightings (see the module's note).

    Returns the whole `mentions` table when mentions were added, for their entities to be counted again.
    """
    filled: set[tuple[str, str]] = set()  # (record_id, field): a field whose text came from a later sighting
    def any_rows(name: str) -> bool:
        return any(rows.num_rows for rows in later.get(name, []))

    for kind in parsed.KINDS:
        own, *parts = kind.tables
        if any_rows(own):
            writer.revise(own, lambda table: _fill_cells(table, pa.concat_tables(later[own]), filled))
        for part in parts:
            if any_rows(part):
                writer.revise(part, lambda table: _add_parts(table, pa.concat_tables(later[part]), kind.parts[part], filled))
    mentions = pa.concat_tables(later["mentions"])
    fields = zip(mentions.column("record_id").to_pylist(), mentions.column("field").to_pylist())
    added = mentions.filter(pa.array([(record_id, field.split("/")[0]) in filled for record_id, field in fields], pa.bool_()))
    if not added.num_rows:
        return None
    everything: list[pa.Table] = []

    def with_added(table: pa.Table) -> pa.Table:
        everything.append(pa.concat_tables([table, added]))
        return everything[0]

    writer.revise("mentions", with_added)
    return everything[0]


def _fill_cells(table: pa.Table, later: pa.Table, filled: set[tuple[str, str]]) -> pa.Table:
    """`table` with each empty cell of a record's row given the first value its later sightings have."""
    key = table.column_names[0]
    rows = numpy.flatnonzero(pc.is_in(table.column(key), value_set=later.column(key).combine_chunks()).to_numpy(zero_copy_only=False))
    records = table.take(pa.array(rows, pa.int64())).to_pylist()
    by_id = {record[key]: record for record in records}
    changed = False
    for sighting in later.to_pylist():
        record = by_id[sighting[key]]
        for name, value in sighting.items():
            if _empty(record[name]) and not _empty(value):
                record[name] = value
                filled.add((sighting[key], name))
                changed = True
    if not changed:
        return table
    patched = pa.Table.from_pylist(records, schema=table.schema)
    keep = numpy.ones(table.num_rows, bool)
    keep[rows] = False
    order = numpy.concatenate([numpy.flatnonzero(keep), rows]).argsort(kind="stable")
    return pa.concat_tables([table.filter(pa.array(keep)), patched]).take(pa.array(order))


def _add_parts(table: pa.Table, later: pa.Table, field: str, filled: set[tuple[str, str]]) -> pa.Table:
    """`table` with the numbered parts of the first later sighting that has any, for records whose first had none."""
    key = table.column_names[0]
    have = set(pc.unique(table.column(key)).to_pylist())
    started: set[str] = set()
    done: set[str] = set()
    taken: list[int] = []
    for row, (record_id, position) in enumerate(zip(later.column(key).to_pylist(), later.column("position").to_pylist())):
        if record_id in have or record_id in done:
            continue
        if position == 1 and record_id in started:  # a second later sighting's parts: the first one's are taken
            done.add(record_id)
            continue
        started.add(record_id)
        taken.append(row)
    filled.update((record_id, field) for record_id in started)
    return pa.concat_tables([table, later.take(pa.array(taken, pa.int64()))]) if taken else table


def _empty(value: object) -> bool:
    return value is None or value == "" or value == []
