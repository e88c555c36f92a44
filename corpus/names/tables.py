"""The name model's data, read once from the TOML files beside this module.

Titles, particles, initials, forename groups, declension endings and script readings are
tables, like the transliteration schemes, so a scholar who meets a new rank or a new case
ending adds a line of data, not code. Every table is folded here (case, diacritics) into the
form the matcher compares, so no caller folds again.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .keys import cross_key, fold, lowered

HERE = Path(__file__).parent


def _load(name: str) -> dict:
    with open(HERE / name, "rb") as fh:
        return tomllib.load(fh)


@cache
def _title_tables() -> dict[str, dict]:
    return _load("titles.toml")


@cache
def titles() -> dict[int, frozenset[str]]:
    """Folded title phrases by their number of words (so the longest is tried first)."""
    by_size: dict[int, set[str]] = {}
    for table in _title_tables().values():
        for title in table["titles"]:
            key = fold(title).replace(".", "")
            by_size.setdefault(len(key.split()), set()).add(key)
    return {size: frozenset(keys) for size, keys in by_size.items()}


@cache
def title_words() -> frozenset[str]:
    return titles().get(1, frozenset())


SUFFIXED_TITLE_LANGUAGES = ("ja", "zh", "ko")


@cache
def suffixed_titles() -> tuple[str, ...]:
    """The titles of the languages that write them after the name (ja, zh, ko), longest first."""
    tables = _title_tables()
    found = {t for lang in SUFFIXED_TITLE_LANGUAGES for t in tables.get(lang, {}).get("titles", ())}
    return tuple(sorted(found, key=lambda t: (-len(t), t)))


@cache
def title_languages() -> dict[str, frozenset[str]]:
    """The languages whose table has each one-word title: a declined title must be declined
    by an ending of one of them (Estonian -l does not make Marshall a marshal)."""
    out: dict[str, set[str]] = {}
    for lang, table in _title_tables().items():
        for title in table["titles"]:
            out.setdefault(fold(title).replace(".", ""), set()).add(lang)
    return {key: frozenset(langs) for key, langs in out.items()}


@cache
def _parts() -> dict:
    return _load("parts.toml")


@cache
def particles() -> frozenset[str]:
    return frozenset(fold(p) for p in _parts()["particles"])


@cache
def capitalised_particles() -> frozenset[str]:
    return frozenset(fold(p) for p in _parts()["capitalised_particles"])


@cache
def suffixes() -> frozenset[str]:
    return frozenset(fold(s).replace(".", "") for s in _parts()["suffixes"])


@cache
def nouns_capitalised() -> frozenset[str]:
    return frozenset(_parts()["nouns_capitalised"])


@cache
def noun_markers() -> frozenset[str]:
    """Words that mark a following noun, in the nouns_capitalised languages."""
    return frozenset(_parts()["noun_markers"])


@cache
def ordinary_capitalised(lang: str) -> frozenset[str]:
    """Capitalised words of a language that name no one (months, weekdays, adjectives of
    peoples): never a name to review."""
    return frozenset(_parts().get("ordinary_capitalised", {}).get(lang.split("-")[0], ()))


@cache
def connectors() -> frozenset[str]:
    return frozenset(fold(s) for s in _parts()["connectors"])


@cache
def latin_initials() -> dict[str, frozenset[str]]:
    """Latin initial (folded, with its own diacritics kept) -> the Cyrillic letters it may
    stand for."""
    table = _load("initials.toml")["latin"]
    return {k.casefold(): frozenset(v.casefold()) for k, v in table.items()}


@cache
def forename_groups() -> dict[str, frozenset[int]]:
    """Cross-scheme key of a forename -> the numbers of the groups it belongs to."""
    out: dict[str, set[int]] = {}
    for number, group in enumerate(_load("forenames.toml")["groups"]):
        for name in group:
            out.setdefault(cross_key(name), set()).add(number)
    return {k: frozenset(v) for k, v in out.items()}


@dataclass(frozen=True)
class Endings:
    language: str
    script: str  # Latn | Cyrl
    endings: tuple[tuple[str, str], ...]
    reaches: tuple[str, ...] = ()  # other languages whose spellings its endings may reach


@dataclass(frozen=True)
class Declension:
    min_stem: int
    min_stem_alone: int
    alone_endings: frozenset[str]
    languages: tuple[Endings, ...]


@cache
def declension() -> Declension:
    data = _load("declension.toml")
    languages = tuple(
        Endings(lang, spec["script"], tuple((lowered(e), lowered(r)) for e, r in spec["endings"]),
                tuple(spec.get("reaches", ())))
        for lang, spec in data.items() if isinstance(spec, dict))
    return Declension(data["min_stem"], data["min_stem_alone"],
                      frozenset(lowered(e) for e in data["alone_endings"]), languages)


@dataclass(frozen=True)
class ScriptReading:
    script: str  # ISO 15924 code
    transform: str  # ICU transform id
    rewrites: tuple[tuple[str, str], ...]
    abjad: bool
    # (what is written joined to the word after it, what stands in its place), longest first
    clitics: tuple[tuple[str, str], ...] = ()
    conflates: bool = False  # one letter for several Latin consonants (Thai ก is g and k)
    # (case suffix, what stands in its place), longest first: Georgian სტალინმა, მოსკოვში
    suffixes: tuple[tuple[str, str], ...] = ()


@cache
def script_readings() -> dict[str, ScriptReading]:
    return {code: ScriptReading(code, spec["transform"],
                                tuple((p, r) for p, r in spec.get("rewrites", ())),
                                bool(spec.get("abjad")),
                                tuple(sorted(((c, "") if isinstance(c, str) else tuple(c)
                                              for c in spec.get("clitics", ())),
                                             key=lambda c: -len(c[0]))),
                                bool(spec.get("conflates") or spec.get("abjad")),
                                tuple(sorted((tuple(c) for c in spec.get("suffixes", ())),
                                             key=lambda c: -len(c[0]))))
            for code, spec in _load("scripts.toml").items()}
