"""Finding an entity from any spelling: layered matching with a reason for every hit.

A query is tried against every form (attested or generated) in layers, strictest first:
exact, folded, a scheme's rendering, Russian morphology, the cross-scheme key, the words of a
multi-word name, the phonetic key, and last a fuzzy match. Each entity keeps its best layer;
the layer's score orders the results, so exact and attested beat generated, generated beats
phonetic, phonetic beats fuzzy. Short capitalised queries (ROA, RONA, KONR) are treated as
abbreviations and matched strictly, because a wrong merge is worse than a miss.
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import replace
from functools import cached_property
from itertools import islice, product

from ..errors import CorpusError
from .declension import bases, language_bases
from .formindex import FormIndex, word_keys
from .forms import FormRow
from .fuzzy import Typos
from .hit import Hit
from .keys import cross_key, fold, phonetic_key
from .model import parse
from .query import clean_query, morphological_variants, query_variants
from .ranking import (
    AMBIGUOUS_CAP,
    AS_WRITTEN,
    GUESSED_SOURCES,
    SCORES,
    religious_names,
    shared_spellings,
    tied_guesses,
)
from .scripts import (
    conflating_script,
    lookalike_cyrillic,
    meaning_characters,
    romanise,
    scripts_of,
    skeleton,
    without_clitics,
    without_suffixes,
    written_in_words,
)

ABBR = re.compile(r"^[^\W\d_]{2,6}$")

OTHER_SCRIPT_PENALTY = 0.05
MAX_DECLINED_WORDS = 5
MAX_DECLINED_COMBINATIONS = 64
PHONETIC_MIN_LENGTH = 8  # shorter names collide too often (Lennon, Lenin; Stalino, Stalini)
PHONETIC_MIN_LETTERS = 3  # in the key itself: a name in kanji keeps only its digits (第1…)
MAX_EXTRA_WORDS = 1
WORD_PENALTY = 0.02
VARIANT_PENALTY = 0.01


def _layer_of_exact(row: FormRow) -> str:
    if row.source == "generated":
        return "scheme"
    if row.source == "cldr":
        return "CLDR"
    if row.type == "abbr":
        return "abbreviation"
    return "attested variant" if row.attested and row.type != "main" else "exact"


class Lookup:
    """The layered matcher over an index (in memory, or the database's `SqlIndex`)."""

    def __init__(self, index: FormIndex):
        self.index = index
        self.typos = Typos(index)

    def _candidates(self, query: str, strict: bool, spelling_only: bool = False):
        """(layer, row, penalty) triples from the strong layers, strictest first; with
        `spelling_only`, those that read a spelling as it is written (not the cross-scheme
        key, nor declension)."""
        ix = self.index
        for row in ix.exact.get(query, ()):
            yield _layer_of_exact(row), row, 0
        key, cross = fold(query), cross_key(query)
        if len(cross.replace(" ", "")) < 2:  # no key, or one letter (an initial, not SS):
            return  # only the exact text above
        spelled = False
        for row in ix.fold.get(key, ()):
            spelled = True
            yield ("scheme" if row.source == "generated" else "folded"), row, 0
        if strict:  # an abbreviation: only another abbreviation's spelling (NKWD = NKVD)
            for row in ix.cross.get(cross, ()):
                if row.type == "abbr":
                    yield "cross-scheme", row, 0
            return
        for variant in morphological_variants(query):
            for row in ix.fold.get(fold(variant), ()):
                yield "morphology", row, 0
        if spelling_only:
            return
        for row in ix.cross.get(cross, ()):
            if row.source in GUESSED_SOURCES:
                yield "cross-scheme", row, 0
        if not spelled:  # a spelling as written is no declined form of another (and the
            yield from self._declined(query)  # declension combinations are the costly part)

    def _declined(self, query: str):
        """Each word read back through the declension tables (Vlasovem -> Vlasov, Sovětském
        svazu -> Sovětský svaz, Stalins -> Stalin). A lone word is read through the safer
        endings only: a one-letter ending turns too many words into names (English Russian is
        not a German case of Russia, Stalino is a town)."""

        words = query.split()
        if not 0 < len(words) <= MAX_DECLINED_WORDS:
            return
        # a word left as it is keeps its capitals (II is a numeral to the cross key, ii not);
        # a base no register name has as a word cannot be part of a match: not tried
        known = self.index.cross_words
        options = [[b for b in (w, *bases(w, alone=len(words) == 1)[1:])
                    if all(k in known for k in cross_key(b).split())] for w in words]
        combos = islice(product(*options), MAX_DECLINED_COMBINATIONS) if all(options) else ()
        for combo in combos:
            if combo == tuple(words):
                continue  # the query itself: the strict layers have tried it
            for row in self.index.cross.get(cross_key(" ".join(combo)), ()):
                if row.source in GUESSED_SOURCES or row.fold == fold(" ".join(combo)):
                    yield "declined", row, 0
        if len(words) == 1:
            languages: dict[str, set[str]] = defaultdict(set)  # one read per base, not per
            for base, lang in language_bases(query):  # language that reaches it
                languages[fold(base)].add(lang)
            for key, langs in languages.items():
                for row in self.index.fold.get(key, ()):
                    if langs & {row.lang.split("-")[0], row.scheme}:
                        yield "declined", row, 0

    def _weak(self, query: str):
        """The looser layers, tried only when the strong ones found nothing: they cost more
        and would only add guesses below a sure hit."""
        yield from self._words(query)
        key = phonetic_key(query)
        letters = sum(map(str.isalpha, key))
        if len(fold(query)) >= PHONETIC_MIN_LENGTH and letters >= PHONETIC_MIN_LETTERS:
            for row in self.index.phonetic.get(key, ()):
                if row.source in GUESSED_SOURCES:
                    yield "phonetic", row, 0

    def _words(self, query: str):
        """All words of the query in one form of an entity that has at most one word more
        (a patronymic, say): 'Andrei Wlassow', 'Русской освободительной армии'. A form with
        more words left over names something else: the Russian Orthodox Church is not the
        Russian Orthodox Church Outside Russia."""
        keys = word_keys(query)
        if len(keys) < 2:
            return
        best: dict[str, int] = {}
        for entity, _, size in self.index.forms_with_words(keys):
            extra = size - len(keys)
            if 0 <= extra <= MAX_EXTRA_WORDS and extra < best.get(entity, MAX_EXTRA_WORDS + 1):
                best[entity] = extra
        for entity, extra in sorted(best.items()):
            yield "words", _found_by(entity, query, "words"), WORD_PENALTY * extra

    def _translated(self, query: str):
        """A name in another language by the concepts of its words (`names.gloss`): the query
        as written, never stripped of a leading word (émigré russe blanc is not Russie blanche,
        Belarus)."""
        for entity in sorted(self.index.gloss.match(query)):
            yield "translated", _found_by(entity, query, "translated"), 0

    @cached_property
    def _meaning(self) -> frozenset[str]:
        return meaning_characters((r.text, self._is_person(r.entity)) for rows in
                                  self.index.skeleton.values() for r in rows
                                  if r.source == "register")

    def _readings(self, query: str) -> list[tuple[str, str]]:
        """(text, how it was read) to match: the query itself; its romanisation when it is
        in another script (`abjad` when that script writes few vowels); its Cyrillic
        reading when it is an abbreviation typed in look-alike Latin capitals (POA)."""
        out = [(query, "")]
        found = romanise(query)
        if found:
            out.append((found[0], "abjad" if found[1] else "other script"))
        lookalike = lookalike_cyrillic(query)
        if lookalike:
            out.append((lookalike, "look-alike"))
        return out

    def lookup(self, query: str, limit: int = 10, spelling_only: bool = False) -> list[Hit]:
        """Ranked entities for a spelling; an empty list rather than a guess. A query that
        keys to nothing (no letters, or a script nothing can read) matches only a register
        form written exactly so. `spelling_only`: the spelling layers alone, ranked alike,
        with no name model and no guess (for `Annotator.spellings`). Failing all, a name in
        a script that writes its case as a suffix is looked up in the nominative, at most at
        the score of a declined form."""
        query = clean_query(query)
        if not query:
            return []
        hits = self._lookup(query, limit, spelling_only)
        for variant in ([] if hits or spelling_only else without_suffixes(query)):
            hits = [replace(h, score=min(h.score, SCORES["declined"]))
                    for h in self._lookup(variant, limit, False)]
            if hits:
                break
        return hits

    def _lookup(self, query: str, limit: int, spelling_only: bool) -> list[Hit]:
        best: dict[str, tuple[float, str, FormRow]] = {}
        lossy_query = conflating_script(query) is not None

        def offer(layer, row, penalty, variant, base=query):
            if layer not in AS_WRITTEN and not lossy_query and conflating_script(row.text):
                return  # a reading of Thai, Hangul, kana is no key for a Latin query (kulak)
            score = SCORES[layer] - penalty - (VARIANT_PENALTY if variant != base else 0)
            if row.entity not in best or score > best[row.entity][0]:
                best[row.entity] = (score, layer, row)

        readings = self._readings(query)
        strict = False
        for text, how in readings:
            if how == "abjad":
                continue
            variants = query_variants(text)
            strict = strict or any(ABBR.match(v) and v.isupper() for v in variants)
            penalty = OTHER_SCRIPT_PENALTY if how == "other script" else 0
            for variant in variants:
                for layer, row, extra in self._candidates(variant, strict, spelling_only):
                    offer("look-alike" if how == "look-alike" and row.type == "abbr" else layer,
                          row, penalty + extra, variant, text)
        if spelling_only:
            strict, readings = True, []  # what follows guesses or vetoes by the name model
        names, vetoed, ambiguous = self._names(readings)
        for layer, row, penalty in names:
            offer(layer, row, penalty, query)
        if not best:  # a name with a preposition or article joined to it: as written only
            for variant in without_clitics(query):
                for _, row, _ in self._candidates(variant, True):
                    offer("declined", row, 0, query)
        if not best and not strict:
            for text, how in readings:
                if how == "abjad":
                    continue
                for variant in query_variants(text):
                    for layer, row, penalty in self._weak(variant):
                        offer(layer, row, penalty, variant, text)
                for layer, row, penalty in self._translated(text):
                    offer(layer, row, penalty, text, text)
        if not best and not strict:
            for text, how in readings[1:]:
                if how in ("abjad", "other script") and not written_in_words(
                        query, lambda: self._meaning):
                    for layer, row, penalty in self._skeleton(text, query):
                        offer(layer, row, penalty, text, text)
                        if layer == "skeleton (surname)":
                            ambiguous.add(row.entity)
        if not best and not strict and len(readings) == 1:
            for layer, row, penalty in self.typos.rows(query):
                offer(layer, row, penalty, query)
        for entity in vetoed:
            if best.get(entity, (0, ""))[1] not in ("exact", "attested variant"):
                best.pop(entity, None)  # a register spelling verbatim is never vetoed
        ambiguous |= religious_names(best, self.index.persons.forename_only,
                                     self.index.persons.secular_named(query))
        uncapped = {entity: value[0] for entity, value in best.items()}
        ambiguous |= shared_spellings(best)
        ambiguous |= tied_guesses(best)
        for entity in ambiguous & set(best):
            score, layer, row = best[entity]
            best[entity] = (min(score, AMBIGUOUS_CAP), layer, row)
        ranked = sorted(best.items(),  # capped ones keep the order their layers gave them
                        key=lambda kv: (-kv[1][0], -uncapped[kv[0]], kv[0]))[:limit]
        return [self._hit(query, entity, *value, ambiguous=entity in ambiguous)
                for entity, value in ranked]

    def _names(self, readings):
        """The name model's verdicts: (layer, row, penalty) for persons the name fits, the
        persons whose surname it names but whose other parts conflict (never returned,
        whatever another layer says), and the persons a bare surname leaves undecided."""
        fitting: dict[str, tuple[str, float]] = {}
        conflicting: set[str] = set()
        for text, how in readings:
            if how == "look-alike":
                continue
            read = how in ("abjad", "other script")  # a reading: too coarse to veto anyone
            if read:
                for entity in self.index.persons.match_reading(text):
                    fitting.setdefault(entity, ("name (other script)", 0))
                if how == "abjad":
                    continue
            penalty = OTHER_SCRIPT_PENALTY if read else 0
            if any(reading.suffix for reading in parse(text)):
                conflicting |= self._persons_named(text)  # Napoleon III, Martin Bormann Jr.
                continue
            for match in self.index.persons.match(text):
                if not match.fits:
                    if not read:
                        conflicting.add(match.entity)
                elif match.entity not in fitting or SCORES[match.how] - penalty > \
                        SCORES[fitting[match.entity][0]] - fitting[match.entity][1]:
                    fitting[match.entity] = (match.how, penalty)
        rows = [(how, _found_by(entity, "", "name"), penalty)
                for entity, (how, penalty) in sorted(fitting.items())]
        ambiguous = set(fitting) if len(fitting) > 1 else set()
        return rows, conflicting - set(fitting), ambiguous

    def conflicts(self, query: str) -> set[str]:
        """Persons the query names by surname whose other parts conflict (the annotator asks
        this of the whole name around a span)."""
        return self._names(self._readings(clean_query(query)))[1]

    def _persons_named(self, text: str) -> set[str]:
        """Persons any strong layer finds for the text without its suffix."""
        found = set()
        for reading in parse(text):
            bare = " ".join([*(g.text for g in reading.given), reading.surname])
            for _, row, _ in self._candidates(bare, False):
                if self._is_person(row.entity):
                    found.add(row.entity)
        return found

    def _is_person(self, entity: str) -> bool:
        return (self.index.entities.get(entity) or ("",))[0] == "person"

    def _skeleton(self, text: str, query: str):
        """A name read from another script, by its consonant skeleton: only when one entity
        has that skeleton, and at the score of a guess. Failing the whole reading, the last
        word of a longer one as a surname, persons only, as layer `skeleton (surname)`: the
        caller flags it ambiguous, since the given names were not confirmed (William Patrick
        Hitler, read from Greek, would otherwise be Adolf); not when another word of the query
        is itself the name of a thing (ألمانيا النازية, Nazi Germany, is no person's name)."""
        words = text.split()
        written_in = scripts_of(query)
        for part, layer in ((text, "skeleton"), (words[-1], "skeleton (surname)")):
            key = skeleton(cross_key(part))
            rows = [r for r in (self.index.skeleton.get(key, ()) if len(key) >= 3 else ())
                    if r.type != "abbr" and not r.text.isupper()  # a word, not letters (BRD)
                    and r.source in GUESSED_SOURCES
                    and conflating_script(r.text) in (None, *written_in)  # not Korean for Arabic
                    and (len(words) < 2  # words for words: آلمان; a surname for a surname
                         or len(r.text.split()) == (len(words) if layer == "skeleton" else 1))]
            if layer != "skeleton":
                if len(words) < 2 or any(not self._is_person(r.entity) for w in
                                         query.split()[:-1] for r in self.index.exact.get(w, ())):
                    return
                rows = [r for r in rows if self._is_person(r.entity)]
            if len({r.entity for r in rows}) == 1:
                yield layer, rows[0], 0
                return

    def resolve(self, entity_or_query: str) -> str:
        """An entity id, given an id or any spelling of one."""
        if self.index.entities.get(entity_or_query) is not None:
            return entity_or_query
        hits = self.lookup(entity_or_query, limit=1)
        if not hits:
            raise CorpusError(f"no entity matches {entity_or_query!r}", rule="unknown-entity")
        return hits[0].id

    def variants(self, entity_or_query: str) -> list[dict]:
        """The forms of an entity (in-memory index), as the database's `variants` gives them."""
        entity = self.resolve(entity_or_query)
        keys = ("text", "lang", "type", "scheme", "source", "attested", "origin")
        return [{k: getattr(r, k) for k in keys} for r in self.index.rows_of(entity)]

    def _hit(self, query, entity, score, layer, row, ambiguous=False) -> Hit:
        etype, label_en, label_ru = self.index.entities.get(entity) or ("", "", "")
        producing = [r for r in self.index.fold.get(fold(query), ())
                     if r.entity == entity and r.scheme]
        schemes = sorted({r.scheme for r in producing})
        how = f"scheme {schemes[0]}" if layer == "scheme" and schemes else layer
        origin = producing[0].origin if producing else ""
        return Hit(entity, etype, label_en, label_ru, round(max(score, 0.0), 3), row.text, how,
                   row.lang, schemes, origin, ambiguous)


def _found_by(entity: str, text: str, layer: str) -> FormRow:
    """The row a layer that matches no single register form (words, translated, name) offers:
    the entity, with the query's text or none."""
    return FormRow(entity, text, "", layer, "", layer, False, "", "", "")
