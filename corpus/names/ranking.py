"""Which of a lookup's hits are sure: the ones no other entity ties with.

A guessing layer that finds several entities at one score, or one register spelling that
several entities share, says nothing about which of them is meant; the lookup caps such hits
below a sure score and flags them ambiguous.
"""

from __future__ import annotations

from collections import defaultdict

from .forms import FormRow

GUESS_LAYERS = ("words", "translated", "phonetic", "fuzzy")


def tied_guesses(best: dict[str, tuple[float, str, FormRow]]) -> set[str]:
    """Entities a guessing layer found at the same score (Russian Army: the words of the
    Russian Liberation Army and of the Russian National Army alike): none of them is sure."""
    by_score: dict[tuple[float, str], set[str]] = defaultdict(set)
    for entity, (score, layer, _) in best.items():
        if layer in GUESS_LAYERS:
            by_score[(round(score, 6), layer)].add(entity)
    return {e for entities in by_score.values() if len(entities) > 1 for e in entities}


def shared_spellings(best: dict[str, tuple[float, str, FormRow]]) -> set[str]:
    """Entities found by one register spelling that several of them have (London is London
    and London, Ontario): none of them is sure."""
    by_text: dict[str, set[str]] = defaultdict(set)
    for entity, (_, layer, row) in best.items():
        if layer in ("exact", "attested variant", "abbreviation"):
            by_text[row.text].add(entity)
    return {e for entities in by_text.values() if len(entities) > 1 for e in entities}
