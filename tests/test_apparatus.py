"""The critical apparatus in the database: the editor's notes, corrections, gaps and dates,
each with its passage, kept apart from the sources' words; what the sources get wrong about an
entity, its timeline, and search by date."""

from __future__ import annotations

import re
import sqlite3
from urllib.parse import quote

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus.cli import cli
from tests.conftest import TEI, get

NS = {"t": "http://www.tei-c.org/ns/1.0"}
# What the TEI holds, counted here with XPath, independently of corpus.tei.apparatus.
IN_BODY = "//t:text/t:body//"
NOT_IN_NOTE = "[not(ancestor::t:note)]"
XPATHS = {
    "notes": IN_BODY + "t:note[@type='editorial']",
    "corrections": IN_BODY + "t:choice[t:sic]" + NOT_IN_NOTE,
    "gaps": IN_BODY + "t:gap" + NOT_IN_NOTE,
    "dates": IN_BODY + "t:date[@when or @from or @to or @notBefore or @notAfter]",
}


@pytest.fixture(scope="module")
def conn(built_db):
    connection = sqlite3.connect(built_db)
    connection.row_factory = sqlite3.Row
    return connection


def tei_count(xpath: str) -> int:
    return sum(len(etree.parse(str(p)).xpath(xpath, namespaces=NS))
               for p in sorted(TEI.glob("*.xml")) if p.name != "register.xml")


@pytest.mark.parametrize("table", sorted(XPATHS))
def test_every_apparatus_item_of_the_tei_is_a_row_with_its_passage(conn, table):
    rows = conn.execute(f"select * from {table}").fetchall()
    assert len(rows) == tei_count(XPATHS[table]) > 0
    passages = {r[0] for r in conn.execute("select id from segments")}
    assert all(r["segment"] in passages for r in rows)


def test_the_apparatus_is_what_the_issue_counts(conn):
    """42 editorial notes, 15 corrections and 5 gaps, as the issue found them; 69 dates with a
    normalised value in the documents' bodies (the issue's 73 counted `when` attributes of the
    register's and the headers' dates too, which are no passage's)."""
    counts = [conn.execute(f"select count(*) from {t}").fetchone()[0]
              for t in ("notes", "corrections", "gaps", "dates")]
    assert counts == [42, 15, 5, 69]


def test_a_date_in_the_editors_note_is_flagged_as_the_editors():
    from corpus.tei.apparatus import read_apparatus
    from corpus.tei.xmlio import parse_bytes

    root = parse_bytes(b"""<TEI xmlns="http://www.tei-c.org/ns/1.0"><text><body>
      <p xml:id="p1">In <date when="1944">1944</date> he wrote.<note type="editorial">He wrote
      it in <date when="1943-11">November 1943</date>.</note></p></body></text></TEI>""", "t")
    dates = [(i.fields["when"], i.fields["editorial"]) for i in read_apparatus(root)
             if i.kind == "date"]
    assert dates == [("1944", 0), ("1943-11", 1)]


def test_a_correction_sits_in_a_passage_that_reads_what_the_source_reads(conn):
    for row in conn.execute("select c.sic, c.corr, s.text from corrections c "
                            "join segments s on s.id = c.segment"):
        assert row["sic"] in row["text"] and row["sic"] != row["corr"]


def test_the_editors_words_never_enter_the_sources_text(conn):
    for (note,) in conn.execute("select text from notes where length(text) > 40"):
        found = conn.execute("select count(*) from segments where instr(text, ?)",
                             (note,)).fetchone()[0]
        assert found == 0, note


def test_what_the_sources_get_wrong_about_an_entity(built_db):
    from corpus.index.db import Corpus

    with Corpus(built_db) as corpus:
        notes = corpus.notes("Трухин")
        mentioned = {m["segment"] for m in corpus.mentions("trukhin")}
    assert notes and {n["segment"] for n in notes} <= mentioned
    assert any("chief of staff" in n["text"] for n in notes)
    shown = CliRunner().invoke(cli, ["show", "trukhin", "--db", str(built_db)])
    assert "The editor's notes" in shown.output and notes[0]["text"] in shown.output


def test_an_entity_timeline_is_its_dated_passages_earliest_first(built_db):
    from corpus.index.db import Corpus

    with Corpus(built_db) as corpus:
        dates = corpus.dates("vlasov")
        mentioned = {m["segment"] for m in corpus.mentions("vlasov")}
    assert len(dates) > 5 and {d["segment"] for d in dates} <= mentioned
    assert [d["earliest"] for d in dates] == sorted(d["earliest"] for d in dates)
    assert any(d["earliest"].startswith("1945-05") for d in dates)


def test_the_timeline_page_draws_a_bar_per_year_on_the_server(ds, conn):
    page = get(ds, "/-/timeline/vlasov")
    assert page.status_code == 200 and "<script" not in page.text.split("<svg")[1]
    years = {row[0][:4] for row in conn.execute(
        "select earliest from entity_dates where entity = 'vlasov'")}
    assert page.text.count("<rect ") == len(years)
    assert re.search(r"<title>1945: \d+ passages?</title>", page.text)
    assert get(ds, f"/-/timeline/{quote('Трухин')}").status_code == 200
    assert get(ds, "/-/timeline/nobody-at-all").status_code == 404


def test_the_canned_queries_answer_what_happened_and_where_sources_err(ds):
    rows = get(ds, "/corpus/what_happened_when.json?from=1945-05&to=1945-05&_shape=array"
               ).json()
    assert rows and all(r["earliest"] <= "1945-05~" and r["latest"] >= "1945-05" for r in rows)
    assert any("vlasov" in (r["entities"] or "") for r in rows)
    wrong = get(ds, "/corpus/source_criticism.json?entity=trukhin&_shape=array").json()
    assert wrong and all(r["note"] and r["passage"] for r in wrong)


def test_the_editors_notes_are_searchable_in_any_script(ds):
    def found(q):
        rows = get(ds, f"/corpus/notes.json?_search={quote(q)}&_shape=array&_size=max").json()
        return {r["id"] for r in rows}
    assert found("Trukhin") and found("Трухин") == found("Trukhin")


@pytest.mark.parametrize("options, expected", [
    (["--from", "2000"], {"beta"}), (["--to", "1995"], {"alpha"}),
    (["--from", "1995-05", "--to", "1995-05"], {"alpha"}), (["--to", "1994"], set()),
])
def test_search_keeps_the_sources_of_a_period(twins_db, options, expected):
    result = CliRunner().invoke(cli, ["search", "Vlasov", "--json", "--db", str(twins_db),
                                      *options])
    import json

    hits = json.loads(result.output) if result.output.strip().startswith("[") else []
    assert {h["document"] for h in hits} == expected


def test_search_sorts_by_the_sources_date(twins_db):
    from corpus.index.db import Corpus

    with Corpus(twins_db) as corpus:
        conn = corpus.conn
        conn.execute("select 1")
        hits = corpus.search("Vlasov", sort="date", limit=0)
    assert [h["document"] for h in hits] == ["alpha", "beta"]
