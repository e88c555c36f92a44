"""Datasette metadata for the corpus database, built as one Python dict by `metadata()`.

Pinned to the Datasette 0.65 line: this is the 0.x `metadata.json` format, where titles,
descriptions, licences, facets, sort orders, FTS settings and canned queries all live in one
file. Datasette 1.0 moves facets, FTS and queries into `datasette.yaml`; until 1.0 is released
we pin `datasette>=0.65,<1.0` rather than emit two formats from one dict.

The dict is data, not template text: every table and column is described once, in the table
spec (corpus.index.spec), and the home page's table list, the per-table entries and a test that
no column goes undescribed all read it from there. The database is read only for what depends on the
content: its name (the file stem), the licences its documents state, and the document ids that
become the columns of the spelling x document pivot.
"""

from __future__ import annotations

import json
import sqlite3
from html import escape
from pathlib import Path

from ..atomic import write_atomically
from ..errors import CorpusError
from ..index import spec
from ..index.db import connect
from ..index.spec import CODE_LICENCE, PER_DOCUMENT

CODE_LICENCE_URL = "https://www.apache.org/licenses/LICENSE-2.0"

def fts_tables(table: str, columns: tuple[str, ...]) -> dict[str, dict]:
    """The tables FTS5 makes beside a searchable table: described for Datasette (the index
    itself shown, its internals hidden), but no part of the spec."""
    internal = {"data": ("id", "block"), "idx": ("segid", "term", "pgno"),
                "docsize": ("id", "sz"), "config": ("k", "v")}
    out: dict[str, dict] = {f"{table}_fts": {
        "description": f"FTS5 index over {table}.{' and '.join(columns)} (sqlite-utils).",
        "licence": PER_DOCUMENT,
        "columns": {c: f"Indexed {c}." for c in columns}}}
    for part, names in internal.items():
        out[f"{table}_fts_{part}"] = {"hidden": True, "description": f"FTS5 internal {part}.",
                                      "columns": {n: "FTS5 internal." for n in names}}
    return out


def tables() -> dict[str, dict]:
    """What each table and view holds, where it comes from and whose licence applies, every
    column described: read from the table spec (corpus.index.spec) when asked, so a column
    added there is described here without an edit."""
    described = {t.name: {"description": t.description, "licence": t.licence,
                          "columns": {c.name: c.description for c in t.columns}, **t.datasette}
                 for t in (*spec.TABLES.values(), *spec.VIEWS.values())}
    for t in spec.TABLES.values():
        if t.fts:
            described.update(fts_tables(t.name, t.fts))
    return described


# Table settings Datasette 0.65 understands, copied through from the spec as they are.
DATASETTE_KEYS = ("label_column", "sort", "sort_desc", "facets", "fts_table", "searchmode",
                  "hidden")

# An entity parameter may be an id (vlasov) or a spelling whose folded form is registered
# (Wlassow): ids first, so a spelling never shadows an id. No cross-scheme guess here: a wrong
# merge is worse than a miss, and /-/lookup does the full layered matching.
ENTITY_CTE = """{name}(id) as (select coalesce(
    (select id from entities where id = :{p}),
    (select f.entity from forms f join entities e on e.id = f.entity
      where f.fold = corpus_fold(:{p}) order by f.attested desc, e.mentions desc limit 1)))"""
TARGET = ENTITY_CTE.format(name="target", p="entity")  # the common case: one :entity


# A bar of block characters in plain SQL, so a canned query draws a picture as text: the
# aggregate {n} scaled to at most BAR_WIDTH characters (rounded up, so a count of 1 shows).
BAR_WIDTH = 40
PIVOT_MAX_DOCUMENTS = 60  # more columns than this are unreadable (SQLite allows 2000)
BAR = ("replace(hex(zeroblob(({n} * " + str(BAR_WIDTH) + " + max({n}) over () - 1)"
       " / max({n}) over ())), '00', '█')")


def _quote(value: str) -> str:
    return "'" + value.replace("'", "''") + "'"


def _ident(value: str) -> str:
    return '"' + value.replace('"', '""') + '"'


def spelling_by_document(documents: list[str]) -> dict[str, str]:
    """A column per document while that is readable (and within SQLite's column limit),
    else a row per spelling and document."""
    if len(documents) > PIVOT_MAX_DOCUMENTS:
        return {
            "description": "For one entity: how often each spelling occurs in each document "
                           "that uses it, with a bar (a row per spelling and document: the "
                           f"corpus has too many documents, {len(documents)}, for a column "
                           "each).",
            "sql": f"""with {TARGET}
select m.surface as spelling, m.document, count(*) as mentions,
  {BAR.format(n='count(*)')} as bar
from mentions m, target where m.entity = target.id
group by m.surface, m.document
order by spelling, mentions desc, m.document""",
        }
    per_doc = ",\n  ".join(f"sum(m.document = {_quote(d)}) as {_ident(d)}" for d in documents)
    return {
        "description": "A pivot for one entity: one row per spelling, one column per "
                       "document, the total and a bar. The page /-/spellings/ENTITY draws "
                       "the same with mention counts over documents.",
        "sql": f"""with {TARGET}
select m.surface as spelling{',' if per_doc else ''}
  {per_doc},
  count(*) as total,
  {BAR.format(n='count(*)')} as bar
from mentions m, target where m.entity = target.id
group by m.surface
order by total desc, spelling""",
    }


def canned_queries(documents: list[str]) -> dict[str, dict]:
    """The ready-made queries; `documents` are the ids that may become a pivot's columns."""
    return {
        "find_entity": {
            "title": "Find an entity by any spelling",
            "description": "Type a name as your source spells it (Wlassow, Vlassov, ROA, "
                           "Власов). Matches the exact form, the folded form (case, "
                           "diacritics, ё/е) or the cross-scheme key shared by every "
                           "romanisation of one Russian name. Inflected Russian forms "
                           "(Власова) need the morphology of the lookup page, /-/lookup.",
            "sql": """with q(spelling, fold, key) as (
  select :spelling, corpus_fold(:spelling), corpus_key(:spelling)),
hits as (
  select f.entity, f.text, f.attested,
    case when f.text = q.spelling then 1 when f.fold = q.fold then 2 else 3 end as rank
  from forms f, q
  where f.text = q.spelling or f.fold = q.fold or (q.key != '' and f."cross" = q.key)),
best as (
  select *, min(rank) over (partition by entity) as top from hits)
select e.id as entity, e.label_en, e.label_ru, e.type,
  case min(h.rank) when 1 then 'exact' when 2 then 'folded' else 'cross-scheme key' end as how,
  group_concat(distinct h.text) as matched, max(h.attested) as attested,
  e.mentions, e.documents
from best h join entities e on e.id = h.entity
where h.rank = h.top
group by e.id
order by min(h.rank), max(h.attested) desc, e.mentions desc
limit 20""",
        },
        "mentions_in_context": {
            "title": "Every mention of an entity in context",
            "description": "Keyword in context for one entity (an id such as vlasov, or a "
                           "registered spelling), whichever spelling each passage used; cite "
                           "the segment id.",
            "sql": f"""with {TARGET}
select k.document, k.segment, k."left", k.hit, k."right", k.label_en
from kwic k, target where k.entity = target.id""",
        },
        "spellings_by_scheme": {
            "title": "Spellings of an entity by scheme",
            "description": "Every spelling of an entity grouped by the scheme (or the "
                           "register) that gives it, with its language tag and how many "
                           "passages use it.",
            "sql": f"""with {TARGET}
select case when f.source = 'register' then 'register' else f.scheme end as scheme,
  f.lang, f.type, max(f.attested) as attested, f.text as spelling,
  (select count(*) from mentions m where m.entity = f.entity and m.surface = f.text)
    as mentions
from forms f, target where f.entity = target.id
group by 1, f.lang, f.text
order by f.source != 'register', scheme, min(f.id)""",
        },
        "documents_with_both": {
            "title": "Documents that mention two given entities",
            "description": "Documents mentioning both :a and :b (ids such as vlasov and roa, or "
                           "registered spellings), with each one's mention count and the "
                           "passages where both occur.",
            "sql": f"""with {ENTITY_CTE.format(name='a_target', p='a')},
{ENTITY_CTE.format(name='b_target', p='b')},
a_counts as (select document, count(*) as n from mentions, a_target
  where entity = a_target.id group by document),
b_counts as (select document, count(*) as n from mentions, b_target
  where entity = b_target.id group by document)
select d.id as document, d.title, a_counts.n as mentions_of_a, b_counts.n as mentions_of_b,
  (select count(distinct ma.segment) from mentions ma join mentions mb
     on mb.segment = ma.segment, a_target, b_target
   where ma.entity = a_target.id and mb.entity = b_target.id and ma.document = d.id)
    as shared_passages
from documents d
join a_counts on a_counts.document = d.id
join b_counts on b_counts.document = d.id
order by shared_passages desc, a_counts.n + b_counts.n desc""",
        },
        "spelling_by_document": {
            "title": "Spelling × document: how often each spelling occurs where",
            **spelling_by_document(documents),
        },
        "source_criticism": {
            "title": "Where do the sources get an entity wrong?",
            "description": "The editor's notes (TEI note type=editorial) on every passage that "
                           "mentions the entity (an id such as trukhin, or a registered "
                           "spelling), with the passage as the source reads it. The page "
                           "/-/timeline/ENTITY shows the same beside the entity's dates.",
            "sql": f"""with {TARGET}
select n.document, n.segment, n.text as note, s.text as passage
from note_entities n join segments s on s.id = n.segment, target
where n.entity = target.id and n.type = 'editorial'
order by n.document, n.note""",
        },
        "what_happened_when": {
            "title": "What happened in a period?",
            "description": "Passages whose dates (TEI date, normalised) fall between :from and "
                           ":to (ISO 8601: 1945-05, 1945-05-01), with the entities they "
                           "mention: 'what happened in May 1945'.",
            "sql": """select d.earliest, d.latest, d.text as date, d.segment,
  (select group_concat(distinct m.entity) from mentions m where m.segment = d.segment)
    as entities,
  s.text as passage
from dates d join segments s on s.id = d.segment
where d.latest >= :from and d.earliest <= :to || '~'
order by d.earliest, d.document, d.n""",
        },
        "mentions_over_documents": {
            "title": "Mentions of an entity over documents",
            "description": "How many times each document mentions the entity, drawn as a bar.",
            "sql": f"""with {TARGET}
select d.id as document, d.title, count(m.id) as mentions,
  {BAR.format(n='count(m.id)')} as bar
from documents d, target
left join mentions m on m.document = d.id and m.entity = target.id
where target.id is not null
group by d.id order by mentions desc, d.id""",
        },
    }


def _connect(conn_or_path) -> tuple[sqlite3.Connection, Path | None, bool]:
    if isinstance(conn_or_path, sqlite3.Connection):
        return conn_or_path, None, False

    return connect(conn_or_path), Path(conn_or_path), True


def _database_name(conn: sqlite3.Connection, path: Path | None) -> str:
    """Datasette names a database after its file stem."""
    if path is None:
        row = next((r for r in conn.execute("pragma database_list") if r[1] == "main"), None)
        path = Path(row[2]) if row and row[2] else Path("corpus.db")
    return path.stem


def _licence_summary(licences: list[str]) -> str:
    counts: dict[str, int] = {}
    for licence in licences:
        counts[licence or "(none stated)"] = counts.get(licence or "(none stated)", 0) + 1
    return "; ".join(f"{n} document{'s' if n != 1 else ''}: “{text.rstrip('.')}”"
                     for text, n in sorted(counts.items(), key=lambda kv: -kv[1]))


def _home_html(name: str, licences: str, queries: dict[str, dict]) -> str:
    asks = "".join(f'<li><a href="/{name}/{q}">{escape(query["title"])}</a></li>'
                   for q, query in queries.items())
    items = "".join(
        f'<li><a href="/{name}/{table}"><strong>{table}</strong></a>: '
        f"{escape(about['description'])}</li>"
        for table, about in tables().items() if not about.get("hidden"))
    return (
        "<p>A TEI-encoded bilingual (Russian/English) corpus about the Russian Liberation "
        "Movement of the Second World War (Vlasov, ROA, KONR, NTS), with every spelling of "
        "every name.</p>"
        '<p><a href="/-/lookup"><strong>Look up any spelling</strong></a> (Wlassow, Власова, '
        "ROA): the entities it names and every passage that mentions them.</p>"
        f"<p>Licences differ per document ({escape(licences)}); the code and the register "
        f"are {CODE_LICENCE}. See the <code>licence</code> column of "
        f'<a href="/{name}/documents">documents</a>.</p>'
        f'<ul class="corpus-tables">{items}</ul>'
        f'<p>Ready-made queries:</p><ul class="corpus-queries">{asks}</ul>')


def metadata(conn_or_path) -> dict:
    """The whole Datasette metadata for one corpus database (a connection or a path)."""

    conn, path, owned = _connect(conn_or_path)
    try:
        name = _database_name(conn, path)
        rows = conn.execute("select id, licence from documents order by id").fetchall()
        documents = [doc_id for doc_id, _ in rows]
        licences = _licence_summary([licence for _, licence in rows])
    except sqlite3.DatabaseError as exc:
        raise CorpusError(f"not a corpus database ({exc})", path, rule="bad-database") from None
    finally:
        if owned:
            conn.close()
    queries = canned_queries(documents)
    entries = {}
    for table, about in tables().items():
        entry = {"description": about["description"], "columns": dict(about["columns"])}
        if "licence" in about:
            entry["license"] = about["licence"]
        entry.update({k: about[k] for k in DATASETTE_KEYS if k in about})
        entries[table] = entry
    return {
        "title": "Russian Liberation Movement corpus",
        "description_html": _home_html(name, licences, queries),
        "license": f"{CODE_LICENCE} (code, register); texts: licence per document",
        "license_url": CODE_LICENCE_URL,
        "source": "TEI P5 documents and register, built by `corpus build`",
        "databases": {
            name: {
                "description": "Documents, passages, entities, every spelling of them and "
                               f"every mention. Licences differ per document: {licences}.",
                "license": "per document (see documents.licence); register "
                           f"{CODE_LICENCE}",
                "source": "tei/*.xml and tei/register.xml",
                "tables": entries,
                "queries": queries,
            }
        },
    }


def undescribed(conn: sqlite3.Connection) -> list[str]:
    """`table.column` for every column of every table or view the metadata leaves out."""
    missing, about = [], tables()
    for (table,) in conn.execute(
            "select name from sqlite_master where type in ('table', 'view') "
            "and name not like 'sqlite_%' order by name"):
        described = about.get(table, {}).get("columns", {})
        for row in conn.execute(f"pragma table_info({_ident(table)})"):
            if row[1] not in described:
                missing.append(f"{table}.{row[1]}")
    return missing


def metadata_path(db_path: Path | str) -> Path:
    db_path = Path(db_path)
    return db_path.with_name(f"{db_path.stem}.metadata.json")


def write_metadata(db_path: Path | str) -> Path:
    """Write `<db stem>.metadata.json` beside the database (atomically) and return its path."""
    target = metadata_path(db_path)

    text = json.dumps(metadata(db_path), ensure_ascii=False, indent=2) + "\n"
    write_atomically(target, text.encode("utf-8"))
    return target
