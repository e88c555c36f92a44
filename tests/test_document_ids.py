"""Passages are keyed by document and xml:id: TEI from elsewhere numbers paragraphs p1, p2 ...
in every document, and two such documents must build, search, export and import."""

from __future__ import annotations

import asyncio
import json
import sqlite3

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.tei.validate import validate
from tests.conftest import TWIN_FACTS, write_twin


def test_documents_sharing_paragraph_ids_build_with_one_row_each(twins_db):
    conn = sqlite3.connect(twins_db)
    rows = conn.execute("select id, document, xml_id from segments order by id").fetchall()
    assert rows == [("alpha#p1", "alpha", "p1"), ("alpha#p2", "alpha", "p2"),
                    ("beta#p1", "beta", "p1"), ("beta#p2", "beta", "p2")]
    mentions = conn.execute("select id, segment, document from mentions order by id").fetchall()
    assert mentions == [("alpha#p1-m1", "alpha#p1", "alpha"), ("alpha#p2-m1", "alpha#p2", "alpha"),
                        ("beta#p1-m1", "beta#p1", "beta")]
    assert conn.execute("pragma foreign_key_check").fetchall() == []


def test_validate_accepts_shared_paragraph_ids(twins):
    assert [p for p in validate(twins, schema=False) if p.rule == "duplicate-id"] == []


def test_both_documents_are_searchable(twins_db):
    from corpus.index.search import search

    hits = search(sqlite3.connect(twins_db), "Wlassow", sort="document")
    assert [(h["document"], h["segment"]) for h in hits] == [("alpha", "alpha#p1"),
                                                             ("beta", "beta#p1")]


def test_both_documents_export_and_import_back(twins_db, tmp_path):
    out = tmp_path / "twins.jsonl"
    runner = CliRunner()
    assert runner.invoke(cli, ["export", "--format", "jsonl", "--db", str(twins_db),
                               "--out", str(out)]).exit_code == 0
    segments = [json.loads(line) for line in out.read_text("utf-8").splitlines()
                if '"table":"segments"' in line]
    assert sorted(s["id"] for s in segments) == ["alpha#p1", "alpha#p2", "beta#p1", "beta#p2"]
    again = tmp_path / "again.db"
    result = runner.invoke(cli, ["import-jsonl", str(out), "--db", str(again)])
    assert result.exit_code == 0, result.output
    query = "select * from segments order by id"
    assert sqlite3.connect(again).execute(query).fetchall() == \
        sqlite3.connect(twins_db).execute(query).fetchall()


def test_a_passage_has_its_own_datasette_page(twins_db):
    from corpus.web.serve import datasette_app

    async def fetch(path):
        return await datasette_app(twins_db).client.get(path)

    page = asyncio.run(fetch(f"/{twins_db.stem}/segments/beta~23p1.json?_shape=array"))
    assert page.status_code == 200, page.text[:200]
    assert page.json()[0]["text"] == "Генерал Власов ответил."


def test_the_source_facts_of_the_header_reach_the_documents_table(twins_db):
    conn = sqlite3.connect(twins_db)
    conn.row_factory = sqlite3.Row
    got = {r["id"]: {k: r[k] for k in TWIN_FACTS["alpha"]}
           for r in conn.execute("select * from documents")}
    assert got == TWIN_FACTS


@pytest.mark.parametrize("case, message", [
    ("same-paragraph-twice", "ID p1 already defined"),
    ("same-document-id", "document id 'alpha' is also that of alpha.xml"),
])
def test_ids_that_really_clash_are_one_line_errors_and_keep_the_database(
        twins, twins_db, case, message):
    before = twins_db.read_bytes()
    if case == "same-paragraph-twice":
        write_twin(twins, "alpha", '<p xml:id="p1">One.</p><p xml:id="p1">Two.</p>')
    else:
        (twins / "gamma.xml").write_text((twins / "alpha.xml").read_text("utf-8"), "utf-8")
    result = CliRunner().invoke(cli, ["build", "--tei", str(twins), "--db", str(twins_db),
                                      "--full"])
    assert result.exit_code != 0
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and ".xml" in lines[0], result.output
    assert twins_db.read_bytes() == before
    rules = {p.rule for p in validate(twins, schema=False)}
    assert rules & {"duplicate-id", "malformed-xml"}
