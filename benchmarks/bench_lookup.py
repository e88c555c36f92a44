"""Lookup speed over the database: per-query latency (warm) and a batch of 10,000 names.

Usage: python benchmarks/bench_lookup.py [--db PATH] [--rounds N] [--batch N]

The queries are every query of the evaluation sets (`tests/data/eval_queries.tsv`,
`tests/data/names/*.tsv`): real spellings, initials, titles, declined forms, other scripts,
homonyms, so the mix is what a bibliography throws at the lookup rather than one easy name.

Latency: each query is looked up once to warm the caches, then `--rounds` times; the figure
per query is the median of its rounds, and p50/p95/p99/max are taken over queries. The floor,
measured in the same run on the same connection, is one indexed `SELECT` of the query's folded
key from `forms`: the least any lookup must do. The machine is shared and noisy, so compare
the ratio to the floor between runs, not the milliseconds.

Batch: `corpus lookup - --db PATH --tsv` in a fresh process over `--batch` distinct lines made
from the same queries (as written, upper-cased, with a title before, inverted with a comma),
timed end to end, start-up included, three times; the median is printed with its range.
"""

from __future__ import annotations

import argparse
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from corpus.evaluation import read_names, read_tsv
from corpus.index.build import build
from corpus.index.db import Corpus
from corpus.names.keys import fold

DATA = Path(__file__).resolve().parent.parent / "tests" / "data"
TARGET_P95_MS = 0.5
TARGET_BATCH_S = 10.0


def queries() -> list[str]:
    found = [r["query"] for r in read_tsv(DATA / "eval_queries.tsv")]
    found += [row["query"] for row in read_names(DATA / "names", set())[0]]
    return list(dict.fromkeys(found))


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))]


def latency(db: Path, names: list[str], rounds: int) -> None:
    corpus = Corpus(db)
    per_query, floor = [], []
    for name in names:
        corpus.lookup(name)  # warm: caches filled, pages in memory
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            corpus.lookup(name)
            times.append(time.perf_counter() - start)
        per_query.append(statistics.median(times) * 1000)
        key = fold(name)
        times = []
        for _ in range(rounds):
            start = time.perf_counter()
            corpus.conn.execute("SELECT entity FROM forms WHERE fold = ?", (key,)).fetchall()
            times.append(time.perf_counter() - start)
        floor.append(statistics.median(times) * 1000)
    p50, p95 = percentile(per_query, 0.5), percentile(per_query, 0.95)
    floor50 = percentile(floor, 0.5)
    print(f"queries          {len(names)} distinct, {rounds} rounds each (median per query)")
    print(f"lookup p50       {p50:.3f} ms   ({p50 / floor50:.0f}x the floor)")
    print(f"lookup p95       {p95:.3f} ms   target < {TARGET_P95_MS} ms: "
          f"{'met' if p95 < TARGET_P95_MS else 'NOT met'}")
    print(f"lookup p99       {percentile(per_query, 0.99):.3f} ms")
    print(f"lookup max       {max(per_query):.3f} ms")
    print(f"floor p50        {floor50:.4f} ms   (one indexed SELECT of the folded key)")
    slowest = sorted(zip(per_query, names, strict=True), reverse=True)[:5]
    print("slowest          " + "; ".join(f"{q!r} {t:.2f} ms" for t, q in slowest))


def batch_lines(names: list[str], size: int) -> list[str]:
    shapes = (lambda q: q, str.upper, lambda q: f"General {q}", lambda q: f"{q}, A.",
              lambda q: f"Dr. {q}", str.lower, lambda q: f"{q} (1944)")
    lines: list[str] = []
    for shape in shapes:
        lines.extend(dict.fromkeys(shape(q) for q in names))
    lines = list(dict.fromkeys(lines))
    return lines[:size]


def batch(db: Path, names: list[str], size: int) -> None:
    lines = batch_lines(names, size)
    text = "\n".join(lines) + "\n"
    times = []
    for _ in range(3):
        start = time.perf_counter()
        command = [str(Path(sys.executable).with_name("corpus")), "lookup", "-", "--db", str(db),
                   "--tsv"]
        done = subprocess.run(command, input=text, capture_output=True, text=True, check=True)
        times.append(time.perf_counter() - start)
        if len(done.stdout.splitlines()) != len(lines) + 1:  # the header, then one per line
            raise SystemExit("batch output is not line-aligned with its input")
    median = statistics.median(times)
    print(f"batch            {len(lines)} lines: {median:.2f} s median "
          f"({min(times):.2f}-{max(times):.2f}), target < {TARGET_BATCH_S:.0f} s: "
          f"{'met' if median < TARGET_BATCH_S else 'NOT met'}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="database to read (default: build one)")
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--batch", type=int, default=10_000)
    args = parser.parse_args()
    names = queries()
    with tempfile.TemporaryDirectory() as scratch:
        db = args.db
        if db is None:
            db = Path(scratch) / "corpus.db"
            build(db_path=db, quiet=True)
        latency(db, names, args.rounds)
        batch(db, names, args.batch)


if __name__ == "__main__":
    main()
