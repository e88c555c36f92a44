"""Proposing mentions in plain text: every word span that `corpus lookup` resolves.

Used to draft the TEI of a new text (a scholar then reviews every proposal) and by
`corpus validate` to find a known spelling left untagged. There is one matcher: a span is
proposed exactly when a lookup of its words would resolve it to one entity, through the same
layers, name model and thresholds (`corpus.names.lookup`). So declined names (Красной армии,
Własowowi), initials (В. Ф. Малышкин), other scripts and generated spellings are found as lookup
finds them, and a homonym is kept out as lookup keeps it out: the name around a span (the
capitalised words and initials beside it) is looked up too, and "the weightlifter Yury Vlasov"
does not become General Vlasov.

Only spans whose words the register's keys know are tried, so a text costs a few lookups per
name rather than one per word. Single words must be capitalised (ROA, Vlasov; not "roa"), and
nothing is proposed inside a URL, an e-mail address or a file path.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from functools import lru_cache

from ..names.declension import bases
from ..names.entities import Register
from ..names.formindex import Index
from ..names.gloss import concept_of, function_words
from ..names.keys import cross_key, fold, has_cyrillic
from ..names.lookup import SCORES, Lookup
from ..names.model import Given, is_forename, is_title
from ..names.scripts import romanise
from ..names.searchkeys import word_key
from ..names.tables import (
    particles,
)
from .namespan import (
    INITIAL,
    NAME_WORD,
    name_around,
    surname_after,
    unknown_word_first,
)
from .register import KINDS

WORD = re.compile(r"\w+")
TAG_FOR_TYPE = {k.type: k.name for k in KINDS}
# A run of capitalised words, particles inside it (a particle is a whole word: "Soviet de" is
# not to be read out of "Soviet defectors")
CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:(?:von|van|de|der)\s+)?[A-ZА-ЯЁ][\w’'-]+)*")
# Where nothing is a name: web addresses, e-mail addresses, paths.
NOT_PROSE = re.compile(r"(?:https?://|www\.)\S+|\S+@\S+\.\S+|(?:\.{0,2}/)?(?:[\w.-]+/)+[\w.-]+")
LONGEST = 8  # words in a span, unless its first word begins a longer register name
# Layers sure enough to tag running text: the loose ones (phonetic, skeleton, fuzzy) guess. A
# translated name (Bund russischer Solidaristen) is no guess: all its concepts and names agree
# with one entity's; tagging it found 1% more of the essays' mentions, and fewer wrong ones.
TAGGING_LAYERS = frozenset(layer for layer, score in SCORES.items()
                           if score >= SCORES["translated"])
# Layers that mean the span is a spelling the register or a scheme has verbatim (case and
# diacritics aside): what `corpus validate` insists be tagged in the curated texts.
SPELLING_LAYERS = frozenset({"exact", "attested variant", "abbreviation", "folded", "scheme",
                             "look-alike", "morphology"})
NAME_GAP = re.compile(r"[\s’'.\-]*|\s?\(")  # what may stand between two words of one name
COMMA = re.compile(r"(\w+), (\w+)")  # London, Ontario: a comma inside a register name


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    surface: str
    entities: tuple[str, ...]
    tag: str
    abbr: bool
    how: str = ""  # the lookup layer that resolved the span

    @property
    def ambiguous(self) -> bool:
        return len(self.entities) > 1


def tokens(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


class Annotator:
    """Proposals for running text from the lookup over `register`."""

    def __init__(self, register: Register):
        ix = Index.from_register(register)  # the in-memory index: its rows and words are read
        self.lookup = Lookup(ix)
        self.index = ix
        self.abbreviations = {row.text for row in ix.rows if row.type == "abbr"}
        # the first words of the register's names longer than LONGEST, and the longest span
        # each may begin (Armed Forces of the Committee for the Liberation of the Peoples of
        # Russia: thirteen words, and one more for a declined or spaced form)
        self.long_starts: dict[str, int] = {}
        for row in ix.rows:
            words = row.text.split()
            if row.source == "register" and len(words) >= LONGEST:
                key = cross_key(words[0])
                self.long_starts[key] = max(self.long_starts.get(key, 0), len(words) + 1)
        # a translated name begins with a word of the glossary's (Bund für den Kampf um die
        # Befreiung der Völker Russlands): as long as the longest name
        self.longest_translated = max([LONGEST, *self.long_starts.values()])
        self.known = {word for key in ix.cross for word in key.split()}
        self.known |= ix.persons.by_cross.keys()
        self._proposed: dict[tuple[str, str], list[Proposal]] = {}
        self._lower_folds = {(r.entity, r.fold) for r in ix.rows
                             if r.source == "register" and r.text[:1].islower()}
        self._lower_entities = {entity for entity, _ in self._lower_folds}
        self._sentence_case_names = {(r.entity, len(r.text.split())) for r in ix.rows
                                     if r.source == "register" and _in_sentence_case(r.text)}
        self._comma_pairs = frozenset(m.groups() for r in ix.rows if r.source == "register"
                                      for m in COMMA.finditer(r.text))
        # a text names the same things again and again: each spelling is looked up once
        self._find = lru_cache(maxsize=100_000)(lambda text: tuple(self.lookup.lookup(text)))
        self._conflicts = lru_cache(maxsize=100_000)(self.lookup.conflicts)
        self._spelled = lru_cache(maxsize=100_000)(
            lambda text: tuple(self.lookup.lookup(text, limit=1, spelling_only=True)))

    def _known(self, word: str) -> bool:
        """Whether any base of the word is a word of some register name (by its key), or its
        lemma's key is (Крымской for Крымская конференция: both lemmas are крымский)."""
        if any(cross_key(b) in self.known for b in bases(word)):
            return True
        if word_key(word) in self.index.words:
            return True
        reading = romanise(word)
        return reading is not None and any(cross_key(w) in self.known
                                           for w in reading[0].split())

    def propose(self, text: str, lang: str = "") -> list[Proposal]:
        """Every span lookup resolves, nested ones included, partial overlaps resolved by
        length. `lang`, the text's BCP 47 tag where known, tells whether a capital marks a
        name (English, Russian) or every noun (German). The last few answers are kept:
        `corpus add` asks for each block twice (to draft it, and to list unknown names)."""
        key = (text, lang)
        if key not in self._proposed:
            if len(self._proposed) >= 16:
                self._proposed.clear()
            self._proposed[key] = self._propose(text, lang)
        return list(self._proposed[key])

    def _propose(self, text: str, lang: str) -> list[Proposal]:
        found = [p for start, end in self._spans(text)
                 if (p := self._resolve(text, start, end, lang))]
        return nest(found)

    def _spans(self, text: str):
        """(start, end) of every stretch of words that may be a name: it starts and ends
        with a word some register name has, outside URLs, addresses and paths."""
        blocked = [(m.start(), m.end()) for m in NOT_PROSE.finditer(text)]
        starts = [s for s, _ in blocked]
        toks = [t for t in tokens(text)
                if not (i := bisect_right(starts, t.start())) or blocked[i - 1][1] <= t.start()]
        known = [self._known(t.group()) for t in toks]
        for i, tok in enumerate(toks):
            if not (known[i] or _initial_at(text, tok)):
                continue
            longest = max([LONGEST, *(self.long_starts.get(cross_key(b), 0)
                                      for b in bases(tok.group()))])
            if longest == LONGEST and concept_of(fold(tok.group())):
                longest = self.longest_translated
            for n in range(min(longest, len(toks) - i), 0, -1):
                last = toks[i + n - 1]
                if not known[i + n - 1] or \
                        not _one_stretch(text, toks[i:i + n], self._comma_pairs) or \
                        _possessive(text, last) or fold(last.group()) in particles():
                    continue  # a name ends with a name word, not a particle (Bormann der)
                start, end = tok.start(), last.end()
                if text[end:end + 1] == ")" and "(" in text[start:end]:
                    end += 1  # an abbreviation with a bracket: ВКП(б)
                if any(_possessive(text, t) for t in toks[i:i + n - 1]) and \
                        fold(text[start:end]) not in self.index.fold:
                    continue  # a possessive inside: Nazarov's The Mission is no one name
                    # (unless a register name has it: Russian National People's Army)
                yield start, end

    def spellings(self, text: str) -> list[tuple[int, int, str]]:
        """(start, end, entity) of every span a register spelling names, by the spelling
        layers alone (SPELLING_LAYERS), unnested and with none of `propose`'s vetoes but its
        two rules for any span (a title before the name, lower case): a superset of the spans
        `propose` tags by those layers, at a fraction of its cost (no name model, declension
        or guessing layer). `corpus validate` asks this first and runs `propose` only on a
        passage where a spelling is left untagged."""
        out = []
        for start, end in self._spans(text):
            surface = text[start:end]
            hits = self._spelled(surface)
            if not hits or not by_spelling(hits[0].how):
                continue
            if not self._starts_wrong(surface, hits[0], self._spelled):
                out.append((start, end, hits[0].id))
        return out

    def _starts_wrong(self, surface: str, top, find) -> bool:
        """Whether the name starts elsewhere than the span: after its title or article
        (General [Vlasov], генерал [Власов], the [KONR]), which `find` on the rest confirms
        (not where the word is the name's own, which the name without it matches less well:
        Russian Liberation Army, Russian Emigration); or the span is in lower case ("roa",
        "и Трухин", "who were allies") and the register writes the name capitalised, unlike
        военнопленные, хиви."""
        first, _, rest = surface.partition(" ")
        if rest and is_title(first) and any(h.id == top.id and h.score >= top.score
                                            for h in find(rest)[:1]):
            return True
        return not (surface[:1].isupper() or surface[:1].isdigit()) and \
            not self._written_lower(top) and not self._sentence_case(surface, top)

    def _resolve(self, text: str, start: int, end: int, lang: str = "") -> Proposal | None:
        surface = text[start:end]
        hits = [h for h in self._find(surface)[:3] if h.how in TAGGING_LAYERS
                or h.how.startswith("scheme")]
        if not hits:
            return None
        top = hits[0]
        first, _, rest = surface.partition(" ")
        if top.how == "translated" and {fold(first), fold(surface.rsplit(" ", 1)[-1])} & \
                function_words():
            return None  # the concepts ignore "в", "и": the name is the span without them
        if rest and is_title(first) and top.type == "person" or \
                self._starts_wrong(surface, top, self._find):
            return None  # a person's title is never part of the span
        if top.type == "person" and not all(NAME_WORD.match(w) for w in surface.split()):
            return None  # a person's name is capitalised words, initials and particles
        ids = tuple(sorted(h.id for h in hits if h.ambiguous)) if top.ambiguous else (top.id,)
        if top.type == "person" and len(ids) == 1 and \
                self._other_person(text, start, end, top.id, lang):
            return None
        return Proposal(start, end, surface, ids, TAG_FOR_TYPE[top.type],
                        surface.replace(".", "").strip() in self.abbreviations, top.how)

    def _written_lower(self, hit) -> bool:
        """Whether the register writes the matched name in lower case: the form itself (or
        another of the entity's with its spelling: Вермахт and вермахт), or for a match by
        words (холодной войны), any of the entity's own forms."""
        if hit.how != "words":
            return hit.matched[:1].islower() or (hit.id, fold(hit.matched)) in self._lower_folds
        return hit.id in self._lower_entities

    def _sentence_case(self, surface: str, hit) -> bool:
        """Whether a Cyrillic name of several words may stand in lower case: the register
        writes a name of the entity with as many words and one capital, on its first word
        (Власовская армия, Русская эмиграция), and Russian prose writes such names in lower
        case as well (во власовской армии). Not a name that capitalises every word, nor a
        word alone (союз), nor a guess."""
        words = len(surface.split())
        return words >= 2 and has_cyrillic(surface) and \
            (hit.how in SPELLING_LAYERS or hit.how == "declined") and \
            (hit.id, words) in self._sentence_case_names

    def _given_only(self, span: str) -> bool:
        """Whether a span is given names alone (Андрей Андреевич, A. A.): no surname in it. A
        register surname is looked for first: it settles most spans without the costly
        forename check. A religious name alone (Анастасий) is a given name here too: followed
        by a surname (Анастасием Вонсяцким), it is someone else's."""
        persons = self.lookup.index.persons
        words = [w for w in span.split() if not (INITIAL.match(w) or Given(w, False).patronymic)]
        if any(persons.by_cross.get(cross_key(b), set()) - persons.forename_only
               for w in words for b in bases(w)):
            return False
        return all(is_forename(w) for w in words)

    def _other_person(self, text: str, start: int, end: int, entity: str, lang: str) -> bool:
        """Whether the whole name around the span names someone else: the lookup of
        'Yury Vlasov' vetoes Andrei Vlasov, so 'Vlasov' inside it is not his mention."""
        first = unknown_word_first(text, start, lang)
        if first and all(h.id != entity for h in self._find(f"{first} {text[start:end]}")[:5]):
            return True  # Heinz [Hitler]: a forename no table knows, and the name not his
        name = name_around(text, start, end, lang)
        surname = surname_after(text, end) if self._given_only(text[start:end]) else ""
        if surname:  # Андрей Андреевич [Громыко]: the name goes on with its surname
            name = f"{name} {surname}"
        if name == text[start:end]:
            return False
        return all(h.id != entity for h in self._find(name)[:5]) and \
            (bool(surname) or entity in self._conflicts(name))


def _in_sentence_case(name: str) -> bool:
    """Cyrillic words, a capital on the first only (Власовская армия)."""
    first, *rest = name.split() or [""]
    return len(rest) >= 1 and has_cyrillic(name) and first[:1].isupper() and \
        not any(c.isupper() for w in rest for c in w)


def _initial_at(text: str, tok: re.Match) -> bool:
    """A capital letter with a dot: the start of 'В. Ф. Малышкин'."""
    word = tok.group()
    return len(word) <= 2 and word[:1].isupper() and text[tok.end():tok.end() + 1] == "."


def _possessive(text: str, tok: re.Match) -> bool:
    """The s of Lenin's, POW’s: the name ends before the apostrophe."""
    return len(tok.group()) <= 2 and text[tok.start() - 1:tok.start()] in ("’", "'")


def by_spelling(how: str) -> bool:
    """Whether a hit's layer (`how`) reads a spelling the register or a scheme has verbatim."""
    return how in SPELLING_LAYERS or how.startswith("scheme")


def _one_stretch(text: str, toks: list[re.Match], comma_pairs: frozenset) -> bool:
    """Words of one name: nothing but spaces, hyphens, apostrophes and dots between them, or
    an opening bracket (ВКП(б), Лондоне (Онтарио)); no line break, no sentence end, and no
    comma but between two words a register name has so (`comma_pairs`: London, Ontario)."""
    for a, b in zip(toks, toks[1:], strict=False):
        gap = text[a.end():b.start()]
        if gap == ", " and (a.group(), b.group()) in comma_pairs:
            continue
        if "\n" in gap or not NAME_GAP.fullmatch(gap) or ". " in gap and len(a.group()) > 2:
            return False
    return True


def nest(proposals: list[Proposal]) -> list[Proposal]:
    """Keep a properly nested set: longer spans first; drop spans that cross a kept one, and a
    span inside a longer one for the same entity (Vlasov inside Andrei Vlasov is one mention).
    Spans are short, so only the kept spans starting within one span length before a new one
    can touch it: found by bisection, which keeps a long text linear (every pair was compared:
    a 160 kB paragraph took 73 s)."""
    if not proposals:
        return []
    reach = max(p.end - p.start for p in proposals)
    starts: list[int] = []  # of the kept spans, sorted, with `kept` in the same order
    kept: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (-(p.end - p.start), p.start)):
        first = bisect_left(starts, p.start - reach)
        last = bisect_left(starts, p.end)
        near = [k for k in kept[first:last] if k.start < p.end and p.start < k.end]
        inside = [k for k in near if k.start <= p.start and p.end <= k.end]
        if any(k.entities == p.entities for k in inside) or len(inside) != len(near):
            continue
        at = bisect_left(starts, p.start)
        starts.insert(at, p.start)
        kept.insert(at, p)
    return sorted(kept, key=lambda p: (p.start, -p.end))
