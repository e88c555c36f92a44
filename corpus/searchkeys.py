"""Search keys for running text: one key per word, the same whichever script or scheme.

The FTS index holds, beside each segment's text, a parallel column of word keys (the
cross-scheme key of the word's lemma). A query goes through the same function, so `Власов`,
`Власова`, `Vlasov` and `Wlassow` all become the same token and find the same passages. Keys
are cached per word form: a corpus repeats its vocabulary, so the cost is per distinct word.
"""

from __future__ import annotations

import re
from functools import lru_cache

WORD = re.compile(r"\w+")


@lru_cache(maxsize=500_000)
def word_key(word: str) -> str:
    from .keys import cross_key, fold, has_cyrillic

    word = fold(word)  # first, so a Latin 'a' inside a Cyrillic word is Cyrillic for pymorphy
    if has_cyrillic(word):
        from .morph import lemmas

        found = lemmas(word)
        word = found[0] if found else word
    key = cross_key(word).replace(" ", "")
    return key or word.casefold()


_known: dict[str, str] = {}  # word_key without the LRU bookkeeping, for running text


def text_keys(text: str) -> str:
    words = WORD.findall(text)
    try:
        return " ".join(map(_known.__getitem__, words))
    except KeyError:
        if len(_known) > 500_000:  # bounded, like word_key's cache
            _known.clear()
        for word in words:
            _known[word] = word_key(word)
        return " ".join(map(_known.__getitem__, words))


def query_keys(query: str) -> list[str]:
    return [word_key(w) for w in WORD.findall(query)]
