"""Table Schema checks at Arrow speed, for packages too big to validate row by row.

The Frictionless Table Schemas stay the single contract: this module reads the same schemas and
reports the same findings Frictionless does (type, required, enum, pattern, minimum/maximum,
unique, primary key, foreign key), with Frictionless's error kinds and row numbers (the header is
row 1), but checks whole columns with pyarrow compute instead of one cell at a time.
`tests/test_checks.py` holds the two engines to the same verdict on the same rows.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

_HEADER_ROWS = 1
_TEXT_PATTERNS = {
    "integer": r"^\s*[+-]?\d+\s*$",
    "number": r"^\s*[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?\s*$",
}
_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
_ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}


@dataclass(frozen=True)
class Finding:
    """One error, as Frictionless would report it."""

    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str


def read_resource(folder: Path, resource: dict[str, Any]) -> pa.Table:
    """The resource's rows as Arrow: CSV cells as text (typing them is the check), Parquet as stored."""
    path = folder / resource["path"]
    if resource["format"] == "parquet":
        return pq.read_table(path)
    names = [field["name"] for field in resource["schema"]["fields"]]
    return pa_csv.read_csv(
        path,
        read_options=pa_csv.ReadOptions(use_threads=True, block_size=1 << 24),
        convert_options=pa_csv.ConvertOptions(
            column_types={name: pa.string() for name in names}, strings_can_be_null=True, null_values=[""]
        ),
    )


def check_table(name: str, table: pa.Table, schema: dict[str, Any]) -> tuple[list[Finding], pa.Table]:
    """Findings for one table, and the table with every column typed as the schema says (bad cells null)."""
    findings: list[Finding] = []
    fields = schema["fields"]
    expected = [field["name"] for field in fields]
    if table.column_names != expected:
        findings.append(Finding(name, None, None, "incorrect-label", f"columns are {table.column_names}, the schema says {expected}"))
        return findings, table
    typed_columns = []
    for field in fields:
        column = table.column(field["name"]).combine_chunks()
        typed, type_errors = _typed(column, field)
        findings += _rows(name, type_errors, field["name"], "type-error", f'type is "{field["type"]}/default"')
        if field.get("constraints", {}).get("required"):
            findings += _rows(name, pc.is_null(column), field["name"], "constraint-error", 'constraint "required" is "True"')
        findings += _constraints(name, typed, field)
        typed_columns.append(typed)
    typed_table = pa.table(typed_columns, names=expected)
    findings += _unique_fields(name, typed_table, fields)
    findings += _primary_key(name, typed_table, schema.get("primaryKey", []))
    return findings, typed_table


def check_foreign_keys(name: str, table: pa.Table, schema: dict[str, Any], tables: dict[str, pa.Table]) -> list[Finding]:
    """Rows whose foreign key (all its cells present) is not a key of the table it names."""
    findings = []
    for foreign_key in schema.get("foreignKeys", []):
        reference = foreign_key["reference"]
        parent = tables[reference["resource"] or name]  # "" is the table itself
        child_keys = table.select(foreign_key["fields"]).to_pandas()
        parent_keys = parent.select(reference["fields"]).to_pandas()
        present = child_keys.notna().all(axis=1)
        known = pd.MultiIndex.from_frame(child_keys).isin(pd.MultiIndex.from_frame(parent_keys))
        missing = present.to_numpy() & ~known
        message = f'values not found in the lookup table "{reference["resource"]}" as "{", ".join(reference["fields"])}"'
        findings += [Finding(name, int(row) + _HEADER_ROWS + 1, None, "foreign-key", message) for row in missing.nonzero()[0]]
    return findings


def _typed(column: pa.Array, field: dict[str, Any]) -> tuple[pa.Array, pa.Array]:
    """(typed column with bad cells as null, mask of cells that are present but not of the type)."""
    kind = field["type"]
    target = _ARROW_TYPES.get(kind, pa.string())
    if column.type == target:
        return column, pa.array([False] * len(column))
    text = column.cast(pa.string())
    if kind in _TEXT_PATTERNS:
        ok = pc.match_substring_regex(text, _TEXT_PATTERNS[kind])
        typed = pc.if_else(ok, text, None).cast(target) if len(text) else pa.array([], target)
    elif kind == "date":
        # Arrow's strptime rolls 1961-02-30 over to March; the written day and month must survive.
        written = pc.extract_regex(text, r"^(?P<year>\d{4})-(?P<month>\d{1,2})-(?P<day>\d{1,2})$")
        parsed = pc.strptime(text, format="%Y-%m-%d", unit="s", error_is_null=True)
        ok = pc.and_(
            pc.equal(pc.month(parsed), pc.struct_field(written, "month").cast(pa.int64())),
            pc.equal(pc.day(parsed), pc.struct_field(written, "day").cast(pa.int64())),
        )
        typed = pc.if_else(ok, parsed, None).cast(pa.date32())
    elif kind == "boolean":
        typed = pc.if_else(pc.is_in(text, pa.array(_TRUE)), True, pc.if_else(pc.is_in(text, pa.array(_FALSE)), False, None))
        ok = pc.is_valid(typed)
    else:
        return text, pa.array([False] * len(text))
    type_errors = pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(ok, False)))
    return typed, type_errors


def _constraints(name: str, column: pa.Array, field: dict[str, Any]) -> Iterator[Finding]:
    """Value constraints on the typed cells; cells that failed their type are null and not checked again."""
    constraints = field.get("constraints", {})
    label = field["name"]
    checks = {
        "pattern": lambda value: pc.invert(pc.match_substring_regex(column, f"^(?:{value})$")),
        "enum": lambda value: pc.invert(pc.is_in(column, pa.array(value, column.type))),
        "minimum": lambda value: pc.less(column, pa.scalar(value, column.type)),
        "maximum": lambda value: pc.greater(column, pa.scalar(value, column.type)),
    }
    for constraint, failing in checks.items():
        if constraint in constraints:
            note = f'constraint "{constraint}" is "{constraints[constraint]}"'
            yield from _rows(name, pc.fill_null(failing(constraints[constraint]), False), label, "constraint-error", note)


def _unique_fields(name: str, table: pa.Table, fields: list[dict[str, Any]]) -> Iterator[Finding]:
    for field in fields:
        if field.get("constraints", {}).get("unique"):
            values = table.column(field["name"]).to_pandas()
            repeated = values.notna() & values.duplicated(keep="first")
            yield from _rows(name, pa.array(repeated.to_numpy()), field["name"], "unique-error", "the same as in an earlier row")


def _primary_key(name: str, table: pa.Table, key: list[str]) -> Iterator[Finding]:
    if not key:
        return
    keys = table.select(key).to_pandas()
    all_missing = keys.isna().all(axis=1)
    yield from _rows(name, pa.array(all_missing.to_numpy()), None, "primary-key", 'cells composing the primary keys are all "None"')
    repeated = ~all_missing & keys.duplicated(keep="first")
    yield from _rows(name, pa.array(repeated.to_numpy()), None, "primary-key", "the same as in an earlier row")


def _rows(name: str, mask: pa.Array, field: str | None, kind: str, message: str) -> list[Finding]:
    rows = pc.indices_nonzero(mask).to_pylist() if len(mask) else []
    return [Finding(name, row + _HEADER_ROWS + 1, field, kind, message) for row in rows]
