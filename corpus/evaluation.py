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


# --- names as the literature writes them (tests/data/names/) --------------------------------

TEST_SHARE = 40  # percent of rows in the held-out test part


def part_of(row: dict) -> str:
    """'dev' or 'test', from a hash of the row's query and expected id: fixed before anyone
    sees what the lookup does with the row."""
    import hashlib

    digest = hashlib.sha256(f"{row['query']}\t{row['expected']}".encode()).digest()
    return "test" if digest[0] * 100 // 256 < TEST_SHARE else "dev"


def read_names(folder: Path, register_forms: set[str]) -> tuple[list[dict], int]:
    """Every row of every category file, with its category and part; rows whose query is a
    register spelling verbatim are left out (counted), since they test nothing new."""
    rows, dropped = [], 0
    for path in sorted(Path(folder).glob("*.tsv")):
        for row in read_tsv(path):
            if row["query"] in register_forms:
                dropped += 1
                continue
            rows.append({**row, "category": path.stem, "part": part_of(row)})
    return rows, dropped


@dataclass
class NameScores:
    rows: int = 0
    right: int = 0  # expected entity first
    sure: int = 0  # expected entity first and not flagged ambiguous
    wrong: int = 0  # another entity first (for homonym probes: a sure hit on a shared person)
    misses: list[tuple[str, str, str]] = field(default_factory=list)

    @property
    def recall1(self) -> float:
        return self.right / self.rows if self.rows else 0.0

    @property
    def wrong_rate(self) -> float:
        return self.wrong / self.rows if self.rows else 0.0

    @property
    def sure_rate(self) -> float:
        return self.sure / self.rows if self.rows else 0.0


def score_names(lookup, rows: list[dict]) -> dict[tuple[str, str], NameScores]:
    """Scores per (category, part). A homonym probe is right when no shared person comes back
    as a sure (unflagged) hit, and wrong when one does."""
    out: dict[tuple[str, str], NameScores] = {}
    for row in rows:
        scores = out.setdefault((row["category"], row["part"]), NameScores())
        hits = lookup(row["query"])
        scores.rows += 1
        if row["expected"] == "-":
            shared = set(row["shares"].split(","))
            linked = [h.id for h in hits if h.id in shared and not h.ambiguous]
            scores.right += not linked
            scores.sure += not linked
            scores.wrong += bool(linked)
            if linked:
                scores.misses.append((row["query"], "-", linked[0]))
            continue
        top = hits[0].id if hits else "-"
        scores.right += top == row["expected"]
        scores.sure += top == row["expected"] and not hits[0].ambiguous
        scores.wrong += top not in (row["expected"], "-")
        if top != row["expected"]:
            scores.misses.append((row["query"], row["expected"], top))
    return out
