"""Transliteration from Cyrillic to Latin by named scheme (:func:`to_latin`).

It runs the engine a scheme's data file names (ICU, ICU rules, iuliia, transliterate). Text is
cut into Cyrillic words and each lower-cased word goes through the engine once: ICU gets much
slower on long strings, word-level results cache well (names repeat), and case is restored
afterwards so that the rule files only need lower-case rules. Engines are imported lazily so
that ``import corpus`` stays light.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from functools import cache

from ...errors import CorpusError
from ..schemes import Scheme, load_schemes

# Letters of the Cyrillic blocks, plus combining marks so that a decomposed й
# stays inside its word.
_CYRILLIC_WORD = re.compile(r"[\u0400-\u052F\u1C80-\u1C8F\u2DE0-\u2DFF\uA640-\uA69F\u0300-\u036F]+")
_SURROGATE = re.compile(r"[\ud800-\udfff]")




class UnknownScheme(CorpusError, ValueError):
    """A scheme id that no data file defines (a CorpusError, so the CLI prints one line)."""

    def __init__(self, scheme_id: object):
        valid = ", ".join(load_schemes())
        super().__init__(f"unknown scheme {scheme_id!r}; valid: {valid}", rule="unknown-scheme")
        self.scheme_id = scheme_id


def schemes() -> list[Scheme]:
    """Every scheme, as loaded from ``corpus/names/schemes/*.toml``."""
    return list(load_schemes().values())


def scheme(scheme_id: str) -> Scheme:
    """The scheme with this id, or :class:`UnknownScheme`."""
    try:
        return load_schemes()[scheme_id]
    except (KeyError, TypeError):
        raise UnknownScheme(scheme_id) from None


# --------------------------------------------------------------------------
# Engines: each factory turns a scheme's [engine] table into a function from a
# list of lower-case Cyrillic words to their Latin renderings.  A list, so an
# engine whose per-call cost dominates can take many words in one call.

WordsFn = Callable[[Sequence[str]], list[str]]


def _icu_post(spec: dict) -> Callable[[str], str]:
    post = spec.get("post")
    if not post:
        return lambda s: s
    # imported here, at first use: ICU takes 39 ms to import
    import icu

    return icu.Transliterator.createInstance(post).transliterate


def _one_by_one(fn: Callable[[str], str], post: Callable[[str], str]) -> WordsFn:
    return lambda words: [post(fn(w)) for w in words]


def _joined(fn: Callable[[str], str], post: Callable[[str], str]) -> WordsFn:
    """Run several words in one engine call, separated by newlines.

    Only for engines without end-of-text anchors (iuliia and transliterate cut
    words themselves), where one call over n words is much cheaper than n.
    """

    def run(words: Sequence[str]) -> list[str]:
        if len(words) < 2:
            return [post(fn(w)) for w in words]
        out = post(fn("\n".join(words))).split("\n")
        if len(out) != len(words):  # an engine ate a newline: fall back
            return [post(fn(w)) for w in words]
        return out

    return run


def _icu_engine(spec: dict) -> WordsFn:
    # imported here, at first use: ICU takes 39 ms to import
    import icu

    return _one_by_one(icu.Transliterator.createInstance(spec["id"]).transliterate, _icu_post(spec))


def _icu_rules_engine(spec: dict) -> WordsFn:
    # imported here, at first use: ICU takes 39 ms to import
    import icu

    tr = icu.Transliterator.createFromRules(
        spec.get("name", "corpus"), spec["rules"], icu.UTransDirection.FORWARD
    )
    return _one_by_one(tr.transliterate, _icu_post(spec))


def _iuliia_engine(spec: dict) -> WordsFn:
    # imported here, at first use: an engine only some schemes use
    import iuliia

    return _joined(getattr(iuliia, spec["schema"].upper()).translate, _icu_post(spec))


def _transliterate_engine(spec: dict) -> WordsFn:
    # imported here, at first use: an engine only some schemes use
    from transliterate import translit

    lang = spec["language"]
    return _joined(lambda s: translit(s, lang, reversed=True), _icu_post(spec))


_ENGINE_FACTORIES: dict[str, Callable[[dict], WordsFn]] = {
    "icu": _icu_engine,
    "icu-rules": _icu_rules_engine,
    "iuliia": _iuliia_engine,
    "transliterate": _transliterate_engine,
}


@cache
def _engine(scheme_id: str) -> WordsFn:
    """The compiled engine of a scheme, built once."""
    spec = dict(scheme(scheme_id).engine)
    return _ENGINE_FACTORIES[spec["kind"]](spec)


def _word(scheme_id: str, word: str) -> str:
    return _words(scheme_id, [word])[word]


def _words(scheme_id: str, words: Iterable[str]) -> dict[str, str]:
    """Lower-case words -> Latin, using the cache and batching the misses."""
    unique = list(dict.fromkeys(words))
    done: dict[str, str] = {}
    missing = []
    for w in unique:
        hit = _cached(scheme_id, w)
        if hit is None:
            missing.append(w)
        else:
            done[w] = hit
    if missing:
        for w, out in zip(missing, _engine(scheme_id)(missing), strict=True):
            _store(scheme_id, w, out)
            done[w] = out
    return done


# Word-level cache shared by single calls and batches: a batch asks "do you
# have it?" for each word and sends only the misses to the engine, in one call.
_BATCH_CACHE: dict[tuple[str, str], str] = {}
_BATCH_CACHE_LIMIT = 200_000


def _cached(scheme_id: str, word: str) -> str | None:
    return _BATCH_CACHE.get((scheme_id, word))


def _store(scheme_id: str, word: str, out: str) -> None:
    if len(_BATCH_CACHE) >= _BATCH_CACHE_LIMIT:
        _BATCH_CACHE.clear()
    _BATCH_CACHE[(scheme_id, word)] = out


# --------------------------------------------------------------------------
# Case: rules are written for lower case; the word's shape is put back after.


def _case_shape(word: str) -> str:
    letters = [c for c in word if c.isalpha()]
    if not letters or all(c.islower() for c in letters):
        return "lower"
    if len(letters) > 1 and all(c.isupper() for c in letters):
        return "upper"
    return "title" if letters[0].isupper() else "lower"


def _apply_shape(text: str, shape: str) -> str:
    if shape == "upper":
        return text.upper()
    if shape == "title":
        for i, c in enumerate(text):
            if c.isalpha():
                return text[:i] + c.upper() + text[i + 1 :]
    return text


def _clean(text: object) -> str:
    if not isinstance(text, str):
        text = "" if text is None else str(text)
    return unicodedata.normalize("NFC", _SURROGATE.sub("\ufffd", text))


def to_latin(text: str, scheme_id: str) -> str:
    """Cyrillic -> Latin under ``scheme_id``; non-Cyrillic text passes through.

    Raises :class:`UnknownScheme` for an id no data file defines; any string
    (control characters, lone surrogates, very long text) is otherwise fine.
    """
    scheme(scheme_id)  # validate early, even for text with no Cyrillic
    text = _clean(text)
    matches = list(_CYRILLIC_WORD.finditer(text))
    if not matches:
        return text
    rendered = _words(scheme_id, (m.group().lower() for m in matches))
    out, last = [], 0
    for m in matches:
        word = m.group()
        out.append(text[last : m.start()])
        out.append(_apply_shape(rendered[word.lower()], _case_shape(word)))
        last = m.end()
    out.append(text[last:])
    return "".join(out)


# --------------------------------------------------------------------------
# Latin -> Cyrillic: generate from inverted chunk tables, verify by running the
# scheme forward.

