"""What a lookup answers: one entity, how sure, and which spelling and layer found it.

Both backends (the register in memory, the database) give these, and the CLI, the API and the
Datasette plugin print them, so the type lives apart from the matcher that makes it.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .translit import schemes


@dataclass
class Hit:
    id: str
    type: str
    label_en: str
    label_ru: str
    score: float
    matched: str
    how: str
    lang: str
    schemes: list[str] = field(default_factory=list)
    origin: str = ""
    ambiguous: bool = False

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def explain(self, query: str) -> str:
        """One sentence for people: 'Wlassow: German (Duden) rendering of Власов'."""
        if self.schemes:
            labels = {s.id: s.label for s in schemes()}
            names = ", ".join(labels.get(s, s) for s in self.schemes)
            return f"{query}: {names} rendering of {self.origin or self.label_ru}"
        return f"{query}: {self.how} match of {self.matched!r} ({self.label_en})"
