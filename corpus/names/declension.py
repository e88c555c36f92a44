"""The bases a declined name word may come from, in any language the tables cover.

`bases("Własowowi")` gives Własow (Polish dative), `bases("Vlasovem")` Vlasov (Czech
instrumental), `bases("Stalins")` Stalin (German genitive), `bases("КОНРа")` КОНР. Every
language's endings are tried, because a lookup query carries no language tag; the matcher only
accepts a base that is a known spelling of a name, and scores it below the word itself, so a
base is a candidate, never a verdict. Russian words go through pymorphy3 (`corpus.names.morph`)
as well, which knows Russian paradigms far better than suffix rules.
"""

from __future__ import annotations

from functools import cache, lru_cache

from .keys import has_cyrillic, lowered
from .morph import lemmas
from .tables import declension

_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


@lru_cache(maxsize=100_000)
def bases(word: str, alone: bool = False) -> tuple[str, ...]:
    """Candidate bases of one word (`lowered`, not folded: compare them through
    `keys.cross_key` or `keys.fold`), the word itself first, duplicates removed.
    `alone`: the word is a bare name, read through the safer endings only (the others are
    left to `language_bases`, which names the language each belongs to)."""
    folded = lowered(word)
    out = [folded]
    table = declension()
    for base, lang, ending in _reductions(word):
        if lang.startswith("abbreviation"):  # КОНРа, KONR-u: the capitals say enough
            out.append(base)
        elif not alone or (len(ending) >= 2 or ending in table.alone_endings) and \
                len(base) >= table.min_stem_alone:
            out.append(base)
    if has_cyrillic(folded):
        out.extend(lemmas(folded)[:3])
    return tuple(dict.fromkeys(b for b in out if b))


@lru_cache(maxsize=100_000)
def language_bases(word: str) -> tuple[tuple[str, str], ...]:
    """(base, language) for the one-letter endings a lone word is not read through by
    `bases`: Polish Moskwy, Czech Prahu, Slovak Rusku. Such a base may only stand for a
    register spelling of the same language (Moskwa is Polish), which a one-letter ending of
    that language can decline; Stalino (a Lithuanian genitive, and a town) is then not
    Stalin, whose register forms are not Lithuanian."""
    table = declension()
    return tuple(dict.fromkeys((base, reached) for base, lang, ending in _reductions(word)
                               if len(ending) < 2 and ending not in table.alone_endings
                               and len(base) >= table.min_stem_alone
                               for reached in _reaches()[lang]))


@lru_cache(maxsize=10_000)
def bases_by_language(word: str) -> tuple[tuple[str, frozenset[str]], ...]:
    """(base, languages) for every ending of every language the word can carry, each with
    the languages its endings reach; Russian lemmas (pymorphy3) as Russian."""
    out = [(base, _reaches()[lang]) for base, lang, _ in _reductions(word)]
    folded = lowered(word)
    if has_cyrillic(folded):
        out.extend((lemma, frozenset({"ru"})) for lemma in lemmas(folded)[:3])
    return tuple(out)


@cache
def _reaches() -> dict[str, frozenset[str]]:
    """Each language of the tables with the languages its endings may reach (itself first)."""
    return {lang.language: frozenset((lang.language, *lang.reaches))
            for lang in declension().languages}


def _reductions(word: str):
    """(base, language, ending) for every ending of every language the word can carry."""
    folded = lowered(word)
    if _abbreviation_with_ending(word) and "-" in folded:
        folded = folded.replace("-", "")
    table = declension()
    cyrillic = has_cyrillic(folded)
    last = folded[-1:]
    for lang in table.languages:
        abbreviation = lang.language.startswith("abbreviation")
        if (lang.script == "Cyrl") != cyrillic or (abbreviation and not
                                                   _abbreviation_with_ending(word)):
            continue
        for ending, replacement in _by_last_letter(lang).get(last, ()):
            if folded.endswith(ending) and len(folded) - len(ending) >= table.min_stem - (
                    abbreviation):
                base = folded[: len(folded) - len(ending)] + replacement
                if base:
                    yield base, lang.language, ending


@cache
def _by_last_letter(lang) -> dict[str, tuple[tuple[str, str], ...]]:
    """A language's endings by their last letter, in table order: a word is compared with
    the few that can end it, not with all of them (a lookup reduces every word of a query)."""
    out: dict[str, list[tuple[str, str]]] = {}
    for ending, replacement in lang.endings:
        out.setdefault(ending[-1:], []).append((ending, replacement))
    return {k: tuple(v) for k, v in out.items()}


def _abbreviation_with_ending(word: str) -> bool:
    """КОНРа, НКВДшник, РОВС-у: two or more Cyrillic capitals, then lower-case letters; or
    Latin capitals, a hyphen and the ending (KONR-u, NKWD-em)."""
    head = len(word) - len(word.lstrip(_CAPITALS))
    if head >= 2:
        return word[head:].lstrip("-").islower()
    capitals, hyphen, ending = word.partition("-")
    return bool(hyphen) and len(capitals) >= 2 and capitals.isupper() and capitals.isalpha() \
        and ending.islower() and ending.isalpha()
