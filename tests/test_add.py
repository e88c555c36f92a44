"""`corpus add`: a new text becomes a draft TEI with its known names proposed, text unchanged."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus.cli import cli

NEW_TEXT = """\
The Committee in Prague

In November 1944 General Vlasov read out the manifesto of the KONR in Prague.
German newspapers spelled his name Wlassow; a pamphlet printed in London wrote {generated}.
Himmler had agreed to the committee only after months of delay.
The ROA divisions were still being formed at Münsingen when the manifesto appeared.
General Trukhin, the chief of staff, planned to gather the scattered units.
Émigré readers in Paris followed the news closely.
The Czech National Council refused any alliance with the Russians in May 1945.
After the war Власова and his officers were tried in Moscow and hanged.
"""
EXPECTED = {"Prague": "prague", "Vlasov": "vlasov", "Wlassow": "vlasov", "KONR": "konr",
            "Himmler": "himmler", "ROA": "roa", "Trukhin": "trukhin", "Власова": "vlasov",
            "Moscow": "moscow"}
TEI = {"tei": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture(scope="module")
def generated_only(register) -> str:
    """A spelling of Vlasov that only a transliteration scheme produces, not the register."""
    from corpus.forms import form_rows

    known = {form.text for _, form in register.forms}
    return sorted(r.text for r in form_rows(register)
                  if r.entity == "vlasov" and r.source == "generated" and r.text not in known
                  and r.text.isalpha() and r.text.isascii())[0]


@pytest.fixture
def new_text(tmp_path, generated_only):
    path = tmp_path / "incoming" / "Committee in Prague.txt"
    path.parent.mkdir()
    path.write_text(NEW_TEXT.format(generated=generated_only), "utf-8")
    return path


@pytest.fixture
def added(scratch, new_text, register):
    from corpus.add import add

    result = add(new_text, title="The Committee in Prague", tei=scratch / "tei",
                 register=register)
    return result, etree.parse(str(result.path)).getroot()


def mentions_of(root) -> list[tuple[str, str, str | None, str | None]]:
    from corpus.tei import iter_segment_elements, read_segment

    out = []
    for n, el in enumerate(iter_segment_elements(root), 1):
        seg = read_segment(el, n)
        out.extend((m.surface, m.entity, m.cert, m.tag) for m in seg.mentions)
    return out


def test_known_names_are_tagged_with_their_register_ids(added, generated_only):
    result, root = added
    found = {(surface, entity) for surface, entity, _, _ in mentions_of(root)}
    for surface, entity in {**EXPECTED, generated_only: "vlasov"}.items():
        assert (surface, entity) in found, surface
    assert result.id == "committee-in-prague"
    assert {"vlasov", "konr", "roa", "himmler", "trukhin", "prague"} <= set(result.entities)


def test_every_proposal_is_marked_unreviewed(added):
    _, root = added
    tagged = root.xpath("//tei:body//*[@ref]", namespaces=TEI)
    assert tagged
    assert all(el.get("cert") == "unknown" and el.get("resp") == "#annotator" for el in tagged)
    assert root.xpath("//tei:titleStmt/tei:respStmt[@xml:id='annotator']", namespaces=TEI)


def test_the_text_is_unchanged(added, new_text):
    from corpus.add import source_info
    from corpus.manifest import normalise
    from corpus.tei import body_text
    from corpus.validate import fidelity_diff

    result, root = added
    assert body_text(root) == normalise(new_text.read_text("utf-8"))
    info = source_info(root, result.path)  # what `corpus validate` reads for an added text
    assert info.path.resolve() == new_text.resolve()
    assert fidelity_diff(info.content_text(), body_text(root)) == ""
    sha = root.findtext(".//tei:sourceDesc//tei:idno[@type='sha256']", namespaces=TEI)
    assert sha == result.sha256 == info.sha256


def test_unknown_names_are_listed_for_review(added):
    result, root = added
    assert "Münsingen" in result.unknown
    assert "The Czech National Council" in result.unknown
    assert not any("Vlasov" in name or "Trukhin" in name for name in result.unknown)
    listed = root.xpath("//tei:notesStmt/tei:note[@type='review']//tei:item/text()",
                        namespaces=TEI)
    assert listed == result.unknown


def test_an_added_text_validates_including_fidelity(added):
    """Schema, languages, refs, untagged spellings and fidelity against the source the header
    names: a fresh draft passes them all."""
    from corpus.validate import validate

    result, _ = added
    tei = result.path.parent
    problems = [p for p in validate(tei, tei.parent / "texts") if p.path == str(result.path)]
    assert problems == []


def test_a_source_that_changed_is_reported(added):
    from corpus.add import source_info
    from corpus.errors import CorpusError

    result, root = added
    (result.path.parent / result.source).write_text("something else", "utf-8")
    with pytest.raises(CorpusError, match="sha256"):
        source_info(root, result.path)


def test_the_command_prints_the_file_and_the_names_to_review(scratch, new_text):
    result = CliRunner().invoke(cli, ["add", str(new_text), "--title", "T", "--id",
                                      "committee", "--lang", "en-GB", "--tei",
                                      str(scratch / "tei")])
    assert result.exit_code == 0, result.output
    assert "committee.xml" in result.output and "Münsingen" in result.output
    root = etree.parse(str(scratch / "tei" / "committee.xml")).getroot()
    assert "en-GB" in root.xpath("//tei:langUsage/tei:language/@ident", namespaces=TEI)


@pytest.mark.parametrize("content, message", [
    (b"A text\n\x00\x01\x02 binary", "binary"),
    ("Caf\u00e9 Wlassow\n".encode("latin-1"), "not UTF-8"),
    (b"A line\nbell \x07 here\n", "control character"),
    (b"  \n\n", "no text"),
])
def test_unusable_input_fails_in_one_line_and_writes_nothing(scratch, tmp_path, content,
                                                             message):
    bad = tmp_path / "bad.txt"
    bad.write_bytes(content)
    before = sorted(p.name for p in (scratch / "tei").iterdir())
    result = CliRunner().invoke(cli, ["add", str(bad), "--title", "T", "--tei",
                                      str(scratch / "tei")])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and "bad.txt" in lines[0]
    assert sorted(p.name for p in (scratch / "tei").iterdir()) == before


def test_an_existing_id_or_a_bad_one_is_refused(scratch, new_text):
    for doc_id, rule in (("deac-vlasov", "exists"), ("Bad Id", "bad-id"),
                         ("register", "bad-id")):
        result = CliRunner().invoke(cli, ["add", str(new_text), "--title", "T", "--id", doc_id,
                                          "--tei", str(scratch / "tei")])
        assert result.exit_code == 1 and rule in result.output, result.output
