"""Search: ours (cross-script, keyed) against plain FTS5 over the same passages (what
Datasette alone gives), latency p50/p95 at limit 20 and unlimited, with recall of each.

Plain FTS5 is given the same payload as ours (each passage's text and its hit in context).
Recall is measured against the passages that mention the entity (the mentions table, made
from the TEI's tagging), for queries in the spellings scholars meet. Both run on the same
connection, query after query, so the machine's drift touches both alike; the ratio is ours /
plain. Databases: the real corpus (built into a temporary folder) and the 100 MB synthetic one
that bench_build.py leaves in benchmarks/out/ (skipped when absent).

Usage: python benchmarks/bench_search.py [ROUNDS]
"""

from __future__ import annotations

import sqlite3
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus.index.build import build
from corpus.index.search import search
from corpus.index.sqlfunctions import register_sql_functions

HERE = Path(__file__).resolve().parent
QUERIES = [("Vlasov", "vlasov"), ("Wlassow", "vlasov"), ("Власов", "vlasov"),
           ("Власова", "vlasov"), ("Trukhin", "trukhin"), ("Трухина", "trukhin"),
           ("Himmler", "himmler"), ("Гиммлер", "himmler"), ("Bunyachenko", "bunyachenko"),
           ("Malyshkin", "malyshkin")]
PLAIN = ("select s.id, s.text from segments s where s.rowid in (select rowid from "
         "segments_fts where segments_fts match ?) order by s.rowid")


def plain(conn, query: str, limit: int) -> list[str]:
    """Plain FTS5 with the same payload as ours: each matching passage's text, and the hit
    in context where the query's letters stand (what a page built on FTS5 alone shows)."""
    quoted = '"' + query.replace('"', '""') + '"'  # Datasette's escaped search of one word
    sql = PLAIN + (f" limit {limit}" if limit else "")
    found = []
    for seg, text in conn.execute(sql, (quoted,)):
        at = text.casefold().find(query.casefold())
        _ = (text[max(0, at - 60):at], text[at:at + len(query)], text[at + len(query):][:60])
        found.append(seg)
    return found


def ours(conn, query: str, limit: int) -> list[str]:
    return list(dict.fromkeys(h["segment"] for h in search(conn, query, limit=limit)))


def timed(fn, conn, query: str, limit: int, rounds: int) -> tuple[list[float], list[str]]:
    times, found = [], []
    for _ in range(rounds):
        start = time.perf_counter()
        found = fn(conn, query, limit)
        times.append(time.perf_counter() - start)
    return times, found


def percentile(values: list[float], q: float) -> float:
    return statistics.quantiles(values, n=100)[int(q) - 1] if len(values) > 1 else values[0]


def bench(name: str, db: Path, rounds: int) -> None:
    conn = sqlite3.connect(db)
    register_sql_functions(conn)
    for limit in (20, 0):
        samples: dict[str, list[float]] = {"ours": [], "plain": []}
        recall: dict[str, list[float]] = {"ours": [], "plain": []}
        for query, entity in QUERIES:
            truth = {r[0] for r in conn.execute(
                "select distinct segment from mentions where entity = ?", (entity,))}
            for label, fn in (("ours", ours), ("plain", plain)):
                times, found = timed(fn, conn, query, limit, rounds)
                samples[label] += times
                if not limit and truth:
                    recall[label].append(len(truth & set(found)) / len(truth))
        row = {k: (statistics.median(v) * 1000, percentile(v, 95) * 1000)
               for k, v in samples.items()}
        ratio = (row["ours"][0] / row["plain"][0], row["ours"][1] / row["plain"][1])
        rec = " ".join(f"{k} {statistics.mean(v):.3f}" for k, v in recall.items() if v)
        print(f"{name:6} limit {limit or 'all':>3}: ours p50 {row['ours'][0]:7.2f} ms "
              f"p95 {row['ours'][1]:7.2f} | plain p50 {row['plain'][0]:6.2f} ms "
              f"p95 {row['plain'][1]:6.2f} | ratio p50 {ratio[0]:5.1f} p95 {ratio[1]:5.1f}"
              + (f" | recall {rec}" if rec else ""), flush=True)
    conn.close()


def main() -> None:
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 5
    with tempfile.TemporaryDirectory() as scratch:
        real = Path(scratch) / "corpus.db"
        build(HERE.parent / "tei", real, quiet=True)
        bench("real", real, rounds)
    big = HERE / "out" / "corpus-100mb.db"
    if big.exists():
        bench("100 MB", big, max(2, rounds // 2))
    else:
        print("100 MB: run benchmarks/bench_build.py 100 first")


if __name__ == "__main__":
    main()
