"""The compact schema (corpus/tei/schema/corpus.rng) from the project's ODD (tei/odd/corpus.odd).

It must accept the whole corpus and what `corpus add` drafts, be current with the ODD and with
tei_all (regenerating it gives the same bytes), and be truly narrower than tei_all: markup
outside the ODD is refused by it though tei_all allows it, and what tei_all refuses it refuses.
"""

from __future__ import annotations

import hashlib
import re
import subprocess
import sys
from pathlib import Path

import pytest
from lxml import etree

ROOT = Path(__file__).resolve().parent.parent
TEI_DIR = ROOT / "tei"
ODD = TEI_DIR / "odd" / "corpus.odd"
COMPILER = TEI_DIR / "odd" / "compile_odd.py"
SHIPPED = ROOT / "corpus" / "tei" / "schema" / "corpus.rng"
BASE_DOC = TEI_DIR / "thisday-pow-1942.xml"
FIRST_P = b'<p xml:id="thisday-pow-1942-p1">'
MINIMAL_HEADER = ("<teiHeader><fileDesc><titleStmt><title>t</title></titleStmt>"
                  "<publicationStmt><p>p</p></publicationStmt><sourceDesc><p>s</p></sourceDesc>"
                  "</fileDesc></teiHeader>")


@pytest.fixture(scope="session")
def tei_all() -> etree.RelaxNG:
    """tei_all.rng, compiled once per test session (about ten seconds) and shared with the
    other tests that need it (corpus.tei.validate caches it)."""
    from corpus.tei.validate import tei_schema

    return tei_schema()


@pytest.fixture(scope="session")
def compact() -> etree.RelaxNG:
    from corpus.tei.schema import compact_schema

    return compact_schema()


def errors(schema: etree.RelaxNG) -> str:
    return "\n".join(f"{e.line}: {e.message}" for e in schema.error_log)


def parse_bytes(data: bytes) -> etree._ElementTree:
    from corpus.tei.xmlio import parse_bytes

    return parse_bytes(data, "case").getroottree()


@pytest.mark.parametrize("path", sorted(TEI_DIR.glob("*.xml")), ids=lambda p: p.name)
def test_every_tei_file_is_valid_against_the_compact_schema(compact, path):
    from corpus.tei.xmlio import parse

    assert compact.validate(parse(path)), errors(compact)


@pytest.mark.parametrize("path", sorted(TEI_DIR.glob("*.xml")), ids=lambda p: p.name)
def test_every_tei_file_is_also_valid_against_tei_all(tei_all, path):
    """The customisation narrows TEI and never departs from it: what it accepts, all of TEI
    accepts (`corpus validate --tei-all` checks a scholar's own files the same way)."""
    from corpus.tei.xmlio import parse

    assert tei_all.validate(parse(path)), errors(tei_all)


def test_a_draft_from_corpus_add_is_valid(compact, register, tmp_path):
    """Headings (a div), bullets (a list), names the register knows (mentions with abbr) and
    names it does not (notesStmt with a list to review): all that a draft can contain."""
    from corpus.tei.add import add

    tei = tmp_path / "tei"  # `corpus add` may keep a copy of the text in the texts/ beside it
    tei.mkdir()
    text = tmp_path / "draft.txt"
    text.write_text("The Committee in Prague\n\n"
                    "In November 1944 General Vlasov read out the manifesto of the KONR.\n"
                    "• Trukhin, the chief of staff of the ROA.\n"
                    "• Malyshkin and Zhilenkov.\n"
                    "After the War\n"
                    "Vlasov was tried in Moscow; Smithson and Jonesworth wrote about it.\n",
                    "utf-8")
    result = add(text, title="The Committee in Prague", tei=tei, register=register)
    tree = etree.parse(str(result.path))
    used = {etree.QName(el).localname for el in tree.iter() if isinstance(el.tag, str)}
    assert {"div", "list", "item", "notesStmt", "abbr", "persName"} <= used
    assert compact.validate(tree), errors(compact)


def test_the_shipped_schema_is_what_the_odd_gives_today(tmp_path):
    from corpus.tei.schema import schema_path

    assert schema_path() == SHIPPED
    out = tmp_path / "corpus.rng"
    done = subprocess.run([sys.executable, str(COMPILER), "--out", str(out)],
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr
    shipped = SHIPPED.read_bytes()
    header = shipped[:2000].decode("utf-8")
    odd_sha = re.search(r"ODD sha256: ([0-9a-f]{64})", header)
    assert odd_sha and odd_sha.group(1) == hashlib.sha256(ODD.read_bytes()).hexdigest(), \
        "tei/odd/corpus.odd changed: run python tei/odd/compile_odd.py"
    assert re.search(r"tei_all version: TEI P5 \d+\.\d+\.\d+", header)
    assert out.read_bytes() == shipped, "corpus.rng is stale: run python tei/odd/compile_odd.py"


def test_the_odd_is_a_tei_document(tei_all):
    assert tei_all.validate(etree.parse(str(ODD))), errors(tei_all)


def in_first_paragraph(xml: str) -> bytes:
    return BASE_DOC.read_bytes().replace(FIRST_P, FIRST_P + xml.encode("utf-8"), 1)


def before_first_paragraph(xml: str) -> bytes:
    return BASE_DOC.read_bytes().replace(FIRST_P, xml.encode("utf-8") + FIRST_P, 1)


OUTSIDE_THE_ODD = {
    "sp (drama)": before_first_paragraph(
        "<sp><speaker>Vlasov</speaker><p>A line of dialogue.</p></sp>"),
    "castList (drama)": before_first_paragraph(
        "<castList><castItem><role>The general</role></castItem></castList>"),
    "stage (drama)": in_first_paragraph("<stage>He leaves.</stage>"),
    "w (linguistic analysis)": in_first_paragraph("<w lemma='war'>war</w>"),
}


@pytest.mark.parametrize("data", OUTSIDE_THE_ODD.values(), ids=OUTSIDE_THE_ODD.keys())
def test_markup_outside_the_odd_is_refused_though_tei_all_allows_it(compact, tei_all, data):
    assert BASE_DOC.read_bytes() != data  # the change was made
    tree = parse_bytes(data)
    assert tei_all.validate(tree), errors(tei_all)
    assert not compact.validate(tree)


INVALID_TEI = {
    "p directly in TEI, no text": f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{MINIMAL_HEADER}'
                                  "<p>A paragraph with no text around it.</p></TEI>",
    "a name directly in body": f'<TEI xmlns="http://www.tei-c.org/ns/1.0">{MINIMAL_HEADER}'
                               "<text><body><persName>Vlasov</persName></body></text></TEI>",
    "no teiHeader": '<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body><p>x</p></body>'
                    "</text></TEI>",
    "an attribute TEI does not define": in_first_paragraph("<hi colour='red'>x</hi>").decode(),
}


@pytest.mark.parametrize("xml", INVALID_TEI.values(), ids=INVALID_TEI.keys())
def test_what_tei_all_refuses_the_compact_schema_refuses(compact, tei_all, xml):
    tree = parse_bytes(xml.encode("utf-8"))
    assert not tei_all.validate(tree)
    assert not compact.validate(tree)
