"""`corpus register add`: a candidate name becomes a register entry, so the next `corpus add`
links it.

The entry is TEI like every other: English and Russian main names (a person's with its
forename and surname marked up, so the name model knows its parts), abbreviations and
variants with their language tags, and a note. Spellings by the transliteration schemes are
not written: the build generates them from the Russian form, as for every entry. When no
Russian form is given, the likeliest Cyrillic reading of the English one is written and said
to be generated (`resp="#corpus-register-add"` and a note), for a curator to confirm.

The register file is curated by hand, so the entry is inserted as text before the end of its
list, leaving every other byte as it was, and the result is read back (and must give the new
entity) before it replaces the file.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from xml.sax.saxutils import escape, quoteattr

import langcodes

from ..atomic import write_atomically
from ..errors import CorpusError
from ..names.model import parse
from ..names.translit import schemes, to_cyrillic
from .add import DOC_ID
from .register import KINDS, load_register
from .xmlio import parse_bytes


@dataclass
class NewEntry:
    type: str  # person | org | place | term
    en: str
    ru: str = ""
    id: str = ""
    abbr_en: str = ""
    abbr_ru: str = ""
    variants: list[tuple[str, str]] = field(default_factory=list)  # (text, BCP 47 tag)
    note: str = ""


def _slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def _default_id(entry: NewEntry) -> str:
    if entry.type == "person":
        readings = parse(entry.en)
        if readings:
            return _slug(readings[0].surname)
    return _slug(entry.abbr_en or entry.en)


def _person_name(text: str, lang: str, extra: str = "") -> str:
    """A persName with forename and surname marked up where the name model reads them."""
    readings = parse(text)
    reading = readings[0] if readings else None
    inner = escape(text)
    if reading and reading.surname and text.endswith(reading.surname):
        given = text[: -len(reading.surname)].rstrip()
        inner = (f"<forename>{escape(given)}</forename> " if given else "") + \
            f"<surname>{escape(reading.surname)}</surname>"
    return f'<persName type="main" xml:lang={quoteattr(lang)}{extra}>{inner}</persName>'


def entry_xml(entry: NewEntry, generated_ru: bool) -> str:
    kind = next(k for k in KINDS if k.type == entry.type)
    name = kind.name
    resp = ' resp="#corpus-register-add"' if generated_ru else ""
    lines = []
    if entry.type == "person":
        lines.append(_person_name(entry.en, "en"))
        lines.append(_person_name(entry.ru, "ru", resp))
    else:
        lines.append(f'<{name} type="main" xml:lang="en">{escape(entry.en)}</{name}>')
        lines.append(f'<{name} type="main" xml:lang="ru"{resp}>{escape(entry.ru)}</{name}>')
    for text, lang in ((entry.abbr_en, "en"), (entry.abbr_ru, "ru")):
        if text:
            lines.append(f'<{name} type="abbr" xml:lang="{lang}">{escape(text)}</{name}>')
    lines += [f'<{name} type="variant" xml:lang={quoteattr(lang)}>{escape(text)}</{name}>'
              for text, lang in entry.variants]
    note = entry.note + (" The Russian form was generated from the English by corpus "
                         "register add: confirm it." if generated_ru else "")
    lines.append(f'<note xml:lang="en">{escape(note.strip())}</note>')
    if kind.entry == "item":
        body = "".join(lines)
        return f'  <item xml:id="{entry.id}">{body}</item>\n'
    inner = "".join(f"   {line}\n" for line in lines)
    return f'  <{kind.entry} xml:id="{entry.id}">\n{inner}  </{kind.entry}>\n'


def add_entry(register_file: Path, entry: NewEntry) -> NewEntry:
    """Insert `entry` into the register file; returns it with its id and Russian form."""
    kind = next((k for k in KINDS if k.type == entry.type), None)
    if kind is None:
        raise CorpusError(f"unknown entity type {entry.type!r} (person, org, place, term)",
                          rule="bad-entry")
    if not entry.en.strip():
        raise CorpusError("give the entry's English name (--en)", rule="bad-entry")
    for _, lang in entry.variants:
        if not langcodes.tag_is_valid(lang):
            raise CorpusError(f"variant language {lang!r} is not a BCP 47 tag",
                              rule="bad-entry")
    register = load_register(register_file)
    entry.id = entry.id or _default_id(entry)
    if not DOC_ID.match(entry.id):  # the same rule as a document's id
        raise CorpusError(f"id {entry.id!r}: lower-case ASCII words joined by '-' (give --id)",
                          rule="bad-id")
    if entry.id in register:
        raise CorpusError(f"the register has an entry {entry.id!r} already; give another --id",
                          register_file, rule="exists")
    generated = not entry.ru
    if generated:
        readings = _cyrillic_readings(entry.en)
        if not readings:
            raise CorpusError(f"no Cyrillic reading of {entry.en!r}; give --ru",
                              rule="bad-entry")
        entry.ru = readings[0]
    text = register_file.read_text("utf-8")
    closing = _closing_tag(text, kind)
    new = text[:closing] + entry_xml(entry, generated) + text[closing:]
    check = load_register(register_file, parse_bytes(new.encode("utf-8"), register_file))
    if entry.id not in check or check.by_id[entry.id].label_en != entry.en:
        raise CorpusError("the new entry did not read back as written", register_file,
                          rule="bad-entry")
    write_atomically(register_file, new.encode("utf-8"))
    return entry


def _cyrillic_readings(latin: str) -> list[str]:
    """Cyrillic readings of a Latin name, the one most schemes give first: each scheme reads
    only what it could have written (Novotný only the Czech one, Jan then Ян rather than the
    French habit's Жан), and where several can, their agreement outweighs one scheme's
    ranking."""

    firsts = [r[0] for r in (to_cyrillic(latin, s.id) for s in schemes()) if r]
    return [reading for reading, _ in Counter(firsts).most_common()]


def _closing_tag(text: str, kind) -> int:
    """Where the list of that kind of entry ends: its closing tag's offset."""
    if kind.container_type:
        start = text.find(f'<{kind.container} type="{kind.container_type}"')
    else:
        start = text.find(f"<{kind.container}")
    end = text.find(f"</{kind.container}>", start) if start >= 0 else -1
    if end < 0:
        raise CorpusError(f"the register has no <{kind.container}> to add to",
                          rule="bad-register")
    line = text.rfind("\n", 0, end) + 1
    return line if not text[line:end].strip() else end  # before the closing line's indent
