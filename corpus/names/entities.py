"""The register's entities as plain objects: what every stage after the TEI works with.

An entity (person, organisation, place or key term) has its forms (names, abbreviations,
variants, each with its language tag and whether a source attests it) and, for a person, the
parts of each name. `corpus.tei.read.register` reads them from the TEI; the name model, the forms
table and the lookup read them here, without XML.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from .keys import has_cyrillic


@dataclass(frozen=True)
class Form:
    text: str
    lang: str
    type: str  # main | abbr | variant
    attested: bool
    line: int | None = None
    # (part, text) of a personal name marked up in TEI: forename, patronymic, surname,
    # particle (nameLink), title (roleName); empty where the register gives none
    parts: tuple[tuple[str, str], ...] = ()

    @property
    def script(self) -> str:
        return "Cyrl" if has_cyrillic(self.text) else "Latn"


@dataclass
class Entity:
    id: str
    type: str
    subtype: str
    forms: list[Form]
    note: str = ""
    facts: dict[str, str] = field(default_factory=dict)
    line: int | None = None
    # identifiers in other schemes, by TEI idno/@type: a place's CLDR code (corpus.names.cldr)
    codes: dict[str, str] = field(default_factory=dict)

    def label(self, lang: str) -> str:
        for form in self.forms:
            if form.type == "main" and form.lang == lang:
                return form.text
        return ""

    @property
    def label_en(self) -> str:
        return self.label("en")

    @property
    def label_ru(self) -> str:
        return self.label("ru")


class Register:
    def __init__(self, entities: list[Entity], path: Path | None = None):
        self.path = path
        self.entities = entities
        self.by_id = {e.id: e for e in entities}

    def __len__(self) -> int:
        return len(self.entities)

    def __iter__(self):
        return iter(self.entities)

    def __contains__(self, entity_id: str) -> bool:
        return entity_id in self.by_id

    @cached_property
    def forms(self) -> list[tuple[Entity, Form]]:
        return [(e, f) for e in self.entities for f in e.forms]
