"""The extract stage: read every input file, parse it by its detected format, link entities, tabulate, write the working folder.

Files are read in chunks on any `concurrent.futures` executor (a local process pool by default,
a Dask cluster when asked); each chunk comes back as Arrow tables and is written, in input order,
straight into the candidate package, so memory holds one window of chunks and the ids that
deduplicate records (`pipeline.extraction.dedupe`), whatever the size of the corpus. A bad file is
rejected with a reason while the others go on. When neither the inputs nor the code changed since the last extract
(content hashes), the working folder is kept as it is.
"""

from __future__ import annotations

import shutil
from concurrent.futures import Executor
from pathlib import Path

from pipeline import tables
from pipeline.extraction.chunk import CHUNK_FILES, IN_FLIGHT, authority_of, chunked
from pipeline.extraction.dedupe import Deduplicator, fill_gaps
from pipeline.extraction.report import ExtractReport, FileSummary
from pipeline.extraction.reuse import inputs_fingerprint, previous_report
from pipeline.extraction.usage import EntityUsage, counted_chunks
from pipeline.files import write_json
from pipeline.folders import make_workdir
from pipeline.paths import DATA_DIR, DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT
from pipeline.progress import Track, quietly
from pipeline.project import Project, find_project
from pipeline.sources import find_sources
from pipeline.writer import PackageWriter


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
    authority = authority_of(curation.authority)
    metadata = project.package_metadata(input_dir)
    previous = previous_report(workdir, input_dir, inputs, curation, metadata)
    if previous:
        return previous

    _clear(workdir)
    writer = PackageWriter(workdir, curation)
    files: list[FileSummary] = []
    warnings: list[str] = []
    deduplicate = Deduplicator()
    usage = EntityUsage()
    chunks = chunked(paths, chunk_files)
    results = counted_chunks(chunks, input_dir, executor, curation, in_flight, deduplicate, usage)
    for _ in track(chunks, lambda chunk: f"{len(chunk)} files, up to {chunk[-1].name}"):
        chunk, kept = next(results)
        files += chunk.files
        warnings += chunk.warnings
        for name, table in kept.items():
            writer.write(name, table)
    if deduplicate.later:  # a record read again, maybe with more to say: rare, and it rereads tables
        mentions = fill_gaps(deduplicate.later, writer)
        usage = usage if mentions is None else usage.recounted(mentions)
    writer.write("entities", tables.to_arrow("entities", usage.entity_columns(authority)))
    warnings += deduplicate.warnings
    writer.close(metadata)
    # The hashes of the bytes the workers read: a file changed mid-run cannot pass for what was extracted.
    fingerprint = inputs_fingerprint(((summary.path, summary.sha256) for summary in files), curation, metadata)
    report = ExtractReport(fingerprint, files, inputs.skipped, writer.row_counts, warnings)
    write_json(workdir / EXTRACT_REPORT, report.to_json(), indent=False)  # unindented: only programs read it
    return report


def _clear(workdir: Path) -> None:
    """Remove what an earlier extract wrote, and only that."""
    shutil.rmtree(workdir / DATA_DIR, ignore_errors=True)
    for name in (DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT):
        (workdir / name).unlink(missing_ok=True)
    make_workdir(workdir)
