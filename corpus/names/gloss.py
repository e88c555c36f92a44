"""Translated names of organisations and terms, matched by the concepts of their words.

A scholar reads "Bund russischer Solidaristen" or "Comitato di Liberazione del Popolo della
Russia" where the register has "National Alliance of Russian Solidarists" and "Committee for the
Liberation of the Peoples of Russia". No transliteration or declension rule bridges a translation;
the concept table (`glossary.toml`) does: each content word is reduced to a concept shared by
its translations (union, russia, solidarists), and a name matches a register name with the same
concepts, as a multiset and in any order. Words no concept knows are names (Vlasov, Lienz,
Kaminski) and must be found in the register name as well, through their cross-scheme key or a
declension base. Function words are dropped.

The layer is a guess: the lookup tries it only when the strong layers found nothing, scores it
below them, and accepts it only when one entity has that signature.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .declension import bases
from .keys import cross_key, fold, roman_to_arabic
from .tables import _load

WORD = re.compile(r"[^\W_]+", re.UNICODE)
APOSTROPHES = re.compile(r"['’]")
MIN_WORDS = 2  # concepts and names together; one word (army, party) names too many things
WHOLE_WORD_STEM = 3  # stems this short match a whole word only
COMPOUND_MIN = 10  # words this long are tried as compounds (Volksbefreiungsarmee)


@dataclass(frozen=True)
class Signature:
    concepts: tuple[str, ...]  # sorted multiset
    names: tuple[frozenset[str], ...]  # per name word: cross keys of its bases


@cache
def _glossary() -> tuple[dict[str, str], dict[str, str], frozenset[str]]:
    """(prefix stem -> concept, whole-word stem -> concept, function words), all folded."""
    data = _load("glossary.toml")
    prefixes: dict[str, str] = {}
    whole: dict[str, str] = {}
    for concept, stems in data["concepts"].items():
        for stem in stems:
            key = fold(stem)
            target = whole if len(key) <= WHOLE_WORD_STEM else prefixes
            target.setdefault(key, concept)
    return prefixes, whole, frozenset(fold(w) for w in data["function_words"])


def function_words() -> frozenset[str]:
    """Articles, prepositions, conjunctions of the glossary's languages, folded."""
    return _glossary()[2]


def concept_of(word: str) -> str | None:
    """The concept of one folded word: the longest stem it starts with, or a short stem it is."""
    prefixes, whole, _ = _glossary()
    if word in whole:
        return whole[word]
    for n in range(len(word), WHOLE_WORD_STEM, -1):
        concept = prefixes.get(word[:n])
        if concept:
            return concept
    return None


def compound_concepts(word: str) -> list[str]:
    """The concepts of a compound read left to right (volks|befrei|ungs|armee: nation,
    liberation, army), or [] unless it starts with a stem and holds two or more."""
    prefixes, _, _ = _glossary()
    found: list[str] = []
    i = 0
    while i < len(word):
        n = next((n for n in range(len(word) - i, WHOLE_WORD_STEM, -1)
                  if word[i:i + n] in prefixes), 0)
        if n:
            found.append(prefixes[word[i:i + n]])
            i += n
        elif not found:
            return []
        else:
            i += 1
    return found if len(found) >= 2 else []


# An ordinal in figures, with the ending its language writes (20th, 20e, 20º, 20-я; the dot of
# German 20. is no word character): a unit's number, the same in every language.
ORDINAL = re.compile(r"^(\d+)(?:st|nd|rd|th|e|er|eme|ème|de|ste|te|º|ª|o|a|i|go|[а-я]{1,3})?$")


# U.S., U. S. A.: one word (the concept american), not the letters u and s, which are function
# words of other languages
DOTTED_US = re.compile(r"\bU\.\s?S\.(?:\s?A\.)?")

# A Russian relational adjective, by its cross key (stalingradskaia, leningradskoi): the name
# it is made from is what is left before -sk-.
PLACE_ADJECTIVE = re.compile(r"^([a-z]{4,}?)sk(?:ii|i|aia|ai|a|oe|oi|ogo|omu|om|uiu|ikh|imi|ie)?$")


@lru_cache(maxsize=50_000)
def signature(text: str) -> Signature | None:
    """The concepts and name words of a name, or None when it has too few concepts to say."""
    _, _, function_words = _glossary()
    concepts: list[str] = []
    names: list[frozenset[str]] = []
    # d'État: d, État; III Rzeszy: 3 (a numeral of two letters or more, as the keys read it)
    text = DOTTED_US.sub("USA", roman_to_arabic(text))  # U.S.: not the letters u and s
    for word in WORD.findall(fold(APOSTROPHES.sub(" ", text))):
        if word in function_words:
            continue
        parts = compound_concepts(word) if len(word) >= COMPOUND_MIN else []
        if not parts and (concept := concept_of(word)):
            parts = [concept]
        if parts:
            concepts.extend(parts)
        elif number := ORDINAL.match(word):  # 20th, 20., 20e, 20-я: the number alone
            if (concept := concept_of(number.group(1))) is not None:
                concepts.append(concept)  # 1st, 3rd: the concepts first, third
            else:
                names.append(frozenset({number.group(1)}))
        else:
            keys = {k for k in (cross_key(b) for b in bases(word)) if k}
            # a place's adjective stands for the place (Сталинградская битва, battle of
            # Stalingrad; Ленинградской блокады, блокада Ленинграда)
            names.append(frozenset(keys | {m.group(1) for k in keys
                                           if (m := PLACE_ADJECTIVE.match(k))}))
    if not concepts or len(concepts) + len(names) < MIN_WORDS:
        return None
    return Signature(tuple(sorted(concepts)), tuple(names))


def _names_agree(query: tuple[frozenset[str], ...], form: tuple[frozenset[str], ...]) -> bool:
    """Each name word of the query pairs with a distinct one of the form's, sharing a key."""
    if len(query) != len(form):
        return False
    left = list(form)
    for keys in query:
        match = next((i for i, other in enumerate(left) if keys & other), None)
        if match is None:
            return False
        left.pop(match)
    return True


class GlossIndex:
    """Register forms of organisations and terms by their concepts."""

    def __init__(self, forms: list[tuple[str, str]]):
        """`forms`: (entity, text) of the register's own forms (not generated renderings)."""
        self.by_concepts: dict[tuple[str, ...], list[tuple[str, Signature]]] = {}
        for entity, text in forms:
            sig = signature(text)
            if sig is not None:
                self.by_concepts.setdefault(sig.concepts, []).append((entity, sig))

    def match(self, query: str) -> set[str]:
        """Entities with a register name of the query's concepts and names."""
        sig = signature(query)
        if sig is None:
            return set()
        return {entity for entity, form in self.by_concepts.get(sig.concepts, ())
                if _names_agree(sig.names, form.names)}
