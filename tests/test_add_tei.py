"""`corpus add` of a TEI document from another project (tests/data/elsewhere/prag-1945.xml:
its own header, p1-style ids, a paragraph without one, names without @ref or with pointers of
its own): structure and text kept, names linked where the register clearly knows them,
unknown names listed, and a draft that validates, builds and is found."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus.cli import cli
from corpus.tei.read import body_text

SOURCE = Path(__file__).parent / "data" / "elsewhere" / "prag-1945.xml"
NS = {"t": "http://www.tei-c.org/ns/1.0"}


@pytest.fixture
def added(workspace):
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "add", str(SOURCE),
                                      "--url", "https://example.org/prag", "--date", "2021-03"])
    assert result.exit_code == 0, result.output
    return result, etree.parse(str(workspace / "tei" / "prag-1945.xml")).getroot()


def names(root, tag: str) -> dict[str, dict[str, str]]:
    return {" ".join("".join(el.itertext()).split()): dict(el.attrib)
            for el in root.iterfind(f".//t:body//t:{tag}", NS)}


def test_the_structure_and_the_text_are_kept(added, workspace):
    _, root = added
    source = etree.parse(str(SOURCE)).getroot()
    assert body_text(root) == body_text(source)
    for tag in ("div", "head", "p"):
        assert len(root.findall(f".//t:body//t:{tag}", NS)) == \
            len(source.findall(f".//t:body//t:{tag}", NS))
    ids = [p.get("{http://www.w3.org/XML/1998/namespace}id")
           for p in root.iterfind(".//t:body//t:p", NS)]
    assert ids[:3] == ["p1", "p2", "p3"] and ids[3]  # its own kept, the missing one given
    assert (workspace / "texts" / "prag-1945.xml").read_bytes() == SOURCE.read_bytes()
    assert root.findtext(".//t:titleStmt/t:title", namespaces=NS) == \
        source.findtext(".//t:titleStmt/t:title", namespaces=NS)


def test_names_are_linked_only_where_the_register_clearly_knows_them(added):
    result, root = added
    persons = names(root, "persName")
    assert persons["Sergej Bunjatschenko"]["ref"] == "reg:bunyachenko"
    assert persons["Sergej Bunjatschenko"]["corresp"] == "https://d-nb.info/gnd/000000000"
    assert persons["Andrej Wlassow"]["ref"] == "reg:vlasov"
    assert persons["Andrej Wlassow"]["cert"] == "unknown"
    for unknown in ("Peter Hoffmann", "Jan Novotný"):  # a homonym, and no one we know
        assert "ref" not in persons[unknown] and unknown in result.output
    places = names(root, "placeName")
    assert places["Wenzelsplatz"] == {"corresp": "#ort7"}  # its own pointer kept, no link
    inner = [n for n, a in names(root, "orgName").items() if a.get("ref") == "reg:roa"]
    assert inner == ["ROA"]  # inside a name the register does not know


def test_the_draft_validates_builds_and_is_found(added, workspace):
    runner = CliRunner()
    checked = runner.invoke(cli, ["--workspace", str(workspace), "validate"])
    assert checked.exit_code == 0, checked.output
    assert runner.invoke(cli, ["--workspace", str(workspace), "build", "-q"]).exit_code == 0
    conn = sqlite3.connect(workspace / "corpus.db")
    assert conn.execute("select url, date from documents").fetchall() == [
        ("https://example.org/prag", "2021-03")]
    found = runner.invoke(cli, ["--workspace", str(workspace), "search", "Власов", "--json"])
    assert "prag-1945#p2" in found.output


@pytest.mark.parametrize("content, message", [
    (b'<?xml version="1.0"?><teiCorpus xmlns="http://www.tei-c.org/ns/1.0"/>', "teicorpus"),
    (b'<?xml version="1.0"?><!DOCTYPE TEI [<!ENTITY x "y">]><TEI/>', "entit"),
    (b"<TEI xmlns='http://www.tei-c.org/ns/1.0'><teiHeader/>", "malformed"),
])
def test_what_is_no_tei_document_is_refused_in_one_line(workspace, tmp_path, content, message):
    bad = tmp_path / "bad.xml"
    bad.write_bytes(content)
    before = sorted(p.name for p in (workspace / "tei").iterdir())
    result = CliRunner().invoke(cli, ["--workspace", str(workspace), "add", str(bad),
                                      "--title", "T", "--lang", "de"])
    assert result.exit_code == 1
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0].lower() and "bad.xml" in lines[0], lines
    assert sorted(p.name for p in (workspace / "tei").iterdir()) == before
