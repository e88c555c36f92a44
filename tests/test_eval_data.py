"""The evaluation sets are well formed: what the scorers read is what their READMEs promise.

A malformed row would be scored silently wrong (a tab inside a query, an id the register lost),
so the format is held here, for the old set and the ones gathered afresh in sessions 5 to 8,
and for the keys of the `corpus add` essays."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import pytest

from corpus.evaluation import read_tsv

NAMES = Path(__file__).parent / "data" / "names"
HEADER = ["query", "expected", "shares", "lang", "address", "note"]
# gathered in sessions 5 to 7, each after the tuning (or the score) before it
FRESH = ("heldout", "final", "reserve", "unseen")
NAME_FILES = sorted(NAMES.glob("*.tsv")) + [
    path for folder in FRESH for path in sorted((NAMES / folder).glob("*.tsv"))]


@pytest.mark.parametrize("path", NAME_FILES, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_name_file_is_well_formed(path, register):
    text = path.read_text(encoding="utf-8")
    assert "\r" not in text and text == unicodedata.normalize("NFC", text)
    assert text.splitlines()[0].split("\t") == HEADER
    assert all(line.count("\t") == len(HEADER) - 1 for line in text.splitlines())
    rows = read_tsv(path)
    ids = {e.id for e in register}
    queries = [r["query"] for r in rows]
    assert len(queries) == len(set(queries)), "a query twice in one file"
    for row in rows:
        assert all(row[c].strip() for c in HEADER), row
        assert row["address"].startswith(("http://", "https://")), row
        if path.stem == "homonyms":
            assert row["expected"] == "-" and set(row["shares"].split(",")) <= ids, row
        else:
            assert row["expected"] in ids, row


@pytest.mark.parametrize("folder", FRESH)
def test_a_fresh_set_shares_no_query_with_the_older_ones(folder):
    older = [NAMES, *(NAMES / f for f in FRESH[:FRESH.index(folder)])]
    old = {(r["query"], path.stem) for d in older for path in d.glob("*.tsv")
           for r in read_tsv(path)}
    fresh = {(r["query"], path.stem) for path in (NAMES / folder).glob("*.tsv")
             for r in read_tsv(path)}
    assert fresh and not old & fresh


ADD = Path(__file__).parent / "data" / "add"
ADD_KEYS = [ADD / "key.tsv", *(ADD / f / "key.tsv" for f in FRESH)]
WORD_EDGE = r"(?<!\w){}(?!\w)"


@pytest.mark.parametrize("key", ADD_KEYS, ids=lambda p: p.parent.name)
def test_an_add_key_names_its_spans_where_they_are(key, register):
    """Each key row names a register id (or `-`) and a span written in its line as a whole
    word, no more often than the rows that key it there."""
    import re
    from collections import Counter

    text = key.read_text(encoding="utf-8")
    assert "\r" not in text and text == unicodedata.normalize("NFC", text)
    rows = read_tsv(key)
    ids = {e.id for e in register} | {"-"}
    lines = {name: (key.parent / name).read_text(encoding="utf-8").splitlines()
             for name in {r["file"] for r in rows}}
    keyed = Counter((r["file"], int(r["line"]), r["span"]) for r in rows)
    for (name, number, span), count in keyed.items():
        line = lines[name][number - 1]
        found = len(re.findall(WORD_EDGE.format(re.escape(span)), line))
        assert found >= count, (name, number, span)
    assert all(r["expected"] in ids and r["note"].strip() for r in rows)
