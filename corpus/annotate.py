"""Proposing mentions in plain text from the register's spellings.

Used to draft the TEI of a new text (a scholar then reviews every proposal) and by
`corpus validate` to find a known spelling left untagged. Matching works on word tokens, so a
possessive (`Vlasov’s`) or punctuation never hides a name, and every n-gram is tried at every
position, so nested names (`Vlasov` inside `Vlasov Army`) are all proposed. Single words and
abbreviations match with their case (ROA, not "roa"); multi-word names match in any case, because
texts write "Russian liberation army" as often as "Russian Liberation Army". Russian single-word
forms are expanded to all their case forms through pymorphy3 (`corpus.morph`).
"""

from __future__ import annotations

import re
from collections import defaultdict
from dataclasses import dataclass

from .register import KINDS, Register

WORD = re.compile(r"\w+")
TAG_FOR_TYPE = {k.type: k.name for k in KINDS}
CAPITALISED = re.compile(r"\b[A-ZА-ЯЁ][\w’'-]+(?:\s+(?:von|van|de|der|[A-ZА-ЯЁ][\w’'-]+))*")


@dataclass(frozen=True)
class Proposal:
    start: int
    end: int
    surface: str
    entities: tuple[str, ...]
    tag: str
    abbr: bool

    @property
    def ambiguous(self) -> bool:
        return len(self.entities) > 1


def tokens(text: str) -> list[re.Match]:
    return list(WORD.finditer(text))


def _key(words, fold: bool) -> tuple[str, ...]:
    return tuple(w.casefold().replace("ё", "е") if fold else w for w in words)


class Annotator:
    def __init__(self, register: Register, inflect: bool = True):
        self.exact: dict[tuple, set] = defaultdict(set)
        self.folded: dict[tuple, set] = defaultdict(set)
        if inflect:
            from .morph import inflections  # pymorphy3 loads dictionaries: only when asked
        else:
            inflections = None
        for entity, form in register.forms:
            words = WORD.findall(form.text)
            if not words:
                continue
            value = (entity.id, TAG_FOR_TYPE[entity.type], form.type == "abbr")
            if len(words) > 1:
                self.folded[_key(words, True)].add(value)
                continue
            self.exact[tuple(words)].add(value)
            if inflections and form.script == "Cyrl" and form.type != "abbr":
                for word in inflections(words[0]):
                    self.exact[(word,)].add(value)
        self.longest = max(map(len, [*self.exact, *self.folded]), default=1)

    def _hits(self, words: list[str]) -> set:
        return self.exact.get(tuple(words), set()) | self.folded.get(_key(words, True), set())

    def propose(self, text: str) -> list[Proposal]:
        """Every n-gram match, nested ones included, partial overlaps resolved by length."""
        toks = tokens(text)
        found = []
        for i in range(len(toks)):
            for n in range(min(self.longest, len(toks) - i), 0, -1):
                hits = self._hits([t.group() for t in toks[i:i + n]])
                if not hits:
                    continue
                start, end = toks[i].start(), toks[i + n - 1].end()
                ids = tuple(sorted({h[0] for h in hits}))
                tag = sorted({h[1] for h in hits})[0]
                found.append(Proposal(start, end, text[start:end], ids, tag,
                                      any(h[2] for h in hits)))
        return nest(found)


def nest(proposals: list[Proposal]) -> list[Proposal]:
    """Keep a properly nested set: longer spans first; drop spans that cross a kept one, and a
    span inside a longer one for the same entity (Vlasov inside Andrei Vlasov is one mention)."""
    kept: list[Proposal] = []
    for p in sorted(proposals, key=lambda p: (-(p.end - p.start), p.start)):
        inside = [k for k in kept if k.start <= p.start and p.end <= k.end]
        if any(k.entities == p.entities for k in inside):
            continue
        if all(p.end <= k.start or p.start >= k.end or k in inside for k in kept):
            kept.append(p)
    return sorted(kept, key=lambda p: (p.start, -p.end))


def unknown_names(text: str, proposals: list[Proposal]) -> list[str]:
    """Capitalised word runs no proposal covers: candidates for new register entries."""
    covered = [(p.start, p.end) for p in proposals]
    seen = []
    for m in CAPITALISED.finditer(text):
        inside = any(s <= m.start() and m.end() <= e for s, e in covered)
        sentence_start = m.start() == 0 or text[:m.start()].rstrip()[-1:] in ".!?:“\"("
        if not inside and not (sentence_start and " " not in m.group()) and m.group() not in seen:
            seen.append(m.group())
    return seen

