"""Copies become sightings: one rule, for every kind of record, within a file and across files.

Every record sighting (the same page saved twice, the same document on two listings) is a row of
`appearances`; every other row a record gives is tagged with its sighting. The first sighting of
each record id in input order is the record; the rows of every later sighting (its `records`,
`documents` or `events` row, its highlights, its mentions) are dropped, and `appearances` keeps
them all. The rule is applied to the sightings of the whole corpus at once, in input order, so
which sighting is first depends on the paths alone, not on chunks, workers or what was reused.
"""

from __future__ import annotations

import numpy
import pyarrow as pa
import pyarrow.compute as pc


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
