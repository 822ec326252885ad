"""`croissant.json`: the package as an MLCommons Croissant 1.0 dataset, for machine-learning tools.

Croissant extends the schema.org `Dataset` of `dataset.jsonld`: each CSV file is a `FileObject`
with its SHA-256, and each table a `RecordSet` whose fields, types, descriptions, key and
references come from the table's schema in `datapackage.json`.
"""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path
from typing import Any

from pipeline.files import write_json
from pipeline.load import table_resources
from pipeline.paths import CROISSANT
from pipeline.publication.citation import bibtex
from pipeline.publication.jsonld import about

CONFORMS_TO = "http://mlcommons.org/croissant/1.0"

# Table Schema field types -> Croissant data types. A `list` is kept as its delimited text.
_DATA_TYPES = {
    "string": "sc:Text",
    "list": "sc:Text",
    "integer": "sc:Integer",
    "number": "sc:Float",
    "boolean": "sc:Boolean",
    "date": "sc:Date",
}


def write_croissant(folder: Path, descriptor: dict[str, Any]) -> None:
    write_json(folder / CROISSANT, croissant(descriptor))


def croissant(descriptor: dict[str, Any]) -> dict[str, Any]:
    tables = table_resources(descriptor)
    return {
        "@context": _context(),
        "@type": "sc:Dataset",
        "conformsTo": CONFORMS_TO,
        **about(descriptor),
        "citeAs": bibtex(descriptor),
        "distribution": [
            {
                "@type": "cr:FileObject",
                "@id": resource["path"],
                "name": resource["path"],
                "contentUrl": resource["path"],
                "encodingFormat": resource["mediatype"],
                "sha256": resource["hash"].removeprefix("sha256:"),
            }
            for resource in tables
        ],
        "recordSet": [_record_set(resource) for resource in tables],
    }


def _record_set(resource: dict[str, Any]) -> dict[str, Any]:
    table, schema = resource["name"], resource["schema"]
    references = {
        field: f"{foreign_key['reference']['resource']}/{target}"
        for foreign_key in schema.get("foreignKeys", [])
        # A table referring to itself (entities.part_of) is a cycle Croissant's record graph cannot hold.
        if foreign_key["reference"]["resource"]
        for field, target in zip(foreign_key["fields"], foreign_key["reference"]["fields"])
    }
    record_set = {
        "@type": "cr:RecordSet",
        "@id": table,
        "name": table,
        "description": resource["description"],
        "key": [{"@id": f"{table}/{name}"} for name in schema.get("primaryKey", [])],
        "field": [],
    }
    for field in schema["fields"]:
        entry = {
            "@type": "cr:Field",
            "@id": f"{table}/{field['name']}",
            "name": field["name"],
            "description": field["description"],
            "dataType": _DATA_TYPES[field["type"]],
            "source": {"fileObject": {"@id": resource["path"]}, "extract": {"column": field["name"]}},
        }
        if field["name"] in references:
            entry["references"] = {"field": {"@id": references[field["name"]]}}
        record_set["field"].append(entry)
    return record_set


def _context() -> dict[str, Any]:
    """The JSON-LD context every Croissant 1.0 file carries, kept as data beside the package metadata."""
    text = resources.files("pipeline.metadata").joinpath("croissant-context.json").read_text(encoding="utf-8")
    return json.loads(text)
