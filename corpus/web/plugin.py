"""Datasette plugin: the corpus SQL functions, the keyed search box, and the corpus pages.

Registered through the `datasette` entry point (`corpus = corpus.web.plugin`), so plain
`datasette corpus.db` gets it too; `corpus serve` registers it itself when the entry point is not
installed. Written for the Datasette 0.65 line.

- `prepare_connection`: every `corpus_*` function of `corpus.index.sqlfunctions`, so SQL typed into
  Datasette matches spellings the way the library does; and, on a corpus database, a keyed
  `escape_fts`, so the table search box finds a name in any script (see keyed_escape_fts).
- `/-/lookup?q=...`: the library's layered lookup (morphology, schemes, phonetic keys: more than
  a SQL query can do) with each entity's mentions in context; `/-/lookup.json` for programs.
- the pages (corpus.web.pages): `/-/lookup`, `/-/spellings/ENTITY`, `/-/timeline/ENTITY`,
  `/-/kwic` and `/-/cite/KEY`.

Pages read the database through Datasette's own read-only connections (`execute_fn`), so an
immutable database stays immutable. A rebuilt file is picked up without a restart
(`corpus.web.watch`).
"""

from __future__ import annotations

from pathlib import Path

from datasette import hookimpl
from datasette.utils import escape_fts
from jinja2 import FileSystemLoader  # Datasette's own template engine

from ..errors import CorpusError
from ..index.ftsquery import keyed
from ..index.sqlfunctions import register_sql_functions
from .pages import cite_page, entities_page, kwic_page, lookup_page, spellings_page, timeline_page
from .watch import start

TEMPLATES = Path(__file__).parent / "templates"


# Sent with every response that lacks them: Datasette's own pages and ours. The policy allows
# what Datasette's pages use (their inline scripts and styles, images from data: URLs) and
# nothing from elsewhere; no page may be framed, sniffed into another type, or leak its address.
SECURITY_HEADERS = {
    "content-security-policy": "default-src 'self'; script-src 'self' 'unsafe-inline'; "
                               "style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
                               "object-src 'none'; base-uri 'self'; form-action 'self'; "
                               "frame-ancestors 'none'",
    "x-frame-options": "DENY",
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
}


@hookimpl
def asgi_wrapper(datasette):
    def wrap(app):
        async def with_headers(scope, receive, send):
            if scope["type"] != "http":
                return await app(scope, receive, send)

            async def sending(message):
                if message["type"] == "http.response.start":
                    headers = list(message.get("headers", []))
                    present = {name.decode("latin-1").lower() for name, _ in headers}
                    headers += [(name.encode(), value.encode())
                                for name, value in SECURITY_HEADERS.items()
                                if name not in present]
                    message = {**message, "headers": headers}
                await send(message)

            await app(scope, receive, sending)

        return with_headers

    return wrap


@hookimpl(trylast=True)  # after Datasette's own, so that its escape_fts is replaced here
def prepare_connection(conn):
    register_sql_functions(conn)
    if conn.execute("select 1 from pragma_table_info('segments_fts') where name = 'keys'"
                    ).fetchone():
        conn.create_function("escape_fts", 1, keyed_escape_fts, deterministic=True)


def keyed_escape_fts(query):
    """Datasette's table search box, cross-script: Datasette matches `?_search=` through the
    SQL function escape_fts, which this replaces on a corpus database (the hook runs last, so
    after Datasette's own). Datasette's reading of the box is kept (each word a quoted phrase,
    all of them required) and its words keyed as `corpus search` keys them (corpus.index.ftsquery),
    so Власов, Vlasov, Wlassow and Власова find the same passages; the literal words still
    match the text column, so `?_search_text=` (one column) keeps searching the text as typed.

    Why keying the query rather than a custom FTS5 tokenizer: the index stays a standard
    unicode61 FTS5 table that any SQLite (sqlite3, `sqlite-utils search`, Datasette without
    this plugin) can open and query; a custom tokenizer would make those readers fail on it.
    Such readers get the cross-script search by querying the keys column with keyed words:
    `... match 'keys : ' || corpus_key('Wlassow')` with the SQL functions loaded."""
    literal = escape_fts(str(query))
    try:
        return f"(text : ({literal})) OR ({keyed(literal)})"
    except CorpusError:  # nothing to key (punctuation only): what Datasette would have done
        return literal


@hookimpl
def startup(datasette):
    """Make our templates findable by name (Datasette only looks in plugin packages' folders),
    and start following rebuilds of the served files (`corpus.web.watch`)."""
    loader = datasette.jinja_env.loader
    if not any(getattr(x, "searchpath", None) == [str(TEMPLATES)] for x in loader.loaders):
        loader.loaders.append(FileSystemLoader(str(TEMPLATES)))

    async def follow_rebuilds():
        start(datasette)

    return follow_rebuilds


@hookimpl
def register_routes():
    return [
        (r"^/-/lookup(?P<format>\.json)?$", lookup_page),
        (r"^/-/spellings/?$", entities_page),
        (r"^/-/spellings/(?P<entity>[^/]+)$", spellings_page),
        (r"^/-/cite/(?P<key>[^/]+)$", cite_page),
        (r"^/-/timeline/(?P<entity>[^/]+)$", timeline_page),
        (r"^/-/kwic(?P<format>\.csv)?$", kwic_page),
    ]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/lookup"), "label": "Look up any spelling"},
            {"href": datasette.urls.path("/-/kwic"), "label": "Concordance"}]
