"""Entities across chunks: how many records name each, the spellings used, where each is first named."""

from __future__ import annotations

import tempfile
from collections import Counter
from concurrent.futures import Executor
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc

from pipeline import parsed, tables
from pipeline.extraction.cache import ResultStore, settings_key
from pipeline.extraction.chunk import CHUNK_FILES, IN_FLIGHT, authority_of, chunked, in_order
from pipeline.linking.authority import Authority, Entity
from pipeline.linking.linker import Mention, Sighting
from pipeline.linking.recognise import candidates
from pipeline.project import Project, find_project
from pipeline.sources import find_sources


class EntityUsage:
    """Across runs of files: how many records name each entity, and the spellings used."""

    def __init__(self) -> None:
        self.records: Counter[str] = Counter()
        self.spellings: dict[str, set[str]] = {}

    def add(self, mentions: pa.Table) -> None:
        # Records are unique across runs once deduplicated, so per-run counts add up.
        # One thread: on a chunk's few thousand rows Arrow's threads cost more than they give.
        pairs = mentions.group_by(["entity_id", "record_id"], use_threads=False).aggregate([])
        named = pc.value_counts(pairs.column("entity_id"))  # a few hundred entities, not a row per pair
        self.records.update(dict(zip(named.field("values").to_pylist(), named.field("counts").to_pylist())))
        spelled = mentions.group_by(["entity_id", "text"], use_threads=False).aggregate([])
        for entity_id, text in zip(spelled.column("entity_id").to_pylist(), spelled.column("text").to_pylist()):
            self.spellings.setdefault(entity_id, set()).add(text)

    def entity_columns(self, authority: Authority, unresolved: dict[str, Entity]) -> tables.Columns:
        """The entities the records name, and the bodies those are part of (`part_of` refers inside the table).

        Names are found in `authority`, or else in `unresolved`. The rest of the authority file is the
        curator's reference, not the user's data.
        """
        known = {**authority.entities, **unresolved}
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

    The files are read, parsed and linked chunk by chunk as by `extract`, on `executor`, into a
    temporary folder, and only counts and each entity's first mention are kept in memory, so it
    does not grow with the corpus. The first mention is the first in file order in records of the
    first kind of `parsed.KINDS` that names it.
    """
    paths = find_sources(input_dir).paths
    curation = (project or find_project(input_dir)).curation
    authority = authority_of(curation.authority)
    usage = EntityUsage()
    first: dict[str, dict[str, tuple[Mention, str]]] = {kind.kind: {} for kind in parsed.KINDS}
    with tempfile.TemporaryDirectory(prefix="pipeline-entities-") as folder:
        store = ResultStore(Path(folder), settings_key(curation))
        for chunk in in_order(executor, chunked(paths, CHUNK_FILES), input_dir, curation, in_flight):
            store.add(chunk)
        assembly = store.assembled([path.relative_to(input_dir).as_posix() for path in paths])
        for kept in assembly.tables():
            usage.add(kept["mentions"])
            _first_mentions(kept, first)
        entities = {**authority.entities, **assembly.unresolved}
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


def _first_mentions(tables: dict[str, pa.Table], first: dict[str, dict[str, tuple[Mention, str]]]) -> None:
    """Add the first mention of each entity not seen before in records of its kind, with the "source_id:line" it stands on."""
    where: dict[str, tuple[str, int]] = {}
    for record_id, source_id, line in zip(*(tables["appearances"].column(name).to_pylist() for name in ("record_id", "source_id", "line"))):
        where.setdefault(record_id, (source_id, line))  # its first sighting: the one its row comes from
    kinds = dict(zip(tables["records"].column("record_id").to_pylist(), tables["records"].column("kind").to_pylist()))
    mentions = tables["mentions"]
    for row, (entity_id, record_id) in enumerate(zip(mentions.column("entity_id").to_pylist(), mentions.column("record_id").to_pylist())):
        if entity_id not in first[kinds[record_id]]:
            mention = Mention(**mentions.slice(row, 1).to_pylist()[0])
            source_id, line = where[record_id]
            first[kinds[record_id]][entity_id] = (mention, f"{source_id}:{_line_in_part(tables, mention) or line}")


def _line_in_part(tables: dict[str, pa.Table], mention: Mention) -> int | None:
    """The line of a mention in a record's numbered part that keeps its line (a full text: `texts/2`), else None."""
    prefix, _, position = mention.field.partition("/")
    for kind in parsed.KINDS:
        for part, field in kind.parts.items():
            rows = tables[part]
            if field != prefix or not position or "line" not in rows.column_names:
                continue
            own = pc.and_(pc.equal(rows.column(0), mention.record_id), pc.equal(rows.column("position"), int(position)))
            found = rows.filter(own).select(["line", "text"]).to_pylist()
            if found:
                return found[0]["line"] + found[0]["text"][: mention.start].count("\n")
    return None
