"""Schema speed: tei_all.rng against the project's compact schema (corpus/tei/schema/corpus.rng).

Usage: python benchmarks/bench_schema.py [--runs N]

For each schema, `--runs` times (3 by default): compile it from its file with lxml, then validate
the five documents and the register in tei/ (parsed once, before any clock starts). Printed are
the median compile time, the median time to validate all six files, the validity each schema
gave each file, and how many times faster the compact schema is (tei_all's median over the
compact one's). Compiling tei_all takes about ten seconds a run, so the default takes a minute.
The machine is shared and noisy: compare the ratios between runs, not the seconds.
"""

from __future__ import annotations

import argparse
import statistics
import time
from importlib import resources
from pathlib import Path

from lxml import etree

from corpus.paths import document_paths, register_path
from corpus.tei.schema import schema_path
from corpus.tei.xmlio import parse

ROOT = Path(__file__).resolve().parent.parent


def tei_all_path() -> Path:
    return Path(str(resources.files("schemas").joinpath("tei_all.rng")))


def measure(rng: Path, trees: dict[str, etree._ElementTree], runs: int):
    compiles, validates, verdicts = [], [], {}
    for _ in range(runs):
        start = time.perf_counter()
        schema = etree.RelaxNG(etree.parse(str(rng)))
        compiles.append(time.perf_counter() - start)
        start = time.perf_counter()
        verdicts = {name: schema.validate(tree) for name, tree in trees.items()}
        validates.append(time.perf_counter() - start)
    return statistics.median(compiles), statistics.median(validates), verdicts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--runs", type=int, default=3)
    args = ap.parse_args()
    tei = ROOT / "tei"
    paths = [register_path(tei), *document_paths(tei)]
    trees = {p.name: parse(p) for p in paths}
    schemas = {"tei_all": tei_all_path(), "compact": schema_path()}
    results = {name: measure(rng, trees, args.runs) for name, rng in schemas.items()}

    print(f"{len(trees)} files ({sum(p.stat().st_size for p in paths) / 1024:.0f} kB), "
          f"medians of {args.runs} runs")
    print(f"{'schema':<10}{'size':>10}{'compile':>12}{'validate':>12}{'total':>12}")
    for name, (comp, val, _) in results.items():
        size = schemas[name].stat().st_size / 1024
        print(f"{name:<10}{size:>8.0f}kB{comp:>11.3f}s{val * 1000:>10.1f}ms{comp + val:>11.3f}s")
    (c_all, v_all, ok_all), (c_cmp, v_cmp, ok_cmp) = results["tei_all"], results["compact"]
    print(f"{'ratio':<10}{'':>10}{c_all / c_cmp:>11.1f}x{v_all / v_cmp:>11.1f}x"
          f"{(c_all + v_all) / (c_cmp + v_cmp):>11.1f}x")
    for name in trees:
        print(f"  {name:<28} tei_all {'valid' if ok_all[name] else 'INVALID':<8} "
              f"compact {'valid' if ok_cmp[name] else 'INVALID'}")


if __name__ == "__main__":
    main()
