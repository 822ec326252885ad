"""Whether the last extract still stands as a whole: the same inputs (by content), curator files, metadata and code."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

from pipeline.extraction.report import ExtractReport
from pipeline.files import read_json
from pipeline.paths import DESCRIPTOR, EXTRACT_REPORT
from pipeline.sources import Inputs
from pipeline.writer import unmatched_resources


def inputs_fingerprint(inputs: Iterable[tuple[str, str]], settings: str, metadata: dict[str, Any]) -> str:
    """What the extract depends on: every input's name and SHA-256, the `settings` (code and curator files), the dataset's metadata."""
    digest = hashlib.sha256(settings.encode())
    digest.update(json.dumps(metadata, sort_keys=True).encode())
    for name, sha256 in inputs:
        digest.update(f"{name}\0{sha256}\0".encode())
    return digest.hexdigest()


def previous_report(
    workdir: Path, inputs: Inputs, hashed: list[tuple[str, str]], settings: str, metadata: dict[str, Any]
) -> ExtractReport | None:
    """The last extract's report, if it was made from the same inputs (`hashed`: each one's path and SHA-256) and settings and its package is intact.

    The files skipped are listed again as they are now.
    """
    try:
        report = read_json(workdir / EXTRACT_REPORT)
        descriptor = read_json(workdir / DESCRIPTOR)
    except (OSError, ValueError):
        return None
    if report.get("fingerprint") != inputs_fingerprint(hashed, settings, metadata):
        return None
    if unmatched_resources(workdir, descriptor):
        return None
    return replace(ExtractReport.from_json(report), skipped=inputs.skipped)
