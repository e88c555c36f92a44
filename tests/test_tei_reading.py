"""Segments and mention offsets read from TEI, on small hand-made documents."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from lxml import etree

from corpus.tei.read import flatten, read_segment

NS = 'xmlns="http://www.tei-c.org/ns/1.0"'


def segment(xml: str):
    return read_segment(etree.fromstring(xml.replace("<p", f"<p {NS}", 1)), 1)


@pytest.mark.parametrize("xml, text", [
    ("<p>a  b\n c</p>", "a b c"),
    ("<p>General <choice><sic>Nikika</sic><corr>Nikita</corr></choice> S.</p>",
     "General Nikika S."),
    ("<p>lost <gap reason='lost'/><note type='editorial'>gone</note>text</p>", "lost text"),
    ("<p>author <note type='annotation'>kept</note></p>", "author kept"),
])
def test_segment_text_reads_sic_and_skips_editorial_notes(xml, text):
    assert segment(xml).text == text


def test_mention_offsets_slice_the_surface_including_nested_names():
    seg = segment('<p>the <orgName ref="reg:roa"><persName ref="reg:vlasov">Vlasov</persName>'
                  ' Army</orgName> and <persName ref="reg:vlasov">Vlasov</persName>’s men</p>')
    assert [(m.entity, seg.text[m.start:m.end]) for m in seg.mentions] == [
        ("roa", "Vlasov Army"), ("vlasov", "Vlasov"), ("vlasov", "Vlasov")]
    assert seg.text == "the Vlasov Army and Vlasov’s men"


def test_blocks_are_separated_by_whitespace():
    el = etree.fromstring(f"<body {NS}><p>one</p><p>two</p><list><item>three</item></list></body>")
    assert flatten(el)[0] == "one two three"


PIECES = st.sampled_from(["a", "bb", " ", "\n", "  ", "c c", "\t", "Власов"])


@given(st.lists(PIECES, min_size=6, max_size=6))
def test_offsets_survive_any_whitespace(words):
    xml = (f'<p {NS}>{words[0]}<persName ref="x">{words[1]}{words[2]}</persName>{words[3]}'
           f'<orgName ref="y">{words[4]}<persName ref="z">{words[5]}</persName></orgName> </p>')
    el = etree.fromstring(xml)
    text, spans = flatten(el)
    assert text == " ".join("".join(el.itertext()).split())
    mentions = {m.get("ref"): m for m in el.iter("{*}persName", "{*}orgName")}
    assert sorted(ref for _, _, _, ref, _ in spans) == ["x", "y", "z"]
    for start, end, _, ref, _ in spans:
        assert text[start:end] == " ".join("".join(mentions[ref].itertext()).split())


def test_the_stylesheet_knows_the_same_tags_as_the_reader():
    """templates/segments.xsl names segment and mention elements itself; they must not drift
    from the lists the rest of the code uses."""
    from pathlib import Path

    import corpus
    from corpus.tei.read import MENTION_TYPES, SEGMENT_TAGS
    from corpus.tei.xmlio import parse

    xsl = parse(Path(corpus.__file__).parent / "tei" / "templates" / "segments.xsl").getroot()
    templates = [(t.get("mode"), t.get("match") or "")
                 for t in xsl.iter("{http://www.w3.org/1999/XSL/Transform}template")]
    finder = next(m for mode, m in templates if mode == "find" and m != "*")
    mentions = next(m for mode, m in templates if mode is None and "persName" in m)
    assert {n.removeprefix("t:") for n in finder.split("|")} == set(SEGMENT_TAGS)
    assert {n.removeprefix("t:").split("[")[0] for n in mentions.split("|")} == {
        *MENTION_TYPES, "seg"}


def test_entities_and_network_are_off(tmp_path):
    from corpus.errors import CorpusError
    from corpus.tei.xmlio import parse

    secret = tmp_path / "secret.txt"
    secret.write_text("TOP SECRET", "utf-8")
    doc = tmp_path / "doc.xml"
    doc.write_text(f'<!DOCTYPE p [<!ENTITY e SYSTEM "file://{secret}">'
                   f'<!ENTITY big "lol">]><p {NS}>a &e; b</p>', "utf-8")
    with pytest.raises(CorpusError, match="xml-policy") as refused:  # before any parsing
        parse(doc)
    assert "TOP SECRET" not in str(refused.value)


@pytest.mark.parametrize("xml", ['<p>a \ufdd3b</p>', '<p>a &#x0FDD5;</p>',
                                 '<p>a <persName ref="x\ufdd1">b</persName></p>'])
def test_reserved_characters_in_a_tree_are_refused(xml):
    from corpus.errors import CorpusError

    with pytest.raises(CorpusError, match="reserved-character"):
        segment(xml)


MENTION_TREES = st.recursive(
    st.sampled_from(["a", " b ", "Власов", "  "]),
    lambda inner: st.tuples(st.sampled_from(["persName", "orgName", "placeName", "term"]),
                            st.lists(inner, min_size=0, max_size=3)),
    max_leaves=12)


def _xml(tree, refs) -> str:
    if isinstance(tree, str):
        return tree
    tag, children = tree
    refs.append(f"r{len(refs)}")
    return f'<{tag} ref="{refs[-1]}">' + "".join(_xml(c, refs) for c in children) + f"</{tag}>"


@given(st.lists(MENTION_TREES, min_size=1, max_size=4))
def test_nested_mentions_slice_their_own_text_in_document_order(trees):
    refs: list[str] = []
    el = etree.fromstring(f"<p {NS}>x " + "".join(_xml(t, refs) for t in trees) + " y</p>")
    text, spans = flatten(el)
    assert text == " ".join("".join(el.itertext()).split())
    by_ref = {m.get("ref"): m for m in el.iter("{*}persName", "{*}orgName", "{*}placeName",
                                                "{*}term")}
    assert [ref for *_, ref, _ in spans] == refs  # document order
    for start, end, _, ref, _ in spans:
        assert text[start:end] == " ".join("".join(by_ref[ref].itertext()).split())


@given(st.text(st.sampled_from("ab \n\t\u00a0\u2028\u3000\r")))
def test_whitespace_collapses_as_str_split_does(text):
    from corpus.tei.read import _collapse_spaces

    assert _collapse_spaces(text) == " ".join(text.split())


def test_the_unusual_spaces_are_all_the_whitespace_but_space_and_newline():
    import sys

    from corpus.tei.read import OTHER_SPACE

    found = {c for c in map(chr, range(sys.maxunicode + 1)) if OTHER_SPACE.search(c)}
    assert found == {c for c in map(chr, range(sys.maxunicode + 1))
                     if c.isspace() and c not in " \n"}
