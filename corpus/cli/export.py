"""Commands for other projects: `corpus export`, `corpus import-tei`, `corpus import-jsonl`.
Thin click wrappers; the work is in corpus.export and corpus.export.importer."""

from __future__ import annotations

from pathlib import Path

import click

from ..export import FORMATS  # light: the writers are imported when they run
from .options import DB_OPTION, JSON_OPTION, TEI_OPTION, db_option, emit_json, friendly

FORMAT_NAMES = tuple(FORMATS)


@click.command()
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
    from ..export import export as run

    options = {"base": base} if fmt == "skos" and base else {}
    run(fmt, out, db=db_path, tei=tei, **options)
    click.echo(f"wrote {out}", err=True)


@click.command("import-tei")
@click.argument("file", type=click.Path(path_type=Path))
@db_option(required=True)
@click.option("--split-to", type=click.Path(path_type=Path), default=None,
              help="Also keep the member TEI files in this folder.")
@friendly
def import_tei(file, db_path, split_to):
    """Build a database from a teiCorpus made by `corpus export --format tei`."""
    from ..export.importer import import_tei as run

    report = run(file, db_path, split_to)
    click.echo(f"{db_path}: {report.documents} documents, {report.segments} segments, "
               f"{report.mentions} mentions, {report.forms} forms", err=True)


@click.command("import-jsonl")
@click.argument("file", type=click.Path(path_type=Path))
@db_option(required=True)
@JSON_OPTION
@friendly
def import_jsonl(file, db_path, as_json):
    """Build a database from a JSON Lines export."""
    from ..export.importer import import_jsonl as run

    counts = run(file, db_path)
    if as_json:
        emit_json(counts)
    else:
        click.echo(", ".join(f"{n} {name}" for name, n in counts.items()), err=True)


COMMANDS = (export, import_tei, import_jsonl)
