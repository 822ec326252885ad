"""Whether the last extract still stands: the same inputs (by content), curator files, metadata and code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.curation import Curation
from pipeline.extraction.report import ExtractReport
from pipeline.files import file_sha256, read_json
from pipeline.paths import DESCRIPTOR, EXTRACT_REPORT
from pipeline.sources import Inputs, read_ahead
from pipeline.writer import code_version, unmatched_resources


def inputs_fingerprint(inputs: Iterable[tuple[str, str]], curation: Curation, metadata: dict[str, Any]) -> str:
    """What the extract depends on: every input's name and SHA-256, the curator files, the dataset's metadata, the code."""
    digest = hashlib.sha256(code_version().encode())
    for role, path in curation.files().items():
        digest.update(f"{role}\0{file_sha256(path)}\0".encode())
    digest.update(json.dumps(metadata, sort_keys=True).encode())
    for name, sha256 in inputs:
        digest.update(f"{name}\0{sha256}\0".encode())
    return digest.hexdigest()


def previous_report(
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
    if report.get("fingerprint") != inputs_fingerprint(hashed, curation, metadata):
        return None
    if unmatched_resources(workdir, descriptor):
        return None
    return replace(ExtractReport.from_json(report), skipped=inputs.skipped)
