"""Scoring lookup against the evaluation set in tests/data (recall and false merges).

Kept in the library so that the benchmark script and the test suite compute the same figures.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from pathlib import Path


def read_tsv(path: Path) -> list[dict]:
    with open(path, encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh, delimiter="\t", quoting=csv.QUOTE_NONE))


@dataclass
class Scores:
    queries: int = 0
    at1: int = 0
    at3: int = 0
    confusables: int = 0
    misses: list[tuple[str, str, str]] = field(default_factory=list)
    false_merges: list[tuple[str, str]] = field(default_factory=list)

    @property
    def recall1(self) -> float:
        return self.at1 / self.queries if self.queries else 0.0

    @property
    def recall3(self) -> float:
        return self.at3 / self.queries if self.queries else 0.0

    @property
    def merges(self) -> int:
        return len(self.false_merges)

    @property
    def merge_rate(self) -> float:
        return self.merges / self.confusables if self.confusables else 0.0


def evaluate(lookup, queries: list[dict], confusables: list[dict]) -> Scores:
    scores = Scores()
    for row in queries:
        ids = [h.id for h in lookup(row["query"])[:3]]
        scores.queries += 1
        first = ids[:1] == [row["expected"]]
        scores.at1 += first
        scores.at3 += row["expected"] in ids
        if not first:
            scores.misses.append((row["query"], row["expected"], ids[0] if ids else "-"))
    for row in confusables:
        hits = lookup(row["query"])
        scores.confusables += 1
        if hits and hits[0].id == row["must_not_match"]:
            scores.false_merges.append((row["query"], row["must_not_match"]))
    return scores
