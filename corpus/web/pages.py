"""The corpus pages the Datasette plugin serves: the scholar's desk in a browser.

- `/-/lookup?q=...`: the library's layered lookup (morphology, schemes, phonetic keys: more than
  a SQL query can do) with each entity's mentions in context; `/-/lookup.json` for programs.
- `/-/spellings/ENTITY`: per entity, how often each spelling occurs in each document;
  `/-/spellings` lists the entities.
- `/-/timeline/ENTITY`: dated passages as a server-drawn SVG, and the editor's notes.
- `/-/kwic?q=...`: the cross-script concordance, sorted and filtered; `/-/kwic.csv`.
- `/-/cite/KEY`: a passage's or document's citation (text, BibTeX, CSL-JSON).

Pages read the database through Datasette's own read-only connections (`execute_fn`), so an
immutable database stays immutable.
"""

from __future__ import annotations

import math
from urllib.parse import unquote

from datasette.utils import tilde_decode, tilde_encode
from datasette.utils.asgi import Response

from ..errors import CorpusError
from ..index.cite import citation, render
from ..index.db import Corpus, SqlIndex
from ..index.search import ORDERS, concordance, concordance_table, search
from ..names.lookup import Lookup

MAX_HITS = 10
MAX_MENTIONS = 25
# Passages that use the very spelling the query matched come first, then reading order.
KWIC_SQL = """select k.document, k.segment, k."left", k.hit, k."right"
from kwic k join mentions m on m.id = k.mention join segments s on s.id = k.segment
where k.entity = ? order by k.hit = ? desc, k.document, s.n, m.start limit ?"""


async def corpus_database(datasette):
    """The first attached database that is a corpus (has entities, forms and mentions)."""
    for name, db in datasette.databases.items():
        if name.startswith("_"):
            continue
        tables = set(await db.table_names())
        if {"entities", "forms", "mentions"} <= tables:
            return db
    return None


def find(conn, query: str, limit: int = MAX_HITS, mentions: int = MAX_MENTIONS) -> list[dict]:
    """Lookup hits as dicts, each with its first `mentions` mentions in context."""

    hits = []
    for hit in Lookup(SqlIndex(conn)).lookup(query, limit):
        row = hit.as_dict()
        row["explain"] = hit.explain(query)
        total = conn.execute("select mentions, documents from entities where id = ?",
                             (hit.id,)).fetchone()
        row["mentions"], row["documents"] = (total[0], total[1]) if total else (0, 0)
        row["kwic"] = [dict(zip(("document", "segment", "left", "hit", "right"), r,
                                strict=True)) for r in conn.execute(KWIC_SQL, (
                                    hit.id, hit.matched, mentions))]
        for m in row["kwic"]:  # a passage's key has a '#', which a URL path must escape
            m["segment_path"] = tilde_encode(m["segment"])
        hits.append(row)
    return hits


async def _page(datasette, request, template: str, context: dict, status: int = 200):
    html = await datasette.render_template(template, context, request=request)
    return Response.html(html, status=status)


async def _entity_page(datasette, request, db, run, wanted: str, template: str):
    """A page about one entity: `run` gives its context on a read connection, or None when
    no entity matches what was asked for (404); a bad request is a one-line 400."""
    try:
        context = await db.execute_fn(run)
    except CorpusError as exc:
        return Response.text(str(exc), status=400)
    if context is None:
        return Response.text(f"No entity matches {wanted!r}.", status=404)
    context["database"] = db.name
    return await _page(datasette, request, template, context)


async def lookup_page(datasette, request):
    query = (request.args.get("q") or "").strip()
    db = await corpus_database(datasette)
    context: dict = {"q": query, "hits": [], "error": None,
                     "database": db.name if db else None}
    status = 200
    if db is None:
        context["error"], status = "No corpus database is attached.", 404
    elif query:
        try:
            context["hits"] = await db.execute_fn(lambda conn: find(conn, query))
        except CorpusError as exc:
            context["error"], status = str(exc), 400
    if request.url_vars.get("format") == ".json":
        body = {"q": query, "hits": context["hits"], "error": context["error"]}
        return Response.json(body, status=status)
    return await _page(datasette, request, "corpus_lookup.html", context, status)


def spelling_table(conn, entity: str) -> dict:
    """Spelling x document counts and mentions per document for one entity."""
    documents = [dict(zip(("id", "title"), r, strict=True)) for r in conn.execute(
        "select id, title from documents order by id")]
    counts: dict[str, dict[str, int]] = {}
    for surface, document, n in conn.execute(
            "select surface, document, mentions from spelling_counts where entity = ?",
            (entity,)):
        counts.setdefault(surface, {})[document] = n
    rows: list[dict] = sorted(
        ({"spelling": s, "cells": [by_doc.get(d["id"], 0) for d in documents],
          "total": sum(by_doc.values())} for s, by_doc in counts.items()),
        key=lambda r: (-r["total"], r["spelling"]))
    per_doc = [sum(r["cells"][i] for r in rows) for i in range(len(documents))]
    top = max((c for r in rows for c in r["cells"]), default=0) or 1
    for r in rows:  # a heat map: the square root keeps a count of 1 visible beside 71
        r["shades"] = [round(0.12 + 0.78 * math.sqrt(n / top), 2) if n else 0
                       for n in r["cells"]]
    return {
        "documents": documents,
        "rows": rows,
        "per_document": per_doc,
        "total": sum(per_doc),
        "max_document": max(per_doc, default=0) or 1,
    }


async def spellings_page(datasette, request):
    db = await corpus_database(datasette)
    wanted = unquote(request.url_vars["entity"])  # the route gives it percent-encoded
    if db is None:
        return Response.text("No corpus database is attached.", status=404)

    def run(conn):
        try:  # an id, or a spelling: the best lookup hit
            entity_id = Lookup(SqlIndex(conn)).resolve(wanted)
        except CorpusError as exc:
            if exc.rule == "unknown-entity":
                return None
            raise
        row = conn.execute("select id, label_en, label_ru, type, mentions from entities "
                           "where id = ?", (entity_id,)).fetchone()
        entity = dict(zip(("id", "label_en", "label_ru", "type", "mentions"), row,
                          strict=True))
        return {"entity": entity, **spelling_table(conn, entity["id"])}

    return await _entity_page(datasette, request, db, run, wanted, "corpus_spellings.html")


TIMELINE_WIDTH, TIMELINE_HEIGHT, TIMELINE_MARGIN = 720, 160, 28


def timeline(dates: list[dict]) -> dict:
    """An entity's dated passages as an SVG bar chart drawn on the server (no script): one bar
    per year from the first to the last, its height the number of dated passages of that year
    that mention the entity. Returns the bars and axis labels in SVG coordinates."""
    years = [int(d["earliest"][:4]) for d in dates if d["earliest"][:4].isdigit()]
    if not years:
        return {"bars": [], "labels": [], "width": TIMELINE_WIDTH, "height": TIMELINE_HEIGHT}
    first, last = min(years), max(years)
    counts = {y: years.count(y) for y in range(first, last + 1)}
    step = (TIMELINE_WIDTH - 2 * TIMELINE_MARGIN) / len(counts)
    top = max(counts.values())
    room = TIMELINE_HEIGHT - 2 * TIMELINE_MARGIN
    bars = [{"year": y, "n": n, "x": round(TIMELINE_MARGIN + i * step, 1),
             "w": round(max(step - 2, 1), 1), "h": round(room * n / top, 1),
             "y": round(TIMELINE_HEIGHT - TIMELINE_MARGIN - room * n / top, 1)}
            for i, (y, n) in enumerate(counts.items())]
    every = max(1, len(bars) // 8)  # at most about eight year labels
    labels = [b for i, b in enumerate(bars) if i % every == 0 or b is bars[-1]]
    return {"bars": [b for b in bars if b["n"]], "labels": labels, "width": TIMELINE_WIDTH,
            "height": TIMELINE_HEIGHT, "baseline": TIMELINE_HEIGHT - TIMELINE_MARGIN}


async def timeline_page(datasette, request):
    """/-/timeline/ENTITY: when the sources date what they say of an entity (a server-drawn
    SVG chart and the dated passages), and the editor's notes on passages that mention it."""

    db = await corpus_database(datasette)
    if db is None:
        return Response.text("No corpus database is attached.", status=404)
    wanted = unquote(request.url_vars["entity"])

    def run(conn):
        corpus = Corpus.over(conn)
        try:  # an id, or a spelling: the best lookup hit
            entity = corpus.entity(wanted)
        except CorpusError as exc:
            if exc.rule == "unknown-entity":
                return None
            raise
        dates, notes = corpus.dates(entity["id"]), corpus.notes(entity["id"])
        for row in (*dates, *notes):  # a passage's key has a '#', which a URL must escape
            row["segment_path"] = tilde_encode(row["segment"])
        return {"entity": entity, "dates": dates, "notes": notes, "chart": timeline(dates)}

    return await _entity_page(datasette, request, db, run, wanted, "corpus_timeline.html")


KWIC_LIMIT = 500  # hits a concordance page shows; the CSV carries them all
KWIC_OPTIONS = ("sort", "lang", "document", "from", "to")


async def kwic_page(datasette, request):
    """/-/kwic?q=…: the library's cross-script search as a concordance, sorted as `corpus
    search` sorts (relevance, reading order, left or right context, the source's date), by
    language and period, each hit with its citation; `/-/kwic.csv` is the same concordance for
    a spreadsheet (corpus.index.search.concordance: the columns `corpus search --csv` has)."""

    db = await corpus_database(datasette)
    if db is None:
        return Response.text("No corpus database is attached.", status=404)
    query = (request.args.get("q") or "").strip()
    options = {k: (request.args.get(k) or "").strip() for k in KWIC_OPTIONS}
    as_csv = request.url_vars.get("format") == ".csv"
    context: dict = {"q": query, "options": options, "orders": list(ORDERS), "rows": [],
                     "error": None, "database": db.name}

    def run(conn):
        hits = search(conn, query, limit=0 if as_csv else KWIC_LIMIT,
                      sort=options["sort"] or "relevance", lang=options["lang"] or None,
                      document=options["document"] or None,
                      date_from=options["from"] or None, date_to=options["to"] or None)
        return concordance(conn, hits)

    status = 200
    if query:
        try:
            context["rows"] = await db.execute_fn(run)
        except CorpusError as exc:
            context["error"], status = str(exc), 400
    if as_csv:
        body = concordance_table(context["rows"], "csv") if status == 200 else context["error"]
        return Response(body, status=status,
                        content_type="text/csv; charset=utf-8",
                        headers={"content-disposition": 'attachment; filename="kwic.csv"'})
    for row in context["rows"]:
        row["segment_path"] = tilde_encode(row["segment"])
    context["limit"] = KWIC_LIMIT
    context["csv_query"] = request.query_string
    return await _page(datasette, request, "corpus_kwic.html", context, status)


CITE_TYPES = {"text": "text/plain", "bibtex": "application/x-bibtex",
              "csl-json": "application/vnd.citationstyles.csl+json"}


async def cite_page(datasette, request):
    """/-/cite/DOCUMENT#XMLID (the '#' escaped, as %23 or Datasette's ~23) as plain text, or
    ?format=bibtex / csl-json, for a reference manager to fetch."""
    db = await corpus_database(datasette)
    if db is None:
        return Response.text("No corpus database is attached.", status=404)
    key = tilde_decode(unquote(request.url_vars["key"]))
    fmt = request.args.get("format") or "text"
    if fmt not in CITE_TYPES:
        return Response.text(f"unknown format {fmt!r} (one of {', '.join(CITE_TYPES)})",
                             status=400)
    try:
        found = await db.execute_fn(lambda conn: citation(conn, key))
    except CorpusError as exc:
        return Response.text(str(exc), status=404 if exc.rule == "not-found" else 400)
    return Response(render(found, fmt), content_type=f"{CITE_TYPES[fmt]}; charset=utf-8")


async def entities_page(datasette, request):
    db = await corpus_database(datasette)
    if db is None:
        return Response.text("No corpus database is attached.", status=404)
    result = await db.execute("select id, label_en, label_ru, type, mentions, documents "
                              "from entities where mentions > 0 order by mentions desc, id")
    context = {"entities": [dict(r) for r in result.rows], "database": db.name}
    return await _page(datasette, request, "corpus_entities.html", context)
