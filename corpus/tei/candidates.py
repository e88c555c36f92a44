"""Names the register does not know, in a text `corpus add` annotates: capitalised word runs
no proposal covers, which the scholar may review and add (`corpus register add`)."""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from dataclasses import dataclass

from ..names.keys import has_cyrillic
from ..names.morph import is_ordinary_word
from ..names.tables import nouns_capitalised, ordinary_capitalised
from .annotate import CAPITALISED, Proposal
from .namespan import marks_noun


@dataclass
class Candidate:
    """A name the register does not know, for the scholar to review (and perhaps to add
    with `corpus register add`): how often the text uses it, and where first."""

    name: str
    count: int
    context: str


def unknown_names(text: str, proposals: list[Proposal], lang: str = "",
                  ordinary: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """Capitalised word runs no proposal covers, with where they start: candidates for new
    register entries. A lone capitalised word is left out where it is evidently an ordinary
    word: at a sentence's start, written in lower case elsewhere in the text (`ordinary`, case
    folded), a German noun after its article or numeral, or a Russian word the dictionary knows
    only as an ordinary word."""
    covered = sorted((p.start, p.end) for p in proposals)
    starts = [s for s, _ in covered]
    reach = max((e - s for s, e in covered), default=0)
    nouns = lang.split("-")[0] in nouns_capitalised()
    found: list[tuple[str, int]] = []
    for m in CAPITALISED.finditer(text):
        name, at = m.group(), m.start()
        while " " in name and name.split()[0].casefold() in ordinary:
            rest = name.split(maxsplit=1)[1]  # "Im März", "The Lyuban": not the first word
            at, name = at + len(name) - len(rest), rest
        first = bisect_left(starts, at - reach)
        last = bisect_right(starts, at)
        if any(s <= at and at + len(name) <= e for s, e in covered[first:last]):
            continue
        if name.split()[0] in PARTICLE_WORDS:
            continue
        if " " not in name and (name in ordinary_capitalised(lang)
                                or _ordinary(text, at, name, nouns, ordinary)):
            continue
        found.append((name, at))
    return found


PARTICLE_WORDS = ("von", "van", "de", "der")


def _ordinary(text: str, at: int, word: str, nouns: bool, ordinary: frozenset[str]) -> bool:
    if _sentence_start(text, at) or word.casefold() in ordinary:
        return True
    before = text[max(0, at - 40):at].split()  # the word before: a window, not the whole text
    if nouns and before and marks_noun(before[-1]):
        return True
    return has_cyrillic(word) and is_ordinary_word(word)


def _sentence_start(text: str, at: int) -> bool:
    """Whether only whitespace stands between `at` and a sentence's end (or the text's start)."""
    i = at
    while i > 0 and text[i - 1].isspace():
        i -= 1
    return i == 0 or text[i - 1] in ".!?:“\"("

