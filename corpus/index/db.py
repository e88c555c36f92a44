"""The built database as a Python object: `corpus.open()`.

Lookup over the database uses the same layered algorithm as over the register
(`corpus.names.lookup.Lookup`); only the index differs: here each key is an indexed SQL equality
query, so a one-shot command needs no index built in memory.
"""

from __future__ import annotations

import sqlite3
from functools import cached_property
from pathlib import Path

from ..errors import CorpusError
from ..names.forms import FormRow
from ..names.gloss import GlossIndex
from ..names.lookup import Hit, Lookup
from ..names.persons import PersonIndex
from ..names.scripts import skeleton
from ..paths import default_db
from .cite import citation
from .dbfile import readable
from .search import search
from .sqlfunctions import register_sql_functions

# The forms columns the lookup's FormRow holds, by name (the spec may order them otherwise).
FORM_FIELDS = tuple(FormRow.__dataclass_fields__)
FORM_COLUMNS = ", ".join(f'"{name}"' for name in FORM_FIELDS)


def _tuples(conn, sql: str, *params):
    """Plain tuples (not sqlite3.Row): the index is read on every lookup, so it must be cheap."""
    cursor = conn.cursor()
    cursor.row_factory = None
    return cursor.execute(sql, params)


_ATTESTED = FORM_FIELDS.index("attested")


def _form_row(r: tuple) -> FormRow:
    """A forms row (FORM_COLUMNS order) as the lookup's FormRow: attested back to a bool.
    Positional, not by keyword: a long name's lookup reads some seventy rows."""
    row = list(r)
    row[_ATTESTED] = bool(row[_ATTESTED])
    return FormRow(*row)


class _Column:
    """A read-only mapping from one forms column's value to the rows that have it."""

    def __init__(self, conn, column: str):
        self.sql = f'select {FORM_COLUMNS} from forms where "{column}" = ? order by id'
        self.conn = conn

    def get(self, key, default=()):
        rows = [_form_row(r) for r in _tuples(self.conn, self.sql, key)]
        return rows or default

    def __getitem__(self, key):
        return self.get(key, [])


class _Entities:
    def __init__(self, conn):
        self.conn = conn

    def get(self, entity, default=None):
        row = self.conn.execute("select type, label_en, label_ru from entities where id = ?",
                                (entity,)).fetchone()
        return tuple(row) if row else default


class SqlIndex:
    """The lookup's `FormIndex` over the database: each key an indexed SQL equality query."""

    def __init__(self, conn):
        self.exact = _Column(conn, "text")
        self.fold = _Column(conn, "fold")
        self.cross = _Column(conn, "cross")
        self.phonetic = _Column(conn, "phonetic")
        self.entities = _Entities(conn)
        self.conn = conn

    def forms_with_words(self, keys: set[str]) -> list[tuple[str, int, int]]:
        """(entity, form id, word count) of the forms that contain every key."""
        marks = ",".join("?" * len(keys))
        sql = (f"select entity, form, max(size) from words where key in ({marks}) "
               f"group by form having count(distinct key) = {len(keys)}")
        return list(_tuples(self.conn, sql, *sorted(keys)))

    def rows_of(self, entity: str) -> list[FormRow]:
        return [_form_row(r) for r in _tuples(self.conn, f"select {FORM_COLUMNS} from forms "
                                               "where entity = ? order by id", entity)]

    @cached_property
    def persons(self) -> PersonIndex:
        """The name model's persons, from the rows the build stored (read once: a few
        thousand short rows)."""
        return PersonIndex(list(_tuples(self.conn, "select entity, part, text from name_parts "
                                                   "order by id")))

    @cached_property
    def skeleton(self) -> dict[str, list[FormRow]]:
        """Forms by consonant skeleton, built on the first query in an abjad or syllabary."""

        out: dict[str, list[FormRow]] = {}
        for r in _tuples(self.conn, f"select {FORM_COLUMNS} from forms where cross != '' "
                                    "order by id"):
            row = _form_row(r)
            out.setdefault(skeleton(row.cross), []).append(row)
        return out

    @cached_property
    def cross_words(self) -> frozenset[str]:
        return frozenset(w for (key,) in _tuples(self.conn, "select distinct cross from forms")
                         for w in key.split())

    @cached_property
    def gloss(self) -> GlossIndex:
        return GlossIndex(list(_tuples(
            self.conn, "select f.entity, f.text from forms f join entities e on e.id = f.entity "
                       "where f.source = 'register' and e.type != 'person' order by f.id")))

    @cached_property
    def fold_keys(self) -> list[str]:
        return [r[0] for r in self.conn.execute(
            "select distinct fold from forms where cross != '' order by fold")]


def connect(path: Path | str) -> sqlite3.Connection:
    """A read-only connection, or a one-line error if the file is missing or not ours."""
    path = readable(path)
    conn = sqlite3.connect(f"file:{path}?mode=ro", uri=True, check_same_thread=False)
    conn.row_factory = sqlite3.Row
    try:
        conn.execute("select 1 from entities limit 1").fetchall()
    except sqlite3.DatabaseError as exc:
        conn.close()
        raise CorpusError(f"not a corpus database ({exc})", path, rule="bad-database") from None
    return conn


class Corpus:
    """Lookup, search and reading in context over a built database."""

    def __init__(self, path: Path | str | None = None):
        """`path` defaults to the workspace's database, else corpus.db here (paths.default_db)."""
        self.path = Path(path) if path else default_db()
        self._attach(connect(self.path))

    @classmethod
    def over(cls, conn: sqlite3.Connection) -> Corpus:
        """The same reading over a connection someone else opened and keeps (Datasette's); its
        rows must come as sqlite3.Row."""
        corpus = cls.__new__(cls)
        corpus.path = Path()
        corpus._attach(conn)
        return corpus

    def _attach(self, conn: sqlite3.Connection) -> None:
        register_sql_functions(conn)
        self.conn = conn
        self._lookup = Lookup(SqlIndex(conn))

    def close(self) -> None:
        self.conn.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def lookup(self, query: str, limit: int = 10) -> list[Hit]:
        return self._lookup.lookup(query, limit)

    def resolve(self, entity_or_query: str) -> str:
        return self._lookup.resolve(entity_or_query)

    def entity(self, entity_or_query: str) -> dict:
        entity = self.resolve(entity_or_query)
        return dict(self.conn.execute("select * from entities where id = ?", (entity,))
                    .fetchone())

    def variants(self, entity_or_query: str) -> list[dict]:
        """Every spelling: attested and register forms first, then generated ones."""
        entity = self.resolve(entity_or_query)
        rows = self.conn.execute(
            """select f.text, f.lang, f.type, f.scheme, f.source, f.attested, f.origin,
                 (select count(*) from mentions m where m.entity = f.entity
                  and m.surface = f.text) as mentions
               from forms f where f.entity = ? order by f.id""", (entity,))
        # attested as JSON true/false, as the in-memory lookup gives it
        return [{**dict(r), "attested": bool(r["attested"])} for r in rows]

    def mentions(self, entity_or_query: str, document: str | None = None) -> list[dict]:
        entity = self.resolve(entity_or_query)
        sql = "select * from kwic where entity = ?" + (" and document = ?" if document else "")
        params = (entity, document) if document else (entity,)
        return [dict(r) for r in self.conn.execute(sql, params)]

    def show(self, entity_or_query: str) -> dict:
        """The entity with its mentions grouped by the spelling each passage used."""
        info = self.entity(entity_or_query)
        groups: dict[str, list[dict]] = {}
        for m in self.mentions(info["id"]):
            groups.setdefault(m["hit"], []).append(m)
        info["spellings"] = [{"surface": k, "mentions": v} for k, v in
                             sorted(groups.items(), key=lambda kv: (-len(kv[1]), kv[0]))]
        info["notes"] = self.notes(info["id"])
        return info

    def notes(self, entity_or_query: str) -> list[dict]:
        """The editor's notes on passages that mention the entity: where the sources get it
        (or what is said beside it) wrong, in the editor's words."""
        entity = self.resolve(entity_or_query)
        return [dict(r) for r in self.conn.execute(
            "select note, document, segment, type, text from note_entities where entity = ? "
            "and type = 'editorial' order by document, note", (entity,))]

    def dates(self, entity_or_query: str) -> list[dict]:
        """The dated passages that mention the entity, earliest first: its timeline."""
        entity = self.resolve(entity_or_query)
        return [dict(r) for r in self.conn.execute(
            "select earliest, latest, date, document, segment from entity_dates "
            "where entity = ? order by earliest, document, segment", (entity,))]

    def documents(self) -> list[dict]:
        return [dict(r) for r in self.conn.execute("select * from documents order by id")]

    def search(self, query: str, limit: int = 20, **options) -> list[dict]:
        """Passages in context; `options` as corpus.index.search.search takes them (document,
        raw, sort, lang, date_from, date_to)."""

        return search(self.conn, query, limit=limit, **options)

    def cite(self, key: str):
        """The citation of a passage (DOCUMENT#XMLID) or a document; see corpus.index.cite
        for its plain-text, BibTeX and CSL-JSON forms."""

        return citation(self.conn, key)


def open(path: Path | str | None = None) -> Corpus:  # noqa: A001 - the API is corpus.open()
    """The corpus database: `path` if given; else the command line's default database
    (`corpus.paths.default_db`: the workspace's, or corpus.db here) when there is one; else the
    database built on first use, from the workspace's or the shipped TEI, in the user cache
    folder (`corpus.index.cache`), so an installed package works from any folder."""
    if path is None:
        # here, not above: building the cache imports the build and lxml, which a lookup
        # over an existing database never needs
        from .cache import cached_database

        path = default_db() if default_db().is_file() else cached_database()
    return Corpus(path)
