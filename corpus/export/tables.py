"""The database tables an export carries, each with a fixed row order.

One table of SQL (`TABLES`) serves the JSON Lines and CSV writers and the JSON Lines importer.
Rows come in a documented, total order (primary key, or reading order for segments and
mentions), so exports are byte-stable. `segments.keys` (the folded search keys behind full-text
search) is left out: it is an index, not data, and an import recomputes it from the text.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass


@dataclass(frozen=True)
class Table:
    name: str
    select: str  # SQL returning the exported columns in the exported order
    omit: tuple[str, ...] = ()


TABLES = (
    Table("documents", "select * from documents order by id"),
    Table("segments", "select * from segments order by document, n, id", omit=("keys",)),
    Table("entities", "select * from entities order by id"),
    Table("forms", "select * from forms order by id"),
    Table("name_parts", "select * from name_parts order by id"),
    Table("mentions", 'select m.* from mentions m join segments s on s.id = m.segment '
                      'order by m.document, s.n, m.start, m."end" desc, m.id'),
)
TABLE_NAMES = tuple(t.name for t in TABLES)


def columns(conn: sqlite3.Connection, table: Table) -> list[tuple[str, str, int]]:
    """(name, declared SQL type, primary-key position) of each exported column."""
    return [(row[1], row[2].upper(), row[5])
            for row in conn.execute(f"pragma table_info({table.name})")
            if row[1] not in table.omit]


def rows(conn: sqlite3.Connection, table: Table) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one table, in export order."""
    cursor = conn.execute(table.select)
    names = [d[0] for d in cursor.description]
    keep = [i for i, name in enumerate(names) if name not in table.omit]
    return [names[i] for i in keep], [tuple(r[i] for i in keep) for r in cursor]


def foreign_keys(conn: sqlite3.Connection, table: Table) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column), only towards exported tables."""
    found = [(row[3], row[2], row[4])
             for row in conn.execute(f"pragma foreign_key_list({table.name})")]
    return sorted(fk for fk in found if fk[1] in TABLE_NAMES)


def entities_and_forms(conn: sqlite3.Connection,
                       form_columns: str) -> tuple[list[dict], dict[str, list[dict]]]:
    """Every entity, and its forms in register order: what the termbase exports (TBX, SKOS)
    are made of. `conn` returns rows by name (sqlite3.Row)."""
    entities = [dict(r) for r in conn.execute(
        "select id, type, subtype, note, facts from entities order by id")]
    forms: dict[str, list[dict]] = {}
    for r in conn.execute(f"select entity, {form_columns} from forms order by entity, id"):
        forms.setdefault(r["entity"], []).append(dict(r))
    return entities, forms
