"""Matching a parsed name against the register's persons, part by part.

A name fits a person when its surname is one of the person's surnames (through the same keys
as every other layer: folded, cross-scheme, a declension base) **and** every other part agrees:
an initial with the first sound of the forename or patronymic across scripts (`initials.toml`),
a full forename through the cross-scheme key or a forename group (`forenames.toml`). A part
that disagrees makes the name a non-match, never a weaker hit: Peter Hoffmann is not Joachim
Hoffmann, Yury Vlasov is not Andrei Vlasov.

The persons' parts come from the TEI (`forename`, `addName type="patronymic"`, `surname` in
the register's main names), each Russian part rendered by every scheme, plus the words of the
register's other spellings aligned to those parts. `part_rows` makes them; both lookup
backends build a `PersonIndex` from the same rows (the database stores them in `name_parts`),
so the two agree by construction.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass, field
from functools import lru_cache

from .declension import bases, bases_by_language
from .derived import cached_rows
from .entities import Register
from .keys import cross_key, fold, has_cyrillic, phonetic_key
from .model import Given, NameParts, bracketed, parse
from .scripts import skeleton
from .tables import forename_groups, latin_initials
from .translit import schemes, to_latin

GIVEN_PARTS = ("forename", "patronymic")
PHONETIC_SURNAME_MIN = 6  # shorter surnames collide too often through the loose key
SKELETON_SURNAME_MIN = 3  # consonants a surname's skeleton needs to be compared at all


def part_rows(register: Register) -> list[tuple[str, str, str]]:
    """`make_part_rows`, kept in the cache folder between runs (`corpus.names.derived`)."""
    return cached_rows("parts", register, lambda: make_part_rows(register))


def make_part_rows(register: Register) -> list[tuple[str, str, str]]:
    """(entity, part, text) for every person with marked-up parts, deduplicated, in order."""

    rows: list[tuple[str, str, str]] = []
    for entity in register:
        if entity.type != "person":
            continue
        marked = [f for f in entity.forms if f.parts]
        if not marked:
            continue
        own: list[tuple[str, str]] = []
        for form in marked:
            own.extend((p, t) for p, t in form.parts if p in ("surname", *GIVEN_PARTS))
            if sum(p == "forename" for p, _ in form.parts) > 1:  # Karl Rudolf Gerd
                own.append(("forenames", "several"))
        for part, text in list(own):
            if has_cyrillic(text):
                own.extend((part, to_latin(text, s.id)) for s in schemes())
        own.extend(_aligned(entity, own))
        if not any(p == "surname" for p, _ in own):  # a religious name: his secular surname
            own.extend(("secular", t) for t in _secular(entity))
        rows.extend((entity.id, p, t) for p, t in dict.fromkeys(own) if t.strip())
    return rows


def _secular(entity) -> list[str]:
    """The surnames a register spelling of a cleric writes in brackets after his religious
    name (Anastasy (Gribanovsky)), each Russian one in every scheme."""
    out = []
    for form in entity.forms:
        inside = bracketed(form.text)
        if inside:
            out.append(inside)
            if has_cyrillic(inside):
                out.extend(to_latin(inside, s.id) for s in schemes())
    return out


def _aligned(entity, own: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Given names from the register's other multi-word spellings of the person (Andreas
    Wlassow, Andrejewitsch), placed by position once their surname is the person's."""
    surnames = {cross_key(t) for p, t in own if p == "surname"}
    slots = [p for p in GIVEN_PARTS if any(q == p for q, _ in own)]
    out: list[tuple[str, str]] = []
    for form in entity.forms:
        if form.parts or form.type == "abbr" or " " not in form.text:
            continue
        for reading in parse(form.text):
            words = [g.text for g in reading.given if not g.initial]
            if cross_key(reading.surname) not in surnames or not words:
                continue
            if len(words) == len(slots):
                out.extend(zip(slots, words, strict=True))
            elif len(words) == 1 and slots:
                out.append((slots[0], words[0]))
            break
    return out


@dataclass
class Slot:
    """What is known of one given name of a person, in the forms the matcher compares."""

    cross: set[str] = field(default_factory=set)
    phonetic: set[str] = field(default_factory=set)
    groups: set[int] = field(default_factory=set)
    cyrillic_initials: set[str] = field(default_factory=set)
    latin_initials: set[str] = field(default_factory=set)
    skeletons: set[str] = field(default_factory=set)
    initial_only: bool = True

    def add(self, text: str) -> None:
        folded = fold(text).rstrip(".")
        if not folded:
            return
        if has_cyrillic(folded):
            self.cyrillic_initials.add(_cyrillic_initial(folded[0]))
        else:
            self.latin_initials.add(folded[0])
        if len(folded) > 1 or not text.endswith("."):
            self.initial_only = False
            key = cross_key(folded)
            self.cross.add(key)
            self.phonetic.add(phonetic_key(folded))
            self.skeletons.add(skeleton(key))
            self.groups |= forename_groups().get(key, frozenset()) | _father_groups(text)

    def fits(self, given: Given, loose: bool = False) -> bool:
        if given.initial or self.initial_only:
            return self._fits_initial(given.text)
        if loose:  # read from a syllabary or abjad: only the consonants can be compared
            return skeleton(cross_key(given.text)) in self.skeletons
        for base in bases(given.text):
            key = cross_key(base)
            if key in self.cross or forename_groups().get(key, frozenset()) & self.groups:
                return True
            if _father_groups(base) & self.groups:  # Mikołajewicz, Nikolaevich: Nikolai's son
                return True
            if len(key) >= 4 and phonetic_key(base) in self.phonetic:
                return True
        return False

    def _fits_initial(self, text: str) -> bool:
        letters = fold(text).rstrip(".").replace(".", "")
        if not letters:
            return False
        if has_cyrillic(letters):
            return _cyrillic_initial(letters[0]) in self.cyrillic_initials
        table = latin_initials()
        raw = text.casefold().rstrip(".")
        key = next((raw[:n] for n in (4, 3, 2, 1) if raw[:n] in table), None) or \
            next((letters[:n] for n in (4, 3, 2, 1) if letters[:n] in table), None)
        cyrillic = {_cyrillic_initial(c) for c in table.get(key or "", "")}
        return bool(cyrillic & self.cyrillic_initials) or letters[0] in self.latin_initials


# A patronymic's ending, after the father's name: Russian, Ukrainian, Polish, Czech, German,
# French spellings (Nikolaevich, Mikołajewicz, Nikolajewitsch, Миколайович).
_PATRONYMIC_ENDING = re.compile(
    r"(?:[oe]?(?:vich|vic|vič|wicz|witsch|vitch|vitsch|witch)|[оеє]?вич|ович|йович)$")


@lru_cache(maxsize=10_000)
def _father_groups(patronymic: str) -> frozenset[int]:
    """The forename groups of the father a patronymic names, so that patronymics built on
    one name in two languages agree (Mikołajewicz and Nikolaevich, Józefowicz and Iosifovich);
    empty for a word that is no patronymic."""
    word = patronymic.casefold()
    stem = _PATRONYMIC_ENDING.sub("", word)
    if stem == word or len(stem) < 2:
        return frozenset()
    groups = forename_groups()
    # Nikola-evich, Андре-евич: the father's name lost its last -j/-i/-й to the ending
    return frozenset().union(*(groups.get(cross_key(stem + end), frozenset())
                               for end in ("", "j", "i", "й", "ь")))


# Cyrillic initials that stand for one another: Е, Ё, Э (Ёлкин is written Е.); Ukrainian,
# Belarusian and Serbian letters for the Russian ones (І. for Иван, Є. for Евгений, Ґ for Г).
UNIFIED_INITIALS = {"ё": "е", "э": "е", "є": "е", "і": "и", "ї": "и", "ґ": "г", "ў": "у",
                    "ј": "й", "ђ": "д", "ћ": "ч", "џ": "д"}


def _cyrillic_initial(letter: str) -> str:
    """The Russian initial a Cyrillic initial letter stands for."""
    letter = letter.casefold()
    return UNIFIED_INITIALS.get(letter, letter)


@dataclass
class Person:
    entity: str
    surnames: set[str] = field(default_factory=set)  # cross keys
    slots: dict[str, Slot] = field(default_factory=dict)
    secular: set[str] = field(default_factory=set)  # cross keys; a cleric's surname
    several_forenames: bool = False  # the register writes several (Karl Rudolf Gerd)

    def fits(self, parts: NameParts, loose: bool = False) -> bool:
        """Every given item placed, in order, on a compatible slot; a suffix never fits (no
        register person has one: Martin Bormann Jr. is the son). `loose`: compared by
        consonant skeleton, for names read from another script."""
        if parts.suffix:
            return False
        names = [p for p in GIVEN_PARTS if p in self.slots]
        slots = [self.slots[p] for p in names]
        position = 0
        for given in parts.given:
            if not given.initial and cross_key(given.text) in self.surnames:
                continue  # the other half of a double surname written apart (Gil Rodionov)
            for index in range(position, len(slots)):
                # a full forename is never a patronymic (Georgi Oppokov is not V. G. Oppokov)
                if names[index] == "patronymic" and not (given.initial or given.patronymic):
                    continue
                if slots[index].fits(given, loose):
                    # several forenames fill one slot, in any order the literature uses
                    again = names[index] == "forename" and self.several_forenames
                    position = index if again else index + 1
                    break
            else:
                if given.patronymic and "patronymic" not in self.slots:
                    continue  # a patronymic the register does not know: nothing to compare
                return False
        return True


@dataclass(frozen=True)
class NameMatch:
    entity: str
    fits: bool  # False: the surname is the person's but another part conflicts
    how: str  # "name" | "name (declined)" | "name (phonetic)"


class PersonIndex:
    """The register's persons by surname key, each with its given-name slots."""

    def __init__(self, rows: list[tuple[str, str, str]]):
        self.persons: dict[str, Person] = {}
        self.by_cross: dict[str, set[str]] = defaultdict(set)
        self.by_phonetic: dict[str, set[str]] = defaultdict(set)
        self.by_skeleton: dict[str, set[str]] = defaultdict(set)
        for entity, part, text in rows:
            person = self.persons.setdefault(entity, Person(entity))
            if part == "surname":
                # each half of a double surname stands for it too (Gil for Gil-Rodionov)
                halves = text.split("-") if "-" in text else []
                for name in [text, *(h for h in halves if len(h) >= 3)]:
                    key = cross_key(name)
                    if not key:
                        continue
                    person.surnames.add(key)
                    self.by_cross[key].add(entity)
                    if len(key) >= PHONETIC_SURNAME_MIN:
                        self.by_phonetic[phonetic_key(name)].add(entity)
                    if len(skeleton(key)) >= SKELETON_SURNAME_MIN:
                        self.by_skeleton[skeleton(key)].add(entity)
            elif part == "secular":
                person.secular.add(cross_key(text))
            elif part == "forenames":
                person.several_forenames = True
            else:
                person.slots.setdefault(part, Slot()).add(text)
        self.forename_only: set[str] = set()  # persons known by a forename alone
        for person in self.persons.values():  # a religious name alone (Anastasy) is the key
            if not person.surnames and "forename" in person.slots:
                # his religious name in every language's form (Anastasius, Anastase), which
                # the lookup flags as it flags any religious name not written as the register's
                forms = {k for k, groups in forename_groups().items()
                         if groups & person.slots["forename"].groups}
                for key in person.slots["forename"].cross | forms | person.secular:
                    person.surnames.add(key)
                    self.by_cross[key].add(person.entity)
                if not person.secular:  # else it stays, before his secular surname
                    del person.slots["forename"]  # (Mitropolit Anastasij Gribanovski)
                self.forename_only.add(person.entity)

    def surname_entities(self, surname: str, alone: bool = False,
                         languages: frozenset[str] = frozenset()) -> list[tuple[str, str]]:
        """(entity, how) whose surname the word is, directly or through a declension base;
        with `languages` (those of a title before it), a base of their endings only."""
        out: dict[str, str] = {}
        allowed = {cross_key(b) for b, langs in bases_by_language(surname) if langs & languages}
        for number, base in enumerate(bases(surname, alone)):
            if number and languages and cross_key(base) not in allowed:
                continue
            for entity in self.by_cross.get(cross_key(base), ()):
                out.setdefault(entity, "name" if number == 0 else "name (declined)")
        if not out:
            for base in bases(surname)[:1]:
                if len(cross_key(base)) >= PHONETIC_SURNAME_MIN:
                    for entity in self.by_phonetic.get(phonetic_key(base), ()):
                        out.setdefault(entity, "name (phonetic)")
        return sorted(out.items())

    def match(self, query: str) -> list[NameMatch]:
        """Each person whose surname the query names, with whether the rest fits."""
        best: dict[str, NameMatch] = {}
        inside = bracketed(query)
        for reading in parse(query):
            alone = reading.bare and not reading.titles
            # a case ending of no language of the title conflicts like a wrong forename
            declined_so = None if not reading.languages else {
                e for e, _ in self.surname_entities(reading.surname, alone, reading.languages)}
            for entity, how in self.surname_entities(reading.surname, alone):
                fits = (declined_so is None or entity in declined_so) and \
                    self.persons[entity].fits(reading) and (
                        not inside or entity not in self.forename_only
                        or self._secular_fits(entity, inside))
                found = NameMatch(entity, fits, how)
                old = best.get(entity)
                if old is None or (fits and not old.fits) or (
                        fits == old.fits and _rank(how) < _rank(old.how)):
                    best[entity] = found
        return sorted(best.values(), key=lambda m: m.entity)

    def secular_named(self, query: str) -> set[str]:
        """Clerics whose secular surname a word of the query is (Anastasij Gribanovski,
        Anastasy (Gribanovsky))."""
        keys = {cross_key(b) for word in query.replace("(", " ").replace(")", " ").split()
                for b in bases(word)}
        return {e for e in self.forename_only if self.persons[e].secular & keys}

    def _secular_fits(self, entity: str, inside: str) -> bool:
        """Whether the bracketed surname after a religious name is the cleric's own: the
        register's Anastasy is (Gribanovsky), not Archbishop Anastasios (Yannoulatos)."""
        known = self.persons[entity].secular
        return any(cross_key(b) in known for b in bases(inside)) or \
            cross_key(inside) in self.persons[entity].surnames  # his name again: (Anastassy)

    def match_reading(self, reading_text: str) -> list[str]:
        """Persons a name read from a syllabary or abjad fits by consonant skeleton, surname
        and every given name alike (ヨシフ・スターリン, yoshif stalin: Iosif Stalin). The
        reading is too coarse to veto anyone, so it gives only fitting persons, and only a
        name with a given name too (a bare skeleton is left to the skeleton layer)."""
        found = set()
        for reading in parse(reading_text):
            if not reading.given or reading.suffix:
                continue
            for entity in self.by_skeleton.get(skeleton(cross_key(reading.surname)), ()):
                if self.persons[entity].fits(reading, loose=True):
                    found.add(entity)
        return sorted(found)


def _rank(how: str) -> int:
    return ("name", "name (declined)", "name (phonetic)").index(how)
