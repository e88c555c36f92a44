"""Every spelling of every entity: the register's own forms plus each scheme's rendering.

This table is what lookup searches and what the database stores in `forms`. A form from the
register is *attested* when a text uses it; a form computed by a transliteration scheme is
*generated* and never written back to the TEI. Keys are computed here, once, so the in-memory
lookup and the SQLite one agree by construction.
"""

from __future__ import annotations

from dataclasses import dataclass

from .cldr import names as cldr_names
from .derived import cached_rows
from .entities import Register
from .keys import cross_key, fold, phonetic_key
from .scripts import romanise
from .translit import schemes, to_latin


@dataclass(frozen=True)
class FormRow:
    entity: str
    text: str
    lang: str
    type: str  # main | abbr | variant | generated
    scheme: str  # '' for register forms, else the scheme id
    source: str  # register | generated | cldr
    attested: bool
    fold: str
    cross: str
    phonetic: str
    origin: str = ""  # for a generated form, the Cyrillic spelling it was generated from


def form_rows(register: Register) -> list[FormRow]:
    """`make_form_rows`, kept in the cache folder between runs (`corpus.names.derived`)."""
    fields = FormRow.__dataclass_fields__
    return [FormRow(*row) for row in cached_rows("forms", register, lambda: [
        tuple(getattr(r, f) for f in fields) for r in make_form_rows(register)])]


def make_form_rows(register: Register) -> list[FormRow]:
    """Register forms first, then each scheme's rendering of each Cyrillic form, then a
    place's CLDR names.

    A rendering is kept even when the register already has the same spelling (Wlassow is
    attested *and* the German scheme's output), because which schemes produce a spelling is
    what lookup reports; duplicates within one scheme are dropped.
    """

    rows: list[FormRow] = []
    for entity in register:
        for form in entity.forms:
            rows.append(FormRow(entity.id, form.text, form.lang, form.type, "", "register",
                                form.attested, *_keys(form.text)))
        # Russian forms only: the schemes romanise Russian, not Ukrainian or Serbian spellings.
        cyrillic = [f for f in entity.forms if f.lang == "ru" and f.type != "abbr"]
        for scheme in schemes():
            seen = set()
            for form in cyrillic:
                text = to_latin(form.text, scheme.id)
                if not text or text in seen:
                    continue
                seen.add(text)
                rows.append(FormRow(entity.id, text, scheme.tag, "generated", scheme.id,
                                    "generated", False, *_keys(text), form.text))
        # a place's names in every CLDR locale, but not a spelling the register already gives
        given = {(f.text, f.lang) for f in entity.forms}
        for kind, code in sorted(entity.codes.items()):
            for text, lang in cldr_names(kind, code):
                if (text, lang) not in given:
                    rows.append(FormRow(entity.id, text, lang, "variant", "cldr", "cldr", False,
                                        *_keys(text)))
    return rows


def _keys(text: str) -> tuple[str, str, str]:
    """The fold, cross and phonetic columns of a form. A form in another script (Greek Μόσχα,
    Georgian, kana) is keyed by its romanisation, the reading a query in that script gets, so
    that a declined or differently spelled query (Μόσχας) reaches it as a Latin one would."""

    reading = romanise(text)
    keyed = reading[0] if reading else text
    return fold(text), cross_key(keyed), phonetic_key(keyed)
