"""Every rule of Table Schema v2, run through both engines as CSV and as Parquet: same findings, or handed to Frictionless."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq
import pytest

from pipeline.validation import arrow as checks
from pipeline.validation.stage import validate

# The specification's lists (https://datapackage.org/standard/table-schema/), as written there.
SPEC_TYPES = {
    "string": ["default", "email", "uri", "binary", "uuid"],
    "number": ["default"],
    "integer": ["default"],
    "boolean": ["default"],
    "object": ["default"],
    "array": ["default"],
    "list": ["default"],
    "date": ["default", "any", "%d/%m/%Y"],
    "time": ["default", "any", "%H.%M"],
    "datetime": ["default", "any", "%d/%m/%Y %H:%M"],
    "year": ["default"],
    "yearmonth": ["default"],
    "duration": ["default"],
    "geopoint": ["default", "array", "object"],
    "geojson": ["default", "topojson"],
    "any": ["default"],
}
SPEC_CONSTRAINTS = {
    "required": list(SPEC_TYPES),
    "unique": list(SPEC_TYPES),
    "enum": list(SPEC_TYPES),
    "minLength": ["string", "array", "list", "object"],
    "maxLength": ["string", "array", "list", "object"],
    "pattern": ["string"],
    **{bound: ["integer", "number", "date", "time", "datetime", "year", "yearmonth", "duration"]
       for bound in ("minimum", "maximum", "exclusiveMinimum", "exclusiveMaximum")},
    "jsonSchema": ["object", "array"],
}
SPEC_SCHEMA = ["fields", "primaryKey", "foreignKeys", "uniqueKeys", "missingValues"]

# Cells of each type and format, some of them not of it (the type check), edge cases included.
TYPE_CELLS: dict[tuple[str, str], list[str | None]] = {
    ("string", "default"): ["a", None, "é b"],
    ("string", "email"): ["a@example.org", "not an email"],
    ("string", "uri"): ["https://example.org/a", "no scheme"],
    ("string", "binary"): ["aGVsbG8=", "***"],
    ("string", "uuid"): ["8c5e3a2e-5b4e-4d6b-9f3a-1c2d3e4f5a6b", "not-a-uuid"],
    ("number", "default"): ["1.5", "-2", "+3", "1e3", ".5", "5.", " 4 ", "1_000.5", "NaN", "-inf", "1,5", "x", "1e"],
    ("integer", "default"): ["1", "-2", "+3", " 4 ", "1_000", "1.5", "x", "1e3", "1__0"],
    ("boolean", "default"): ["true", "False", "TRUE", "1", "0", "yes", " true"],
    ("object", "default"): ['{"a": 1}', "[1]", "x"],
    ("array", "default"): ["[1, 2]", '{"a": 1}', "x"],
    ("list", "default"): ["a,b", "c", None],
    ("date", "default"): ["1956-10-06", "1956-1-5", "1956-02-30", "06/10/1956", "1956-10-06T00:00:00"],
    ("date", "any"): ["6 October 1956", "x"],
    ("date", "%d/%m/%Y"): ["06/10/1956", "1956-10-06"],
    ("time", "default"): ["10:30:00", "25:00:00"],
    ("time", "any"): ["10:30", "x"],
    ("time", "%H.%M"): ["10.30", "10:30"],
    ("datetime", "default"): ["1956-10-06T10:30:00Z", "1956-10-06"],
    ("datetime", "any"): ["6 October 1956 10:30", "x"],
    ("datetime", "%d/%m/%Y %H:%M"): ["06/10/1956 10:30", "x"],
    ("year", "default"): ["1956", "56x"],
    ("yearmonth", "default"): ["1956-10", "1956-13"],
    ("duration", "default"): ["P1Y2M", "x"],
    ("geopoint", "default"): ["45.5, 90", "x"],
    ("geopoint", "array"): ["[90, 45.5]", "x"],
    ("geopoint", "object"): ['{"lon": 90, "lat": 45.5}', "x"],
    ("geojson", "default"): ['{"type": "Point", "coordinates": [1, 2]}', "x"],
    ("geojson", "topojson"): ['{"type": "Topology", "objects": {}, "arcs": []}', "x"],
    ("any", "default"): ["a", "1"],
}
# Three values of each type in ascending order (and length, for collections), for the constraints.
ORDERED = {
    "string": ["a", "ab", "abc"],
    "number": ["1.5", "2.5", "3.5"],
    "integer": ["1", "2", "3"],
    "boolean": ["false", "true", "true"],
    "object": ['{"a": 1}', '{"a": 1, "b": 2}', '{"a": 1, "b": 2, "c": 3}'],
    "array": ["[1]", "[1, 2]", "[1, 2, 3]"],
    "list": ["a", "a,b", "a,b,c"],
    "date": ["1956-01-01", "1956-06-01", "1956-12-31"],
    "time": ["01:00:00", "12:00:00", "23:00:00"],
    "datetime": ["1956-01-01T00:00:00Z", "1956-06-01T00:00:00Z", "1956-12-31T00:00:00Z"],
    "year": ["1955", "1956", "1957"],
    "yearmonth": ["1956-01", "1956-06", "1956-12"],
    "duration": ["P1D", "P2D", "P3D"],
    "geopoint": ["1, 1", "2, 2", "3, 3"],
    "geojson": ['{"type": "Point", "coordinates": [1, 1]}', '{"type": "Point", "coordinates": [2, 2]}', '{"type": "Point", "coordinates": [3, 3]}'],
    "any": ["a", "b", "c"],
}
# Options of a field, away from their defaults.
OPTIONS: dict[str, tuple[dict[str, Any], list[str | None]]] = {
    "number decimalChar": ({"type": "number", "decimalChar": ","}, ["1,5", "1.5", "x"]),
    "number groupChar": ({"type": "number", "groupChar": ","}, ["1,000.5", "x"]),
    "number bareNumber": ({"type": "number", "bareNumber": False}, ["€1.5", "5%", "x"]),
    "integer bareNumber": ({"type": "integer", "bareNumber": False}, ["€15", "15%", "x"]),
    "boolean trueValues": ({"type": "boolean", "trueValues": ["yes"]}, ["yes", "true", "false"]),
    "boolean falseValues": ({"type": "boolean", "falseValues": ["no"]}, ["no", "false", "true"]),
    "list delimiter": ({"type": "list", "delimiter": "; ", "constraints": {"maxLength": 1}}, ["a; b", "a,b", "c"]),
    "list itemType": ({"type": "list", "itemType": "integer"}, ["1,2", "1,x"]),
    "field missingValues": ({"type": "integer", "missingValues": ["NA"]}, ["1", "NA", None]),
}


def constraint_case(constraint: str, kind: str) -> tuple[dict[str, Any], list[str | None], dict[str, Any]]:
    """A field of `kind` with `constraint`, and cells that meet and break it."""
    low, mid, high = ORDERED[kind]
    value: Any = {"required": True, "unique": True, "enum": [low, mid], "pattern": "a+b?",
                  "minLength": 2, "maxLength": 2, "jsonSchema": {"minProperties": 2, "minItems": 2}}.get(constraint, mid)
    if kind in ("integer", "number") and constraint.endswith(("imum",)):
        value = float(mid) if kind == "number" else int(mid)  # the specification writes numeric bounds as numbers
    cells = {"required": [low, None], "unique": [low, mid, low]}.get(constraint, [low, mid, high])
    return {"type": kind, "constraints": {constraint: value}}, cells, {}


def rule_cases() -> dict[str, tuple[dict[str, Any], list[str | None], dict[str, Any]]]:
    """Every rule of the specification: (field, cells, schema properties beyond the fields)."""
    cases = {}
    for kind, formats in SPEC_TYPES.items():
        for format_ in formats:
            field = {"type": kind} if format_ == "default" else {"type": kind, "format": format_}
            cases[f"type {kind}/{format_}"] = (field, TYPE_CELLS[kind, format_], {})
    for constraint, kinds in SPEC_CONSTRAINTS.items():
        for kind in kinds:
            cases[f"{constraint} on {kind}"] = constraint_case(constraint, kind)
    for option, (field, cells) in OPTIONS.items():
        cases[option] = (field, cells, {})
    cases["schema missingValues"] = ({"type": "integer"}, ["1", "NA", "-"], {"missingValues": ["", "NA"]})
    cases["schema primaryKey"] = ({"type": "string"}, ["a", "b", "a", None], {"primaryKey": ["x"]})
    cases["schema foreignKeys"] = (
        {"type": "string"}, ["r1", "r9", None], {"foreignKeys": [{"fields": ["x"], "reference": {"resource": "", "fields": ["id"]}}]}
    )
    cases["schema uniqueKeys"] = ({"type": "string"}, ["a", "a", "b"], {"uniqueKeys": [["x"]]})
    cases["schema fields"] = ({"type": "string"}, ["a"], {})
    return cases


RULES = rule_cases()
# Frictionless 5.21 itself fails on these (TypeError: unhashable type): there is no verdict to match.
FRICTIONLESS_CANNOT = {f"unique on {kind}" for kind in ("array", "geojson", "list", "object")}
# Typed Parquet columns, where every cell converts: the Arrow engine reads them as stored.
_PARQUET_TYPES = {"integer": pa.int64(), "number": pa.float64(), "boolean": pa.bool_(), "date": pa.date32()}


def write_package(folder: Path, field: dict[str, Any], cells: list[str | None], schema_extra: dict[str, Any], parquet: str) -> None:
    """A table of an id column and the rule's column `x`, as CSV or Parquet (text, or typed where the cells allow)."""
    schema = {"fields": [{"name": "id", "type": "string"}, {"name": "x", **field}], **schema_extra}
    ids = pa.array([f"r{row}" for row in range(1, len(cells) + 1)])
    column = pa.array(cells, pa.string())
    if parquet == "typed" and field["type"] in _PARQUET_TYPES:
        try:
            column = column.cast(_PARQUET_TYPES[field["type"]])
        except (pa.ArrowInvalid, pa.ArrowNotImplementedError):
            pass  # cells the cast refuses stay text, as a bad cell in a Parquet file would be
    table = pa.table({"id": ids, "x": column})
    if parquet == "no":
        pa_csv.write_csv(table, folder / "t.csv", pa_csv.WriteOptions(quoting_style="all_valid"))
        resource = {"name": "t", "path": "t.csv", "format": "csv", "mediatype": "text/csv", "encoding": "utf-8"}
    else:
        pq.write_table(table, folder / "t.parquet")
        resource = {"name": "t", "path": "t.parquet", "format": "parquet", "mediatype": "application/vnd.apache.parquet"}
    descriptor = {"$schema": "https://datapackage.org/profiles/2.0/datapackage.json", "name": "rules",
                  "resources": [{**resource, "type": "table", "schema": schema}]}
    (folder / "datapackage.json").write_text(json.dumps(descriptor), encoding="utf-8")


def enforced(field: dict[str, Any], schema_extra: dict[str, Any]) -> bool:
    """Whether checks' table says the Arrow engine checks this field and schema itself."""
    options = {key: value for key, value in field.items() if key not in ("type", "constraints", "delimiter")}
    return (
        field["type"] in checks.ENFORCED_TYPES
        and all(checks.DEFAULTS.get(key) == value for key, value in {**options, **schema_extra}.items() if key in checks.DEFAULTS)
        and all(key in checks.DEFAULTS for key in options)
        and all(field["type"] in checks.ENFORCED_CONSTRAINTS.get(name, ()) for name in field.get("constraints", {}))
        and all(key in checks.ENFORCED_SCHEMA or checks.DEFAULTS.get(key) == value for key, value in schema_extra.items())
    )


@pytest.mark.parametrize("parquet", ["no", "text", "typed"], ids=["csv", "parquet-text", "parquet-typed"])
@pytest.mark.parametrize(
    "rule", [pytest.param(rule, marks=pytest.mark.xfail(raises=TypeError, strict=True)) if rule in FRICTIONLESS_CANNOT else rule for rule in sorted(RULES)]
)
def test_each_rule_gets_frictionless_verdict_from_the_arrow_engine_or_is_handed_over(tmp_path, rule, parquet):
    field, cells, schema_extra = RULES[rule]
    write_package(tmp_path, field, cells, schema_extra, parquet)
    reference = validate(tmp_path, "frictionless")
    arrow = validate(tmp_path, "arrow")
    assert {(e.resource, e.row, e.field, e.kind) for e in arrow.errors} == {(e.resource, e.row, e.field, e.kind) for e in reference.errors}
    if enforced(field, schema_extra):
        assert arrow.handed_over == {}, "the Arrow engine's table says it checks this rule"
    else:
        assert list(arrow.handed_over) == ["t"], "a rule the Arrow engine does not check hands its resource over"


def test_the_arrow_engines_table_names_only_rules_of_the_specification():
    assert set(checks.ENFORCED_TYPES) <= set(SPEC_TYPES)
    for constraint, kinds in checks.ENFORCED_CONSTRAINTS.items():
        assert set(kinds) <= set(SPEC_CONSTRAINTS[constraint]), constraint
    assert set(checks.ENFORCED_SCHEMA) <= set(SPEC_SCHEMA)
