"""A published package as a website: Datasette over its SQLite file, described by its own descriptor.

Everything the site says comes from `datapackage.json`: the dataset's title, description, licence
and sources on every page, each table's and column's description from the Table Schemas, which
columns name a row (shown in place of ids), which are facets (vocabularies: `enum` and booleans),
and the full-text search of every table that has one. The `entities` table also answers the W3C
Reconciliation API (datasette-reconcile), its entity types being the reconciliation types.
"""

from __future__ import annotations

import html
from collections.abc import Callable
from pathlib import Path
from typing import Any

import orjson

from pipeline.errors import PipelineError
from pipeline.load import read_descriptor, table_resources
from pipeline.paths import DEFAULT_PORT, SQLITE
from pipeline.publication.sqlite import free_text_fields

_SITE = Path(__file__).parent / "site"
LOOPBACK = "127.0.0.1"
# What each view of the SQLite file shows, and its facets: the views are made with the file (publication/sqlite.py).
_VIEWS = {
    "record_entities": {
        "title": "each record with its entities",
        "description": "Each record (document or event) with the people, organizations and places it names. "
        "Search a name in a column's filter, or open a record id for everything about it.",
        "facets": ["kind", "year"],
    },
    "entity_records": {
        "title": "each entity with its records",
        "description": "Each entity with every record that names it: its role there and the words the text uses.",
        "facets": ["type", "role", "year", "kind"],
    },
}
_ENTITIES = "entities"


def database_name() -> str:
    """The database's name in the site's addresses: the SQLite file's name, `dataset`."""
    return Path(SQLITE).stem


def site_metadata(package: Path) -> dict[str, Any]:
    """Datasette's metadata for the package in `package`: what every page of the site says."""
    descriptor = read_descriptor(package)
    licence = (descriptor.get("licenses") or [{}])[0]
    source = (descriptor.get("sources") or [{}])[0]
    tables = {resource["name"]: _table_metadata(resource) for resource in table_resources(descriptor)}
    tables.update(_VIEWS)
    if _ENTITIES in tables:
        tables[_ENTITIES]["plugins"] = {"datasette-reconcile": _reconciliation(descriptor)}
    return _without_empty({
        "title": descriptor.get("title"),
        "description": descriptor.get("description"),
        "description_html": _front_page(descriptor),  # shown in place of the description
        "license": licence.get("title") or licence.get("name"),
        "license_url": licence.get("path"),
        "source": source.get("title"),
        "source_url": source.get("path"),
        "databases": {database_name(): {"tables": tables, "queries": _canned_queries(descriptor)}},
    })


def serve(package: Path, port: int = DEFAULT_PORT, *, ready: Callable[[str], None] = lambda address: None) -> None:
    """Serve the package in `package` on 127.0.0.1:`port` until stopped (Ctrl-C); `ready` is told its address first."""
    metadata = site_metadata(package)
    database = package / SQLITE
    if not database.is_file():
        raise PipelineError(f"{database} not found: publish the package again with this version (pipeline publish) to make it")
    try:
        import uvicorn
        from datasette.app import Datasette
    except ImportError:
        raise PipelineError("pipeline serve needs Datasette, which is not installed: pip install '.[site]'") from None
    from datasette.plugins import pm

    from pipeline.site import plugin

    if not pm.is_registered(plugin):
        pm.register(plugin, name="pipeline-site")
    site = Datasette(
        immutables=[str(database)], metadata=metadata, template_dir=str(_SITE / "templates"), settings={"default_page_size": 50}
    )
    ready(f"http://{LOOPBACK}:{port}/")
    uvicorn.run(site.app(), host=LOOPBACK, port=port, log_level="warning")


def write_site_files(package: Path, folder: Path) -> list[Path]:
    """Write what a plain `datasette serve` needs to show the same site: metadata, templates, the plugin."""
    files = {
        folder / "metadata.json": orjson.dumps(site_metadata(package), option=orjson.OPT_INDENT_2 | orjson.OPT_SORT_KEYS),
        **{folder / "templates" / page.name: page.read_bytes() for page in sorted((_SITE / "templates").glob("*.html"))},
        folder / "plugins" / "pipeline_site.py": (_SITE / "plugin.py").read_bytes(),
    }
    for path, content in files.items():
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    return list(files)


def _table_metadata(resource: dict[str, Any]) -> dict[str, Any]:
    schema = resource["schema"]
    fields = schema["fields"]
    facets = [
        field["name"] for field in fields
        if "enum" in field.get("constraints", {}) or field["type"] == "boolean"
    ]
    dates = [field["name"] for field in fields if field["type"] == "date"]
    return _without_empty({
        "description": resource.get("description"),
        "sort": dates[0] if dates else None,  # records in time order, not by their hash ids
        "columns": {field["name"]: field["description"] for field in fields if field.get("description")},
        "facets": facets,
        "label_column": _label_column(schema),
    })


def _front_page(descriptor: dict[str, Any]) -> str:
    """The dataset's description, then where a newcomer starts: the searches and the tables people read."""
    database = f"/{database_name()}"
    start = [
        f'<a href="{database}/search">Search every text</a> (titles, descriptions, summaries, names)',
        *[
            f'<a href="{database}/{resource["name"]}">{resource["name"]}</a>: {html.escape(resource.get("description", ""))}'
            for resource in table_resources(descriptor)
            if _label_column(resource["schema"]) and len(resource["schema"]["primaryKey"]) == 1
        ],
        *[f'<a href="{database}/{view}">{about["title"]}</a>' for view, about in _VIEWS.items()],
        f'<a href="{database}/records_per_year">records per year</a>, '
        f'<a href="{database}/who_appears_with_whom">who appears with whom</a>',
        f"OpenRefine: reconcile a column of names against <code>{database}/entities/-/reconcile</code> on this site",
    ]
    items = "".join(f"<li>{item}</li>" for item in start)
    return f"<p>{html.escape(descriptor.get('description', ''))}</p><p><strong>Start here:</strong></p><ul>{items}</ul>"


def _label_column(schema: dict[str, Any]) -> str | None:
    """What names a row, shown in place of its id: the first required free text (a document's title, an entity's name)."""
    required = {field["name"] for field in schema["fields"] if field.get("constraints", {}).get("required")}
    return next((name for name in free_text_fields(schema) if name in required), None)


def _reconciliation(descriptor: dict[str, Any]) -> dict[str, Any]:
    """datasette-reconcile's settings: entities matched by name (and aliases, through full-text search), typed."""
    entities = next(resource["schema"] for resource in table_resources(descriptor) if resource["name"] == _ENTITIES)
    types = next(field for field in entities["fields"] if field["name"] == "type")["constraints"]["enum"]
    return {
        "id_field": "entity_id",
        "name_field": "name",
        "type_field": "type",
        "type_default": [{"id": entity_type, "name": entity_type} for entity_type in types],
        "description_field": "description",
        "fts_table": f"{_ENTITIES}_fts",
        "max_limit": 10,
        "service_name": f"{descriptor.get('title', 'pipeline')}: entities",
    }


def _canned_queries(descriptor: dict[str, Any]) -> dict[str, Any]:
    searched = [resource for resource in table_resources(descriptor) if free_text_fields(resource["schema"])]
    return {
        "records_naming_an_entity": {
            "title": "Records naming an entity",
            "description": "Every document or event that names the entity: give its name or part of it (Tito, Belgrade).",
            "sql": "SELECT name, type, role, as_written, record_id, kind, date, title FROM entity_records "
            "WHERE name LIKE '%' || :name || '%' OR entity_id = :name ORDER BY name, date_start, record_id",
        },
        "who_appears_with_whom": {
            "title": "Who appears with whom",
            "description": "The entities named in the same records as the one you give, most shared records first.",
            "sql": "SELECT other.name AS appears_with, other.type, count(DISTINCT mine.record_id) AS records_together, "
            "group_concat(DISTINCT mine.record_id) AS record_ids FROM entity_records mine "
            "JOIN mentions theirs ON theirs.record_id = mine.record_id AND theirs.entity_id != mine.entity_id "
            "JOIN entities other ON other.entity_id = theirs.entity_id "
            "WHERE mine.name LIKE '%' || :name || '%' OR mine.entity_id = :name "
            "GROUP BY other.entity_id ORDER BY records_together DESC, other.name",
        },
        "records_per_year": {
            "title": "Records per year",
            "description": "How many documents and events each year holds (by the first day their date can mean).",
            "sql": "SELECT year, kind, count(*) AS records FROM record_entities GROUP BY year, kind ORDER BY year, kind",
        },
        "search": {
            "title": "Search every text",
            "description": "Full-text search of every table's free text; the words found are shown between [ and ]. "
            "Several words find records holding them all; \"quoted words\" find a phrase.",
            "sql": "\nUNION ALL\n".join(_search_query(resource) for resource in searched)
            + "\nORDER BY rank",
        },
    }


def _search_query(resource: dict[str, Any]) -> str:
    """One table's part of the search: the record it belongs to (first key column) and a snippet of the match."""
    table, key = resource["name"], resource["schema"]["primaryKey"][0]
    return (
        f"SELECT '{table}' AS found_in, {table}.{key} AS id, snippet({table}_fts, -1, '[', ']', ' … ', 16) AS snippet, "
        f"{table}_fts.rank AS rank FROM {table}_fts JOIN {table} ON {table}.rowid = {table}_fts.rowid "
        f"WHERE {table}_fts MATCH :words"
    )


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {key: value for key, value in values.items() if value not in (None, "", [], {})}
