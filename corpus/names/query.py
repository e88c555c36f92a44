"""What a lookup query is read as: cleaned of what cannot be a name, and its variants (an
abbreviation without dots, a catalogue heading turned round, titles dropped, Russian lemmas and
Latin endings) that the layers try besides the query itself.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache

from ..errors import CorpusError
from .keys import has_cyrillic
from .model import is_title
from .morph import lemmas
from .translit import schemes, to_cyrillic

MAX_QUERY = 300


DOTTED_ABBR = re.compile(r"^(?:[^\W\d_](?:\.\s?|\s|$)){2,}$")


LATIN_ENDINGS = ("’s", "'s", "es", "s")  # genitive and plural in German and English


# Romanised Russian derivations (Vlasovtsy, Vlasovets, vlasovskii, vlasovshchina): only these
# are read back into Cyrillic for morphology, which is slow and otherwise invites merges.
DERIVED_LATIN_ENDINGS = ("tsy", "tsi", "tzy", "ets", "skii", "skiy", "sky", "ski", "shchina")


@cache
def english_style_schemes() -> tuple[str, ...]:
    """The schemes that write those endings: the romanisations of Russian as such (tag ru-Latn)
    and the English one. Reading back through the others too (Hungarian, Swedish …) cost the
    first such query a second of building their reverse tables, and found nothing more."""
    return tuple(s.id for s in schemes() if s.tag.startswith(("ru-Latn", "en-")))


SPACE_BEFORE_COMMA = re.compile(r" +,")


# A dash, spaced or not, between an ordinal's digits and its Russian ending.
ORDINAL_DASH = re.compile(r"(?<=\d)\s*[-–—]\s*(?=(?:го|й|я|е|ю|ой|ым|ом|му|х|ми|ая|ое|ые|ых)\b)")


def clean_query(query: str) -> str:
    """Strip what cannot be a name: control characters, surrogates, excess length."""
    if not isinstance(query, str):
        raise CorpusError("a query must be text", rule="bad-query")
    text = "".join(ch for ch in query if unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))
    text = SPACE_BEFORE_COMMA.sub(",", " ".join(text.split()))  # Хрущёв , Никита
    text = ORDINAL_DASH.sub("-", text)  # 1 —го Украинского фронта, 1–й бригады
    if len(text) > MAX_QUERY:
        raise CorpusError(f"a query is at most {MAX_QUERY} characters, got {len(text)}",
                          rule="bad-query")
    return text


def query_variants(query: str) -> list[str]:
    """The query; without the dots or spaces of an abbreviation (R.O.A., N T S); inverted
    from a catalogue heading (Vlasov, Andrei); without leading titles (General, генерала)."""
    out = [query]
    if DOTTED_ABBR.match(query):
        out.append(re.sub(r"[.\s]", "", query))
    if query.count(",") == 1:
        surname, rest = (part.strip() for part in query.split(","))
        if surname and rest:
            out.append(f"{rest} {surname}")
    words = out[-1].split()
    while len(words) > 1 and is_title(words[0]):
        words = words[1:]
        out.append(" ".join(words))
    return out


def morphological_variants(query: str) -> list[str]:
    """Lemmas of a Russian query (Власова -> власов, Власовцы -> власов); for a Latin one, the
    query without an inflectional ending (Wlassows, Hiwis) and the lemma of its Cyrillic
    reading (Vlasovtsy -> Власовцы -> власов)."""

    words = query.split()
    if has_cyrillic(query):
        options = [lemmas(w) or [w.lower()] for w in words]
        phrases = [" ".join(o[0] for o in options)]
        return phrases + (options[0][1:] if len(words) == 1 else [])
    if len(words) != 1:
        return []
    out = [query[:-len(end)] for end in LATIN_ENDINGS
           if query.endswith(end) and len(query) - len(end) >= 4]
    if query.casefold().endswith(DERIVED_LATIN_ENDINGS):
        for cyrillic in to_cyrillic(query, among=english_style_schemes())[:2]:
            out.extend(lemmas(cyrillic)[1:])  # the derived base, not the word itself
    return out
