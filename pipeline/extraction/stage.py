"""The extract stage: read every input file, parse it by its detected format, link entities, tabulate, write the working folder.

Files are read in chunks on any `concurrent.futures` executor (a local process pool by default,
a Dask cluster when asked); each chunk comes back as Arrow tables and is written, in input order,
straight into the candidate package, so memory holds one window of chunks and the ids that
deduplicate records (`pipeline.extraction.dedupe`), whatever the size of the corpus. A bad file is
rejected with a reason while the others go on. When neither the inputs nor the code changed since the last extract
(content hashes), the working folder is kept as it is.
"""

from __future__ import annotations

import gc
import hashlib
import json
import shutil
from collections import Counter, deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cache
from pathlib import Path
from typing import Any

import numpy
import pyarrow as pa
import pyarrow.compute as pc

from pipeline import tables
from pipeline.curation import Curation, curated
from pipeline.extraction.dedupe import Deduplicator
from pipeline.files import file_sha256, read_json, write_json
from pipeline.folders import make_workdir
from pipeline.formats import detect_format
from pipeline.linking.authority import Authority, Entity, load_authority
from pipeline.linking.linker import Mention, Sighting, link
from pipeline.paths import DATA_DIR, DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT
from pipeline.progress import Track, quietly
from pipeline.project import Project, find_project
from pipeline.records import KINDS, ParsedSource, Record
from pipeline.sources import Inputs, Skipped, Source, find_sources, read_ahead, read_source
from pipeline.writer import PackageWriter, code_version, unmatched_resources

# Files per task unless `extract` is told otherwise: big enough to amortise the trip to a worker,
# small enough to keep both cores busy.
CHUNK_FILES = 250
# Chunks sent ahead to the executor: enough to keep every worker busy, few enough to bound memory.
IN_FLIGHT = 8


@dataclass
class FileResult:
    """One input file: its fingerprint, the format that read it, what it gave, or why it was rejected."""

    source: Source
    format: str | None = None
    parsed: ParsedSource = field(default_factory=ParsedSource)
    rejection: str | None = None


@dataclass(frozen=True)
class FileSummary:
    """What the report keeps of one file: no records, so a million files stay small."""

    path: str
    sha256: str
    format: str | None
    records: int
    rejection: str | None


@dataclass
class ExtractReport:
    fingerprint: str
    files: list[FileSummary]
    skipped: list[Skipped]  # what the input folder holds besides the files read
    row_counts: dict[str, int]
    warnings: list[str]
    reused: bool = False

    @property
    def rejected(self) -> list[str]:
        return [f"{summary.path}: {summary.rejection}" for summary in self.files if summary.rejection]

    def to_json(self) -> dict[str, Any]:
        return {
            "fingerprint": self.fingerprint,
            "files": [vars(summary) for summary in self.files],
            "skipped": [vars(entry) for entry in self.skipped],
            "rejected": self.rejected,
            "tables": self.row_counts,
            "warnings": self.warnings,
        }

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ExtractReport:
        files = [FileSummary(**summary) for summary in value["files"]]
        skipped = [Skipped(**entry) for entry in value["skipped"]]
        row_counts = {name: value["tables"][name] for name in tables.TABLES}
        return cls(value["fingerprint"], files, skipped, row_counts, value["warnings"], reused=True)


@dataclass
class Chunk:
    """The tables of a run of files, a row for every record sighting, before copies are dropped."""

    files: list[FileSummary]
    warnings: list[str]
    tables: dict[str, pa.Table]
    sightings: dict[str, numpy.ndarray]  # see `Deduplicator`
    unresolved: dict[str, Entity]


def read_file(path: Path, input_dir: Path) -> FileResult:
    """Decode, detect the format and parse one file; never raises for bad content."""
    source = read_source(path, input_dir)
    if source.problem:
        return FileResult(source, rejection=source.problem)
    module = detect_format(source.text)
    if module is None:
        return FileResult(source, rejection="unknown format: no parser recognises this layout, so no records were read")
    parsed = module.parse(source)
    if parsed.record_count == 0:
        reasons = "; ".join(problem.message for problem in parsed.problems) or "no records were found"
        return FileResult(source, module.NAME, ParsedSource(), rejection=f"read as {module.NAME}, but {reasons}")
    return FileResult(source, module.NAME, parsed)


def extract_chunk(paths: Sequence[Path], input_dir: Path, curation: Curation = Curation()) -> Chunk:
    """Read, parse, link and tabulate some files with the curator files of `curation`: the unit of work sent to an executor."""
    with _no_cycle_collection(), curated(curation):
        return _extract_chunk(paths, input_dir, _authority(curation.authority))


@contextmanager
def _no_cycle_collection() -> Iterator[None]:
    """A chunk's many small objects die together by reference counting; scanning them for cycles meanwhile is wasted time."""
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _extract_chunk(paths: Sequence[Path], input_dir: Path, authority: Authority) -> Chunk:
    results = [read_file(path, input_dir) for path in paths]
    kept = [result for result in results if not result.rejection]
    records = [record for result in kept for record in result.parsed.records]  # every sighting, in file order
    linked = link(records, authority)
    columns = {
        "sources": _source_columns(results),
        "results_ranges": _results_range_columns(kept),
        "records": tables.record_columns(records),
        "appearances": tables.appearance_columns(records),
        "mentions": tables.mention_columns(linked.mentions),
    }
    for kind in KINDS:
        columns |= kind.columns([record for record in records if record.kind == kind.kind])
    files = [
        FileSummary(r.source.path, r.source.sha256, r.format, r.parsed.record_count, r.rejection) for r in results
    ]
    warnings = [str(problem) for result in results for problem in result.parsed.problems]
    arrow = {name: tables.to_arrow(name, table_columns) for name, table_columns in columns.items()}
    return Chunk(files, warnings, arrow, _sightings(records, linked.counts), linked.unresolved)


def _sightings(records: list[Record], mentions: list[int]) -> dict[str, numpy.ndarray]:
    """For each table a record fills, the sighting (row of `records` and `appearances`) each row comes from.

    A kind's rows are in the order of its records, and its records in file order, as its tables list them.
    """
    rows: dict[str, list[int]] = {}
    for sighting, record in enumerate(records):
        for table, count in record.rows().items():
            rows.setdefault(table, []).extend([sighting] * count)
    return {
        "records": numpy.arange(len(records)),
        **{table: numpy.array(rows.get(table, []), numpy.int64) for kind in KINDS for table in kind.columns([])},
        "mentions": numpy.repeat(numpy.arange(len(mentions)), mentions),
    }


@cache
def _authority(path: Path | None) -> Authority:
    """Loaded once per process, however many chunks it reads."""
    return load_authority(path)


def extract(
    input_dir: Path,
    workdir: Path,
    executor: Executor | None = None,
    *,
    project: Project | None = None,
    chunk_files: int = CHUNK_FILES,
    in_flight: int = IN_FLIGHT,
    track: Track = quietly,
) -> ExtractReport:
    """Read every `*.txt` of `input_dir` and write the candidate package to `workdir`.

    The dataset's metadata and the curator files come from `project` (by default, the project
    file beside `input_dir`, if any). Without an executor the files are read in this process,
    `chunk_files` at a time, at most `in_flight` chunks at once on the executor; the output is the
    same whatever the executor and the chunk size.
    `track` is told of each chunk of files as it is written.
    """
    inputs = find_sources(input_dir)
    paths = inputs.paths
    project = project or find_project(input_dir)
    curation = project.curation
    authority = _authority(curation.authority)
    metadata = project.package_metadata(input_dir)
    previous = _previous_report(workdir, input_dir, inputs, curation, metadata)
    if previous:
        return previous

    _clear(workdir)
    writer = PackageWriter(workdir, curation)
    files: list[FileSummary] = []
    warnings: list[str] = []
    deduplicate = Deduplicator()
    usage = _EntityUsage()
    chunks = _chunked(paths, chunk_files)
    results = _in_order(executor, chunks, input_dir, curation, in_flight)
    for _ in track(chunks, lambda chunk: f"{len(chunk)} files, up to {chunk[-1].name}"):
        chunk = next(results)
        files += chunk.files
        warnings += chunk.warnings
        kept = deduplicate(chunk.tables, chunk.sightings)
        usage.add(kept["mentions"], chunk.unresolved)
        for name, table in kept.items():
            writer.write(name, table)
    writer.write("entities", tables.to_arrow("entities", usage.entity_columns(authority)))
    warnings += deduplicate.warnings
    writer.close(metadata)
    # The hashes of the bytes the workers read: a file changed mid-run cannot pass for what was extracted.
    fingerprint = _fingerprint(((summary.path, summary.sha256) for summary in files), curation, metadata)
    report = ExtractReport(fingerprint, files, inputs.skipped, writer.row_counts, warnings)
    write_json(workdir / EXTRACT_REPORT, report.to_json(), indent=False)  # unindented: only programs read it
    return report


class _EntityUsage:
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


def _chunked(paths: list[Path], chunk_files: int) -> list[list[Path]]:
    return [paths[start : start + chunk_files] for start in range(0, len(paths), chunk_files)]


def _in_order(
    executor: Executor | None, chunks: list[list[Path]], input_dir: Path, curation: Curation, window: int
) -> Iterator[Chunk]:
    """Chunks in input order; at most `window` in flight, so finished chunks never pile up in memory."""
    if executor is None or len(chunks) == 1:
        yield from (extract_chunk(chunk, input_dir, curation) for chunk in chunks)
        return
    in_flight: deque[Future[Chunk]] = deque()
    for chunk in chunks:
        read_ahead(chunk)  # fetched from disk while the chunks before it are parsed
        in_flight.append(executor.submit(extract_chunk, chunk, input_dir, curation))
        if len(in_flight) >= window:
            yield in_flight.popleft().result()
    while in_flight:
        yield in_flight.popleft().result()


def _fingerprint(inputs: Iterable[tuple[str, str]], curation: Curation, metadata: dict[str, Any]) -> str:
    """What the extract depends on: every input's name and SHA-256, the curator files, the dataset's metadata, the code."""
    digest = hashlib.sha256(code_version().encode())
    for role, path in curation.files().items():
        digest.update(f"{role}\0{file_sha256(path)}\0".encode())
    digest.update(json.dumps(metadata, sort_keys=True).encode())
    for name, sha256 in inputs:
        digest.update(f"{name}\0{sha256}\0".encode())
    return digest.hexdigest()


def _previous_report(
    workdir: Path, input_dir: Path, inputs: Inputs, curation: Curation, metadata: dict[str, Any]
) -> ExtractReport | None:
    """The last extract's report, if it was made from the same inputs and code and its package is intact.

    The inputs are hashed only when there is such a report: a first extract does not wait for it.
    The files skipped are listed again as they are now.
    """
    try:
        report = read_json(workdir / EXTRACT_REPORT)
        descriptor = read_json(workdir / DESCRIPTOR)
    except (OSError, ValueError):
        return None
    read_ahead(inputs.paths)  # each is hashed below, one after another
    hashed = ((path.relative_to(input_dir).as_posix(), file_sha256(path)) for path in inputs.paths)
    if report.get("fingerprint") != _fingerprint(hashed, curation, metadata):
        return None
    if unmatched_resources(workdir, descriptor):
        return None
    return replace(ExtractReport.from_json(report), skipped=inputs.skipped)


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
    first mention is the first in file order in records of the first kind of `KINDS` that names it.
    """
    paths = find_sources(input_dir).paths
    curation = (project or find_project(input_dir)).curation
    authority = _authority(curation.authority)
    deduplicate, usage = Deduplicator(), _EntityUsage()
    first: dict[str, dict[str, tuple[Mention, str]]] = {kind.kind: {} for kind in KINDS}
    chunks = _chunked(paths, CHUNK_FILES)
    for chunk in _in_order(executor, chunks, input_dir, curation, in_flight):
        kept = deduplicate(chunk.tables, chunk.sightings)
        usage.add(kept["mentions"], chunk.unresolved)
        _first_mentions(kept, first)
    entities = {**authority.entities, **usage.unresolved}
    found: dict[str, tuple[Mention, str]] = {}
    for kind in reversed(KINDS):  # the first mention in a kind listed earlier wins
        found |= first[kind.kind]
    return [
        Sighting(entities[entity_id], usage.records[entity_id], mention, where)
        for entity_id, (mention, where) in sorted(found.items())
        if not (unresolved_only and entities[entity_id].resolved)
    ]


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


def _source_columns(results: list[FileResult]) -> tables.Columns:
    sources = [result.source for result in results]
    return {
        "source_id": [source.source_id for source in sources],
        "path": [source.path for source in sources],
        "sha256": [source.sha256 for source in sources],
        "bytes": [source.bytes for source in sources],
        "encoding": [source.encoding for source in sources],
        "format": [result.format for result in results],
        "status": ["rejected" if result.rejection else "parsed" for result in results],
        "problem": [result.rejection for result in results],
        "records": [0 if result.rejection else result.parsed.record_count for result in results],
    }


def _results_range_columns(results: list[FileResult]) -> tables.Columns:
    ranged = [(result.source.source_id, result.parsed.results_range) for result in results if result.parsed.results_range]
    return {
        "source_id": [source_id for source_id, _ in ranged],
        "results_start": [results_range.start for _, results_range in ranged],
        "results_end": [results_range.end for _, results_range in ranged],
        "results_total": [results_range.total for _, results_range in ranged],
    }


def _clear(workdir: Path) -> None:
    """Remove what an earlier extract wrote, and only that."""
    shutil.rmtree(workdir / DATA_DIR, ignore_errors=True)
    for name in (DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT):
        (workdir / name).unlink(missing_ok=True)
    make_workdir(workdir)
