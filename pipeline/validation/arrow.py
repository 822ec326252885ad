"""Table Schema checks at Arrow speed, for packages too big to validate row by row.

The Frictionless Table Schemas stay the single contract: this module reads the same schemas and
reports the same findings Frictionless does, with Frictionless's error kinds and row numbers (the
header is row 1), but checks whole columns with pyarrow compute instead of one cell at a time.
What it checks is one table (`ENFORCED_TYPES`, `ENFORCED_CONSTRAINTS`, `DEFAULTS`); `unchecked`
names whatever a resource asks beyond it, and such a resource is left to Frictionless.
`tests/test_checks.py` holds the two engines to the same verdict on every rule of Table Schema v2.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy
import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pa_csv
import pyarrow.parquet as pq

_HEADER_ROWS = 1
# Rows per Parquet batch and bytes per CSV block: memory holds one batch and the key columns.
BATCH_ROWS = 100_000
CSV_BLOCK_BYTES = 1 << 22
# What Python's int() and Decimal() accept, as Frictionless reads integers and numbers: spaces around, _ between digits.
_DIGITS = r"\d+(_\d+)*"
_TEXT_PATTERNS = {
    "integer": rf"^\s*[+-]?{_DIGITS}\s*$",
    "number": rf"^\s*[+-]?(({_DIGITS}(\.({_DIGITS})?)?|\.{_DIGITS})([eE][+-]?{_DIGITS})?|(?i:inf|infinity|nan))\s*$",
}
_TRUE, _FALSE = ["true", "True", "TRUE", "1"], ["false", "False", "FALSE", "0"]
_DICTIONARY = pa.dictionary(pa.int32(), pa.string())
_ARROW_TYPES = {"integer": pa.int64(), "number": pa.float64(), "date": pa.date32(), "boolean": pa.bool_()}

# What the Arrow engine checks with Frictionless's verdict: these types (in their default format),
# these constraints on these types, and every option at its default. Anything else a schema asks
# hands its resource to Frictionless (`unchecked`).
ENFORCED_TYPES = ("string", "integer", "number", "boolean", "date", "list")
_BOUNDED = ("integer", "number", "date")
_SCALAR = ("string", "integer", "number", "boolean", "date")
ENFORCED_CONSTRAINTS = {
    "required": ENFORCED_TYPES,
    "unique": _SCALAR,
    "enum": ("string",),
    "pattern": ("string",),
    "minLength": ("string", "list"),
    "maxLength": ("string", "list"),
    "minimum": _BOUNDED,
    "maximum": _BOUNDED,
    "exclusiveMinimum": _BOUNDED,
    "exclusiveMaximum": _BOUNDED,
}
# Field and schema properties the Arrow engine follows only at these values (the defaults).
DEFAULTS = {
    "format": "default",
    "bareNumber": True,
    "floatNumber": False,
    "decimalChar": ".",
    "groupChar": "",
    "trueValues": _TRUE,
    "falseValues": _FALSE,
    "missingValues": [""],
    "fieldsMatch": "exact",
    "itemType": "string",
}
# Schema properties checked as Frictionless 5.21 checks them; it does not check uniqueKeys, so neither do we.
ENFORCED_SCHEMA = ("fields", "primaryKey", "foreignKeys", "uniqueKeys")
# Properties that describe without constraining: no engine reads the cells differently for them.
_DESCRIPTIVE = {"name", "type", "title", "description", "example", "rdfType", "constraints", "$schema", "categories", "categoriesOrdered"}
# Resource properties the Arrow reader follows; any other (a CSV dialect, a compression) changes how the file reads.
_RESOURCE_READ = {"name", "path", "format", "mediatype", "bytes", "hash", "schema", "type", "title", "description", "profile", "$schema", "licenses", "sources"}
_STORED_AS = {
    "string": (pa.types.is_string, pa.types.is_large_string, pa.types.is_dictionary),
    "integer": (pa.types.is_string, pa.types.is_integer),
    "number": (pa.types.is_string, pa.types.is_floating, pa.types.is_integer),
    "boolean": (pa.types.is_string, pa.types.is_boolean),
    "date": (pa.types.is_string, pa.types.is_date32),
    "list": (pa.types.is_string,),
}


@dataclass(frozen=True)
class Finding:
    """One error, as Frictionless would report it."""

    resource: str
    row: int | None
    field: str | None
    kind: str
    message: str


def unchecked(folder: Path, resource: dict[str, Any], resources: dict[str, dict[str, Any]]) -> list[str]:
    """What `resource` asks that the Arrow engine does not check as Frictionless does ("maxLength on title"); empty when it checks all.

    `resources` are the package's by name: a foreign key is compared on the typed cells of the table it names.
    """
    schema = resource["schema"]
    reasons = [f"{name} on the resource" for name in sorted(set(resource) - _RESOURCE_READ - {"encoding"})]
    if resource.get("encoding", "utf-8").lower() not in ("utf-8", "utf8"):
        reasons.append(f'encoding "{resource["encoding"]}"')
    reasons += _off_default(schema, set(ENFORCED_SCHEMA) | _DESCRIPTIVE, "the schema")
    for field in schema["fields"]:
        reasons += _field_unchecked(field)
    if resource["format"] == "parquet":
        reasons += _stored_unlike(pq.read_schema(folder / resource["path"]), schema["fields"])
    for foreign_key in schema.get("foreignKeys", []):
        parent = resources.get(foreign_key["reference"]["resource"], resource)["schema"]["fields"]
        for name in foreign_key["reference"]["fields"]:
            field = next((field for field in parent if field["name"] == name), {"type": "absent"})
            if field["type"] not in ENFORCED_TYPES or _off_default(field, _DESCRIPTIVE, name):
                reasons.append(f'the foreign key to {foreign_key["reference"]["resource"]}.{name}, of type "{field["type"]}"')
    return reasons


def _field_unchecked(field: dict[str, Any]) -> list[str]:
    """What one field asks beyond the enforced table, named for a reader."""
    name, kind = field["name"], field["type"]
    if kind not in ENFORCED_TYPES:
        return [f'type "{kind}" on {name}']
    reasons = _off_default(field, _DESCRIPTIVE | {"delimiter"}, name)
    for constraint, value in field.get("constraints", {}).items():
        if kind not in ENFORCED_CONSTRAINTS.get(constraint, ()):
            reasons.append(f"{constraint} on {name}")
        elif constraint == "pattern" and not _is_re2(value):
            reasons.append(f"pattern on {name} (written for Python, not RE2)")
    return reasons


def _off_default(properties: dict[str, Any], followed: set[str], owner: str) -> list[str]:
    """Properties beyond `followed` whose value is not the default (`DEFAULTS`), as "groupChar "," on price"."""
    return [
        f'{key} "{value}" on {owner}'
        for key, value in sorted(properties.items())
        if key not in followed and (key not in DEFAULTS or value != DEFAULTS[key])
    ]


def _is_re2(pattern: str) -> bool:
    try:
        pc.match_substring_regex(pa.array([""]), pattern)
    except pa.ArrowInvalid:
        return False
    return True


def _stored_unlike(stored: pa.Schema, fields: list[dict[str, Any]]) -> list[str]:
    """Parquet columns stored as a type Frictionless reads by other rules than the Arrow engine (doubles in an integer field)."""
    return [
        f'{field["name"]} stored as {stored.field(field["name"]).type}'
        for field in fields
        if field["name"] in stored.names
        and field["type"] in _STORED_AS
        and not pa.types.is_null(stored.field(field["name"]).type)
        and not any(is_like(stored.field(field["name"]).type) for is_like in _STORED_AS[field["type"]])
    ]


def read_batches(folder: Path, resource: dict[str, Any]) -> Iterator[pa.RecordBatch]:
    """The resource's rows as Arrow batches: CSV cells as text (typing them is the check), Parquet as stored.

    Text columns that are checked value by value or are keys come dictionary-encoded (`_encoded`),
    so each distinct value is checked once per batch. A file with a header and no rows gives one
    empty batch, so its column names are still checked.
    """
    path = folder / resource["path"]
    encoded = _encoded(resource["schema"])
    if resource["format"] == "parquet":
        stored = pq.read_schema(path).names
        parquet = pq.ParquetFile(path, read_dictionary=[name for name in encoded if name in stored])
        batches, schema = parquet.iter_batches(batch_size=BATCH_ROWS), parquet.schema_arrow
    else:
        names = [field["name"] for field in resource["schema"]["fields"]]
        batches = pa_csv.open_csv(
            path,
            read_options=pa_csv.ReadOptions(block_size=CSV_BLOCK_BYTES),
            parse_options=pa_csv.ParseOptions(newlines_in_values=True),
            convert_options=pa_csv.ConvertOptions(
                column_types={name: _DICTIONARY if name in encoded else pa.string() for name in names},
                strings_can_be_null=True,
                null_values=[""],
            ),
        )
        schema = batches.schema
    empty = True
    for batch in batches:
        empty = False
        yield batch
    if empty:
        yield pa.RecordBatch.from_pylist([], schema=schema)


def _encoded(schema: dict[str, Any]) -> set[str]:
    """Text fields worth reading dictionary-encoded: those with a pattern or enum, and keys, whose values repeat."""
    keys = {*schema.get("primaryKey", []), *(name for key in schema.get("foreignKeys", []) for name in key["fields"])}
    return {
        field["name"]
        for field in schema["fields"]
        if field["type"] == "string"
        and (field["name"] in keys or {"pattern", "enum", "unique"} & set(field.get("constraints", {})))
    }


def check_table(
    name: str, batches: Iterable[pa.RecordBatch], schema: dict[str, Any], keep: set[str]
) -> tuple[list[Finding], pa.Table | None, int]:
    """Findings for one table read batch by batch, its `keep` columns typed as the schema says, and its row count.

    Only the key columns stay in memory (for the primary key, unique fields and `keep`), so a
    table of any size is checked in the memory of one batch and its keys. The kept table is None
    when the columns are not the schema's: its rows cannot be compared with other tables.
    """
    findings: list[Finding] = []
    fields = schema["fields"]
    expected = [field["name"] for field in fields]
    unique = [field["name"] for field in fields if field.get("constraints", {}).get("unique")]
    key_columns = [column for column in expected if column in {*schema.get("primaryKey", []), *unique, *keep}]
    kept: list[pa.Table] = []
    rows = 0
    for batch in batches:
        if batch.schema.names != expected:
            findings.append(Finding(name, None, None, "incorrect-label", f"columns are {batch.schema.names}, the schema says {expected}"))
            return findings, None, rows
        typed_columns = {}
        for field in fields:
            column = batch.column(field["name"])
            typed, type_errors = _typed(column, field)
            findings += _rows(name, type_errors, field["name"], "type-error", f'type is "{field["type"]}/default"', rows)
            if field.get("constraints", {}).get("required"):
                findings += _rows(name, pc.is_null(column), field["name"], "constraint-error", 'constraint "required" is "True"', rows)
            findings += _constraints(name, typed, field, rows)
            typed_columns[field["name"]] = typed
        kept.append(pa.table([_compact(typed_columns[column]) for column in key_columns], names=key_columns))
        rows += batch.num_rows
    types = {field["name"]: _ARROW_TYPES.get(field["type"], pa.string()) for field in fields}
    keys = pa.concat_tables(kept) if kept else pa.table({column: pa.array([], types[column]) for column in key_columns})
    for column in unique:
        present = pc.is_valid(keys.column(column))
        findings += _rows(name, pc.and_(present, _repeated(keys.select([column]))), column, "unique-error", "the same as in an earlier row")
    findings += _primary_key(name, keys, schema.get("primaryKey", []))
    return findings, keys.select([column for column in key_columns if column in keep]), rows


def _compact(column: pa.Array) -> pa.Array:
    """Text keys dictionary-encoded batch by batch: a key a batch repeats is held once (mentions name each record ~6 times)."""
    return pc.dictionary_encode(column) if pa.types.is_string(column.type) else column


def check_foreign_keys(name: str, table: pa.Table, foreign_key: dict[str, Any], parent: pa.Table) -> list[Finding]:
    """Rows whose foreign key (all its cells present) is not a key of `parent`, the table it names."""
    reference = foreign_key["reference"]
    fields = foreign_key["fields"]
    # Child and parent cells are numbered together, so equal keys get equal codes.
    columns = [pa.chunked_array([*table.column(mine).chunks, *parent.column(theirs).chunks], table.column(mine).type)
               for mine, theirs in zip(fields, reference["fields"])]
    codes = pa.array(_row_codes(columns))
    known = pc.is_in(codes[: table.num_rows], value_set=codes[table.num_rows :])
    missing = pc.and_(_all_present(table, fields), pc.invert(known))
    message = f'values not found in the lookup table "{reference["resource"]}" as "{", ".join(reference["fields"])}"'
    return _rows(name, missing, None, "foreign-key", message)


def _typed(column: pa.Array, field: dict[str, Any]) -> tuple[pa.Array, pa.Array | None]:
    """(typed column with bad cells as null, mask of cells that are present but not of the type, if any can be)."""
    kind = field["type"]
    target = _ARROW_TYPES.get(kind, pa.string())
    if column.type == target or column.type == _DICTIONARY and target == pa.string():
        return column, None
    text = column.cast(pa.string())
    if kind in _TEXT_PATTERNS:
        ok = pc.match_substring_regex(text, _TEXT_PATTERNS[kind])
        typed = _cast_numbers(pc.if_else(ok, text, None), target) if len(text) else pa.array([], target)
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
        return text, None
    type_errors = pc.and_(pc.is_valid(text), pc.invert(pc.fill_null(ok, False)))
    return typed, type_errors


def _cast_numbers(text: pa.Array, target: pa.DataType) -> pa.Array:
    """Number text cast to `target`; Arrow's cast takes neither the spaces, the _ between digits nor the + Python's int() allows."""
    try:
        return text.cast(target)
    except pa.ArrowInvalid:  # rare: tidy the column only when it holds such a cell
        bare = pc.replace_substring_regex(pc.replace_substring(pc.utf8_trim_whitespace(text), "_", ""), r"^\+", "")
        return bare.cast(target)


def _constraints(name: str, column: pa.Array, field: dict[str, Any], offset: int) -> Iterator[Finding]:
    """Value constraints on the typed cells; cells that failed their type are null and not checked again."""
    constraints = field.get("constraints", {})
    checks = {
        # Frictionless matches ^pattern$ from the start of the cell (re.match), not the pattern as one group.
        "pattern": lambda value: _each_value(column, lambda values: pc.invert(pc.match_substring_regex(values, f"^(?:^{value}$)"))),
        "enum": lambda value: _each_value(column, lambda values: pc.invert(pc.is_in(values, pa.array(value, values.type)))),
        "minLength": lambda value: _each_value(column, lambda values: pc.less(_length(values, field), value)),
        "maxLength": lambda value: _each_value(column, lambda values: pc.greater(_length(values, field), value)),
        "minimum": lambda value: _out_of_bounds(column, pc.less, _bound(value, field)),
        "maximum": lambda value: _out_of_bounds(column, pc.greater, _bound(value, field)),
        "exclusiveMinimum": lambda value: _out_of_bounds(column, pc.less_equal, _bound(value, field)),
        "exclusiveMaximum": lambda value: _out_of_bounds(column, pc.greater_equal, _bound(value, field)),
    }
    for constraint, failing in checks.items():
        if constraint in constraints:
            note = f'constraint "{constraint}" is "{constraints[constraint]}"'
            yield from _rows(name, pc.fill_null(failing(constraints[constraint]), False), field["name"], "constraint-error", note, offset)


def _length(values: pa.Array, field: dict[str, Any]) -> pa.Array:
    """Characters in a string, items in a list (its text split at the delimiter, as Frictionless splits it)."""
    if field["type"] == "list":
        return pc.list_value_length(pc.split_pattern(values, field.get("delimiter", ",")))
    return pc.utf8_length(values)


def _bound(value: Any, field: dict[str, Any]) -> pa.Scalar:
    """A minimum or maximum read as the field's cells are (Frictionless reads "1956-01-01" as a date, 3 as 3.0 for a number)."""
    typed, _ = _typed(pa.array([str(value)]), field)
    return typed[0]


def _out_of_bounds(column: pa.Array, beyond: Callable[[pa.Array, pa.Scalar], pa.Array], bound: pa.Scalar) -> pa.Array:
    """Cells `beyond` the bound; NaN is beyond every bound, as it compares with nothing."""
    failing = beyond(column, bound)
    return pc.or_(failing, pc.is_nan(column)) if pa.types.is_floating(column.type) else failing


def _each_value(column: pa.Array, check: Callable[[pa.Array], pa.Array]) -> pa.Array:
    """`check` cell by cell; on a dictionary-encoded column, once per distinct value."""
    if pa.types.is_dictionary(column.type):
        return pc.take(check(column.dictionary), column.indices)
    return check(column)


def _primary_key(name: str, keys: pa.Table, key: list[str]) -> list[Finding]:
    if not key:
        return []
    keys = keys.select(key)
    all_missing = functools.reduce(pc.and_, [pc.is_null(keys.column(column)) for column in key])
    findings = _rows(name, all_missing, None, "primary-key", 'cells composing the primary keys are all "None"')
    repeated = pc.and_(pc.invert(all_missing), _repeated(keys))
    return findings + _rows(name, repeated, None, "primary-key", "the same as in an earlier row")


def _repeated(table: pa.Table) -> pa.Array:
    """Rows equal to an earlier row (missing cells equal to each other)."""
    codes = _row_codes(table.columns)
    order = numpy.argsort(codes, kind="stable")  # stable: the first of equal rows comes first
    codes = codes[order]
    later = codes[1:] == codes[:-1]
    del codes
    repeated = numpy.zeros(table.num_rows, dtype=bool)
    repeated[order[1:][later]] = True
    return pa.array(repeated)


def _row_codes(columns: list[pa.ChunkedArray]) -> numpy.ndarray:
    """One integer per row, equal exactly where the rows' cells are all equal (missing cells equal each other).

    Cheaper in time and memory than hashing whole rows: each column is dictionary-encoded and
    the codes are combined by place value; numpy sorts them, where Arrow's hash table of
    millions of distinct integers is slower and bigger.
    """
    codes, combinations = None, 1
    for column in columns:
        cells, distinct = _codes(column)
        if codes is None:
            codes, combinations = cells, distinct
            continue
        if combinations * distinct >= 2**63:  # renumber the combinations seen so far, so the product fits
            codes = numpy.unique(codes, return_inverse=True)[1]
            combinations = int(codes.max()) + 1
        codes *= distinct  # in place: these arrays hold one integer per row of the biggest tables
        codes += cells
        combinations *= distinct
    return codes


def _codes(column: pa.ChunkedArray) -> tuple[numpy.ndarray, int]:
    """(the number of each cell's value among the column's distinct values, how many there are); missing is a value too.

    Encoded chunk by chunk against one dictionary, so no copy of the column is made; text keys
    come dictionary-encoded already (`_compact`), and only their dictionaries are unified.
    """
    if not len(column):
        return numpy.zeros(0, dtype=numpy.int64), 1
    if pa.types.is_dictionary(column.type):
        encoded = column.unify_dictionaries()
        missing = len(encoded.chunk(0).dictionary)
        cells = [chunk.indices.fill_null(missing).to_numpy() for chunk in encoded.chunks]
        return numpy.concatenate(cells, dtype=numpy.int64), missing + 1
    encoded = pc.dictionary_encode(column, null_encoding="encode")
    cells = numpy.concatenate([chunk.indices.to_numpy() for chunk in encoded.chunks], dtype=numpy.int64)
    return cells, max(len(encoded.chunk(0).dictionary), 1)


def _all_present(table: pa.Table, columns: list[str]) -> pa.Array:
    return functools.reduce(pc.and_, [pc.is_valid(table.column(column)) for column in columns])


def _rows(name: str, mask: pa.Array | None, field: str | None, kind: str, message: str, offset: int = 0) -> list[Finding]:
    """A finding for each row set in `mask`; `offset` is the number of the batch's first row in its table."""
    if mask is None or not len(mask) or not pc.any(mask).as_py():
        return []
    rows = pc.indices_nonzero(mask).to_pylist()
    return [Finding(name, offset + row + _HEADER_ROWS + 1, field, kind, message) for row in rows]
