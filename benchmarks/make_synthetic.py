"""Make a synthetic TEI corpus of a given size by varying the real texts.

Each synthetic document is a real one under a new document id (its paragraphs keep theirs,
which is valid: an xml:id is unique within its document), its paragraphs shuffled within their
division and its person names respelled by a random transliteration scheme (so the corpus
holds Wlassow, Vlassov, Własow… in realistic proportions). The register is copied as is, so
every reference still resolves. Usage: python benchmarks/make_synthetic.py OUT_DIR SIZE_MB
"""

from __future__ import annotations

import copy
import random
import shutil
import sys
from pathlib import Path

from lxml import etree

from corpus.names.translit import schemes, to_latin
from corpus.paths import register_path, tei_dir
from corpus.tei.read import MENTION_TYPES, document_paths, ref_id
from corpus.tei.register import load_register
from corpus.tei.xmlio import NSMAP, XML_ID, local, parse

BLOCKS = ("p", "list", "figure", "listBibl")  # shuffled within their division; heads stay


def respellings(register) -> dict[str, list[str]]:
    """Every scheme's rendering of each person's Russian surname, for plain-surname mentions."""
    out = {}
    for entity in register:
        if entity.type != "person":
            continue
        surnames = [f.text for f in entity.forms if f.script == "Cyrl" and " " not in f.text]
        if surnames:
            out[entity.id] = sorted({to_latin(surnames[0], s.id) for s in schemes()})
    return out


def vary(root, n: int, rng: random.Random, names: dict[str, list[str]]) -> None:
    # only the document's own id changes: inner xml:ids are unique within their document,
    # which is all TEI (and the database, which keys passages by document) asks
    root.set(XML_ID, f"syn{n:05d}-{root.get(XML_ID)}")
    for container in root.iterfind(".//tei:body", NSMAP):
        for parent in [container, *container.iterfind(".//tei:div", NSMAP)]:
            blocks = [c for c in parent if local(c.tag) in BLOCKS]
            if len(blocks) > 1:
                positions = [parent.index(c) for c in blocks]
                rng.shuffle(blocks)
                for pos, block in zip(positions, blocks, strict=True):
                    parent.insert(pos, block)
    for el in root.iter():
        if not isinstance(el.tag, str) or local(el.tag) not in MENTION_TYPES or len(el):
            continue
        choices = names.get(ref_id(el.get("ref")) or "")
        if choices and el.text and " " not in el.text.strip() and rng.random() < 0.5:
            el.text = rng.choice(choices)


def make(out: Path, size_mb: float, seed: int = 1) -> int:
    out.mkdir(parents=True, exist_ok=True)
    source = tei_dir()
    shutil.copy(register_path(source), out / "register.xml")
    register = load_register(register_path(source))
    names = respellings(register)
    originals = [parse(p) for p in document_paths(source)]
    rng = random.Random(seed)
    total, n = 0, 0
    while total < size_mb * 1_000_000:
        tree = copy.deepcopy(originals[n % len(originals)])
        vary(tree.getroot(), n, rng, names)
        data = etree.tostring(tree, encoding="UTF-8", xml_declaration=True)
        (out / f"syn{n:05d}.xml").write_bytes(data)
        total += len(data)
        n += 1
    return n


if __name__ == "__main__":
    count = make(Path(sys.argv[1]), float(sys.argv[2]))
    print(f"{count} documents written to {sys.argv[1]}")
