"""Per-file reuse: what each input file gave, kept in the working folder, so a run reads only new and changed files.

A file's part (its row of `sources`, its records' rows in every table, its mentions, its warnings,
the names it found that the authority file lacks) depends only on its path, its bytes and the
settings (`settings_key`: the code, schemas and reference data, and the curator files). Parts are
kept in shards, one per chunk of files extracted together: an Arrow IPC file per table under
`reuse/<shard>/`, each row of a table a record fills tagged with its record sighting. The index,
`reuse/index.arrow`, holds for every file its SHA-256, its shard and which rows of each table are
its own. A run extracts the files the index lacks or holds with other bytes, then rebuilds every
table from the parts in input order, dropping copies of records over the whole corpus
(`pipeline.extraction.dedupe`): the tables are the same, byte for byte, whatever was reused.
Changing a curator file changes the settings, so every file is extracted again.
"""

from __future__ import annotations

import hashlib
import shutil
from collections.abc import Iterator
from dataclasses import dataclass, fields
from pathlib import Path

import numpy
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import tables
from pipeline.curation import Curation
from pipeline.extraction.chunk import Chunk
from pipeline.extraction.dedupe import copy_warnings, fill_gaps, first_sightings
from pipeline.extraction.report import FileSummary
from pipeline.files import file_sha256
from pipeline.linking.authority import Entity
from pipeline.writer import code_version

INDEX = "index.arrow"
UNRESOLVED = "unresolved"  # each shard's names the authority file lacks, by file
_SIGHTING = "_sighting"  # the row of the shard's `appearances` a row comes from
_SLOT = "_file"  # a file's place in its shard
_SETTINGS = b"settings"  # the index's schema metadata: what its parts were extracted with

_SUMMARY = [item.name for item in fields(FileSummary)]


def settings_key(curation: Curation) -> str:
    """Everything besides a file's path and bytes that shapes what it gives: the code (schemas and reference data included) and the curator files."""
    digest = hashlib.sha256(code_version().encode())
    for role, path in curation.files().items():
        digest.update(f"{role}\0{file_sha256(path)}\0".encode())
    return digest.hexdigest()


def _file_tables() -> list[str]:
    """The tables whose rows come from input files: all but `entities`, made from them all."""
    return [name for name in tables.table_names() if name != "entities"]


def _index_schema() -> pa.Schema:
    counts = [pa.field(f"{edge}:{table}", pa.int64()) for table in _file_tables() for edge in ("start", "rows")]
    return pa.schema(
        [
            pa.field("path", pa.string()),
            pa.field("sha256", pa.string()),
            pa.field("format", pa.string()),
            pa.field("records", pa.int64()),
            pa.field("rejection", pa.string()),
            pa.field("warnings", pa.list_(pa.string())),
            pa.field("shard", pa.int64()),
            pa.field(_SLOT, pa.int64()),
            *counts,
        ]
    )


def _entity_schema() -> pa.Schema:
    return pa.schema(
        [
            pa.field(_SLOT, pa.int64()),
            *(pa.field(item.name, pa.list_(pa.string()) if item.name == "aliases" else pa.bool_() if item.name == "resolved" else pa.string())
              for item in fields(Entity)),
        ]
    )


class ResultStore:
    """The kept parts of one working folder, for one set of settings."""

    def __init__(self, folder: Path, settings: str):
        self.folder = folder
        self.settings = settings
        self._parts = [self._read_index()]
        self._next_shard = 1 + max((int(entry.name) for entry in self._shard_folders()), default=-1)

    def stale(self, hashed: list[tuple[str, str]]) -> list[int]:
        """The positions in `hashed` ((path, SHA-256) of each input) of the files without a kept part for those bytes."""
        kept = dict(zip(*(self._parts[0].column(name).to_pylist() for name in ("path", "sha256"))))
        return [position for position, (path, sha256) in enumerate(hashed) if kept.get(path) != sha256]

    def add(self, chunk: Chunk) -> None:
        """Keep the parts of a chunk of files just extracted, as a new shard."""
        shard = self._next_shard
        self._next_shard += 1
        folder = self.folder / str(shard)
        folder.mkdir(parents=True)
        for name, table in chunk.tables.items():
            if name in chunk.sightings:
                table = table.append_column(_SIGHTING, pa.array(chunk.sightings[name], pa.int64()))
            _write_arrow(folder / f"{name}.arrow", table)
        _write_arrow(folder / f"{UNRESOLVED}.arrow", _unresolved_table(chunk.unresolved))
        files = len(chunk.files)
        columns: dict[str, list | numpy.ndarray] = {name: [getattr(summary, name) for summary in chunk.files] for name in _SUMMARY}
        columns |= {"warnings": chunk.warnings, "shard": [shard] * files, _SLOT: numpy.arange(files)}
        for table, rows in chunk.file_rows.items():
            columns[f"start:{table}"] = numpy.cumsum(rows) - rows
            columns[f"rows:{table}"] = rows
        self._parts.append(pa.table(columns, schema=_index_schema()))

    def assembled(self, paths: list[str]) -> Assembly:
        """The parts of the files at `paths` (every one kept), in that order, ready to be rebuilt into tables."""
        index = pa.concat_tables(self._parts)
        row_of = {path: row for row, path in enumerate(index.column("path").to_pylist())}  # a part re-extracted wins
        return Assembly(self, index.take([row_of[path] for path in paths]))

    def save(self, assembly: Assembly) -> None:
        """Keep the index of the files just assembled, and remove the shards no file needs any more."""
        _write_arrow(self.folder / INDEX, assembly.parts.replace_schema_metadata({_SETTINGS: self.settings.encode()}))
        live = {str(shard) for shard in pc.unique(assembly.parts.column("shard")).to_pylist()}
        for entry in self._shard_folders():
            if entry.name not in live:
                shutil.rmtree(entry)

    def _read_index(self) -> pa.Table:
        """The kept index; an empty one when there is none, or it was made with other settings (its shards are then removed)."""
        try:
            index = self.table_at(self.folder / INDEX)
        except (OSError, pa.ArrowInvalid):
            index = None
        if index is None or (index.schema.metadata or {}).get(_SETTINGS) != self.settings.encode() or index.schema != _index_schema():
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder.mkdir(parents=True)
            return _index_schema().empty_table()
        return index.replace_schema_metadata(None)

    @staticmethod
    def table_at(path: Path) -> pa.Table:
        with pa.memory_map(str(path)) as source:
            return pa.ipc.open_file(source).read_all()

    def _shard_folders(self) -> list[Path]:
        return [entry for entry in self.folder.iterdir() if entry.is_dir() and entry.name.isdigit()]


@dataclass
class _Run:
    """Files next to each other in input order whose parts lie next to each other in one shard."""

    shard: int
    first: int  # its first file's place in the input order
    last: int


class Assembly:
    """The parts of every input file in input order: the files' summaries, their warnings, and the tables without copies."""

    def __init__(self, store: ResultStore, parts: pa.Table):
        self.store = store
        self.parts = parts
        self.paths = parts.column("path").to_pylist()
        self._columns = {name: parts.column(name).to_numpy() for name in parts.column_names if ":" in name or name in ("shard", _SLOT)}
        self._runs = self._find_runs()
        self._shards: dict[int, dict[str, pa.Table]] = {}
        record_ids = pa.concat_arrays(
            [self._rows(run, "appearances").column("record_id").combine_chunks() for run in self._runs]
            or [pa.array([], pa.string())]
        )
        self._first = first_sightings(record_ids)
        sightings = self._columns["rows:appearances"]
        self.copy_warnings = copy_warnings(record_ids, self._first, sightings, self.paths)

    @property
    def files(self) -> list[FileSummary]:
        return [FileSummary(*values) for values in zip(*(self.parts.column(name).to_pylist() for name in _SUMMARY))]

    @property
    def warnings(self) -> list[str]:
        """Each file's warnings in input order (reused or not), then those of the copies."""
        return pc.list_flatten(self.parts.column("warnings")).to_pylist() + self.copy_warnings

    @property
    def unresolved(self) -> dict[str, Entity]:
        """The names the authority file lacks, each as the first file in input order that names it found it."""
        found = [self._unresolved(run) for run in self._runs]
        if not found:
            return {}
        entities = pa.concat_tables(found)
        ids = entities.column("entity_id").combine_chunks()
        first = first_sightings(ids)
        unique = entities.filter(pa.array(first)).drop_columns([_SLOT]).to_pylist()
        return {row["entity_id"]: Entity(**{**row, "aliases": tuple(row["aliases"] or ())}) for row in unique}

    def tables(self) -> Iterator[dict[str, pa.Table]]:
        """Every table's rows, run by run in input order, without the rows of later sightings of a record.

        What a record's first sighting lacks is filled from its later ones (`dedupe.fill_gaps`).
        """
        later = self._later_sightings() if not self._first.all() else {}
        for run in self._sighted_runs():
            kept = {
                name: rows if sightings is None else rows.filter(pa.array(self._first[sightings]))
                for name, (rows, sightings) in run.items()
            }
            yield fill_gaps(kept, later) if later else kept

    def _later_sightings(self) -> dict[str, pa.Table]:
        """The rows of every sighting of a record after its first (copies: few), by table."""
        later: dict[str, list[pa.Table]] = {}
        for run in self._sighted_runs():
            for name, (rows, sightings) in run.items():
                if sightings is not None:
                    later.setdefault(name, []).append(rows.filter(pa.array(~self._first[sightings])))
        return {name: pa.concat_tables(parts) for name, parts in later.items()}

    def _sighted_runs(self) -> Iterator[dict[str, tuple[pa.Table, numpy.ndarray | None]]]:
        """Each run's rows of every table, with the corpus-wide sighting of each row of a table records fill."""
        sighting_offset = 0
        for run in self._runs:
            shift = sighting_offset - self._columns["start:appearances"][run.first]
            rows_of: dict[str, tuple[pa.Table, numpy.ndarray | None]] = {}
            for name in _file_tables():
                rows = self._rows(run, name)
                if _SIGHTING in rows.column_names:
                    rows_of[name] = (rows.drop_columns([_SIGHTING]), rows.column(_SIGHTING).to_numpy() + shift)
                else:
                    rows_of[name] = (rows, None)
            sighting_offset += self._count(run, "appearances")
            yield rows_of

    def _find_runs(self) -> list[_Run]:
        shards, slots = self._columns["shard"], self._columns[_SLOT]
        breaks = numpy.flatnonzero((shards[1:] != shards[:-1]) | (slots[1:] != slots[:-1] + 1)) + 1
        starts = numpy.concatenate(([0], breaks)) if len(shards) else numpy.array([], numpy.int64)
        ends = numpy.concatenate((breaks, [len(shards)])) if len(shards) else starts
        return [_Run(int(shards[start]), int(start), int(end) - 1) for start, end in zip(starts, ends)]

    def _count(self, run: _Run, name: str) -> int:
        return int(self._columns[f"start:{name}"][run.last] + self._columns[f"rows:{name}"][run.last] - self._columns[f"start:{name}"][run.first])

    def _rows(self, run: _Run, name: str) -> pa.Table:
        start = int(self._columns[f"start:{name}"][run.first])
        return self._shard(run.shard)[name].slice(start, self._count(run, name))

    def _unresolved(self, run: _Run) -> pa.Table:
        entities = self._shard(run.shard)[UNRESOLVED]
        slots = entities.column(_SLOT).to_numpy()
        first, last = self._columns[_SLOT][run.first], self._columns[_SLOT][run.last]
        start, end = numpy.searchsorted(slots, first, "left"), numpy.searchsorted(slots, last, "right")
        return entities.slice(int(start), int(end - start))

    def _shard(self, shard: int) -> dict[str, pa.Table]:
        """A shard's tables, memory-mapped; the shards used last are kept open (runs of an old shard alternate with new ones)."""
        tables = self._shards.pop(shard, None)
        if tables is None:
            if len(self._shards) >= 4:
                del self._shards[next(iter(self._shards))]  # the least recently used
            folder = self.store.folder / str(shard)
            tables = {path.stem: ResultStore.table_at(path) for path in folder.glob("*.arrow")}
        self._shards[shard] = tables
        return tables


def _unresolved_table(unresolved: list[dict[str, Entity]]) -> pa.Table:
    rows = [(slot, entity) for slot, found in enumerate(unresolved) for entity in found.values()]
    columns = {_SLOT: [slot for slot, _ in rows]}
    for item in fields(Entity):
        columns[item.name] = [getattr(entity, item.name) for _, entity in rows]
    return pa.table(columns, schema=_entity_schema())


def _write_arrow(path: Path, table: pa.Table) -> None:
    """Written beside its place and renamed: a run stopped midway never leaves half a file under the name."""
    partial = path.with_name(path.name + ".partial")
    with pa.OSFile(str(partial), "wb") as sink, pa.ipc.new_file(sink, table.schema) as writer:
        writer.write_table(table)
    partial.replace(path)
