"""`corpus add` on long texts: seconds for one paragraph of 20 kB, 200 kB and 2 MB.

Usage: python benchmarks/bench_add.py [SIZES_KB ...]

The text is the English essay of tests/data/add repeated into one paragraph of each size (the
hard case: one block, so every proposal of the text is nested and listed together), drafted
with `corpus.tei.add.add` into a scratch copy of the TEI folder, three times per size; the median
is printed with the time per 100 kB. Linear work keeps that last column flat; before the
proposals were sorted and bisected it grew with the size (20 kB 3 s, 80 kB 21 s, 160 kB 73 s).
"""

from __future__ import annotations

import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from corpus.tei.add import add
from corpus.tei.register import load_register

HERE = Path(__file__).resolve().parent
SOURCE = HERE.parent / "tests" / "data" / "add" / "en.txt"
TEI = HERE.parent / "tei"


def paragraph(size: int) -> str:
    words = " ".join(SOURCE.read_text("utf-8").split())
    return (words + " ") * (size // len(words) + 1)


def main() -> None:
    sizes = [int(a) for a in sys.argv[1:]] or [20, 200, 2000]
    register = load_register(TEI / "register.xml")
    print(f"{'size':>8} {'seconds':>8} {'s / 100 kB':>11}")
    for kb in sizes:
        times = []
        for _ in range(3):
            with tempfile.TemporaryDirectory() as scratch:
                folder = Path(scratch) / "tei"
                folder.mkdir()
                shutil.copy(TEI / "register.xml", folder)
                text = Path(scratch) / f"long-{kb}.txt"
                text.write_text(paragraph(kb * 1000)[: kb * 1000].rstrip() + "\n", "utf-8")
                start = time.perf_counter()
                add(text, title="A long text", lang="en", tei=folder, register=register)
                times.append(time.perf_counter() - start)
        median = statistics.median(times)
        print(f"{kb:>6}kB {median:8.2f} {median / kb * 100:11.2f}", flush=True)


if __name__ == "__main__":
    main()
