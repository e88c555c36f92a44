"""Bringing exports back: a teiCorpus file or a JSON Lines file into a database.

`import_tei` is the proof that the TEI export loses nothing: it splits the teiCorpus back into
`register.xml` and one file per document (undoing the export's id prefixes) and runs the
ordinary `build` on them, so the rows come from the same code path as a build from `tei/`.
`import_jsonl` rebuilds the tables from their rows; what an export leaves out as index rather
than data (segment search keys, the words table, full-text search) is recomputed here.
"""

from __future__ import annotations

import json
import os
import sqlite3
import tempfile
from contextlib import nullcontext
from pathlib import Path

from lxml import etree

from ..errors import CorpusError
from ..index import spec
from ..index.build import build
from ..index.dbfile import replace_keeping_mode, writable
from ..index.rows import BulkText, create_schema, finish, insert_words
from ..names.forms import FormRow
from ..names.searchkeys import text_keys
from ..tei.xmlio import XML_ID, local, parse, tei
from .teicorpus import restore_ids


def split_corpus(path: Path | str, folder: Path | str) -> list[Path]:
    """Write each member TEI of a teiCorpus as `{xml:id}.xml` in `folder`; returns the paths."""
    path, folder = Path(path), Path(folder)
    root = parse(path).getroot()
    if local(root.tag) != "teiCorpus":
        raise CorpusError("root element is not teiCorpus", path, root.sourceline, "not-corpus")
    members = root.findall(tei("TEI"))
    if not any(m.get(XML_ID) == "register" for m in members):
        raise CorpusError("the teiCorpus has no register (TEI xml:id=\"register\")", path,
                          rule="not-corpus")
    if folder.is_dir() and any(folder.glob("*.xml")):
        raise CorpusError("the folder already holds TEI files, which a build would mix in; "
                          "give an empty folder", folder, rule="not-empty")
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for member in members:
        name = member.get(XML_ID)
        if not name or "/" in name or name.startswith("."):
            raise CorpusError("a member TEI lacks a usable xml:id", path, member.sourceline,
                              "not-corpus")
        restore_ids(member)
        member.tail = None
        target = folder / f"{name}.xml"
        etree.ElementTree(member).write(str(target), encoding="UTF-8", xml_declaration=True)
        written.append(target)
    return written


def import_tei(path: Path | str, db_path: Path | str, split_to: Path | str | None = None):
    """Build `db_path` from an exported teiCorpus; keep the split TEI in `split_to` if given."""

    with (nullcontext(split_to) if split_to is not None
          else tempfile.TemporaryDirectory(prefix="corpus-import-")) as folder:
        split_corpus(path, folder)
        return build(Path(folder), db_path, full=True, quiet=True)


def read_jsonl(path: Path) -> tuple[dict, dict[str, list[dict]], dict[str, list[int]]]:
    """The meta record, the rows per table and each row's line number, checked against the
    meta's counts."""

    meta: dict | None = None
    tables: dict[str, list[dict]] = {name: [] for name in spec.EXPORTED}
    lines: dict[str, list[int]] = {name: [] for name in spec.EXPORTED}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(exc.strerror or "cannot read", path, rule="missing-file") from None
    with handle:
        for lineno, line in _lines(handle, path):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                table = record.pop("table")
            except (json.JSONDecodeError, KeyError, AttributeError, TypeError):
                raise CorpusError("not a JSON object with a 'table' field", path, lineno,
                                  "bad-jsonl") from None
            if lineno == 1 and table == "meta" and isinstance(record.get("tables", {}), dict):
                meta = record
            elif isinstance(table, str) and table in tables and meta is not None:
                tables[table].append(record)
                lines[table].append(lineno)
            else:
                raise CorpusError(f"unexpected record for table {table!r}" if meta else
                                  "the first line is not the 'meta' record", path, lineno,
                                  "bad-jsonl")
    if meta is None:
        raise CorpusError("empty file: no 'meta' record", path, rule="bad-jsonl")
    for name, info in meta.get("tables", {}).items():
        rows = info.get("rows") if isinstance(info, dict) else None
        if len(tables.get(name, ())) != rows:
            raise CorpusError(f"{name}: {len(tables.get(name, ()))} rows, the meta record says "
                              f"{rows} (truncated file?)", path, rule="bad-jsonl")
    return meta, tables, lines


def _lines(handle, path: Path):
    """(number, line) of a text file, with undecodable bytes a one-line error."""
    lineno = 0
    try:
        for lineno, line in enumerate(handle, 1):
            yield lineno, line
    except UnicodeDecodeError:
        raise CorpusError("not UTF-8", path, lineno + 1, "bad-jsonl") from None


def _insert(conn: sqlite3.Connection, table: str, records: list[dict], lines: list[int],
            path: Path) -> None:
    """Rows into a table by the table's own column names, values as parameters: a record's
    keys must be exactly the table's columns and its values plain JSON scalars, or the file
    is refused with the line of the first record that is not (its keys never reach the SQL)."""
    about = spec.TABLES[table]
    columns = list(about.names)
    computed = set(columns) - set(about.exported_names)  # recomputed here, never read
    expected = set(about.exported_names)
    # keys and references may not be null: SQLite would let a null text primary key in
    required = {about.pk} if isinstance(about.pk, str) else set(about.pk)
    required |= {fk[0] for fk in about.foreign_keys}
    for record, lineno in zip(records, lines, strict=True):
        keys = set(record) - computed
        if keys != expected:
            extra, missing = sorted(keys - expected), sorted(expected - keys)
            raise CorpusError(f"{table}: " + "; ".join(
                [f"unknown column {', '.join(map(repr, extra))}"] * bool(extra) +
                [f"missing column {', '.join(map(repr, missing))}"] * bool(missing)),
                path, lineno, "bad-jsonl")
        bad = next((k for k, v in record.items()
                    if not isinstance(v, str | int | float | type(None))), None)
        if bad is not None:
            raise CorpusError(f"{table}: column {bad!r} is not a string, number or null",
                              path, lineno, "bad-jsonl")
        null = next((k for k in sorted(required) if record.get(k) is None), None)
        if null is not None:
            raise CorpusError(f"{table}: column {null!r} is null (NOT NULL: a key or a "
                              "reference)", path, lineno, "bad-jsonl")
    marks = ", ".join("?" * len(columns))
    sql = f'insert into "{table}" ({", ".join(f"[{c}]" for c in columns)}) values ({marks})'
    values = [[record.get(c) for c in columns] for record in records]
    conn.execute("savepoint importing")
    try:
        conn.executemany(sql, values)
    except sqlite3.Error:  # a constraint: find the record that breaks it, one at a time
        conn.execute("rollback to importing")
        for row, lineno in zip(values, lines, strict=True):
            try:
                conn.execute(sql, row)
            except sqlite3.Error as exc:
                raise CorpusError(f"{table}: {exc}", path, lineno, "bad-jsonl") from None
    conn.execute("release importing")




def import_jsonl(path: Path | str, db_path: Path | str) -> dict[str, int]:
    """Build `db_path` from a JSON Lines export; returns the row count of each table."""
    # imported here, at first use: sqlite-utils takes 72 ms to import
    import sqlite_utils

    path, db_path = Path(path), writable(db_path)
    meta, tables, lines = read_jsonl(path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        create_schema(db)
        db.conn.execute("pragma foreign_keys = on")  # a reference to no row is refused
        with db.conn:
            text = BulkText(db.conn)
            for name in spec.EXPORTED:  # the search keys an export leaves out
                if "keys" in spec.TABLES[name].names:
                    for record in tables.get(name, []):
                        record["keys"] = text_keys(record["text"]) \
                            if isinstance(record.get("text"), str) else None
            # checked against the table spec as they go in, each after what it refers to
            for name in (name for name in spec.TABLES if name in spec.EXPORTED):
                _insert(db.conn, name, tables.get(name, []), lines.get(name, []), path)
            fields = FormRow.__dataclass_fields__
            insert_words(db.conn, [(f["id"], FormRow(**{k: f[k] for k in fields}))
                                   for f in tables["forms"]])
            text.close()
            db.conn.executemany("insert into build_info values (?,?)", [
                ("corpus_version", str(meta.get("corpus_version", ""))),
                ("fingerprint", f"imported from {path.name}")])  # never matches: next build is full
        finish(db)  # as in `corpus build`: the same indexes and views
        db.conn.close()
        replace_keeping_mode(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return {name: len(rows) for name, rows in tables.items()}
