"""The `corpus` command: a thin click layer over the library.

Each command imports its library module inside the function, so `corpus --help` does not pay
for lxml, ICU, pymorphy3 or sqlite-utils. A `CorpusError` becomes one line on stderr and exit 1.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from ..errors import CorpusError
from ..index.cite import FORMATS as CITE_FORMATS  # light: json, re, sqlite3
from .options import DB_OPTION, JSON_OPTION, TEI_OPTION, _items, emit_json, friendly


@click.group()
@click.version_option(package_name="corpus-rlm")
@click.option("--workspace", type=click.Path(file_okay=False, path_type=Path), default=None,
              envvar="CORPUS_WORKSPACE",
              help="Workspace to work in (default: the nearest folder at or above this one "
                   "with a corpus.toml or a tei/register.xml; see `corpus init`).")
@click.pass_context
def cli(ctx, workspace):
    """The Russian Liberation Movement corpus: TEI, register and lookup across spellings."""
    from ..paths import choose_workspace

    choose_workspace(workspace)  # what corpus.paths reads, for the command of this run only
    ctx.call_on_close(lambda: choose_workspace(None))


@cli.command()
@TEI_OPTION
@click.option("--texts", type=click.Path(path_type=Path), default=None,
              help="Folder of captures with manifest.toml (default: texts/).")
@click.option("--tei-all", is_flag=True, help="Check against all of TEI (tei_all.rng, some "
              "10 s to compile) rather than the corpus's own schema, compiled from its ODD.")
@click.option("--no-schema", is_flag=True, help="Skip the schema (our rules only).")
@friendly
def validate(tei, texts, tei_all, no_schema):
    """Check the TEI against tei_all and the project's rules."""
    from ..tei.validate import validate as run

    problems = run(tei, texts, schema=None if no_schema else
                   "tei_all" if tei_all else "corpus")
    for problem in problems:
        click.echo(str(problem), err=True)
    if problems:
        click.echo(f"{len(problems)} problem(s)", err=True)
        sys.exit(1)
    click.echo("all files valid")


@cli.command()
@TEI_OPTION
@click.option("--json", "as_json", is_flag=True, help="Print JSON.")
@friendly
def stats(tei, as_json):
    """Entities and mentions per text."""
    from ..tei.stats import corpus_stats

    rows = corpus_stats(tei)
    if as_json:
        emit_json(rows)
        return
    header = ("document", "date", "segments", "mentions", "entities", "persons", "orgs",
              "places", "terms")
    table = [dict(zip(header, header, strict=True)), *rows]
    widths = [max(len(str(r[h])) for r in table) for h in header]
    for row in table:
        click.echo("  ".join(str(row[h]).ljust(w) for h, w in zip(header, widths, strict=True)))


def _lookup_source(db_path: Path | None, tei: Path | None):
    """The database when there is one (or one was named); otherwise the TEI register."""
    from ..paths import default_db

    path = db_path or default_db()
    if tei is None and (db_path is not None or path.exists()):
        from ..index.db import Corpus

        return Corpus(path)
    from ..api import open_register

    return open_register(tei)


@cli.command()
@TEI_OPTION
@DB_OPTION
@click.option("--full", is_flag=True, help="Rebuild everything even if inputs are unchanged.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar or summary.")
@friendly
def build(tei, db_path, full, quiet):
    """Build (or update) the SQLite database from the TEI."""
    from ..index.build import build as run
    from ..paths import default_db
    from ..web.metadata import write_metadata

    db_path = db_path or default_db()
    report = run(tei, db_path, full=full, quiet=quiet)
    write_metadata(db_path)  # beside it, for `datasette corpus.db -m corpus.metadata.json`
    if not quiet:
        click.echo(f"{report.mode} build of {db_path}: {len(report.parsed)} of "
                   f"{report.documents} documents parsed, {report.segments} segments, "
                   f"{report.mentions} mentions, {report.forms or 'unchanged'} forms "
                   f"in {report.seconds:.2f}s", err=True)


@cli.command()
@click.argument("query")
@DB_OPTION
@TEI_OPTION
@click.option("--limit", default=10, show_default=True, type=click.IntRange(min=1),
              help="Entities to return.")
@JSON_OPTION
@click.option("--tsv", "as_tsv", is_flag=True,
              help="Tab-separated: query, id, label_en, label_ru, score, how, ambiguous.")
@friendly
def lookup(query, db_path, tei, limit, as_json, as_tsv):
    """Find entities by any spelling, script or scheme ('-' reads queries from stdin).

    With '-' the output stays line-aligned with the input, for bibliographies: one result line
    per input line (a blank line gives an empty result), each echoing its query; a query that
    cannot be looked up gets its error in its own line and the batch goes on."""
    source = _lookup_source(db_path, tei)
    if query != "-":
        _lookup_one(source, query, limit, as_json, as_tsv)
        return
    if as_tsv:
        click.echo("\t".join(TSV_COLUMNS))
    for line in sys.stdin:
        q = line.rstrip("\n")
        try:
            hits = source.lookup(q, limit=limit) if q.strip() else []
            error = ""
        except CorpusError as exc:
            hits, error = [], exc.message
        if as_json:
            emit_json({"query": q, "hits": [h.as_dict() for h in hits],
                       **({"error": error} if error else {})})
        elif as_tsv:
            click.echo(_tsv(q, hits[0] if hits else None))
        else:
            top = hits[0] if hits else None
            click.echo("\t".join([q, top.id, f"{top.score:.2f}", top.how] if top
                                 else [q, "", "", error]))


TSV_COLUMNS = ("query", "id", "label_en", "label_ru", "score", "how", "ambiguous")


def _tsv(query: str, hit) -> str:
    """One spreadsheet row; tabs and newlines inside a value become spaces."""
    values = [query, "", "", "", "", "", ""] if hit is None else [
        query, hit.id, hit.label_en, hit.label_ru, f"{hit.score:.3f}", hit.how,
        "yes" if hit.ambiguous else ""]
    return "\t".join(" ".join(v.split()) for v in values)


def _lookup_one(source, q: str, limit: int, as_json: bool, as_tsv: bool) -> None:
    hits = source.lookup(q, limit=limit)
    if as_json:
        emit_json([h.as_dict() for h in hits])
    elif as_tsv:
        click.echo("\t".join(TSV_COLUMNS))
        for h in hits:
            click.echo(_tsv(q, h))
    elif not hits:
        click.echo(f"no entity matches {q!r}", err=True)
        sys.exit(1)
    else:
        for h in hits:
            flag = "  (ambiguous)" if h.ambiguous else ""
            click.echo(f"{h.id:24} {h.type:7} {h.score:.2f}  {h.how:18} {h.matched}  "
                       f"[{h.label_en} / {h.label_ru}]{flag}")
        click.echo(hits[0].explain(q))


@cli.command()
@click.argument("entity")
@DB_OPTION
@TEI_OPTION
@JSON_OPTION
@friendly
def variants(entity, db_path, tei, as_json):
    """Every attested and generated spelling of an entity (id or any spelling)."""
    source = _lookup_source(db_path, tei)
    rows = source.variants(entity)
    if as_json:
        emit_json(rows)
        return
    for r in rows:
        origin = "attested" if r["attested"] else (r["scheme"] or r["source"])
        click.echo(f"{r['text']:45} {r['lang']:26} {r['type']:9} {origin}")


@cli.command()
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True, type=click.IntRange(min=0),
              help="Hits to print; 0 means all.")
@click.option("--document", default=None, help="Only this document id.")
@click.option("--raw", is_flag=True, help="Treat QUERY as an FTS5 expression.")
@click.option("--sort", type=click.Choice(["relevance", "document", "left", "right", "date"]),
              default="relevance", show_default=True,
              help="Best passages first, reading order, by the context left or right of the "
                   "hit (a concordance), or by the source's date.")
@click.option("--lang", default=None, help="Only passages in this language (ru takes ru-*).")
@click.option("--from", "date_from", default=None,
              help="Only sources published on or after this date (1944, 1944-11 ...).")
@click.option("--to", "date_to", default=None,
              help="Only sources published on or before this date (1945 takes all of 1945).")
@click.option("--tsv", "table", flag_value="tsv", default=None,
              help="A concordance for a spreadsheet, tab-separated (with entity, reviewed).")
@click.option("--csv", "table", flag_value="csv", help="The same concordance as CSV.")
@JSON_OPTION
@friendly
def search(query, db_path, limit, document, raw, sort, lang, date_from, date_to, table,
           as_json):
    """Full-text search in any script; prints keyword-in-context lines."""
    from ..index.db import Corpus
    from ..index.search import concordance, concordance_table

    with Corpus(db_path) as corpus:
        hits = corpus.search(query, limit=limit, document=document, raw=raw, sort=sort,
                             lang=lang, date_from=date_from, date_to=date_to)
        rows = concordance(corpus.conn, hits) if table else []
    if table:
        click.echo(concordance_table(rows, table), nl=False)
        return
    if as_json:
        emit_json(hits)
        return
    for h in hits:
        click.echo(f"{h['segment']:32} {h['left'][-40:]:>40} [{h['hit']}] {h['right'][:40]}")
    if not hits:
        click.echo(f"no passage matches {query!r}", err=True)


@cli.command()
@click.argument("key")
@click.option("--format", "fmt", type=click.Choice(CITE_FORMATS),
              default="text", show_default=True,
              help="Plain text, a biblatex entry, or CSL-JSON (what Zotero imports).")
@DB_OPTION
@JSON_OPTION
@friendly
def cite(key, fmt, db_path, as_json):
    """Cite a passage (DOCUMENT#XMLID, as search prints it) or a document (its id)."""
    from ..index.cite import as_dict, render
    from ..index.db import Corpus

    with Corpus(db_path) as corpus:
        found = corpus.cite(key)
    if as_json:
        emit_json(as_dict(found))
    else:
        click.echo(render(found, fmt), nl=False)


@cli.command()
@click.argument("entity")
@DB_OPTION
@JSON_OPTION
@friendly
def show(entity, db_path, as_json):
    """Every mention of an entity in context, grouped by the spelling used."""
    from ..index.db import Corpus

    with Corpus(db_path) as corpus:
        info = corpus.show(entity)
    if as_json:
        emit_json(info)
        return
    click.echo(f"{info['id']}: {info['label_en']} / {info['label_ru']} "
               f"({info['mentions']} mentions in {info['documents']} documents)")
    for group in info["spellings"]:
        click.echo(f"\n{group['surface']} ({len(group['mentions'])})")
        for m in group["mentions"]:
            click.echo(f"  {m['segment']:32} …{m['left'][-45:]}[{m['hit']}]{m['right'][:45]}…")
    if info["notes"]:
        click.echo(f"\nThe editor's notes on passages that mention it ({len(info['notes'])})")
        for note in info["notes"]:
            click.echo(f"  {note['segment']:32} {note['text']}")


@cli.command()
@click.argument("text", required=False)
@click.option("--scheme", "-s", default="bgn", show_default=True, help="Scheme id (see --list).")
@click.option("--to", "direction", type=click.Choice(["latin", "cyrillic"]), default="latin",
              show_default=True, help="Direction.")
@click.option("--list", "list_schemes", is_flag=True, help="List the schemes and their tags.")
@JSON_OPTION
@friendly
def translit(text, scheme, direction, list_schemes, as_json):
    """Transliterate TEXT ('-' reads lines from stdin)."""
    from ..names import translit as tr

    if list_schemes:
        rows = [{"id": s.id, "tag": s.tag, "label": s.label} for s in tr.schemes()]
        if as_json:
            emit_json(rows)
        else:
            for r in rows:
                click.echo(f"{r['id']:14} {r['tag']:28} {r['label']}")
        return
    if text is None:
        raise click.UsageError("give TEXT, '-' for standard input, or --list")
    items, _ = _items(text)
    for item in items:
        result = (tr.to_latin(item, scheme) if direction == "latin"
                  else tr.to_cyrillic(item, scheme))
        if as_json:
            emit_json({"text": item, "scheme": scheme, "to": direction, "result": result})
        else:
            click.echo(result if isinstance(result, str) else ", ".join(result))

