"""Commands that bring a scholar's texts in: `corpus init` (a workspace of her own) and
`corpus add` (a text into a draft TEI document). The work is in corpus.tei.workspace and
corpus.tei.add."""

from __future__ import annotations

from pathlib import Path

import click

from .options import JSON_OPTION, TEI_OPTION, emit_json, friendly


@click.command()
@click.argument("folder", type=click.Path(file_okay=False, path_type=Path), default=".")
@click.option("--with-texts", is_flag=True,
              help="Copy the project's five documents and their captures too.")
@friendly
def init(folder, with_texts):
    """Make FOLDER (default: here) a workspace of your own: tei/ with a copy of the register,
    texts/ with a manifest; commands run inside it read and write there."""
    from ..tei.workspace import init as run

    made = run(folder, with_texts)
    click.echo(f"workspace {made.folder}: tei/ (the register and {made.documents} documents), "
               "texts/; `corpus add FILE --title T` adds a text, `corpus build` makes its "
               "database", err=True)


@click.command()
@click.argument("file", type=click.Path(path_type=Path))
@click.option("--title", default=None,
              help="Title of the text (a TEI file's own title if not given).")
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
    from ..tei.add import Source
    from ..tei.add import add as run

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
        click.echo("names not in the register, to review (`corpus register add` adds one):")
        for candidate in result.unknown:
            click.echo(f"  {candidate.name} ×{candidate.count}  {candidate.context}")



@click.group()
def register():
    """The register of persons, organisations, places and terms."""


@register.command("add")
@click.argument("type", type=click.Choice(["person", "org", "place", "term"]))
@click.option("--en", required=True, help="English name (a person's as forename surname).")
@click.option("--ru", default="", help="Russian name in Cyrillic (default: the likeliest "
              "reading of the English one, marked as generated for a curator to confirm).")
@click.option("--id", "entry_id", default="", help="Register id (default: from the name).")
@click.option("--abbr-en", default="", help="Latin-script abbreviation (ROA).")
@click.option("--abbr-ru", default="", help="Cyrillic abbreviation (РОА).")
@click.option("--variant", "variants", type=(str, str), multiple=True, metavar="LANG TEXT",
              help="Another spelling and its BCP 47 tag, e.g. --variant cs 'Jan Novotný'.")
@click.option("--note", default="", help="A short note on who or what it is.")
@TEI_OPTION
@friendly
def register_add(type, en, ru, entry_id, abbr_en, abbr_ru, variants, note, tei):
    """Add an entry (a name `corpus add` listed for review, say), so the next add links it."""
    from ..paths import register_path, writable_tei
    from ..tei.register_add import NewEntry, add_entry

    entry = add_entry(register_path(writable_tei(tei)), NewEntry(
        type, en, ru, entry_id, abbr_en, abbr_ru, [(text, lang) for lang, text in variants],
        note))
    click.echo(f"added {entry.type} {entry.id}: {entry.en} / {entry.ru}"
               + ("" if ru else " (Russian generated: confirm it)"), err=True)


COMMANDS = (init, add, register)

