"""Copies become sightings: one rule, for every kind of record, within a file and across files.

Every record sighting (the same page saved twice, the same document on two listings) is a row of
`appearances`; every other row a record gives is tagged with its sighting. The first sighting of
each record id in input order is the record; the rows of every later sighting (its `records`,
`documents` or `events` row, its highlights, its mentions) are dropped, and `appearances` keeps
them all. The rule is applied to the sightings of the whole corpus at once, in input order, so
which sighting is first depends on the paths alone, not on chunks, workers or what was reused.

A later sighting may know more than the first (a document's page gives the citation and full text its
listing lacks): `fill_gaps` gives each empty cell of a record's row the value of the first later
sighting that has one, the record's numbered parts (full texts, highlights) those of the first
sighting that has any, and the mentions in what was filled.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import parsed


def first_sightings(record_ids: pa.Array) -> numpy.ndarray:
    """For each sighting, in input order, whether it is the first of its record."""
    first = pc.index_in(record_ids, value_set=record_ids)  # the index of each id's first occurrence
    return first.to_numpy(zero_copy_only=False) == numpy.arange(len(record_ids))


def copy_warnings(record_ids: pa.Array, first: numpy.ndarray, sightings_per_file: numpy.ndarray, paths: list[str]) -> list[str]:
    """A warning for each file that gave sightings and no new record, naming the files its records were first read from.

    `sightings_per_file[i]` is how many of the sightings (in input order) come from `paths[i]`.
    """
    file_of_sighting = numpy.repeat(numpy.arange(len(paths)), sightings_per_file)
    new_per_file = numpy.bincount(file_of_sighting, weights=first, minlength=len(paths))
    starts = numpy.concatenate(([0], numpy.cumsum(sightings_per_file)))
    warnings = []
    for copy in numpy.flatnonzero((sightings_per_file > 0) & (new_per_file == 0)):
        own = record_ids[starts[copy] : starts[copy + 1]]
        firsts = pc.index_in(own, value_set=record_ids).to_numpy(zero_copy_only=False)
        earlier = sorted({paths[file] for file in file_of_sighting[firsts]})
        warnings.append(
            f"{paths[copy]}: every record already read from {', '.join(earlier)}; kept once (appearances lists this file too)"
        )
    return warnings


def fill_gaps(kept: Mapping[str, pa.Table], later: Mapping[str, pa.Table]) -> dict[str, pa.Table]:
    """`kept` (some files' rows, copies dropped) with what its records lack filled from `later` (the rows of later sightings).

    Rows added to a table stand with their record's other rows, in record order, so where the
    files were cut into runs changes nothing.
    """
    filled: set[tuple[str, str]] = set()  # (record_id, field): a field whose text came from a later sighting
    kept = dict(kept)
    grown: list[str] = []  # the tables rows were added to
    for kind in parsed.KINDS:
        own, *parts = kind.tables
        ids = kept[own].column(0).combine_chunks()
        if not len(ids):
            continue
        sightings = later[own].filter(pc.is_in(later[own].column(0), value_set=ids))
        if sightings.num_rows:
            kept[own] = _fill_cells(kept[own], sightings, filled)
        for part in parts:
            numbered = later[part].filter(pc.is_in(later[part].column(0), value_set=ids))
            if numbered.num_rows:
                kept[part] = _add_parts(kept[part], numbered, kind.parts[part], filled)
                grown.append(part)
    if filled:
        mentions = later["mentions"]
        fields = zip(mentions.column("record_id").to_pylist(), mentions.column("field").to_pylist())
        added = mentions.filter(pa.array([(record_id, field.split("/")[0]) in filled for record_id, field in fields], pa.bool_()))
        kept["mentions"] = pa.concat_tables([kept["mentions"], added])
        grown.append("mentions")
    rank = {record_id: index for index, record_id in enumerate(kept["records"].column("record_id").to_pylist())}
    for name in grown:
        order = numpy.argsort([rank[record_id] for record_id in kept[name].column(0).to_pylist()], kind="stable")
        kept[name] = kept[name].take(pa.array(order))
    return kept


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
