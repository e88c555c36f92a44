"""The database tables an export carries, read from the table spec (corpus.index.spec).

The JSON Lines and CSV writers and the JSON Lines importer all take their tables, columns and
row order from here, so a column added to the spec is exported and imported without an edit.
Rows come in a documented, total order (primary key, or reading order for segments and
mentions), so exports are byte-stable. A column the spec marks as not exported
(`segments.keys`, the folded search keys behind full-text search) is an index, not data: an
import recomputes it from the text.
"""

from __future__ import annotations

import sqlite3

from ..index import spec
from ..index.spec import Table

SQL_TYPES = {str: "TEXT", int: "INTEGER", float: "FLOAT"}


def tables() -> list[Table]:
    """The exported tables, in export order (read when called: the spec may be a test's copy)."""
    return [spec.TABLES[name] for name in spec.EXPORTED]


def columns(table: Table) -> list[tuple[str, str, int]]:
    """(name, SQL type, primary-key position or 0) of each exported column."""
    pk = (table.pk,) if isinstance(table.pk, str) else table.pk
    return [(c.name, SQL_TYPES[c.type], pk.index(c.name) + 1 if c.name in pk else 0)
            for c in table.columns if c.exported]


def rows(conn: sqlite3.Connection, table: Table) -> tuple[list[str], list[tuple]]:
    """Column names and rows of one table, in export order."""
    return list(table.exported_names), conn.execute(table.export_sql()).fetchall()


def foreign_keys(table: Table) -> list[tuple[str, str, str]]:
    """(column, referenced table, referenced column), only towards exported tables."""
    return sorted(fk for fk in table.foreign_keys if fk[1] in spec.EXPORTED)


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
