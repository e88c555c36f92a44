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
    from corpus.names.forms import form_rows

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
    from corpus.tei.add import add

    result = add(new_text, title="The Committee in Prague", tei=scratch / "tei",
                 register=register)
    return result, etree.parse(str(result.path)).getroot()


def mentions_of(root) -> list[tuple[str, str, str | None, str | None]]:
    from corpus.tei.read import iter_segment_elements, read_segment

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


def test_the_text_is_unchanged_and_kept_as_a_capture(added, new_text, scratch):
    """The text is copied into texts/ beside the TEI, byte for byte, and entered in the
    manifest with its sha256: what `corpus validate` compares the body with."""
    from corpus.tei.manifest import manifest_by_id, normalise
    from corpus.tei.read import body_text
    from corpus.tei.validate import fidelity_diff

    result, root = added
    assert body_text(root) == normalise(new_text.read_text("utf-8"))
    assert result.capture == scratch / "texts" / "committee-in-prague.txt"
    assert result.capture.read_bytes() == new_text.read_bytes()
    info = manifest_by_id(scratch / "texts")[result.id]
    assert (info.path, info.seed, info.title) == (result.capture, new_text.name,
                                                  "The Committee in Prague")
    assert fidelity_diff(info.content_text(), body_text(root)) == ""
    sha = root.findtext(".//tei:sourceDesc//tei:idno[@type='sha256']", namespaces=TEI)
    assert sha == result.sha256 == info.sha256


def test_nothing_points_outside_the_corpus(added, scratch, tmp_path):
    """A copy of the corpus folder validates on its own: the draft names no path, and the
    original text may be gone."""
    import shutil

    from corpus.tei.validate import validate

    result, _ = added
    assert b"incoming" not in result.path.read_bytes()
    elsewhere = tmp_path / "elsewhere"
    shutil.copytree(scratch, elsewhere)
    shutil.rmtree(tmp_path / "incoming")
    problems = [p for p in validate(elsewhere / "tei", schema=False)
                if result.id in p.path]
    assert problems == []


def test_unknown_names_are_listed_for_review_with_count_and_context(added):
    result, root = added
    names = {c.name: c for c in result.unknown}
    assert "Münsingen" in names and "Czech National Council" in names
    assert "[Münsingen]" in names["Münsingen"].context and names["Münsingen"].count == 1
    assert not any("Vlasov" in name or "Trukhin" in name for name in names)
    assert not {"The", "After", "German", "Émigré"} & set(names)  # sentence starts, adjectives
    listed = root.xpath("//tei:notesStmt/tei:note[@type='review']//tei:item/text()",
                        namespaces=TEI)
    assert listed == list(names)


@pytest.mark.parametrize("text, lang, ordinary, name", [
    ("Die Gruppe um Wilfried Koehler traf sich.", "de", "Gruppe", "Wilfried Koehler"),
    ("Он писал о Гражданской войне и о Людмиле Власовой.", "ru", "Гражданской",
     "Людмиле Власовой"),
    ("In March the Soviet defectors met Julius Rosenberg.", "en", "Soviet de",
     "Julius Rosenberg"),
    ("They met again in March, with the Soviet envoy and Julius Rosenberg.", "en", "March",
     "Julius Rosenberg"),
])
def test_ordinary_capitalised_words_are_no_candidates(annotator, text, lang, ordinary, name):
    """A German noun after its article, a Russian word the dictionary knows only as an
    ordinary word, a particle read out of a longer word: none is a name to review."""
    from corpus.tei.candidates import unknown_names

    found = [n for n, _ in unknown_names(text, annotator.propose(text, lang), lang)]
    assert ordinary not in found and name in found


def test_an_added_text_validates_including_fidelity(added):
    """Schema, languages, refs, untagged spellings and fidelity against the source the header
    names: a fresh draft passes them all."""
    from corpus.tei.validate import validate

    result, _ = added
    tei = result.path.parent
    problems = [p for p in validate(tei, tei.parent / "texts") if p.path == str(result.path)]
    assert problems == []


def test_a_capture_that_changed_is_reported(added, scratch):
    from corpus.tei.validate import validate

    result, _ = added
    result.capture.write_text("something else", "utf-8")
    rules = {p.rule for p in validate(scratch / "tei", schema=False) if result.id in p.path}
    assert rules == {"capture-hash"}


SOURCE_FACTS = {"--author": "Jan Novák", "--date": "1995-05-02", "--publisher": "Lidové noviny",
                "--url": "https://example.org/prague?a=1&b=2", "--licence": "CC BY 4.0"}


def test_the_source_facts_reach_the_header_the_manifest_and_the_database(scratch, new_text,
                                                                          tmp_path):
    import sqlite3

    from corpus.index.build import build
    from corpus.tei.manifest import manifest_by_id

    args = [x for pair in SOURCE_FACTS.items() for x in pair]
    result = CliRunner().invoke(cli, ["add", str(new_text), "--title", "T", "--id", "prague",
                                      "--tei", str(scratch / "tei"), *args])
    assert result.exit_code == 0, result.output
    root = etree.parse(str(scratch / "tei" / "prague.xml")).getroot()
    bibl = root.find(".//tei:sourceDesc/tei:bibl", TEI)
    assert bibl.find("tei:date", TEI).get("when") == "1995-05-02"
    assert bibl.find("tei:ptr", TEI).get("target") == SOURCE_FACTS["--url"]
    assert bibl.findtext("tei:publisher", namespaces=TEI) == "Lidové noviny"
    assert "CC BY 4.0" in "".join(root.find(".//tei:availability", TEI).itertext())
    info = manifest_by_id(scratch / "texts")["prague"]
    assert (info.url, info.date, info.author) == (SOURCE_FACTS["--url"], "1995-05-02",
                                                  "Jan Novák")
    db = tmp_path / "c.db"
    build(scratch / "tei", db, quiet=True)
    row = sqlite3.connect(db).execute("select author, date, publisher, url, licence from "
                                      "documents where id = 'prague'").fetchone()
    assert row == tuple(SOURCE_FACTS.values())


@pytest.mark.parametrize("option, value, message", [
    ("--date", "2 May 1995", "not an ISO 8601 date"),
    ("--date", "1995-02-30", "no day of the calendar"),
    ("--url", "example.org/page", "not an address"),
    ("--url", "javascript:alert(1)", "not an address"),
])
def test_a_date_or_address_a_citation_cannot_use_is_refused(scratch, new_text, option, value,
                                                           message):
    before = sorted(p.name for p in (scratch / "tei").iterdir())
    manifest = (scratch / "texts" / "manifest.toml").read_bytes()
    result = CliRunner().invoke(cli, ["add", str(new_text), "--title", "T", "--tei",
                                      str(scratch / "tei"), option, value])
    assert result.exit_code == 1
    assert len(result.output.strip().splitlines()) == 1 and message in result.output
    assert sorted(p.name for p in (scratch / "tei").iterdir()) == before
    assert (scratch / "texts" / "manifest.toml").read_bytes() == manifest


def test_a_failed_write_leaves_the_corpus_as_it_was(scratch, new_text, register, monkeypatch):
    import corpus.tei.add

    texts = sorted(p.name for p in (scratch / "texts").iterdir())
    manifest = (scratch / "texts" / "manifest.toml").read_bytes()
    real = corpus.tei.add.write_atomically

    def failing(path, data):
        if path.suffix == ".xml":
            raise OSError(28, "No space left on device")
        real(path, data)

    monkeypatch.setattr(corpus.tei.add, "write_atomically", failing)
    with pytest.raises(OSError):
        corpus.tei.add.add(new_text, title="T", tei=scratch / "tei", register=register)
    assert sorted(p.name for p in (scratch / "texts").iterdir()) == texts
    assert (scratch / "texts" / "manifest.toml").read_bytes() == manifest


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


RUSSIAN = ("Генерал Андрей Власов попал в плен летом 1942 года. В ноябре 1944 года в Праге был "
           "оглашён Манифест Комитета освобождения народов России. Первая дивизия РОА под "
           "командованием Буняченко вступила в бои в Праге в мае 1945 года, а затем ушла на "
           "запад, надеясь сдаться американцам.\n")


def test_the_language_is_detected_when_not_given_and_reported(scratch, tmp_path):
    text = tmp_path / "plen.txt"
    text.write_text(RUSSIAN, "utf-8")
    result = CliRunner().invoke(cli, ["add", str(text), "--title", "T", "--tei",
                                      str(scratch / "tei")])
    assert result.exit_code == 0, result.output
    assert "language: ru (" in result.output and "detected" in result.output
    root = etree.parse(str(scratch / "tei" / "plen.xml")).getroot()
    assert root.get("{http://www.w3.org/XML/1998/namespace}lang") == "ru"


def test_a_language_that_clearly_disagrees_is_a_warning_not_an_error(scratch, tmp_path):
    text = tmp_path / "plen.txt"
    text.write_text(RUSSIAN, "utf-8")
    result = CliRunner().invoke(cli, ["add", str(text), "--title", "T", "--lang", "en",
                                      "--tei", str(scratch / "tei")])
    assert result.exit_code == 0, result.output
    warnings = [line for line in result.output.splitlines() if line.startswith("warning:")]
    assert len(warnings) == 1 and "en" in warnings[0] and "ru" in warnings[0]
    assert (scratch / "tei" / "plen.xml").is_file()


def test_a_text_too_short_to_tell_needs_a_language(scratch, tmp_path):
    text = tmp_path / "short.txt"
    text.write_text("Wlassow in Prag.\n", "utf-8")
    result = CliRunner().invoke(cli, ["add", str(text), "--title", "T", "--tei",
                                      str(scratch / "tei")])
    assert result.exit_code == 1 and "give --lang" in result.output
    ok = CliRunner().invoke(cli, ["add", str(text), "--title", "T", "--lang", "de", "--tei",
                                  str(scratch / "tei")])
    assert ok.exit_code == 0, ok.output
