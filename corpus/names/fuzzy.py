"""The last layer of a lookup: a typo of a register spelling.

rapidfuzz's ratio (a maintained C implementation of the edit-based similarity) compares the
query's fold key with the index's; only a near spelling of the same length class counts.
"""

from __future__ import annotations

from .formindex import FormIndex
from .keys import fold
from .ranking import GUESSED_SOURCES

FUZZY_MIN = 88
FUZZY_MIN_LENGTH = 6


class Typos:
    """Near spellings of a query among an index's fold keys."""

    def __init__(self, index: FormIndex):
        self.index = index
        self._choices_by_length: dict[int, list[str]] = {}

    def _choices(self, length: int) -> list[str]:
        """The fold keys a key of this length can reach: fuzz.ratio is 2·LCS/(len a + len b),
        so lengths too far apart never reach FUZZY_MIN (same answer as a full scan, 4x faster)."""
        choices = self._choices_by_length.get(length)
        if choices is None:
            choices = [k for k in self.index.fold_keys
                       if 200 * min(len(k), length) >= FUZZY_MIN * (len(k) + length)]
            self._choices_by_length[length] = choices
        return choices

    def rows(self, query: str):
        """(layer, row, penalty) for typos only: a near spelling of the same length class,
        never a longer or shorter word that merely starts the same (Stalino is not Stalin,
        Berling is not Berlin)."""
        # imported here, at first use: rapidfuzz takes 13 ms to import
        from rapidfuzz import fuzz, process

        key = fold(query)
        if len(key) < FUZZY_MIN_LENGTH:
            return
        for match, score, _ in process.extract(key, self._choices(len(key)), scorer=fuzz.ratio,
                                               limit=3, score_cutoff=FUZZY_MIN):
            if match.startswith(key) or key.startswith(match):
                continue
            for row in self.index.fold[match]:
                if row.source in GUESSED_SOURCES:
                    yield "fuzzy", row, 1 - score / 100
