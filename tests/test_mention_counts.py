"""Tagged mentions of the main entities against counts derived independently from the raw
captures with regular expressions (nothing from the TEI or the register is used here)."""

from __future__ import annotations

import re

import pytest

# Every way the five captures name each entity, including possessives, derived words
# (Власовцы, Stalinist) and the German spans; a nested name counts once per entity.
PATTERNS = {
    "vlasov": r"\b(?:Vlasov|Wlassow|Власов)\w*",
    "roa": r"\bROA\b|\bРОА\b|(?i:(?:russian )?liberation (?:army|divisions))|Vlasov Army|"
           r"Russkaia Osvoboditelnaia Armiia|Русская Освободительная Армия|Befreiungsarmee",
    "konr": r"\bKONR\b|\bКОНР\b|(?i:committee for the liberation of the peoples of russia)|"
            r"Komitet Osvobozhdeniia Narodov Rossi",
    "rod": r"\bROD\b|(?i:russian liberation movement)|Русское Освободительное Движение|"
           r"Russkoe Osvoboditelnoe Dvizhenie|Freiheitsbewegung",
    "nts": r"\bNTS\b|Novopokolentsy",
    "stalin": r"\bStalin(?!grad)\w*",
    "hitler": r"\bHitler\w*|\bFührer\b",
}
IDS = ["worldlib-rlm", "blog-rlm-angles", "deac-vlasov", "thisday-pow-1942", "soviet-traitors"]


@pytest.mark.parametrize("doc_id", IDS)
@pytest.mark.parametrize("entity", sorted(PATTERNS))
def test_tagged_mentions_match_an_independent_count(doc_id, entity, manifest, documents):
    expected = len(re.findall(PATTERNS[entity], manifest[doc_id].content_text()))
    tagged = [m.surface for s in documents[doc_id].segments for m in s.mentions
              if m.entity == entity]
    assert len(tagged) == expected, tagged


def test_the_main_entities_are_well_attested(documents):
    total = {e: sum(m.entity == e for d in documents.values() for s in d.segments
                    for m in s.mentions) for e in PATTERNS}
    assert total["vlasov"] > 100 and min(total.values()) >= 5, total
