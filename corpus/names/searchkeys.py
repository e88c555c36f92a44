"""Search keys for running text: one key per word, the same whichever script or scheme.

The FTS index holds, beside each segment's text, a parallel column of word keys (the
cross-scheme key of the word's lemma). A query goes through the same function, so `Власов`,
`Власова`, `Vlasov` and `Wlassow` all become the same token and find the same passages. Keys
are cached per word form: a corpus repeats its vocabulary, so the cost is per distinct word.
"""

from __future__ import annotations

import re
from functools import lru_cache

from .keys import cross_key, fold, has_cyrillic
from .morph import lemmas

WORD = re.compile(r"\w+")


@lru_cache(maxsize=500_000)
def word_key(word: str) -> str:
    word = fold(word)  # first, so a Latin 'a' inside a Cyrillic word is Cyrillic for pymorphy
    if has_cyrillic(word):
        found = lemmas(word)
        word = found[0] if found else word
    key = cross_key(word).replace(" ", "")
    return key or word.casefold()


_known: dict[str, str] = {}  # the keys of each whitespace-separated token of running text


def text_keys(text: str) -> str:
    """Splitting at whitespace (in C) rather than at word boundaries, and caching the keys of
    each token ("Vlasov," -> "vlasov", "ROA/KONR" -> "roa konr", "--" -> ""), gives the same
    keys twice as fast: a word never spans whitespace."""
    tokens = text.split()
    try:
        return " ".join(filter(None, map(_known.__getitem__, tokens)))
    except KeyError:
        if len(_known) > 500_000:  # bounded, like word_key's cache
            _known.clear()
        for token in tokens:
            if token not in _known:
                _known[token] = " ".join(map(word_key, WORD.findall(token)))
        return " ".join(filter(None, map(_known.__getitem__, tokens)))


def query_keys(query: str) -> list[str]:
    return [word_key(w) for w in WORD.findall(query)]
