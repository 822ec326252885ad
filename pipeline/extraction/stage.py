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
from pipeline.extraction.cache import ResultStore, settings_key
from pipeline.extraction.chunk import CHUNK_FILES, IN_FLIGHT, authority_of, chunked, in_order
from pipeline.extraction.report import ExtractReport
from pipeline.extraction.reuse import inputs_fingerprint, previous_report
from pipeline.extraction.usage import EntityUsage
from pipeline.files import files_sha256, write_json
from pipeline.folders import make_workdir
from pipeline.paths import DATA_DIR, DESCRIPTOR, EXTRACT_REPORT, REUSE_DIR, VALIDATION_REPORT
from pipeline.progress import Track, quietly
from pipeline.project import Project, find_project
from pipeline.sources import find_sources, read_ahead
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
    file beside `input_dir`, if any). Only the files whose part the working folder does not keep
    (`pipeline.extraction.cache`) are read: without an executor in this process, `chunk_files` at
    a time, at most `in_flight` chunks at once on the executor; the output is the same whatever the
    executor, the chunk size and what was reused.
    `track` is told of each chunk of files as it is read.
    """
    inputs = find_sources(input_dir)
    paths = inputs.paths
    project = project or find_project(input_dir)
    curation = project.curation
    authority = authority_of(curation.authority)
    metadata = project.package_metadata(input_dir)
    settings = settings_key(curation)
    read_ahead(paths)  # each is hashed below
    hashed = list(zip((path.relative_to(input_dir).as_posix() for path in paths), files_sha256(paths)))
    previous = previous_report(workdir, inputs, hashed, settings, metadata)
    if previous:
        return previous

    _clear(workdir)
    store = ResultStore(workdir / REUSE_DIR, settings)
    chunks = chunked([paths[position] for position in store.stale(hashed)], chunk_files)
    extracted = in_order(executor, chunks, input_dir, curation, in_flight)
    for _ in track(chunks, lambda chunk: f"{len(chunk)} files, up to {chunk[-1].name}"):
        store.add(next(extracted))
    assembly = store.assembled([path for path, _ in hashed])
    writer = PackageWriter(workdir, curation)
    usage = EntityUsage()
    for kept in assembly.tables():
        for name, table in kept.items():
            writer.write(name, table)
        usage.add(kept["mentions"])
    writer.write("entities", tables.to_arrow("entities", usage.entity_columns(authority, assembly.unresolved)))
    writer.close(metadata)
    store.save(assembly)
    files = assembly.files
    # The hashes of the bytes the workers read: a file changed mid-run cannot pass for what was extracted.
    fingerprint = inputs_fingerprint(((summary.path, summary.sha256) for summary in files), settings, metadata)
    report = ExtractReport(
        fingerprint, files, inputs.skipped, writer.row_counts, assembly.warnings, reused_files=len(files) - sum(map(len, chunks))
    )
    write_json(workdir / EXTRACT_REPORT, report.to_json(), indent=False)  # unindented: only programs read it
    return report


def _clear(workdir: Path) -> None:
    """Remove what an earlier extract wrote, and only that; the parts kept for reuse stay."""
    shutil.rmtree(workdir / DATA_DIR, ignore_errors=True)
    for name in (DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT):
        (workdir / name).unlink(missing_ok=True)
    make_workdir(workdir)
