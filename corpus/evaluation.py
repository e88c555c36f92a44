"""Scoring lookup against the evaluation set in tests/data (recall and false merges).

Kept in the library so that the benchmark script and the test suite compute the same figures.
"""

from __future__ import annotations

import csv
import hashlib
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

    digest = hashlib.sha256(f"{row['query']}\t{row['expected']}".encode()).digest()
    return "test" if digest[0] * 100 // 256 < TEST_SHARE else "dev"


def read_names(folder: Path, register_forms: set[str],
               part: str | None = None) -> tuple[list[dict], int]:
    """Every row of every category file, with its category and part (`part`, or the hash's
    dev/test); rows whose query is a register spelling verbatim are left out (counted), since
    they test nothing new."""
    rows, dropped = [], 0
    for path in sorted(Path(folder).glob("*.tsv")):
        for row in read_tsv(path):
            if row["query"] in register_forms:
                dropped += 1
                continue
            rows.append({**row, "category": path.stem, "part": part or part_of(row)})
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


# --- corpus add on running text (tests/data/add/) -------------------------------------------


@dataclass
class AddScores:
    mentions: int = 0  # register mentions a reader finds (the key)
    found: int = 0  # a proposal over the mention links exactly its entity
    ambiguous: int = 0  # a proposal over it lists its entity among others
    wrong: int = 0  # a proposal over it links another entity
    homonyms: int = 0  # homonym mentions in the key
    homonyms_linked: int = 0  # a proposal over one links a register person, unflagged
    unkeyed: int = 0  # proposals over no key span (nested names, or a reader's miss)
    misses: list[tuple[str, int, str, str, str]] = field(default_factory=list)

    @property
    def recall(self) -> float:
        return self.found / self.mentions if self.mentions else 0.0


def line_part(file: str, line: int) -> str:
    """'dev' or 'test' for a line of the add texts, by hash, as `part_of` does for names."""
    return part_of({"query": f"{file}:{line}", "expected": ""})


def _key_spans(text: str, rows: list[dict]) -> list[tuple[int, int, dict]]:
    """(start, end, row) of the key's mentions in a line. Longer spans are placed first, each
    at its first occurrence that no placed span covers, so 'Hoffmann' after 'Peter Hoffmann'
    is the later, separate mention."""
    placed: list[tuple[int, int, dict]] = []
    for row in sorted(rows, key=lambda r: -len(r["span"])):
        start = text.find(row["span"])
        while start >= 0 and any(s <= start < e or s < start + len(row["span"]) <= e
                                 for s, e, _ in placed):
            start = text.find(row["span"], start + 1)
        if start >= 0:
            placed.append((start, start + len(row["span"]), row))
    return sorted(placed, key=lambda p: p[0])


def score_add(propose, folder: Path, parts: tuple[str, ...] | None = ("dev", "test"),
              is_person=lambda entity: True) -> dict[str, AddScores]:
    """Scores per language file of `propose(text, lang) -> proposals` (the annotator's) against
    `key.tsv`, on the lines of `parts` (None: every line, for a set all held out). A
    mention counts as found when a proposal overlapping it names its entity alone; a homonym
    counts as linked when a proposal overlapping it names one register person without the
    ambiguous flag."""
    key = read_tsv(Path(folder) / "key.tsv")
    by_line: dict[tuple[str, int], list[dict]] = {}
    for row in key:
        by_line.setdefault((row["file"], int(row["line"])), []).append(row)
    out: dict[str, AddScores] = {}
    for name in sorted({row["file"] for row in key}):
        scores = out.setdefault(name, AddScores())
        lines = (Path(folder) / name).read_text(encoding="utf-8").splitlines()
        for number, text in enumerate(lines, 1):
            if parts is not None and line_part(name, number) not in parts:
                continue
            proposals = propose(text, name.split(".")[0])  # en.txt is English
            spans = _key_spans(text, by_line.get((name, number), []))
            for start, end, row in spans:
                over = [p for p in proposals if p.start < end and start < p.end]
                if row["expected"] == "-":
                    scores.homonyms += 1
                    linked = [p for p in over if len(p.entities) == 1
                              and is_person(p.entities[0])]
                    scores.homonyms_linked += bool(linked)
                    if linked:
                        scores.misses.append((name, number, row["span"], "-",
                                              linked[0].entities[0]))
                    continue
                scores.mentions += 1
                if any(p.entities == (row["expected"],) for p in over):
                    scores.found += 1
                    continue
                if any(row["expected"] in p.entities for p in over):
                    scores.ambiguous += 1
                elif over:
                    scores.wrong += 1
                got = ",".join(e for p in over for e in p.entities) or "-"
                scores.misses.append((name, number, row["span"], row["expected"], got))
            scores.unkeyed += sum(1 for p in proposals
                                  if not any(p.start < e and s < p.end for s, e, _ in spans))
    return out
