"""The `corpus` command: a thin click layer over the library.

Each command imports its library module inside the function, so `corpus --help` does not pay
for lxml, ICU, pymorphy3 or sqlite-utils. A `CorpusError` becomes one line on stderr and exit 1.
"""

from __future__ import annotations

import functools
import json
import sys
from pathlib import Path

import click

from .errors import CorpusError

TEI_OPTION = click.option("--tei", "tei", type=click.Path(path_type=Path), default=None,
                          help="Folder of TEI documents and register.xml (default: tei/).")


def friendly(func):
    """Turn input errors into a one-line message and a non-zero exit, never a traceback."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            return func(*args, **kwargs)
        except CorpusError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(1)
    return wrapper


def emit_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


@click.group()
@click.version_option(package_name="corpus-rlm")
def cli():
    """The Russian Liberation Movement corpus: TEI, register and lookup across spellings."""


@cli.command()
@TEI_OPTION
@click.option("--texts", type=click.Path(path_type=Path), default=None,
              help="Folder of captures with manifest.toml (default: texts/).")
@click.option("--no-schema", is_flag=True, help="Skip tei_all.rng (our rules only; faster).")
@friendly
def validate(tei, texts, no_schema):
    """Check the TEI against tei_all and the project's rules."""
    from .validate import validate as run

    problems = run(tei, texts, schema=not no_schema)
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
    from .stats import corpus_stats

    rows = corpus_stats(tei)
    if as_json:
        emit_json(rows)
        return
    header = ("document", "segments", "mentions", "entities", "persons", "orgs", "places",
              "terms")
    widths = [max(len(str(r[h])) for r in [dict(zip(header, header, strict=True)), *rows])
              for h in header]
    for row in [dict(zip(header, header, strict=True)), *rows]:
        click.echo("  ".join(str(row[h]).ljust(w) for h, w in zip(header, widths, strict=True)))
