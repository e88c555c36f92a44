"""Transliteration schemes, one TOML data file per scheme.

Schemes are data, not code, so that a scholar can read (and cite) what each
system does and so that every file's ``samples`` double as tests.  This module
only reads and validates the files; running them is :mod:`corpus.names.translit`'s
job.

A scheme file has ``id``, ``tag`` (BCP 47, RFC 6497 extension T), ``label``,
``description``, ``source`` (the standard or style guide the samples follow),
an ``[engine]`` table and ``[[samples]]`` (``cyrillic`` -> expected ``latin``,
optional ``note``/``source``).  Engine kinds:

``icu``            a built-in ICU transform id (``id``), e.g. ``Russian-Latin/BGN``
``icu-rules``      ICU transform rules kept in the file (``rules``)
``iuliia``         an iuliia schema by name (``schema``)
``transliterate``  a language pack of the ``transliterate`` package (``language``)

Any engine may name ``post``, an ICU compound transform id applied to its
output (e.g. ``NFC`` or ``[\\u0361] Remove; NFC``).
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from types import MappingProxyType

# Which key in [engine] each kind needs; checked on load so a broken data file
# fails at once with its name rather than deep inside a transliteration call.
_REQUIRED_ENGINE_KEYS = {
    "icu": "id",
    "icu-rules": "rules",
    "iuliia": "schema",
    "transliterate": "language",
}
ENGINE_KINDS = tuple(_REQUIRED_ENGINE_KEYS)


class SchemeError(ValueError):
    """A scheme data file is malformed."""


@dataclass(frozen=True)
class Sample:
    """A published (Cyrillic, Latin) pair the scheme must reproduce."""

    cyrillic: str
    latin: str
    note: str = ""
    source: str = ""


@dataclass(frozen=True)
class Scheme:
    """One transliteration system, as described by its data file."""

    id: str
    tag: str
    label: str
    description: str
    source: str
    engine: Mapping[str, str]
    samples: tuple[Sample, ...] = field(default_factory=tuple)

    @property
    def kind(self) -> str:
        """The engine kind (``icu``, ``icu-rules``, ``iuliia``, ``transliterate``)."""
        return self.engine["kind"]


def _parse(name: str, data: dict) -> Scheme:
    for key in ("id", "tag", "label", "description", "source", "engine", "samples"):
        if key not in data:
            raise SchemeError(f"{name}: missing {key!r}")
    engine = dict(data["engine"])
    kind = engine.get("kind")
    if kind not in ENGINE_KINDS:
        raise SchemeError(f"{name}: engine kind {kind!r} not one of {ENGINE_KINDS}")
    if _REQUIRED_ENGINE_KEYS[kind] not in engine:
        raise SchemeError(f"{name}: engine {kind!r} needs {_REQUIRED_ENGINE_KEYS[kind]!r}")
    samples = tuple(Sample(**s) for s in data["samples"])
    if len(samples) < 5:
        raise SchemeError(f"{name}: needs at least 5 samples, has {len(samples)}")
    return Scheme(
        id=data["id"],
        tag=data["tag"],
        label=data["label"],
        description=data["description"],
        source=data["source"],
        engine=MappingProxyType(engine),
        samples=samples,
    )


@cache
def load_schemes() -> Mapping[str, Scheme]:
    """Read every ``*.toml`` beside this module, keyed by scheme id, in file-name order."""
    found: dict[str, Scheme] = {}
    files = sorted(
        (f for f in resources.files(__package__).iterdir() if f.name.endswith(".toml")),
        key=lambda f: f.name,
    )
    for f in files:
        scheme = _parse(f.name, tomllib.loads(f.read_text(encoding="utf-8")))
        if scheme.id in found:
            raise SchemeError(f"{f.name}: duplicate scheme id {scheme.id!r}")
        found[scheme.id] = scheme
    return MappingProxyType(found)
