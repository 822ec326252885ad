"""Entities across chunks: how many records name each, the spellings used, where each is first named."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterator
from concurrent.futures import Executor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import parsed, tables
from pipeline.curation import Curation
from pipeline.extraction.chunk import CHUNK_FILES, IN_FLIGHT, Chunk, authority_of, chunked, in_order
from pipeline.extraction.dedupe import Deduplicator
from pipeline.linking.authority import Authority, Entity
from pipeline.linking.linker import Mention, Sighting
from pipeline.linking.recognise import candidates
from pipeline.project import Project, find_project
from pipeline.sources import find_sources


class EntityUsage:
    """Across chunks: how many records name each entity, the spellings used, the names not in the authority file."""

    def __init__(self) -> None:
        self.records: Counter[str] = Counter()
        self.spellings: dict[str, set[str]] = {}
        self.unresolved: dict[str, Entity] = {}

    def add(self, mentions: pa.Table, unresolved: dict[str, Entity]) -> None:
        # Records are unique across chunks once deduplicated, so per-chunk counts add up.
        # One thread: on a chunk's few thousand rows Arrow's threads cost more than they give.
        pairs = mentions.group_by(["entity_id", "record_id"], use_threads=False).aggregate([])
        named = pc.value_counts(pairs.column("entity_id"))  # a few hundred entities, not a row per pair
        self.records.update(dict(zip(named.field("values").to_pylist(), named.field("counts").to_pylist())))
        spelled = mentions.group_by(["entity_id", "text"], use_threads=False).aggregate([])
        for entity_id, text in zip(spelled.column("entity_id").to_pylist(), spelled.column("text").to_pylist()):
            self.spellings.setdefault(entity_id, set()).add(text)
        for entity_id, entity in unresolved.items():
            self.unresolved.setdefault(entity_id, entity)

    def recounted(self, mentions: pa.Table) -> EntityUsage:
        """The same names counted afresh over every mention of the package."""
        usage = EntityUsage()
        usage.add(mentions, self.unresolved)
        return usage

    def entity_columns(self, authority: Authority) -> tables.Columns:
        """The entities the records name, and the bodies those are part of (`part_of` refers inside the table).

        The rest of the authority file is the curator's reference, not the user's data.
        """
        known = {**authority.entities, **self.unresolved}
        named: dict[str, Entity] = {}
        for entity_id in self.records:
            while entity_id and entity_id not in named:
                named[entity_id] = known[entity_id]
                entity_id = known[entity_id].part_of
        return tables.entity_columns(named.values(), self.records, {key: sorted(texts) for key, texts in self.spellings.items()})


def entity_sightings(
    input_dir: Path,
    executor: Executor | None = None,
    *,
    project: Project | None = None,
    unresolved_only: bool = False,
    in_flight: int = IN_FLIGHT,
) -> list[Sighting]:
    """Every entity the records of `input_dir` mention (or only the unresolved names), by id.

    The files are read, parsed and linked chunk by chunk as by `extract`, on `executor`, and only
    counts and each entity's first mention are kept, so memory does not grow with the corpus. The
    first mention is the first in file order in records of the first kind of `parsed.KINDS` that names it.
    """
    paths = find_sources(input_dir).paths
    curation = (project or find_project(input_dir)).curation
    authority = authority_of(curation.authority)
    usage = EntityUsage()
    first: dict[str, dict[str, tuple[Mention, str]]] = {kind.kind: {} for kind in parsed.KINDS}
    chunks = chunked(paths, CHUNK_FILES)
    for _, kept in counted_chunks(chunks, input_dir, executor, curation, in_flight, Deduplicator(), usage):
        _first_mentions(kept, first)
    entities = {**authority.entities, **usage.unresolved}
    found: dict[str, tuple[Mention, str]] = {}
    for kind in reversed(parsed.KINDS):  # the first mention in a kind listed earlier wins
        found |= first[kind.kind]
    return [
        Sighting(entity, usage.records[entity_id], mention, where,
                 () if entity.resolved else tuple(candidates(entity, authority)))
        for entity_id, (mention, where) in sorted(found.items())
        for entity in [entities[entity_id]]
        if not (unresolved_only and entity.resolved)
    ]


def counted_chunks(
    chunks: list[list[Path]],
    input_dir: Path,
    executor: Executor | None,
    curation: Curation,
    in_flight: int,
    deduplicate: Deduplicator,
    usage: EntityUsage,
) -> Iterator[tuple[Chunk, dict[str, pa.Table]]]:
    """Each chunk in input order, with its tables less the copies of records read before, its entities counted."""
    for chunk in in_order(executor, chunks, input_dir, curation, in_flight):
        kept = deduplicate(chunk.tables, chunk.sightings)
        usage.add(kept["mentions"], chunk.unresolved)
        yield chunk, kept


def _first_mentions(tables: dict[str, pa.Table], first: dict[str, dict[str, tuple[Mention, str]]]) -> None:
    """Add the first mention of each entity not seen before in records of its kind, with its record's "source_id:line"."""
    where: dict[str, str] = {}
    for record_id, source_id, line in zip(*(tables["appearances"].column(name).to_pylist() for name in ("record_id", "source_id", "line"))):
        where.setdefault(record_id, f"{source_id}:{line}")  # its first sighting: the one its row comes from
    kinds = dict(zip(tables["records"].column("record_id").to_pylist(), tables["records"].column("kind").to_pylist()))
    mentions = tables["mentions"]
    for row, (entity_id, record_id) in enumerate(zip(mentions.column("entity_id").to_pylist(), mentions.column("record_id").to_pylist())):
        if entity_id not in first[kinds[record_id]]:
            first[kinds[record_id]][entity_id] = (Mention(**mentions.slice(row, 1).to_pylist()[0]), where[record_id])
