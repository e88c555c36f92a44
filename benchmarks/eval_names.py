"""Lookup on names as the literature writes them (tests/data/names/), per category and part.

Usage: python benchmarks/eval_names.py [--part dev|test|both|heldout|final|reserve|unseen]
                                       [--misses]
                                       [--db PATH] [--all-rows]

The dev part is for tuning; the test part is scored once, at the end (see the README there).
`heldout` is the set gathered afresh in session 5 (tests/data/names/heldout/): held out when it
was scored at the end of session 5, tuning data since. `final` is the set gathered in session 6
(tests/data/names/final/) by people who never ran the lookup, scored once at that session's
end, tuning data since session 7. `reserve` (tests/data/names/reserve/), gathered after that
score and completed in session 7, was scored once at the end of session 7, tuning data since
session 8. `unseen` (tests/data/names/unseen/), gathered after that, was scored once at the end
of session 8; its misses are not printed until a session declares it tuning data.
recall@1: the expected entity ranks first; sure@1: first and not flagged ambiguous (a bare
surname several persons share, a surname read from another script's consonants).
`--misses` prints what the chosen part gets wrong; don't ask it of the test part while tuning.
Rows whose query is now a register spelling verbatim are left out by default (the register
has grown since the set was gathered: they no longer test a new spelling); `--all-rows` keeps
them, for the figure over the set as gathered.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from corpus.api import open_register
from corpus.evaluation import NameScores, read_names, score_names
from corpus.tei.register import load_register

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "names"
HELD_APART = ("heldout", "final", "reserve", "unseen")  # sets in their own folders
HELD_OUT = ("unseen",)  # their misses are not printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both", *HELD_APART),
                        default="dev")
    parser.add_argument("--misses", action="store_true")
    parser.add_argument("--db", default=None, help="score the database lookup instead")
    parser.add_argument("--all-rows", action="store_true",
                        help="keep rows that are now register spellings verbatim")
    args = parser.parse_args()
    if args.part in HELD_OUT and args.misses:
        parser.error(f"the {args.part} set's misses are not read: that would make it tuning data")
    if args.db:
        from corpus.index.db import Corpus

        source = Corpus(args.db)
    else:
        source = open_register()
    forms = set() if args.all_rows else {form.text for _, form in load_register().forms}
    if args.part in HELD_APART:
        rows, dropped = read_names(DATA / args.part, forms, part=args.part)
    else:
        rows, dropped = read_names(DATA, forms)
        parts = ("dev", "test") if args.part == "both" else (args.part,)
        rows = [r for r in rows if r["part"] in parts]
    scores = score_names(source.lookup, rows)
    print(f"{dropped} rows left out: a register spelling verbatim")
    print(f"{'category':18} {'part':5} {'rows':>5} {'recall@1':>9} {'sure@1':>7} {'wrong@1':>8}")
    total: dict[str, NameScores] = {}
    for (category, part), s in sorted(scores.items()):
        print(f"{category:18} {part:5} {s.rows:5} {s.recall1:9.3f} {s.sure_rate:7.3f} "
              f"{s.wrong_rate:8.3%}")
        t = total.setdefault(part, NameScores())
        t.rows, t.right, t.wrong = t.rows + s.rows, t.right + s.right, t.wrong + s.wrong
        t.sure += s.sure
    for part, t in sorted(total.items()):
        print(f"{'all':18} {part:5} {t.rows:5} {t.recall1:9.3f} {t.sure_rate:7.3f} "
              f"{t.wrong_rate:8.3%}")
    if args.misses:
        for (category, part), s in sorted(scores.items()):
            for query, expected, got in s.misses:
                print(f"miss  {category:16} {part:4} {query!r}: expected {expected}, got {got}")


if __name__ == "__main__":
    main()
