"""SQL functions shared by the library, the Datasette plugin and `sqlite-utils --functions`.

With these a query written in Datasette's SQL box can match spellings the way lookup does:
`select * from forms where cross = corpus_key('Wlassow')`.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable

from ..names.keys import cross_key, fold, phonetic_key
from ..names.translit import to_latin

# The longest argument a function takes, in characters: a name or a passage, not a file. A
# longer one is refused (SQLite reports the function's error), so that no query in Datasette's
# SQL box can keep a worker busy past its time limit (a 1 MB argument took 24 s).
MAX_ARGUMENT = 10_000


def _text(value, name: str) -> str:
    text = str(value)
    if len(text) > MAX_ARGUMENT:
        raise ValueError(f"{name}: argument of {len(text)} characters, at most {MAX_ARGUMENT}")
    return text


def corpus_key(text):
    return None if text is None else cross_key(_text(text, "corpus_key"))


def corpus_fold(text):
    return None if text is None else fold(_text(text, "corpus_fold"))


def corpus_phonetic(text):
    return None if text is None else phonetic_key(_text(text, "corpus_phonetic"))


def corpus_translit(text, scheme):
    """Cyrillic to a scheme's Latin; NULL in, NULL out."""

    return None if text is None else to_latin(_text(text, "corpus_translit"), str(scheme))


def corpus_match(text, query):
    """1 when two spellings share the cross-scheme key (Власов, Wlassow), else 0."""
    if text is None or query is None:
        return None
    return int(corpus_key(text) == corpus_key(query) != "")


FUNCTIONS: dict[str, Callable[..., object]] = {
    "corpus_key": corpus_key,
    "corpus_fold": corpus_fold,
    "corpus_phonetic": corpus_phonetic,
    "corpus_translit": corpus_translit,
    "corpus_match": corpus_match,
}


def register_sql_functions(conn) -> None:
    """Register every corpus_* function on a sqlite3 connection (deterministic ones)."""

    for name, func in FUNCTIONS.items():
        conn.create_function(name, len(inspect.signature(func).parameters), func,
                             deterministic=True)
