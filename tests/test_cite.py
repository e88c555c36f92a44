"""`corpus cite`: a passage or a document as plain text, biblatex and CSL-JSON, from the facts
its TEI header gives; facts the capture does not state are left out, never printed as names."""

from __future__ import annotations

import asyncio
import json
import re
import sqlite3
from urllib.parse import quote

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.index.cite import as_bibtex, as_csl, as_text, citation

PASSAGE = "alpha#p2"


@pytest.fixture
def conn(twins_db):
    return sqlite3.connect(twins_db)


def test_a_passage_citation_names_the_source_and_the_passage(conn):
    text = as_text(citation(conn, PASSAGE))
    assert text == ("Ann Author, “Alpha”, Alpha Press, 1995-05-02, https://example.org/alpha, "
                    "passage 2, xml:id p2 [alpha#p2].")


def test_facts_not_stated_are_left_out(built_db):
    c = citation(sqlite3.connect(built_db), "thisday-pow-1942")
    assert c.author == "" and c.n is None
    assert "not stated" not in as_text(c) and "not stated" not in as_bibtex(c)


def test_bibtex_is_an_online_entry_with_escaped_fields(conn):
    conn.execute("update documents set title = 'Alpha & Omega: 100% {sure} #1' "
                 "where id = 'alpha'")
    entry = as_bibtex(citation(conn, PASSAGE))
    assert entry.startswith("@online{alpha,\n")
    assert r"title = {Alpha \& Omega: 100\% \{sure\} \#1}" in entry
    assert "url = {https://example.org/alpha}" in entry
    assert "note = {passage 2, xml:id p2 [alpha\\#p2]}" in entry


def test_a_corporate_author_is_not_split_at_and(conn):
    conn.execute("update documents set author = 'Smith and Jones Ltd' where id = 'alpha'")
    assert "author = {{Smith and Jones Ltd}}" in as_bibtex(citation(conn, PASSAGE))


def test_csl_json_is_what_a_reference_manager_reads(conn):
    item = as_csl(citation(conn, PASSAGE))
    assert item == {"id": PASSAGE, "type": "webpage", "title": "Alpha",
                    "author": [{"literal": "Ann Author"}],
                    "issued": {"date-parts": [[1995, 5, 2]]}, "publisher": "Alpha Press",
                    "URL": "https://example.org/alpha", "archive_location": PASSAGE,
                    "note": "passage 2, xml:id p2"}
    assert as_csl(citation(conn, "beta"))["issued"] == {"date-parts": [[2001]]}


@pytest.mark.parametrize("fmt, check", [
    ("text", lambda out: out.startswith("Ann Author")),
    ("bibtex", lambda out: out.startswith("@online{alpha")),
    ("csl-json", lambda out: json.loads(out)[0]["id"] == PASSAGE),
])
def test_the_command_prints_each_format(twins_db, fmt, check):
    result = CliRunner().invoke(cli, ["cite", PASSAGE, "--format", fmt, "--db", str(twins_db)])
    assert result.exit_code == 0, result.output
    assert check(result.output)


@pytest.mark.parametrize("key, message", [("alpha#p9", "no passage 'alpha#p9'"),
                                          ("gamma", "no document 'gamma'")])
def test_an_unknown_key_is_one_line(twins_db, key, message):
    result = CliRunner().invoke(cli, ["cite", key, "--db", str(twins_db)])
    assert result.exit_code == 1
    assert result.output.strip().count("\n") == 0 and message in result.output


def test_every_concordance_row_carries_its_citation(twins_db):
    result = CliRunner().invoke(cli, ["search", "ROA", "--tsv", "--db", str(twins_db)])
    header, *rows = result.output.strip().split("\n")
    column = header.split("\t").index("citation")
    assert [r.split("\t")[column] for r in rows] == [as_text(citation(
        sqlite3.connect(twins_db), PASSAGE))]


@pytest.mark.parametrize("fmt, media", [("", "text/plain"), ("bibtex", "application/x-bibtex"),
                                        ("csl-json", "application/vnd.citationstyles.csl+json")])
def test_datasette_serves_citations(twins_db, fmt, media):
    from corpus.web.serve import datasette_app

    async def fetch(path):
        return await datasette_app(twins_db).client.get(path)

    page = asyncio.run(fetch(f"/-/cite/{quote(PASSAGE, safe='')}"
                             + (f"?format={fmt}" if fmt else "")))
    assert page.status_code == 200 and page.headers["content-type"].startswith(media)
    assert "alpha" in page.text
    assert asyncio.run(fetch("/-/cite/alpha~23p9")).status_code == 404


def test_the_lookup_page_links_each_passage_to_its_citation(twins_db):
    from corpus.web.serve import datasette_app

    async def fetch(path):
        return await datasette_app(twins_db).client.get(path)

    page = asyncio.run(fetch("/-/lookup?q=ROA")).text
    link = re.search(r'href="(/-/cite/[^"]+)"', page).group(1)
    assert asyncio.run(fetch(link)).text.startswith("Ann Author")


@pytest.mark.parametrize("key", [PASSAGE, "beta", "alpha"])
def test_the_bibtex_and_csl_json_are_what_their_readers_read(twins_db, key):
    """Parsed by bibtexparser (what Python reference tools use) and by citeproc-py's CSL-JSON
    source (what a CSL processor reads): nothing refused, the fields as written."""
    import bibtexparser
    from citeproc.source.json import CiteProcJSON

    cited = citation(sqlite3.connect(twins_db), key)
    library = bibtexparser.parse_string(as_bibtex(cited))
    assert library.failed_blocks == [] and len(library.entries) == 1
    entry = library.entries[0]
    assert entry.key == cited.document and entry.fields_dict["url"].value == cited.url
    assert entry.fields_dict["date"].value == cited.date
    source = CiteProcJSON([as_csl(cited)])
    assert list(source) == [key.lower()]
    assert str(source[key.lower()]["title"]) == cited.title

