"""Build, rebuild, lookup and search at 1, 10 and 100 MB of TEI, against floors measured in
the same run: lxml parsing alone, and a plain executemany + FTS5 of the build's own rows.

Usage: python benchmarks/bench_build.py [SIZE_MB ...]   (default: 1 10 100)
Builds and floors alternate, RUNS of each, every one in a fresh process: timings on a shared
machine drift by 10-20% over minutes, so each build is compared with the floor measured just
after it, and `of_floor` is the median of those ratios (their range is printed too). Build
and floor times are medians; peak memory (of the writer, and of the largest worker process)
is the largest seen. Synthetic corpora are cached under benchmarks/out/ (git-ignored).
"""

from __future__ import annotations

import gc
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

from lxml import etree

HERE = Path(__file__).resolve().parent
OUT = HERE / "out"
LOOKUPS = ["Wlassow", "Власова", "ROA", "KONR", "General Wlassow", "Tourkoul", "Chruschtschow",
           "Andrei Vlasov", "Russkaia Osvoboditelnaia Armiia", "Himmler", "Bunjatschenko",
           "Prag", "zzzz"]
NAME_SEARCHES = ["Vlasov", "Wlassow", "Власов", "Himmler", "Trukhin", "Prague Manifesto"]
COMMON_SEARCHES = ["the", "of the", "and"]
RUNS = 5  # builds and floors, alternating (see the docstring)


def corpus_dir(size: int) -> Path:
    """The synthetic corpus of `size` MB, made again whenever the real TEI or the generator
    has changed since it was made (a stale corpus would measure texts we no longer have)."""
    import hashlib
    import shutil

    from corpus.paths import tei_dir

    sources = sorted(tei_dir().glob("*.xml")) + [HERE / "make_synthetic.py"]
    stamp = hashlib.sha256(b"".join(p.read_bytes() for p in sources)).hexdigest()
    folder = OUT / f"tei-{size}mb"
    if (folder / ".source").is_file() and (folder / ".source").read_text() == stamp:
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    subprocess.run([sys.executable, str(HERE / "make_synthetic.py"), str(folder), str(size)],
                   check=True, stdout=subprocess.DEVNULL)
    (folder / ".source").write_text(stamp)
    return folder


def megabytes(folder: Path) -> float:
    return sum(p.stat().st_size for p in folder.glob("*.xml")) / 1e6


def floor(folder: Path) -> dict:
    """Parse every file with lxml; insert the build's own document, segment and mention rows
    into the build's tables, in a database file set up as the build sets up its own, with
    plain executemany; FTS5 them as the build's index does. Seconds of each step."""
    from multiprocessing import Pool

    import sqlite_utils

    from corpus.index import spec
    from corpus.index.rows import create_schema, document_rows, for_bulk_load, insert_rows
    from corpus.tei.read import document_paths

    times = {}
    start = time.perf_counter()
    for path in sorted(folder.glob("*.xml")):
        etree.parse(str(path))
    times["parse"] = time.perf_counter() - start
    with Pool() as pool:  # the rows are made by the build's own code, not timed
        rows = pool.map(document_rows, document_paths(folder), chunksize=32)
    gc.freeze()  # the collector need not walk a corpus of rows while the floor is timed
    target = OUT / f"floor-{os.getpid()}.db"
    db = sqlite_utils.Database(target)
    conn = db.conn
    for_bulk_load(conn)
    create_schema(db)
    triggers = conn.execute("select name from sqlite_master where type = 'trigger'")
    for (trigger,) in triggers.fetchall():
        conn.execute(f"drop trigger [{trigger}]")
    start = time.perf_counter()
    with conn:
        for r in rows:
            names = tuple(r.facts.document)
            conn.execute(spec.TABLES["documents"].insert_sql(names),
                         [r.facts.document[n] for n in names])
            insert_rows(conn, r)
    times["insert"] = time.perf_counter() - start
    start = time.perf_counter()
    with conn:
        for table in (t for t in spec.TABLES.values() if t.fts):
            conn.execute(f"insert into {table.name}_fts ({table.name}_fts) values ('rebuild')")
    times["fts"] = time.perf_counter() - start
    conn.close()
    target.unlink()
    return times


def timed_floor(folder: Path) -> dict:
    """The floor in a process of its own: its rows (gigabytes at 100 MB) then weigh neither
    on the builds' memory nor on the timings that follow."""
    out = subprocess.run([sys.executable, __file__, "--floor", str(folder)], check=True,
                         capture_output=True, text=True).stdout
    return json.loads(out)


def timed_build(folder: Path, db: Path, full: bool) -> tuple[float, int, int]:
    """Build in a child process so its peak memory (ru_maxrss) is its own: seconds, the
    writer's peak and the largest worker's peak, in kB."""
    code = ("import resource as r, time; from corpus.index.build import build; "
            "t = time.perf_counter();"
            f"build({str(folder)!r}, {str(db)!r}, full={full}, quiet=True);"
            "print(time.perf_counter() - t, r.getrusage(r.RUSAGE_SELF).ru_maxrss,"
            " r.getrusage(r.RUSAGE_CHILDREN).ru_maxrss)")
    out = subprocess.run([sys.executable, "-c", code], check=True, capture_output=True,
                         text=True).stdout.split()
    return float(out[0]), int(out[1]), int(out[2])


def percentiles(func, queries, rounds=20) -> tuple[float, float]:
    times = []
    for _ in range(rounds):
        for q in queries:
            start = time.perf_counter()
            func(q)
            times.append(time.perf_counter() - start)
    times.sort()
    return statistics.median(times) * 1000, times[int(len(times) * 0.95)] * 1000


def bench(size: int) -> dict:
    from corpus.index.db import Corpus

    folder = corpus_dir(size)
    db = OUT / f"corpus-{size}mb.db"
    db.unlink(missing_ok=True)
    mb = megabytes(folder)
    builds, floors = [], []
    for _ in range(RUNS):
        builds.append(timed_build(folder, db, full=True))
        floors.append(timed_floor(folder))
    seconds = statistics.median(t for t, _, _ in builds)
    peak_kb, worker_kb = (max(b[i] for b in builds) for i in (1, 2))
    ratios = sorted(sum(f.values()) / b[0] for b, f in zip(builds, floors, strict=True))
    fl = {step: statistics.median(f[step] for f in floors) for step in floors[0]}
    victim = sorted(folder.glob("syn*.xml"))[0]
    victim.write_bytes(victim.read_bytes().replace(b"</body>", b"<!-- touched --></body>"))
    incremental = timed_build(folder, db, full=False)[0]
    with Corpus(db) as corpus:
        corpus.lookup("warm-up")
        corpus.search("warm-up")
        lookup = percentiles(corpus.lookup, LOOKUPS)
        names = percentiles(corpus.search, NAME_SEARCHES, rounds=5)
        common = percentiles(corpus.search, COMMON_SEARCHES, rounds=3)
    floor_seconds = statistics.median(sum(f.values()) for f in floors)
    return {
        "size_mb": round(mb, 1), "build_s": round(seconds, 2), "mb_per_s": round(mb / seconds, 2),
        "floor_s": round(floor_seconds, 2), "floor_parse_s": round(fl["parse"], 2),
        "floor_insert_s": round(fl["insert"], 2), "floor_fts_s": round(fl["fts"], 2),
        "of_floor": round(statistics.median(ratios), 2),
        "of_floor_range": f"{ratios[0]:.2f}-{ratios[-1]:.2f}", "peak_mb": round(peak_kb / 1024),
        "worker_peak_mb": round(worker_kb / 1024),
        "db_mb": round(db.stat().st_size / 1e6, 1), "incremental_s": round(incremental, 2),
        "lookup_p50_ms": round(lookup[0], 3), "lookup_p95_ms": round(lookup[1], 3),
        "search_p50_ms": round(names[0], 2), "search_p95_ms": round(names[1], 2),
        "common_p95_ms": round(common[1], 2),
    }


def main() -> None:
    if sys.argv[1:2] == ["--floor"]:  # a floor run of timed_floor's
        print(json.dumps(floor(Path(sys.argv[2]))))
        return
    if any(a in ("-h", "--help") for a in sys.argv[1:]):
        print(__doc__)
        return
    if not all(a.isdigit() for a in sys.argv[1:]):
        raise SystemExit("usage: python benchmarks/bench_build.py [SIZE_MB ...]")
    sizes = [int(a) for a in sys.argv[1:]] or [1, 10, 100]
    OUT.mkdir(exist_ok=True)
    rows = [bench(size) for size in sizes]
    keys = list(rows[0])
    print(" | ".join(keys))
    for row in rows:
        print(" | ".join(str(row[k]) for k in keys))
    (OUT / "bench_build.json").write_text(json.dumps(rows, indent=1))
    os.environ.get("CI") or print(f"(also in {OUT / 'bench_build.json'})")


if __name__ == "__main__":
    main()
