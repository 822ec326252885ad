"""The validate stage: every resource of the working folder's package against its Table Schema.

Types, required values, enums, patterns, primary keys and foreign keys are all checked, on the
CSV and the Parquet file of every table, by Frictionless, or for big packages by the Arrow engine
of `pipeline.validation.arrow`, which reads the same schemas and reaches the same verdict. The verdict and every error are kept in
`validation-report.json`, tied to the exact package they judged by the descriptor's hash, so
publishing can refuse a package that changed after it was validated.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Collection, Iterator
from concurrent.futures import Future, ThreadPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow.parquet as pq

from pipeline.errors import PipelineError
from pipeline.executors import default_workers
from pipeline.files import file_sha256, read_json, write_json
from pipeline.paths import DESCRIPTOR, VALIDATION_REPORT
from pipeline.progress import Track, quietly
from pipeline.validation import arrow as checks

if TYPE_CHECKING:
    import frictionless

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
    engine: str
    reused: bool = False
    # resource -> what its schema asks that the Arrow engine does not check, so Frictionless checked it instead
    handed_over: dict[str, list[str]] = field(default_factory=dict)

    @classmethod
    def from_json(cls, value: dict[str, Any]) -> ValidationReport:
        errors = [ValidationError(**error) for error in value["errors"]]
        handed_over = value.get("checked_by_frictionless", {})
        return cls(value["valid"], value["package_sha256"], errors, value["rows_checked"], value["engine"], True, handed_over)

    def to_json(self) -> dict[str, Any]:
        return {
            "engine": self.engine,
            "valid": self.valid,
            "package_sha256": self.package_sha256,
            "errors": [error.__dict__ for error in self.errors],
            "rows_checked": self.resources,
            "checked_by_frictionless": self.handed_over,
        }

    def notes(self) -> list[str]:
        """One line per resource the Arrow engine handed to Frictionless, saying why."""
        return [
            f"{resource}: checked by Frictionless: the Arrow engine does not check {', '.join(reasons)}"
            for resource, reasons in self.handed_over.items()
        ]


ENGINES = ("auto", "frictionless", "arrow")
# Up to this many rows in all, Frictionless itself checks the package; above it, the Arrow engine.
ARROW_FROM_ROWS = 50_000


def validate(workdir: Path, engine: str = "auto", *, track: Track = quietly) -> ValidationReport:
    """Validate the package in `workdir` and write the report beside it.

    A package already validated as it stands (same descriptor hash, hence same files) is not
    validated again: its report is returned, marked `reused`.

    `engine`: "frictionless" checks row by row with Frictionless; "arrow" checks the same schemas
    column by column (`pipeline.validation.arrow`); "auto" picks Frictionless for small packages.
    """
    path = workdir / DESCRIPTOR
    if not path.is_file():
        raise PipelineError(f"{workdir} holds no extracted package: run `pipeline extract` first")
    previous = read_validation(workdir)
    if previous and previous["package_sha256"] == file_sha256(path) and engine in ("auto", previous["engine"]):
        return ValidationReport.from_json(previous)
    descriptor = read_json(path)
    if engine == "auto":
        engine = "arrow" if _row_count(workdir, descriptor) > ARROW_FROM_ROWS else "frictionless"
    handed_over: dict[str, list[str]] = {}
    if engine == "frictionless":
        errors, rows = _with_frictionless(workdir, descriptor, track)
    else:
        errors, rows, handed_over = _with_arrow(workdir, descriptor, track)
    report = ValidationReport(
        valid=not errors, package_sha256=file_sha256(path), errors=errors, resources=rows, engine=engine, handed_over=handed_over
    )
    write_json(workdir / VALIDATION_REPORT, report.to_json())
    return report


def _with_frictionless(
    workdir: Path, descriptor: dict[str, Any], track: Track
) -> tuple[list[ValidationError], dict[str, int]]:
    import frictionless  # here: the command line, which every extract worker imports, need not load it

    progress = track([resource["name"] for resource in descriptor["resources"]], str)
    try:
        result = frictionless.validate(str(workdir / DESCRIPTOR), checklist=_reporting(progress), limit_errors=_ERROR_LIMIT)
        next(progress, None)  # the last resource started is finished too
    finally:
        progress.close()
    return _frictionless_errors(result), {task.name: task.stats.get("rows") or 0 for task in result.tasks}


def _frictionless_errors(result: frictionless.Report) -> list[ValidationError]:
    errors = [
        ValidationError(task.name or "package", getattr(error, "row_number", None), getattr(error, "field_name", None), error.type, error.message)
        for task in result.tasks
        for error in task.errors
    ]
    return errors + [ValidationError("package", None, None, error.type, error.message) for error in result.errors]


def _resource_with_frictionless(workdir: Path, name: str) -> tuple[list[ValidationError], int]:
    """One resource checked by Frictionless, its foreign keys against the package's other resources."""
    import frictionless

    result = frictionless.validate(str(workdir / DESCRIPTOR), name=name, limit_errors=_ERROR_LIMIT)
    return _frictionless_errors(result), sum(task.stats.get("rows") or 0 for task in result.tasks)


def _with_arrow(
    workdir: Path, descriptor: dict[str, Any], track: Track
) -> tuple[list[ValidationError], dict[str, int], dict[str, list[str]]]:
    """Each resource streamed through `pipeline.validation.arrow`, on as many threads as cores, its file's hash and size checked alongside.

    Arrow's checks, numpy's sorts and hashing release the GIL, so threads use every core. A
    resource whose schema asks what the Arrow engine does not check is checked by Frictionless
    (its rows, hash and foreign keys); the third value says which, and why.
    """
    resources = descriptor["resources"]
    by_name = {resource["name"]: resource for resource in resources}
    handed_over = {name: reasons for name, resource in by_name.items() if (reasons := checks.unchecked(workdir, resource, by_name))}
    foreign_keys = _ForeignKeys(descriptor, checked_elsewhere=set(handed_over))
    checked: dict[str, Future] = {resource["name"]: Future() for resource in resources}

    def check(resource: dict[str, Any]) -> tuple[list, dict[tuple[str, int], list[checks.Finding]], int]:
        name = resource["name"]
        table_findings: list = []
        keys, count = None, 0
        if name not in handed_over or foreign_keys.columns[name]:
            batches = checks.read_batches(workdir, resource)
            table_findings, keys, count = checks.check_table(name, batches, resource["schema"], foreign_keys.columns[name])
        if name in handed_over:  # Frictionless's findings stand; Arrow read only the keys other tables point at
            table_findings, count = _resource_with_frictionless(workdir, name)
        # Here, not in the caller: the keys are checked and dropped before this lane reads its next table.
        return table_findings, foreign_keys.check(name, keys), count

    def check_lane(lane: list[dict[str, Any]]) -> None:
        for resource in lane:
            try:
                checked[resource["name"]].set_result(check(resource))
            except Exception as error:  # raised in the caller's thread, for the resource it belongs to
                checked[resource["name"]].set_exception(error)

    findings: dict[tuple[str, int], list[checks.Finding]] = {}  # (resource, 0 for its rows or 1 + foreign key index)
    rows: dict[str, int] = {}
    lanes = _lanes(workdir, resources, default_workers())
    # The lanes are queued first, so the one thread more hashes the files while they check rows.
    with ThreadPoolExecutor(max_workers=len(lanes) + 1) as pool:
        for lane in lanes:
            pool.submit(check_lane, lane)
        facts = pool.map(functools.partial(_file_facts, workdir), [r for r in resources if r["name"] not in handed_over])
        names = {future: name for name, future in checked.items()}
        for future in track(_AsFinished(list(names)), lambda future: names[future]):
            name = names[future]
            findings[name, 0], foreign_key_findings, rows[name] = future.result()
            findings.update(foreign_key_findings)
        errors = [error for resource_facts in facts for error in resource_facts]
    order = {resource["name"]: index for index, resource in enumerate(resources)}
    in_order = [finding for place in sorted(findings, key=lambda place: (order[place[0]], place[1])) for finding in findings[place]]
    errors += [ValidationError(f.resource, f.row, f.field, f.kind, f.message) for f in in_order]
    return errors, {resource["name"]: rows[resource["name"]] for resource in resources}, handed_over


class _AsFinished(Collection[Future]):
    """Futures in the order they finish; sized, so progress can count them."""

    def __init__(self, futures: list[Future]):
        self.futures = futures

    def __len__(self) -> int:
        return len(self.futures)

    def __iter__(self) -> Iterator[Future]:
        return as_completed(self.futures)

    def __contains__(self, future: object) -> bool:
        return future in self.futures


def _lanes(workdir: Path, resources: list[dict[str, Any]], count: int) -> list[list[dict[str, Any]]]:
    """Resources shared among `count` threads by size, biggest first to the lightest lane, each lane in descriptor order.

    A table's CSV and Parquet twins share a lane, so their keys are never held at the same time.
    """
    twins: dict[str, list[dict[str, Any]]] = {}
    for resource in resources:
        twins.setdefault(resource["path"].rsplit(".", 1)[0], []).append(resource)
    size = {table: sum((workdir / resource["path"]).stat().st_size for resource in files) for table, files in twins.items()}
    loads = [0] * count
    lane_of: dict[str, int] = {}
    for table in sorted(twins, key=lambda table: (-size[table], table)):
        lane_of[table] = loads.index(min(loads))
        loads[lane_of[table]] += size[table]
    lanes: list[list[dict[str, Any]]] = [[] for _ in range(count)]
    for table, files in twins.items():
        lanes[lane_of[table]] += files
    return [sorted(lane, key=resources.index) for lane in lanes if lane]


class _ForeignKeys:
    """Each foreign key checked as soon as both its tables are read; a table's keys are dropped once no check needs them.

    The foreign keys of the resources `checked_elsewhere` (by Frictionless) are left out.
    Safe to call from several threads: the bookkeeping is done under a lock, the checks outside it.
    """

    def __init__(self, descriptor: dict[str, Any], checked_elsewhere: set[str]):
        resources = [resource for resource in descriptor["resources"] if resource["name"] not in checked_elsewhere]
        self.columns = _key_columns(descriptor["resources"], resources)
        self.pending = [
            (resource["name"], index, foreign_key, foreign_key["reference"]["resource"] or resource["name"])
            for resource in resources
            for index, foreign_key in enumerate(resource["schema"].get("foreignKeys", []), 1)
        ]
        self.keys: dict[str, Any] = {}  # resource -> its typed key columns, None when its columns are not the schema's
        self._lock = threading.Lock()

    def check(self, name: str, keys: Any) -> dict[tuple[str, int], list[checks.Finding]]:
        """Take `name`'s keys; the findings of every foreign key that can now be checked, by (resource, its index)."""
        with self._lock:
            self.keys[name] = keys
            ready = [
                (child, index, foreign_key, self.keys[child], self.keys[parent])
                for child, index, foreign_key, parent in self.pending
                if child in self.keys and parent in self.keys
            ]
            started = {(child, index) for child, index, *_ in ready}
            self.pending = [check for check in self.pending if check[:2] not in started]
            needed = {table for check in self.pending for table in (check[0], check[3])}
            self.keys = {table: table_keys for table, table_keys in self.keys.items() if table in needed}
        return {
            (child, index): checks.check_foreign_keys(child, child_keys, foreign_key, parent_keys)
            for child, index, foreign_key, child_keys, parent_keys in ready
            if child_keys is not None and parent_keys is not None
        }


def _key_columns(resources: list[dict[str, Any]], children: list[dict[str, Any]]) -> dict[str, set[str]]:
    """resource -> the columns the foreign keys of `children` use or point at."""
    columns: dict[str, set[str]] = {resource["name"]: set() for resource in resources}
    for resource in children:
        for foreign_key in resource["schema"].get("foreignKeys", []):
            columns[resource["name"]].update(foreign_key["fields"])
            columns[foreign_key["reference"]["resource"] or resource["name"]].update(foreign_key["reference"]["fields"])
    return columns


def _file_facts(workdir: Path, resource: dict[str, Any]) -> list[ValidationError]:
    """The declared hash and byte count against the file on disk."""
    path = workdir / resource["path"]
    errors = []
    actual = "sha256:" + file_sha256(path)
    if resource.get("hash") and resource["hash"] != actual:
        errors.append(ValidationError(resource["name"], None, None, "hash-count", f'expected is "{resource["hash"]}" and actual is "{actual}"'))
    if resource.get("bytes") and resource["bytes"] != path.stat().st_size:
        errors.append(
            ValidationError(resource["name"], None, None, "byte-count", f'expected is "{resource["bytes"]}" and actual is "{path.stat().st_size}"')
        )
    return errors


def _row_count(workdir: Path, descriptor: dict[str, Any]) -> int:
    """Rows in all the Parquet files, read from their footers alone."""
    return sum(
        pq.ParquetFile(workdir / resource["path"]).metadata.num_rows
        for resource in descriptor["resources"]
        if resource["format"] == "parquet"
    )


def _reporting(progress: Iterator[str]) -> frictionless.Checklist:
    """A checklist whose one check finds nothing: Frictionless starts it on each resource, which moves `progress`."""
    import frictionless

    class Progress(frictionless.Check):
        type = "progress"

        def validate_start(self) -> Iterator[frictionless.Error]:
            next(progress, None)
            return iter(())

    return frictionless.Checklist(checks=[Progress()])


def read_validation(workdir: Path) -> dict[str, Any] | None:
    """The last validation report of `workdir`, or None when it was never validated."""
    path = workdir / VALIDATION_REPORT
    return read_json(path) if path.is_file() else None
