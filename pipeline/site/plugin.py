"""A Datasette plugin, registered by `pipeline serve`: the links between records and entities on their own pages.

Datasette's row page shows the row and the rows of other tables that refer to it; a record's
mentions refer to `records`, not to its `documents` or `events` row, and list ids, not names. This
gives the row page of a record the entities it names, and the row page of an entity the records
that name it, each with its title and a link, read from the views of the SQLite file.
"""

from __future__ import annotations

from typing import Any

from datasette import hookimpl
from datasette.utils import tilde_decode

from pipeline import parsed


@hookimpl
def extra_template_vars(view_name: str, database: str | None, table: str | None, request: Any, datasette: Any) -> Any:
    async def links() -> dict[str, Any]:
        if view_name != "row" or not table or request is None:
            return {}
        key = tilde_decode(request.url_vars["pks"].split(",")[0])
        db = datasette.get_database(database)
        if table == "entities":
            named = await db.execute("SELECT name, type, description FROM entities WHERE entity_id = ?", [key])
            rows = await db.execute(
                "SELECT record_id, in_table, title, date, group_concat(DISTINCT role) AS roles FROM entity_records "
                "WHERE entity_id = ? GROUP BY record_id ORDER BY date_start, record_id", [key],
            )
            return {"headline": dict(named.first() or {}), "records_named_in": [dict(row) for row in rows]}
        record = await db.execute("SELECT title AS name, kind AS type, date FROM record_entities WHERE record_id = ? AND in_table = ?", [key, table])
        if record.first() is None:
            return {}
        rows = await db.execute(
            "SELECT entity_id, name, type, group_concat(DISTINCT role) AS roles, group_concat(DISTINCT as_written) AS written "
            "FROM entity_records WHERE record_id = ? AND in_table = ? GROUP BY entity_id ORDER BY type, name", [key, table],
        )
        return {
            "headline": dict(record.first()),
            "entities_named": [dict(row) for row in rows],
            "parts": await _parts(db, table, key),
        }

    return links


async def _parts(db: Any, table: str, key: str) -> list[dict[str, Any]]:
    """A record's numbered parts, in order (a document's full texts, an event's highlights): read on its own page."""
    parts = []
    for kind in parsed.KINDS:
        own, *part_tables = kind.tables
        if own != table:
            continue
        for part in part_tables:
            id_column = (await db.execute(f'SELECT name FROM pragma_table_info("{part}") WHERE cid = 0')).first()[0]
            rows = await db.execute(f'SELECT * FROM "{part}" WHERE "{id_column}" = ? ORDER BY position', [key])
            parts += [{"table": part, **dict(row)} for row in rows]
    return parts
