"""Commands for other projects: `corpus export`, `corpus import-tei`, `corpus import-jsonl`,
`corpus add`. Thin click wrappers; the work is in corpus.export, corpus.importer, corpus.add."""

from __future__ import annotations

from pathlib import Path

import click

from .cli import DB_OPTION, JSON_OPTION, TEI_OPTION, cli, db_option, emit_json, friendly
from .export import FORMATS  # light: the writers are imported when they run

FORMAT_NAMES = tuple(FORMATS)


@cli.command()
@click.option("--format", "fmt", type=click.Choice(FORMAT_NAMES), required=True,
              help="; ".join(f"{f.name}: {f.description}" for f in FORMATS.values()) + ".")
@click.option("--out", type=click.Path(path_type=Path), required=True,
              help="File to write (a folder for csv).")
@DB_OPTION
@TEI_OPTION
@click.option("--base", default=None, help="skos only: IRI prefix of the concepts.")
@friendly
def export(fmt, out, db_path, tei, base):
    """Export the corpus for other projects (deterministic; names the corpus version)."""
    from .export import export as run

    options = {"base": base} if fmt == "skos" and base else {}
    run(fmt, out, db=db_path, tei=tei, **options)
    click.echo(f"wrote {out}", err=True)


@cli.command("import-tei")
@click.argument("file", type=click.Path(path_type=Path))
@db_option(required=True)
@click.option("--split-to", type=click.Path(path_type=Path), default=None,
              help="Also keep the member TEI files in this folder.")
@friendly
def import_tei(file, db_path, split_to):
    """Build a database from a teiCorpus made by `corpus export --format tei`."""
    from .importer import import_tei as run

    report = run(file, db_path, split_to)
    click.echo(f"{db_path}: {report.documents} documents, {report.segments} segments, "
               f"{report.mentions} mentions, {report.forms} forms", err=True)


@cli.command("import-jsonl")
@click.argument("file", type=click.Path(path_type=Path))
@db_option(required=True)
@JSON_OPTION
@friendly
def import_jsonl(file, db_path, as_json):
    """Build a database from a JSON Lines export."""
    from .importer import import_jsonl as run

    counts = run(file, db_path)
    if as_json:
        emit_json(counts)
    else:
        click.echo(", ".join(f"{n} {name}" for name, n in counts.items()), err=True)


@cli.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--title", required=True, help="Title of the text.")
@click.option("--lang", default=None,
              help="BCP 47 tag of the text (default: detected, and reported).")
@click.option("--id", "doc_id", default=None, help="Document id (default: from the file name).")
@click.option("--author", default="", help="Author, if known.")
@click.option("--date", default="", help="Date of publication, ISO 8601 (1995, 1995-05-02).")
@click.option("--publisher", default="", help="Publisher or site, if known.")
@click.option("--url", default="", help="Address the text was taken from.")
@click.option("--licence", default="", help="Licence, as the source states it.")
@TEI_OPTION
@click.option("--texts", type=click.Path(path_type=Path), default=None,
              help="Folder of captures to copy the text into (default: the texts/ beside "
                   "the TEI folder).")
@JSON_OPTION
@friendly
def add(file, title, lang, doc_id, author, date, publisher, url, licence, tei, texts, as_json):
    """Encode a new plain text as a draft TEI document with proposed mentions, and keep a copy
    of it with its source facts in texts/."""
    from .add import Source
    from .add import add as run

    source = Source(author=author, date=date, publisher=publisher, url=url, licence=licence)
    result = run(file, title=title, lang=lang, doc_id=doc_id, tei=tei, source=source,
                 texts=texts)
    if as_json:
        emit_json(result.as_dict())
        return
    for warning in result.warnings:
        click.echo(f"warning: {warning}", err=True)
    if lang is None:
        click.echo(f"language: {result.detected} (detected; give --lang to set it)", err=True)
    click.echo(f"wrote {result.path} and {result.capture}: {result.mentions} mentions "
               f"proposed (unreviewed) of {len(result.entities)} entities")
    if result.unknown:
        click.echo("capitalised names not in the register (review):")
        for name in result.unknown:
            click.echo(f"  {name}")
