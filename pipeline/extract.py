"""The extract stage: read every input file, parse it by its detected format, link entities, tabulate, write `build/`.

Each file is read and parsed on its own (`read_file`), so a bad file is rejected with a reason
while the others go on. The working folder then holds a candidate package (CSV, Parquet,
`datapackage.json`) and `extract-report.json`, which lists every file, rejection and warning.
"""

from __future__ import annotations

import shutil
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pipeline import tables
from pipeline.authority import Authority, load_authority
from pipeline.entities import Linked, Sighting, link, record_id, sightings
from pipeline.formats import detect_format
from pipeline.package import write_json, write_package
from pipeline.paths import DATA_DIR, DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT
from pipeline.records import Document, Event, ParsedSource, Problem
from pipeline.sources import Source, find_sources, read_source

@dataclass
class FileResult:
    """One input file: its fingerprint, the format that read it, what it gave, or why it was rejected."""

    source: Source
    format: str | None = None
    parsed: ParsedSource = field(default_factory=ParsedSource)
    rejection: str | None = None

    @property
    def rejected(self) -> Problem | None:
        return Problem(self.source.path, self.rejection) if self.rejection else None


@dataclass
class ExtractReport:
    files: list[FileResult]
    row_counts: dict[str, int]
    warnings: list[Problem]

    @property
    def rejected(self) -> list[Problem]:
        return [result.rejected for result in self.files if result.rejected]

    def to_json(self) -> dict[str, Any]:
        return {
            "files": [
                {"path": r.source.path, "format": r.format, "records": r.parsed.record_count, "rejected": r.rejection}
                for r in self.files
            ],
            "rejected": [str(problem) for problem in self.rejected],
            "tables": self.row_counts,
            "warnings": [str(problem) for problem in self.warnings],
        }


def read_file(path: Path, input_dir: Path) -> FileResult:
    """Decode, detect the format and parse one file; never raises for bad content."""
    source = read_source(path, input_dir)
    if source.problem:
        return FileResult(source, rejection=source.problem)
    module = detect_format(source.text)
    if module is None:
        return FileResult(source, rejection="unknown format: no parser recognises this layout, so no records were read")
    result = FileResult(source, format=module.NAME, parsed=module.parse(source))
    if result.parsed.record_count == 0:
        result.rejection = f"read as {module.NAME} but no records were found"
    return result


def extract(input_dir: Path, workdir: Path, authority_path: Path | None = None) -> ExtractReport:
    """Read every `*.txt` of `input_dir` and write the candidate package to `workdir`.

    Entities are resolved with the packaged authority file, or the one at `authority_path`.
    """
    authority = load_authority(authority_path)
    results, documents, events, warnings, linked = read_and_link(input_dir, authority)
    table_rows = {
        "sources": _source_rows(results),
        "results_ranges": _results_range_rows(results),
        "records": tables.record_rows(_first_of_each(documents), events),
        "documents": tables.document_rows(_first_of_each(documents)),
        "appearances": tables.appearance_rows(documents),
        "events": tables.event_rows(events),
        "event_highlights": tables.highlight_rows(events),
        "entities": tables.entity_rows([*authority.entities.values(), *linked.unresolved.values()], linked.mentions),
        "mentions": tables.mention_rows(linked.mentions),
    }
    arrow_tables = {name: tables.to_arrow(name, rows) for name, rows in table_rows.items()}
    _clear(workdir)
    write_package(workdir, arrow_tables, [result.source for result in results])
    report = ExtractReport(results, {name: table.num_rows for name, table in arrow_tables.items()}, warnings)
    write_json(workdir / EXTRACT_REPORT, report.to_json())
    return report


def read_and_link(
    input_dir: Path, authority: Authority
) -> tuple[list[FileResult], list[Document], list[Event], list[Problem], Linked]:
    """Read and parse every file, then link its records, each document once, to entities."""
    results = [read_file(path, input_dir) for path in find_sources(input_dir)]
    documents, events, warnings = _collect(results)
    return results, documents, events, warnings, link([*_first_of_each(documents), *events], authority)


def entity_sightings(input_dir: Path, authority_path: Path | None = None, *, unresolved_only: bool = False) -> list[Sighting]:
    """Every entity the records of `input_dir` mention (or only the unresolved names), by id."""
    authority = load_authority(authority_path)
    _, documents, events, _, linked = read_and_link(input_dir, authority)
    entities = {**authority.entities, **linked.unresolved}
    records = {record_id(record): record for record in [*documents, *events]}
    found = sightings(entities, linked.mentions, records)
    return [sighting for sighting in found if not (unresolved_only and sighting.entity.resolved)]


def _collect(results: list[FileResult]) -> tuple[list[Document], list[Event], list[Problem]]:
    documents: list[Document] = []
    events: dict[str, Event] = {}
    warnings: list[Problem] = []
    for result in results:
        warnings.extend(result.parsed.problems)
        if result.rejection:
            continue
        documents.extend(result.parsed.documents)
        for event in result.parsed.events:
            if event.event_id in events:
                first = events[event.event_id].source_id
                warnings.append(Problem(result.source.path, f"the same event as in {first}; kept once", event.line))
            else:
                events[event.event_id] = event
    return documents, list(events.values()), warnings


def _first_of_each(documents: list[Document]) -> list[Document]:
    """One document per id: where it was first found. Every sighting stays in `appearances`."""
    first: dict[str, Document] = {}
    for document in documents:
        first.setdefault(document.document_id, document)
    return list(first.values())


def _source_rows(results: list[FileResult]) -> list[dict[str, Any]]:
    rows = []
    for result in results:
        source = result.source
        rows.append(
            {
                "source_id": source.source_id,
                "path": source.path,
                "sha256": source.sha256,
                "bytes": source.bytes,
                "encoding": source.encoding,
                "format": result.format,
                "status": "rejected" if result.rejection else "parsed",
                "problem": result.rejection,
                "records": 0 if result.rejection else result.parsed.record_count,
            }
        )
    return rows


def _results_range_rows(results: list[FileResult]) -> list[dict[str, Any]]:
    return [
        {
            "source_id": result.source.source_id,
            "results_start": result.parsed.results_range.start,
            "results_end": result.parsed.results_range.end,
            "results_total": result.parsed.results_range.total,
        }
        for result in results
        if result.parsed.results_range and not result.rejection
    ]


def _clear(workdir: Path) -> None:
    """Remove what an earlier extract wrote, and only that."""
    shutil.rmtree(workdir / DATA_DIR, ignore_errors=True)
    for name in (DESCRIPTOR, EXTRACT_REPORT, VALIDATION_REPORT):
        (workdir / name).unlink(missing_ok=True)
    workdir.mkdir(parents=True, exist_ok=True)
