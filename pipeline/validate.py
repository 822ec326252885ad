"""The validate stage: Frictionless checks every resource of the working folder's package.

Types, required values, enums, patterns, primary keys and foreign keys are all checked, on the
CSV and the Parquet file of every table. The verdict and every error are kept in
`validation-report.json`, tied to the exact package they judged by the descriptor's hash, so
publishing can refuse a package that changed after it was validated.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import frictionless

from pipeline.errors import PipelineError
from pipeline.load import read_descriptor
from pipeline.package import file_sha256, write_json
from pipeline.paths import DESCRIPTOR, VALIDATION_REPORT
from pipeline.progress import Track, quietly

# Frictionless stops at 1000 errors by default, with only a warning; we want every one listed.
_ERROR_LIMIT = 1_000_000


@dataclass(frozen=True)
class ValidationError:
    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str

    def __str__(self) -> str:
        where = self.resource + (f", row {self.row}" if self.row else "") + (f", field {self.field}" if self.field else "")
        return f"{where}: [{self.kind}] {self.message}"


@dataclass(frozen=True)
class ValidationReport:
    valid: bool
    package_sha256: str
    errors: list[ValidationError]
    resources: dict[str, int]

    def to_json(self) -> dict[str, Any]:
        return {
            "valid": self.valid,
            "package_sha256": self.package_sha256,
            "errors": [error.__dict__ for error in self.errors],
            "rows_checked": self.resources,
        }


def validate(workdir: Path, *, track: Track = quietly) -> ValidationReport:
    """Validate the package in `workdir` with Frictionless and write the report beside it."""
    descriptor = workdir / DESCRIPTOR
    if not descriptor.is_file():
        raise PipelineError(f"{workdir} holds no extracted package: run `pipeline extract` first")
    progress = track([resource["name"] for resource in read_descriptor(workdir)["resources"]], str)
    try:
        result = frictionless.validate(str(descriptor), checklist=_reporting(progress), limit_errors=_ERROR_LIMIT)
        next(progress, None)  # the last resource started is finished too
    finally:
        progress.close()
    errors = [
        ValidationError(task.name or "package", getattr(error, "row_number", None), getattr(error, "field_name", None), error.type, error.message)
        for task in result.tasks
        for error in task.errors
    ]
    errors += [ValidationError("package", None, None, error.type, error.message) for error in result.errors]
    report = ValidationReport(
        valid=result.valid,
        package_sha256=file_sha256(descriptor),
        errors=errors,
        resources={task.name: task.stats.get("rows") or 0 for task in result.tasks},
    )
    write_json(workdir / VALIDATION_REPORT, report.to_json())
    return report


def _reporting(progress: Iterator[str]) -> frictionless.Checklist:
    """A checklist whose one check finds nothing: Frictionless starts it on each resource, which moves `progress`."""

    class Progress(frictionless.Check):
        type = "progress"

        def validate_start(self) -> Iterator[frictionless.Error]:
            next(progress, None)
            return iter(())

    return frictionless.Checklist(checks=[Progress()])


def read_validation(workdir: Path) -> dict[str, Any] | None:
    """The last validation report of `workdir`, or None when it was never validated."""
    path = workdir / VALIDATION_REPORT
    return json.loads(path.read_text(encoding="utf-8")) if path.is_file() else None
