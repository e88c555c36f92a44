"""The bases a declined name word may come from, in any language the tables cover.

`bases("Własowowi")` gives Własow (Polish dative), `bases("Vlasovem")` Vlasov (Czech
instrumental), `bases("Stalins")` Stalin (German genitive), `bases("КОНРа")` КОНР. Every
language's endings are tried, because a lookup query carries no language tag; the matcher only
accepts a base that is a known spelling of a name, and scores it below the word itself, so a
base is a candidate, never a verdict. Russian words go through pymorphy3 (`corpus.morph`)
as well, which knows Russian paradigms far better than suffix rules.
"""

from __future__ import annotations

from functools import lru_cache

from ..keys import fold, has_cyrillic
from .tables import declension

_CAPITALS = "АБВГДЕЁЖЗИЙКЛМНОПРСТУФХЦЧШЩЪЫЬЭЮЯ"


@lru_cache(maxsize=100_000)
def bases(word: str, alone: bool = False) -> tuple[str, ...]:
    """Folded candidate bases of one word, the word itself first, duplicates removed.
    `alone`: the word is a bare surname, read through the safer endings only."""
    folded = fold(word)
    out = [folded]
    if _abbreviation_with_ending(word) and "-" in folded:
        folded = folded.replace("-", "")
    table = declension()
    cyrillic = has_cyrillic(folded)
    for lang in table.languages:
        abbreviation = lang.language == "abbreviation"
        if (lang.script == "Cyrl") != cyrillic or (abbreviation and not
                                                   _abbreviation_with_ending(word)):
            continue
        for ending, replacement in lang.endings:
            if alone and len(ending) < 2 and ending not in table.alone_endings:
                continue
            if folded.endswith(ending) and len(folded) - len(ending) >= table.min_stem - (
                    abbreviation):
                out.append(folded[: len(folded) - len(ending)] + replacement)
    if cyrillic:
        from ..morph import lemmas

        out.extend(lemmas(folded)[:3])
    return tuple(dict.fromkeys(b for b in out if b))


def _abbreviation_with_ending(word: str) -> bool:
    """КОНРа, НКВДшник, РОВС-у: two or more capitals, then lower-case letters."""
    head = len(word) - len(word.lstrip(_CAPITALS))
    return head >= 2 and word[head:].lstrip("-").islower()
