"""Lookup quality on the evaluation set: recall@1, recall@3 and the false-merge rate.

Usage: python benchmarks/eval_lookup.py [--misses]
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

from corpus.api import open_register
from corpus.evaluation import evaluate, read_tsv

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"


def main() -> None:
    lookup = open_register()
    queries = read_tsv(DATA / "eval_queries.tsv")
    confusables = read_tsv(DATA / "eval_confusables.tsv")
    start = time.perf_counter()
    scores = evaluate(lookup.lookup, queries, confusables)
    elapsed = time.perf_counter() - start
    entities = len({r["expected"] for r in queries})
    print(f"queries        {scores.queries} over {entities} entities")
    print(f"recall@1       {scores.recall1:.3f}")
    print(f"recall@3       {scores.recall3:.3f}")
    print(f"false merges   {scores.merges}/{scores.confusables} = {scores.merge_rate:.3%}")
    print(f"time           {elapsed * 1000 / (scores.queries + scores.confusables):.3f} ms/query")
    if "--misses" in sys.argv:
        for query, expected, got in scores.misses:
            print(f"miss  {query!r}: expected {expected}, got {got}")
        for query, entity in scores.false_merges:
            print(f"merge {query!r} -> {entity}")


if __name__ == "__main__":
    main()
