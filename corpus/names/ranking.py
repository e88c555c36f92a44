"""How far each lookup layer is trusted, and which hits are sure: those no other entity ties with.

A guessing layer that finds several entities at one score, or one register spelling that
several entities share, says nothing about which of them is meant; the lookup caps such hits
below a sure score and flags them ambiguous.
"""

from __future__ import annotations

from collections import defaultdict

from .forms import FormRow

# layer name -> score; the order is the order of trust.
SCORES = {"exact": 1.0, "attested variant": 0.98, "abbreviation": 0.98, "CLDR": 0.96,
          "folded": 0.95, "name": 0.93, "scheme": 0.9, "look-alike": 0.9, "morphology": 0.88,
          "name (declined)": 0.87, "declined": 0.86, "cross-scheme": 0.8, "words": 0.75,
          "translated": 0.72,
          "name (phonetic)": 0.7, "name (other script)": 0.7, "phonetic": 0.65,
          "skeleton": 0.6, "skeleton (surname)": 0.6, "fuzzy": 0.5}
# A sure hit scores at least this; an ambiguous one (a bare surname several persons share, a
# name read from another script's consonants) is capped below it.
AMBIGUOUS_CAP = 0.6
# The key layers (cross-scheme, phonetic, skeleton, fuzzy) read only these forms: a place's
# CLDR names in 49 languages are found by their spelling, as written or declined, since by a
# key they collide with words (the Sango name of India has the cross key of German Ende).
GUESSED_SOURCES = frozenset({"register", "generated"})
# The layers that match a spelling as it is written, not through a key.
AS_WRITTEN = frozenset({"exact", "attested variant", "abbreviation", "CLDR", "folded", "scheme"})

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


def religious_names(best: dict[str, tuple[float, str, FormRow]], clerics: set[str],
                    secular_named: set[str]) -> set[str]:
    """Clerics known by a religious name alone (`clerics`), found by a key rather than as the
    register writes the name: many clerics take the same name (L'archevêque Anastase is
    Anastasios of Albania); only the register's spelling, or the secular surname beside it
    (`secular_named`: those whose name model match the query confirms by it), tells them
    apart."""
    return {entity for entity, (_, layer, _) in best.items() if entity in clerics
            and layer not in AS_WRITTEN and not (layer.startswith("name")
                                                 and entity in secular_named)}
