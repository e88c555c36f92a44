"""The rows of the database: the tables from the spec, the register's rows, a TEI document's
passages and mentions, the full-text index kept in step with a bulk load, and the indexes and
views that come last.

Rows go in with plain `executemany` under named columns (sqlite-utils' `insert_all` with its
defaults is an order of magnitude slower, and a build must scale with a scholar's archive);
sqlite-utils defines the tables, foreign keys, indexes, views and the FTS5 index, so the result
is what Datasette and `sqlite-utils` expect.
"""

from __future__ import annotations

import hashlib
import json
from collections import Counter
from itertools import count, repeat
from pathlib import Path
from typing import NamedTuple

from ..names.formindex import row_words
from ..names.forms import FormRow, form_rows
from ..names.persons import part_rows
from ..names.searchkeys import text_keys
from ..tei.apparatus import read_apparatus
from ..tei.read import read_flat, split_spans
from ..tei.xmlio import parse, parse_bytes
from . import spec

INDEXES = [("forms", ["fold"]), ("forms", ["cross"]), ("forms", ["phonetic"]),
           ("forms", ["text"]), ("forms", ["entity"]), ("mentions", ["entity"]),
           ("mentions", ["segment"]), ("mentions", ["document"]), ("segments", ["document"]),
           # the other columns the mentions page facets by (corpus.web.metadata): a facet is a
           # GROUP BY over the whole table, which an index turns into a scan of the index
           # alone (17 requests a second at 20 MB rather than 14; the other tables' facets
           # gained nothing measurable, and every index costs the build)
           ("mentions", ["tag"]), ("mentions", ["cert"])]


# The columns document_rows fills, in its tuples' order (a column the spec adds beyond these
# is left NULL by the build).
SEGMENT_FIELDS = ("id", "document", "xml_id", "n", "kind", "lang", "text", "keys")


# The header facts of a document that become its documents row (tei.HEADER_FIELDS by name).
DOCUMENT_FIELDS = ("id", "title", "author", "date", "publisher", "url", "licence", "lang",
                   "sha256", "seed")


MENTION_FIELDS = ("segment", "document", "start", "end", "surface", "entity", "tag", "cert")


PAGE_SIZE = 16384  # fewer, larger page writes: a build some 14% faster than with 4096


FTS_BATCH = 3000  # segments indexed at a time during a full build (see BulkText)


def create_schema(db) -> None:
    """Every table of the spec, with its keys, foreign keys and full-text index."""
    for table in spec.TABLES.values():
        db[table.name].create(table.types(), pk=table.pk, foreign_keys=list(table.foreign_keys))
        if table.fts:
            db[table.name].enable_fts(list(table.fts), tokenize="unicode61 remove_diacritics 2",
                                      create_triggers=True)


def mention_insert(prefix: str = "") -> str:
    """A mention's id is its segment's key and its number there, joined by SQLite: the rows
    are (n, *MENTION_FIELDS)."""
    names = ("id", *MENTION_FIELDS)
    values = ", ".join(["?2 || '-m' || ?1"] + [f"?{i}" for i in range(2, len(names) + 1)])
    return (f"insert into {prefix}mentions ({', '.join(f'[{n}]' for n in names)}) "
            f"values ({values})")


def create_views(db) -> None:
    for view in spec.VIEWS.values():
        db.create_view(view.name, view.view)


def insert_register(conn, register) -> int:
    def first(entity, kind, script):
        return next((f.text for f in entity.forms if f.type == kind and f.script == script), "")

    entities = spec.TABLES["entities"]
    names = ("id", "type", "subtype", "label_en", "label_ru", "abbr_en", "abbr_ru", "note",
             "facts", "mentions", "documents")
    conn.executemany(entities.insert_sql(names), [
        (e.id, e.type, e.subtype, e.label_en, e.label_ru, first(e, "abbr", "Latn"),
         first(e, "abbr", "Cyrl"), e.note, json.dumps(e.facts, ensure_ascii=False,
                                                      sort_keys=True), 0, 0) for e in register])
    rows = form_rows(register)
    fields = tuple(FormRow.__dataclass_fields__)
    conn.executemany(spec.TABLES["forms"].insert_sql(("id", *fields)), [
        (n, *(getattr(r, f) for f in fields)) for n, r in enumerate(rows, 1)])
    insert_words(conn, enumerate(rows, 1))

    conn.executemany(spec.TABLES["name_parts"].insert_sql(("id", "entity", "part", "text")),
                     [(n, *r) for n, r in enumerate(part_rows(register), 1)])
    return len(rows)


def insert_words(conn, numbered_forms) -> None:
    """The word keys of each (form id, FormRow), for multi-word lookup."""

    words: list[tuple[str, str, int, int]] = []
    for n, r in numbered_forms:
        keys = row_words(r)
        words.extend((key, r.entity, n, len(keys)) for key in sorted(keys))
    conn.executemany(spec.TABLES["words"].insert_sql(("key", "entity", "form", "size")), words)


def finish(db) -> None:
    """Indexes and views, once the rows are in (cheaper than keeping indexes up to date
    during a bulk insert)."""
    for table, columns in INDEXES:
        db[table].create_index(columns)
    create_views(db)


class BulkText:
    """Keeps the FTS5 indexes (of every table the spec makes searchable: passages, notes) in
    step with a bulk load, in batches.

    sqlite-utils' triggers keep an index current row by row, which costs five times a
    rebuild; one rebuild after the load runs while the parsing workers sit idle; batches of
    a few thousand segments overlap the parsing and, with FTS5 merging its b-trees less
    eagerly meanwhile (automerge 16 rather than 4), cost less than a rebuild, for the same
    query speed. So the triggers are set aside during the load and restored afterwards,
    unchanged, and so is the merge setting."""

    def __init__(self, conn, batch: int = FTS_BATCH):
        self.conn, self.batch, self.pending = conn, batch, 0
        self.tables = [t for t in spec.TABLES.values() if t.fts]
        self.indexed = {t.name: 0 for t in self.tables}
        self.triggers = conn.execute(
            "select name, sql from sqlite_master where type = 'trigger' and tbl_name in "
            f"({', '.join('?' * len(self.tables))})", [t.name for t in self.tables]).fetchall()
        for name, _ in self.triggers:
            conn.execute(f"drop trigger [{name}]")
        self._automerge(16)

    def _automerge(self, pages: int) -> None:
        for t in self.tables:
            self.conn.execute(f"insert into {t.name}_fts ({t.name}_fts, rank) "
                              "values ('automerge', ?)", (pages,))

    def added(self, segments: int) -> None:
        self.pending += segments
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        for t in self.tables:
            columns = ", ".join(t.fts)
            self.conn.execute(f"insert into {t.name}_fts (rowid, {columns}) select rowid, "
                              f"{columns} from {t.name} where rowid > ?", (self.indexed[t.name],))
            self.indexed[t.name] = self.conn.execute(
                f"select max(rowid) from {t.name}").fetchone()[0] or 0
        self.pending = 0

    def close(self) -> None:
        self.flush()
        self._automerge(4)  # FTS5's default, for the incremental builds to come
        for _, sql in self.triggers:
            self.conn.execute(sql)


class DocumentFacts(NamedTuple):
    """What the writer needs to know of a document besides its rows."""

    path: str
    sha256: str  # of the file as read, for incremental builds
    document: dict  # the documents row, by column
    entities: dict[str, int]  # mentions of each entity, counted where the work is parallel


class DocumentRows(NamedTuple):
    """One document as rows, made where it is parsed (possibly a worker process)."""

    facts: DocumentFacts
    segments: list[tuple]  # SEGMENT_FIELDS
    mentions: list[tuple]  # (n, *MENTION_FIELDS)
    apparatus: dict[str, list[dict]]  # table -> rows by column (spec.APPARATUS)


def document_rows(path: Path) -> DocumentRows:
    data = Path(path).read_bytes()
    root = parse_bytes(data, path, collect_ids=False)  # no xml:id lookups here: 20% faster
    doc, flat = read_flat(root, path, data)
    doc_id = doc["id"]
    segments: list[tuple] = []
    mentions: list[tuple] = []
    entities: Counter[str] = Counter()
    for n, (xml_id, kind, lang, text, spans) in enumerate(flat, 1):
        seg_id = spec.segment_key(doc_id, xml_id, n)
        segments.append((seg_id, doc_id, xml_id, n, kind, lang, text, text_keys(text)))
        starts, ends, tags, refs, certs = split_spans(spans)[0]
        mentions += zip(count(1), repeat(seg_id), repeat(doc_id), starts, ends,
                        map(text.__getitem__, map(slice, starts, ends)), refs, tags, certs)
        entities.update(refs)
    if len({s[0] for s in segments}) < len(segments):  # an xml:id twice: say where

        parse(path)  # raises the parser's one-line error with the line of the second one
    row = {**{k: doc[k] for k in DOCUMENT_FIELDS}, "tei_file": Path(path).name,
           "segments": len(segments), "mentions": len(mentions)}
    facts = DocumentFacts(str(path), hashlib.sha256(data).hexdigest(), row, dict(entities))
    return DocumentRows(facts, segments, mentions, apparatus_rows(root, doc_id, segments))


def apparatus_rows(root, doc_id: str, segments: list[tuple]) -> dict[str, list[dict]]:
    """The document's critical apparatus (corpus.tei.apparatus) as rows of the apparatus
    tables, each keyed DOCUMENT/KINDn and pointing at its passage's key."""

    out: dict[str, list[dict]] = {table: [] for table in spec.APPARATUS.values()}
    for item in read_apparatus(root):
        rows = out[spec.APPARATUS[item.kind]]
        n = len(rows) + 1
        segment = segments[item.segment - 1][0] if item.segment else ""
        row = {"id": f"{doc_id}/{item.kind}{n}", "document": doc_id, "segment": segment,
               "n": n, **item.fields}
        if item.kind == "note":
            row["keys"] = text_keys(str(row["text"]))
        rows.append(row)
    return out


def insert_rows(conn, rows: DocumentRows) -> None:
    conn.executemany(spec.TABLES["segments"].insert_sql(SEGMENT_FIELDS), rows.segments)
    conn.executemany(mention_insert(), rows.mentions)
    for table, items in rows.apparatus.items():
        if items:
            names = tuple(items[0])
            conn.executemany(spec.TABLES[table].insert_sql(names),
                             [tuple(item[n] for n in names) for item in items])


def for_bulk_load(conn) -> None:
    """Settings for a database file that is written once and renamed or copied when done:
    atomic by that, not by a journal. Before any table is made (page size)."""
    conn.execute(f"pragma page_size = {PAGE_SIZE}")
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")


def delete_document(conn, doc_id: str) -> None:
    for table, column in (*((t, "document") for t in spec.APPARATUS.values()),
                          ("mentions", "document"), ("segments", "document"),
                          ("documents", "id")):
        conn.execute(f"delete from {table} where {column} = ?", (doc_id,))


def update_counts(conn, entities: set[str]) -> None:
    """Mention and document counts of the entities an incremental build touched (a full build
    counts as it inserts)."""
    conn.execute(f"""update entities set
      mentions = (select count(*) from mentions m where m.entity = entities.id),
      documents = (select count(distinct document) from mentions m where m.entity = entities.id)
      where id in ({','.join('?' * len(entities))})""", sorted(entities))


def mentioned(conn, doc_id: str) -> set[str]:
    return {e for (e,) in conn.execute("select distinct entity from mentions where document = ?",
                                       (doc_id,))}
