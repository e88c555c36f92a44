"""`corpus add` on running text: how many register mentions its proposals find, and whether
it links a homonym (tests/data/add/: English, German and Russian essays written for the set,
with a reader's key).

Usage: python benchmarks/eval_add.py [--part dev|test|both|heldout|final|reserve|unseen] [--misses]

Lines are split into a dev part (tuned on) and a test part (scored once) by a hash of file and
line number, as the name set is. Found: a proposal over the mention links its entity alone;
ambiguous: it lists the entity among others; wrong: it links another. Unkeyed proposals cover
no key span (a nested name the key gives only in its longer form, or a reader's miss).
`heldout` scores tests/data/add/heldout/, three further essays written in session 5 by someone
who never saw the matcher: held out when scored at the end of session 5, tuning data since.
`final` scores tests/data/add/final/, a third set written in session 6, scored once at that
session's end, tuning data since session 7. `reserve` (tests/data/add/reserve/), written after
that score, was scored once at the end of session 7, tuning data since session 8. `unseen`
(tests/data/add/unseen/), written in session 8, was scored once at its end; its misses are not
printed until a session declares it tuning data.
"""

from __future__ import annotations

import argparse
from dataclasses import fields
from pathlib import Path

from corpus.evaluation import AddScores, score_add
from corpus.tei.annotate import Annotator
from corpus.tei.register import load_register

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "add"
HELD_APART = ("heldout", "final", "reserve", "unseen")  # sets in their own folders, scored whole
HELD_OUT = ("unseen",)  # their misses are not printed


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--part", choices=("dev", "test", "both", *HELD_APART), default="dev")
    parser.add_argument("--misses", action="store_true")
    args = parser.parse_args()
    if args.part in HELD_OUT and args.misses:
        parser.error(f"the {args.part} set's misses are not read: that would make it tuning data")
    register = load_register()
    annotator = Annotator(register)
    persons = {e.id for e in register if e.type == "person"}
    if args.part in HELD_APART:
        folder, parts = DATA / args.part, None
    else:
        folder, parts = DATA, ("dev", "test") if args.part == "both" else (args.part,)
    scores = score_add(annotator.propose, folder, parts, is_person=persons.__contains__)
    print(f"{'file':8} {'mentions':>8} {'found':>6} {'recall':>7} {'ambig':>6} {'wrong':>6} "
          f"{'homonyms':>9} {'linked':>7} {'unkeyed':>8}")
    total = AddScores()
    for name, s in [*scores.items(), ("all", total)]:
        print(f"{name:8} {s.mentions:8} {s.found:6} {s.recall:7.3f} {s.ambiguous:6} {s.wrong:6} "
              f"{s.homonyms:9} {s.homonyms_linked:7} {s.unkeyed:8}")
        if s is not total:
            for counter in fields(AddScores):
                if counter.type == "int":
                    setattr(total, counter.name,
                            getattr(total, counter.name) + getattr(s, counter.name))
    if args.misses:
        for s in scores.values():
            for name, line, span, expected, got in s.misses:
                print(f"miss  {name}:{line:<3} {span!r}: expected {expected}, got {got}")


if __name__ == "__main__":
    main()
