"""The forms a lookup searches, by key: the contract (`FormIndex`) and its in-memory kind.

Lookup reads every key through this Protocol, so the in-memory index built from the register
(`Index`, here) and the database's (`corpus.index.db.SqlIndex`, indexed SQL equality queries)
answer alike; mypy checks both against it.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from functools import cached_property
from typing import Protocol, runtime_checkable

from .forms import FormRow, form_rows
from .gloss import GlossIndex
from .persons import PersonIndex, part_rows
from .scripts import skeleton
from .searchkeys import query_keys


class RowsByKey(Protocol):
    """Form rows by one key's value (a dict in memory, an indexed column in the database)."""

    def get(self, key: str, default: Sequence[FormRow], /) -> Sequence[FormRow]: ...

    def __getitem__(self, key: str, /) -> Sequence[FormRow]: ...


class EntityTable(Protocol):
    def get(self, entity: str, /) -> tuple[str, str, str] | None: ...


@runtime_checkable
class FormIndex(Protocol):
    """The contract of what `Lookup` reads, so that the register in memory (`Index`) and the
    database (`db.SqlIndex`) are one matcher over two stores and cannot drift: the same rows
    under the same keys, in the same order (register order), give the same hits byte for byte
    (tests/test_names.py checks every evaluation query on both)."""

    @property
    def exact(self) -> RowsByKey: ...  # the form's text as written

    @property
    def fold(self) -> RowsByKey: ...  # keys.fold of the text

    @property
    def cross(self) -> RowsByKey: ...  # keys.cross_key: one key across scripts and schemes

    @property
    def phonetic(self) -> RowsByKey: ...

    @property
    def skeleton(self) -> Mapping[str, Sequence[FormRow]]: ...  # of the cross key; held whole

    @property
    def entities(self) -> EntityTable: ...  # id -> (type, label_en, label_ru)

    @property
    def persons(self) -> PersonIndex: ...  # the name model's parts of every person

    @property
    def fold_keys(self) -> Sequence[str]: ...  # sorted, for the fuzzy layer

    @property
    def gloss(self) -> GlossIndex: ...  # register names of all but persons, by concepts

    @property
    def cross_words(self) -> frozenset[str]: ...  # every word of every cross key

    def forms_with_words(self, keys: set[str]) -> list[tuple[str, int, int]]:
        """(entity, form number, word count) of the forms that contain every word key."""
        ...

    def rows_of(self, entity: str) -> list[FormRow]:
        """Every form of one entity, in register order."""
        ...


class Index:
    """Dictionaries from each key to the form rows that have it, plus entity metadata."""

    def __init__(self, rows: list[FormRow], entities: dict[str, tuple[str, str, str]],
                 name_rows: list[tuple[str, str, str]] | None = None):
        self.rows = rows
        self.persons = PersonIndex(name_rows or [])
        self.entities = entities  # id -> (type, label_en, label_ru)
        self.exact = defaultdict(list)
        self.fold = defaultdict(list)
        self.cross = defaultdict(list)
        self.phonetic = defaultdict(list)
        self.words = defaultdict(set)  # word key -> {(entity, form number)}
        self.form_sizes: dict[int, int] = {}
        self.skeleton = defaultdict(list)
        for number, row in enumerate(rows):
            self.exact[row.text].append(row)
            if not row.cross:  # a form no key can reach (蔣介石) is found by its text alone
                continue
            self.fold[row.fold].append(row)
            self.cross[row.cross].append(row)
            if row.phonetic:
                self.phonetic[row.phonetic].append(row)
            self.skeleton[skeleton(row.cross)].append(row)
            words = row_words(row)
            self.form_sizes[number] = len(words)
            for word in words:
                self.words[word].add((row.entity, number))
        self.fold_keys = sorted(self.fold)

    def forms_with_words(self, keys: set[str]) -> list[tuple[str, int, int]]:
        """(entity, form number, word count) of the forms that contain every key."""
        common = set.intersection(*(self.words.get(k, set()) for k in keys))
        return [(entity, n, self.form_sizes[n]) for entity, n in common]

    def rows_of(self, entity: str) -> list[FormRow]:
        return [r for r in self.rows if r.entity == entity]

    @cached_property
    def cross_words(self) -> frozenset[str]:
        return frozenset(w for key in self.cross for w in key.split())

    @cached_property
    def gloss(self) -> GlossIndex:
        return GlossIndex([(r.entity, r.text) for r in self.rows if r.source == "register"
                           and (self.entities.get(r.entity) or ("",))[0] != "person"])

    @classmethod
    def from_register(cls, register) -> Index:
        entities = {e.id: (e.type, e.label_en, e.label_ru) for e in register}
        return cls(form_rows(register), entities, part_rows(register))


def row_words(row: FormRow) -> set[str]:
    """Word keys of a form (lemma, then cross-scheme key), to match a multi-word query word
    by word whatever its word order, case endings or scheme."""
    return word_keys(row.fold)


def word_keys(text: str) -> set[str]:
    return set(query_keys(text)) - {""}
