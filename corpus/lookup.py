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
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field

from .errors import CorpusError
from .forms import FormRow

MAX_QUERY = 300
TITLES = frozenset("""general gen lt lieutenant colonel col maj major marshal captain capt count
mr mrs dr prof metropolitan ataman field the генерал генерал-лейтенант генерал-майор маршал
полковник капитан атаман митрополит""".split())
DOTTED_ABBR = re.compile(r"^(?:[^\W\d_]\.\s?){2,}$")
ABBR = re.compile(r"^[^\W\d_]{2,6}$")

# layer name -> score; the order is the order of trust.
SCORES = {"exact": 1.0, "attested variant": 0.98, "abbreviation": 0.98, "folded": 0.95,
          "scheme": 0.9, "morphology": 0.88, "cross-scheme": 0.8, "words": 0.75,
          "phonetic": 0.65, "fuzzy": 0.5}
FUZZY_MIN = 88
FUZZY_MIN_LENGTH = 6


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

    def as_dict(self) -> dict:
        return dict(self.__dict__)

    def explain(self, query: str) -> str:
        if self.schemes:
            return f"{query}: {', '.join(self.schemes)} rendering of {self.label_ru}"
        return f"{query}: {self.how} match of {self.matched!r} ({self.label_en})"


def clean_query(query: str) -> str:
    """Strip what cannot be a name: control characters, surrogates, excess length."""
    if not isinstance(query, str):
        raise CorpusError("a query must be text", rule="bad-query")
    text = "".join(ch for ch in query if unicodedata.category(ch) not in ("Cc", "Cs", "Cf"))
    text = " ".join(text.split())
    if len(text) > MAX_QUERY:
        raise CorpusError(f"a query is at most {MAX_QUERY} characters, got {len(text)}",
                          rule="bad-query")
    return text


class Index:
    """Dictionaries from each key to the form rows that have it, plus entity metadata."""

    def __init__(self, rows: list[FormRow], entities: dict[str, tuple[str, str, str]]):
        self.rows = rows
        self.entities = entities  # id -> (type, label_en, label_ru)
        self.exact = defaultdict(list)
        self.fold = defaultdict(list)
        self.cross = defaultdict(list)
        self.phonetic = defaultdict(list)
        self.words = defaultdict(set)  # cross key of a word -> entities having it
        for row in rows:
            self.exact[row.text].append(row)
            self.fold[row.fold].append(row)
            self.cross[row.cross].append(row)
            if row.phonetic:
                self.phonetic[row.phonetic].append(row)
            for word in row_words(row):
                self.words[word].add(row.entity)
        self.fold_keys = sorted(self.fold)

    @classmethod
    def from_register(cls, register) -> Index:
        from .forms import form_rows

        entities = {e.id: (e.type, e.label_en, e.label_ru) for e in register}
        return cls(form_rows(register), entities)


def row_words(row: FormRow) -> set[str]:
    """The cross-scheme keys of a form's words, for matching multi-word queries word by word."""
    from .keys import cross_key

    return {cross_key(word) for word in row.fold.split()} - {""}


def _layer_of_exact(row: FormRow) -> str:
    if row.source == "generated":
        return "scheme"
    if row.type == "abbr":
        return "abbreviation"
    return "exact" if row.type == "main" else "attested variant" if row.attested else "exact"


class Lookup:
    def __init__(self, index: Index):
        self.index = index

    def _candidates(self, query: str, strict: bool):
        """(layer, row) pairs, strictest layers first."""
        from .keys import cross_key, fold, phonetic_key

        ix = self.index
        for row in ix.exact.get(query, ()):
            yield _layer_of_exact(row), row
        key = fold(query)
        for row in ix.fold.get(key, ()):
            yield ("scheme" if row.source == "generated" else "folded"), row
        if strict:
            return
        if any("\u0400" <= ch <= "\u04ff" for ch in query):
            from .morph import lemmas

            for variant in _lemma_phrases(query, lemmas):
                for row in ix.fold.get(fold(variant), ()):
                    yield "morphology", row
        for row in ix.cross.get(cross_key(query), ()):
            yield "cross-scheme", row
        words = key.split()
        if len(words) > 1:
            yield from self._words(words)
        phon = phonetic_key(query)
        for row in ix.phonetic.get(phon, ()) if phon else ():
            yield "phonetic", row

    def _words(self, words: list[str]):
        """Every word of the query belongs to one entity's spellings (in any scheme)."""
        from .keys import cross_key

        sets = [self.index.words.get(cross_key(w), set()) for w in words]
        common = set.intersection(*sets) if sets else set()
        for entity in sorted(common):
            yield "words", FormRow(entity, " ".join(words), "", "words", "", "words", False,
                                   "", "", "")

    def _fuzzy(self, query: str):
        from rapidfuzz import fuzz, process

        from .keys import fold

        key = fold(query)
        if len(key) < FUZZY_MIN_LENGTH:
            return
        for match, score, _ in process.extract(key, self.index.fold_keys, scorer=fuzz.ratio,
                                               limit=3, score_cutoff=FUZZY_MIN):
            for row in self.index.fold[match]:
                yield "fuzzy", row, score / 100

    def lookup(self, query: str, limit: int = 10) -> list[Hit]:
        query = clean_query(query)
        if not query:
            return []
        variants = _variants(query)
        strict = bool(ABBR.match(variants[-1]) and variants[-1].isupper())
        best: dict[str, tuple[float, str, FormRow]] = {}
        for variant in variants:
            for layer, row in self._candidates(variant, strict):
                score = SCORES[layer] - (0.01 if variant != query else 0)
                if row.entity not in best or score > best[row.entity][0]:
                    best[row.entity] = (score, layer, row)
        if not best and not strict:
            for layer, row, ratio in self._fuzzy(query):
                score = SCORES[layer] * ratio
                if row.entity not in best or score > best[row.entity][0]:
                    best[row.entity] = (score, layer, row)
        ranked = sorted(best.items(), key=lambda kv: (-kv[1][0], kv[0]))[:limit]
        return [self._hit(query, entity, *value) for entity, value in ranked]

    def _hit(self, query, entity, score, layer, row) -> Hit:
        from .keys import fold

        etype, label_en, label_ru = self.index.entities.get(entity, ("", "", ""))
        schemes = sorted({r.scheme for r in self.index.fold.get(fold(query), ())
                          if r.entity == entity and r.scheme})
        how = f"scheme {schemes[0]}" if layer == "scheme" and schemes else layer
        return Hit(entity, etype, label_en, label_ru, round(score, 3), row.text, how, row.lang,
                   schemes)


def _variants(query: str) -> list[str]:
    """The query, then without dots in an abbreviation or without leading titles."""
    out = [query]
    if DOTTED_ABBR.match(query):
        out.append(query.replace(".", "").replace(" ", ""))
    words = query.split()
    while len(words) > 1 and words[0].casefold().rstrip(".") in TITLES:
        words = words[1:]
        out.append(" ".join(words))
    return out


def _lemma_phrases(query: str, lemmas) -> list[str]:
    """The query with each word replaced by its lemma (first and every reading)."""
    words = query.split()
    options = [lemmas(w) or [w] for w in words]
    first = " ".join(o[0] for o in options)
    phrases = [first]
    if len(words) == 1:
        phrases.extend(options[0][1:])
    return phrases
