"""`dataset.jsonld`: the package as a schema.org `Dataset`, for dataset search engines.

Built from `datapackage.json` alone: title, description, licence, creators (where the project
states them), every file with its SHA-256, what it is based on, and every field of every table as
a measured variable.
The context is written inline, so the file parses as JSON-LD without fetching anything.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from pipeline.files import write_json
from pipeline.load import table_resources
from pipeline.paths import JSONLD
from pipeline.publication.citation import creators

SCHEMA_ORG = "https://schema.org/"


def write_jsonld(folder: Path, descriptor: dict[str, Any]) -> None:
    write_json(folder / JSONLD, dataset_jsonld(folder, descriptor))


def dataset_jsonld(folder: Path, descriptor: dict[str, Any]) -> dict[str, Any]:
    return {
        "@context": {"@vocab": SCHEMA_ORG},
        "@type": "Dataset",
        **about(descriptor),
        "distribution": [
            {
                "@type": "DataDownload",
                "name": resource["name"],
                "description": resource["description"],
                "contentUrl": resource["path"],
                "encodingFormat": resource["mediatype"],
                "contentSize": f"{(folder / resource['path']).stat().st_size} B",
                "sha256": resource["hash"].removeprefix("sha256:"),
            }
            for resource in descriptor["resources"]
        ],
        "variableMeasured": [
            {"@type": "PropertyValue", "name": f"{resource['name']}.{field['name']}", "description": field["description"]}
            for resource in table_resources(descriptor)
            for field in resource["schema"]["fields"]
        ],
    }


def about(descriptor: dict[str, Any]) -> dict[str, Any]:
    """What schema.org says of the dataset as a whole, only what the descriptor states; Croissant says the same."""
    stated = {
        "name": descriptor["title"],
        "alternateName": descriptor["name"],
        "description": descriptor["description"],
        "version": descriptor.get("version"),
        "url": descriptor.get("homepage"),
        "citation": descriptor.get("citation"),
        "license": [licence.get("path") or licence["name"] for licence in descriptor.get("licenses", [])],
        "keywords": descriptor.get("keywords"),
        # A contributor named only by a title (no given and family name) is a group.
        "creator": [{"@type": "Organization", "name": name} for name in creators(descriptor)],
        "isAccessibleForFree": True,
        # What the pages are; each input file, with its SHA-256, is a row of the `sources` table.
        "isBasedOn": [
            {"@type": "CreativeWork", "name": source["title"], **({"url": source["path"]} if "path" in source else {})}
            for source in descriptor["sources"]
        ],
    }
    return {key: value for key, value in stated.items() if value}
