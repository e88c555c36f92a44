"""Russian morphology for names: lemmas of inflected forms, and all forms of a lemma.

Built on pymorphy3 (its OpenCorpora dictionary tags surnames ``Surn``, first
names ``Name``, patronymics ``Patr``).  The analyser takes ~0.1 s and ~15 MB to
load, so it is created once, on first use, never at import time.

pymorphy3 knows inflection but not derivation: it lemmatises ``Власовцы`` to
``власовец`` and ``власовский`` to itself.  For the corpus those words point at
Vlasov, so :data:`DERIVATIONAL_SUFFIXES` (a small table, not a rule engine)
strips the suffixes that turn a surname into a follower noun (-ец, plural
-цы), an adjective (-ский) or a movement (-щина), and the result is accepted
only if the dictionary knows it as a surname: ``московский`` -> ``москов`` is
thereby refused.
"""

from __future__ import annotations

from functools import cache, lru_cache

__all__ = [
    "DERIVATIONAL_SUFFIXES",
    "analyzer",
    "inflections",
    "is_known",
    "lemmas",
    "name_rank",
]

# (suffix of the lemma, what replaces it): the surname stem (-ов/-ев/-ин/-ын) is
# kept so only surname-shaped stems can come out.
DERIVATIONAL_SUFFIXES: tuple[tuple[str, str], ...] = (
    ("овщина", "ов"),
    ("евщина", "ев"),
    ("инщина", "ин"),
    ("овец", "ов"),
    ("евец", "ев"),
    ("инец", "ин"),
    ("овцы", "ов"),
    ("евцы", "ев"),
    ("овский", "ов"),
    ("евский", "ев"),
    ("инский", "ин"),
    ("ынский", "ын"),
)

# Grammemes that mark a personal name; parses carrying them rank first.
_NAME_GRAMMEMES = ("Surn", "Name", "Patr")
_CASES = ("nomn", "gent", "datv", "accs", "ablt", "loct")


@cache
def analyzer():
    """The shared pymorphy3 MorphAnalyzer, created on first call."""
    # imported here, at first use: pymorphy3 takes 28 ms to import (its dictionaries more)
    import pymorphy3

    return pymorphy3.MorphAnalyzer()


def _is_name(parse) -> bool:
    return any(g in parse.tag for g in _NAME_GRAMMEMES)


@lru_cache(maxsize=100_000)
def is_known(word: str) -> bool:
    """Whether the dictionary (not the guesser) knows this word, case aside."""
    try:
        return bool(word) and analyzer().word_is_known(word.lower())
    except Exception:  # pymorphy rejects some odd input; unknown is the honest answer
        return False


@lru_cache(maxsize=100_000)
def is_ordinary_word(word: str) -> bool:
    """Whether the dictionary knows a Russian word only as an ordinary word (Гражданской,
    Истории), never as a name, surname, patronymic, place or organisation: a capitalised
    ordinary word starts a title or a sentence rather than naming someone."""
    if not is_known(word):
        return False
    parses = [p for p in analyzer().parse(word.lower()) if p.is_known]
    return bool(parses) and not any(_is_name(p) or {"Geox"} in p.tag or {"Orgn"} in p.tag
                                    for p in parses)


@lru_cache(maxsize=100_000)
def is_forename_word(word: str, dictionary_form: bool = False) -> bool:
    """Whether the dictionary (not the guesser) knows the word as a first name, in any case
    (Всеволодом) or, with `dictionary_form`, only as written in the dictionary: a Latin word
    read into Cyrillic must be a name as it stands (Яков), not the vocative Мить that Mit
    reads as."""
    word = word.lower()
    return is_known(word) and any("Name" in p.tag and (p.normal_form == word
                                                       or not dictionary_form)
                                  for p in analyzer().parse(word) if p.is_known)


@lru_cache(maxsize=100_000)
def name_rank(word: str) -> float:
    """How much a word looks like a name in its dictionary form, from 0 to 2.

    1 if the dictionary knows the word, plus pymorphy's probability that it is
    a name (surname, first name, patronymic) in the nominative singular.  Used
    to rank transliteration candidates: Андрей (a name, surely nominative)
    beats Андреи (an indeclinable name reading, and a plural of Андрей).
    """
    if not is_known(word):
        return 0.0
    parses = analyzer().parse(word.lower())
    named = sum(p.score for p in parses if _is_name(p) and {"nomn", "sing"} in p.tag)
    return 1.0 + min(named, 1.0)


def _is_surname(word: str) -> bool:
    return is_known(word) and any("Surn" in p.tag for p in analyzer().parse(word))


def _derived_base(lemma: str) -> str | None:
    for suffix, replacement in DERIVATIONAL_SUFFIXES:
        if lemma.endswith(suffix) and len(lemma) > len(suffix) + 1:
            base = lemma[: -len(suffix)] + replacement
            if _is_surname(base):
                return base
    return None


@lru_cache(maxsize=100_000)
def _lemmas(word: str) -> tuple[str, ...]:
    parses = analyzer().parse(word)
    ordered = sorted(parses, key=lambda p: (not _is_name(p), -p.score))
    out = list(dict.fromkeys(p.normal_form.replace("ё", "е") for p in ordered))
    for lemma in list(out) + [word.lower()]:
        base = _derived_base(lemma)
        if base and base not in out:
            out.append(base)
    return tuple(out)


def lemmas(word: str) -> list[str]:
    """Lower-case lemmas of a Russian word form, likeliest first.

    Name readings (surname, first name, patronymic) come before common-noun
    ones, so ``Власова`` gives ``власов`` first.  Derived words add their
    surname base last (``Власовцы`` -> ``власовец``, ``власов``).  ё is written
    е in lemmas, as in the texts.  Never raises; empty input gives ``[]``.
    """
    if not isinstance(word, str) or not word.strip():
        return []
    try:
        return list(_lemmas(word.strip()))
    except Exception:  # pymorphy on exotic input: no lemma rather than a crash
        return []


def _pick_parse(word: str):
    parses = analyzer().parse(word)
    lower = word.lower()
    for wanted in (lambda p: "Surn" in p.tag, _is_name, lambda p: True):
        for p in parses:
            if wanted(p) and p.normal_form == lower:
                return p
    return parses[0] if parses else None


def _shape(template: str, form: str) -> str:
    if template.isupper() and len(template) > 1:
        return form.upper()
    if template[:1].isupper():
        return form[:1].upper() + form[1:]
    return form


def _word_forms(word: str) -> set[str]:
    parse = _pick_parse(word)
    if parse is None:
        return {word}
    return {_shape(word, f.word) for f in parse.lexeme} | {word}


def _phrase_forms(words: list[str]) -> set[str]:
    """Each case of a multi-word name, the words agreeing in case and number."""
    parses = [_pick_parse(w) for w in words]
    forms = {" ".join(words)}
    for number in ("sing", "plur"):
        for case in _CASES:
            out = []
            for w, p in zip(words, parses, strict=True):
                inflected = p.inflect({case, number}) if p is not None else None
                out.append(_shape(w, inflected.word) if inflected else w)
            forms.add(" ".join(out))
    return forms


def inflections(lemma: str) -> set[str]:
    """Every inflected form of a Russian name (or word), shaped like the input's case.

    A surname gives its whole paradigm, masculine, feminine and plural
    (Власов -> Власова, Власову, Власовым, Власове, Власовой, Власовы, ...), so
    the annotator can find ``братья Власовы`` too.  A multi-word name gives
    each case with the words agreeing.  Unknown words still get pymorphy's
    guessed paradigm; the input itself is always included.
    """
    if not isinstance(lemma, str) or not lemma.strip():
        return set()
    words = lemma.split()
    try:
        if len(words) == 1:
            return _word_forms(words[0])
        return _phrase_forms(words)
    except Exception:  # never let morphology break annotation
        return {lemma}
