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

from .errors import CorpusError


def split_corpus(path: Path | str, folder: Path | str) -> list[Path]:
    """Write each member TEI of a teiCorpus as `{xml:id}.xml` in `folder`; returns the paths."""
    from lxml import etree

    from .export.teicorpus import restore_ids
    from .xmlio import XML_ID, local, parse, tei

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
    from .build import build

    with (nullcontext(split_to) if split_to is not None
          else tempfile.TemporaryDirectory(prefix="corpus-import-")) as folder:
        split_corpus(path, folder)
        return build(Path(folder), db_path, full=True, quiet=True)


def read_jsonl(path: Path) -> tuple[dict, dict[str, list[dict]]]:
    """The meta record and the rows per table, checked against the meta's counts."""
    from .export.tables import TABLE_NAMES

    meta, tables = None, {name: [] for name in TABLE_NAMES}
    try:
        handle = path.open(encoding="utf-8")
    except OSError as exc:
        raise CorpusError(exc.strerror or "cannot read", path, rule="missing-file") from None
    with handle:
        for lineno, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                record = json.loads(line)
                table = record.pop("table")
            except (json.JSONDecodeError, KeyError, AttributeError, TypeError):
                raise CorpusError("not a JSON object with a 'table' field", path, lineno,
                                  "bad-jsonl") from None
            if lineno == 1 and table == "meta":
                meta = record
            elif table in tables and meta is not None:
                tables[table].append(record)
            else:
                raise CorpusError(f"unexpected record for table {table!r}" if meta else
                                  "the first line is not the 'meta' record", path, lineno,
                                  "bad-jsonl")
    for name, info in (meta or {}).get("tables", {}).items():
        if len(tables.get(name, ())) != info.get("rows"):
            raise CorpusError(f"{name}: {len(tables.get(name, ()))} rows, the meta record says "
                              f"{info.get('rows')} (truncated file?)", path, rule="bad-jsonl")
    return meta, tables


def _insert(conn: sqlite3.Connection, table: str, records: list[dict]) -> None:
    if not records:
        return
    names = list(records[0])
    columns = ", ".join(f'"{n}"' for n in names)
    conn.executemany(f"insert into {table} ({columns}) values ({', '.join('?' * len(names))})",
                     [tuple(r.get(n) for n in names) for r in records])


def import_jsonl(path: Path | str, db_path: Path | str) -> dict[str, int]:
    """Build `db_path` from a JSON Lines export; returns the row count of each table."""
    import sqlite_utils

    from .build import BulkText, create_schema, finish, insert_words
    from .forms import FormRow
    from .searchkeys import text_keys

    path, db_path = Path(path), Path(db_path)
    meta, tables = read_jsonl(path)
    for seg in tables["segments"]:
        seg["keys"] = text_keys(seg["text"])
    fields = FormRow.__dataclass_fields__
    forms = [(f["id"], FormRow(**{k: f[k] for k in fields})) for f in tables["forms"]]
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    try:
        db = sqlite_utils.Database(tmp)
        create_schema(db)
        with db.conn:
            text = BulkText(db.conn)
            for name in ("documents", "entities", "forms", "name_parts", "segments",
                         "mentions"):
                try:
                    _insert(db.conn, name, tables.get(name, []))
                except sqlite3.Error as exc:
                    raise CorpusError(f"{name}: {exc}", path, rule="bad-jsonl") from None
            insert_words(db.conn, forms)
            text.close()
            db.conn.executemany("insert into build_info values (?,?)", [
                ("corpus_version", str(meta.get("corpus_version", ""))),
                ("fingerprint", f"imported from {path.name}")])  # never matches: next build is full
        finish(db)  # as in `corpus build`: the same indexes and views
        db.conn.close()
        os.replace(tmp, db_path)
    finally:
        tmp.unlink(missing_ok=True)
    return {name: len(rows) for name, rows in tables.items()}
