"""The unit of work: a run of files read, parsed, linked and tabulated, on any executor, and the
runs given back in input order with a bounded window in flight.
"""

from __future__ import annotations

import gc
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Executor, Future
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

import numpy
import pyarrow as pa

from pipeline import parsed, tables
from pipeline.curation import Curation, curated
from pipeline.extraction.report import FileSummary
from pipeline.formats import detect_format
from pipeline.linking.authority import Authority, Entity, load_authority
from pipeline.linking.linker import Linked, link
from pipeline.parsed import ParsedSource, Record
from pipeline.sources import Source, read_ahead, read_source

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


@dataclass
class Chunk:
    """The tables of a run of files, a row for every record sighting, before copies are dropped.

    Every table's rows come file by file, in file order; `file_rows[table][i]` is how many the
    `i`th file gave, and `warnings[i]` and `unresolved[i]` are its own, so each file's part can be
    kept and reused alone (`pipeline.extraction.cache`).
    """

    files: list[FileSummary]
    warnings: list[list[str]]
    tables: dict[str, pa.Table]
    sightings: dict[str, numpy.ndarray]  # for each row, its record sighting: its row of `appearances`
    unresolved: list[dict[str, Entity]]
    file_rows: dict[str, numpy.ndarray]


def read_file(path: Path, input_dir: Path) -> FileResult:
    """Decode, detect the format and parse one file; never raises for bad content."""
    source = read_source(path, input_dir)
    if source.problem:
        return FileResult(source, rejection=source.problem)
    detected = detect_format(source.text)
    module = detected.module
    if module is None:
        return FileResult(source, rejection=detected.reason)
    parsed = module.parse(source)
    if parsed.record_count == 0:
        reasons = "; ".join(problem.message for problem in parsed.problems) or "no records were found"
        return FileResult(source, module.NAME, ParsedSource(), rejection=f"read as {module.NAME}, but {reasons}")
    return FileResult(source, module.NAME, parsed)


def extract_chunk(paths: Sequence[Path], input_dir: Path, curation: Curation = Curation()) -> Chunk:
    """Read, parse, link and tabulate some files with the curator files of `curation`: the unit of work sent to an executor."""
    with _no_cycle_collection(), curated(curation):
        return _extract_chunk(paths, input_dir, authority_of(curation.authority))


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
    results = [read_file(path, input_dir) for path in paths]  # a rejected file holds no records
    records = [record for result in results for record in result.parsed.records]  # every sighting, in file order
    linked = [link(result.parsed.records, authority) for result in results]
    mentions = [mention for each in linked for mention in each.mentions]
    columns = {
        "sources": _source_columns(results),
        "results_ranges": _results_range_columns(results),
        "records": tables.record_columns(records),
        "appearances": tables.appearance_columns(records),
        "mentions": tables.mention_columns(mentions),
    }
    for kind in parsed.KINDS:
        columns |= kind.columns([record for record in records if record.kind == kind.kind])
    files = [
        FileSummary(r.source.path, r.source.sha256, r.format, r.parsed.record_count, r.rejection) for r in results
    ]
    warnings = [[str(problem) for problem in result.parsed.problems] for result in results]
    arrow = {name: tables.to_arrow(name, table_columns) for name, table_columns in columns.items()}
    counts = [count for each in linked for count in each.counts]
    unresolved = [each.unresolved for each in linked]
    return Chunk(files, warnings, arrow, _sightings(records, counts), unresolved, _file_rows(results, linked))


def _file_rows(results: list[FileResult], linked: list[Linked]) -> dict[str, numpy.ndarray]:
    """How many rows each file gives each table."""
    rows = {
        "sources": [1] * len(results),
        "results_ranges": [int(result.parsed.results_range is not None) for result in results],
        "records": [result.parsed.record_count for result in results],
        "appearances": [result.parsed.record_count for result in results],
        "mentions": [len(each.mentions) for each in linked],
    }
    for kind in parsed.KINDS:
        for table in kind.tables:
            rows[table] = [
                sum(record.rows()[table] for record in result.parsed.records if record.kind == kind.kind)
                for result in results
            ]
    return {table: numpy.array(counts, numpy.int64) for table, counts in rows.items()}


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
        **{table: numpy.array(rows.get(table, []), numpy.int64) for kind in parsed.KINDS for table in kind.tables},
        "mentions": numpy.repeat(numpy.arange(len(mentions)), mentions),
    }


@cache
def authority_of(path: Path | None) -> Authority:
    """Loaded once per process, however many chunks it reads."""
    return load_authority(path)


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


def chunked(paths: list[Path], chunk_files: int) -> list[list[Path]]:
    return [paths[start : start + chunk_files] for start in range(0, len(paths), chunk_files)]


def in_order(
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
