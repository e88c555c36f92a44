"""The database in Datasette: metadata, the plugin's pages and SQL functions, read-only serving.

Everything goes through Datasette's own test client against a database built from tei/ into a
temporary folder, with the instance `corpus serve` would run (`corpus.web.serve.datasette_app`).
"""

from __future__ import annotations

import hashlib
import html
import json
import random
import re
import sqlite3
import subprocess
import sys
from urllib.parse import quote

import pytest

from corpus.web.metadata import metadata, tables, undescribed, write_metadata
from tests.conftest import get

CLI = [sys.executable, "-c", "from corpus.cli import cli; cli()"]


@pytest.fixture(scope="module")
def db_path(built_db):
    return built_db


def get_json(ds, path: str):
    response = get(ds, path)
    assert response.status_code == 200, response.text[:300]
    return response.json()


def sql(ds, query: str) -> list[dict]:
    return get_json(ds, f"/corpus.json?_shape=array&sql={quote(query)}")


# --- metadata -----------------------------------------------------------------------------

def test_every_column_of_every_table_and_view_is_described(db_path):
    conn = sqlite3.connect(db_path)
    try:
        assert undescribed(conn) == []
    finally:
        conn.close()


def test_metadata_file_is_written_beside_the_database(db_path):
    path = write_metadata(db_path)
    assert path == db_path.with_name("corpus.metadata.json")
    assert json.loads(path.read_text(encoding="utf-8")) == metadata(db_path)


def test_metadata_from_a_connection_names_the_database_after_the_file(db_path):
    conn = sqlite3.connect(db_path)
    try:
        assert list(metadata(conn)["databases"]) == ["corpus"]
    finally:
        conn.close()


def test_metadata_states_that_licences_differ_per_document(db_path):
    meta = metadata(db_path)
    licences = {r[0] for r in sqlite3.connect(db_path).execute("select licence from documents")}
    database = meta["databases"]["corpus"]
    assert "per document" in meta["license"]
    assert all(lic.rstrip(".") in database["description"] for lic in licences)
    assert "per document" in database["tables"]["segments"]["license"]


def test_corpus_metadata_command_prints_the_json(db_path):
    out = subprocess.run([*CLI, "metadata", "--db", str(db_path)], capture_output=True,
                         text=True, check=True).stdout
    assert json.loads(out) == metadata(db_path)


def test_home_page_lists_the_tables_with_descriptions_and_links_to_lookup(ds):
    page = get(ds, "/").text
    for table, spec in tables().items():
        if "_fts" not in table:
            assert f'href="/corpus/{table}"' in page, table
            assert html.escape(spec["description"]) in page, table
    assert 'href="/-/lookup"' in page
    for name in metadata_queries(ds):
        assert f'href="/corpus/{name}"' in page


def metadata_queries(ds):
    return ds.metadata()["databases"]["corpus"]["queries"]


def test_table_page_shows_column_descriptions(ds):
    page = get(ds, "/corpus/forms").text
    assert html.escape(tables()["forms"]["columns"]["cross"]) in page


@pytest.mark.parametrize("table, facets", [
    ("forms", {"type", "attested", "scheme", "lang"}),
    ("entities", {"type"}),
    ("mentions", {"tag", "document"}),
])
def test_facets_appear(ds, table, facets):
    results = get_json(ds, f"/corpus/{table}.json?_size=1")["facet_results"]
    assert facets <= set(results)
    assert all(results[f]["results"] for f in facets)


def test_label_columns_show_names_for_foreign_keys(ds):
    page = get(ds, "/corpus/mentions?entity=vlasov&_size=1").text
    assert "Andrey Vlasov" in page


# --- SQL functions --------------------------------------------------------------------------

def test_sql_functions_work_in_a_query(ds):
    row = sql(ds, "select corpus_key('Wlassow') = corpus_key('Власов') as same, "
                  "corpus_match('Vlassov', 'Власов') as match, "
                  "corpus_match('Krasnov', 'Kononov') as wrong, "
                  "corpus_translit('Власов', 'bgn') as bgn, corpus_fold('ВЛАСОВ') as fold")[0]
    assert row == {"same": 1, "match": 1, "wrong": 0, "bgn": "Vlasov", "fold": "власов"}


# --- read-only ------------------------------------------------------------------------------

@pytest.mark.parametrize("statement", [
    "delete from mentions",
    "update entities set label_en = 'x'",
    "insert into build_info values ('x', 'y')",
    "drop table forms",
])
def test_the_database_cannot_be_written_through_datasette(ds, db_path, statement):
    before = hashlib.sha256(db_path.read_bytes()).hexdigest()
    response = get(ds, f"/corpus.json?sql={quote(statement)}")
    assert response.status_code >= 400
    assert response.json()["ok"] is False
    assert hashlib.sha256(db_path.read_bytes()).hexdigest() == before
    assert sql(ds, "select count(*) as n from forms")[0]["n"] > 0


def test_the_database_is_served_immutable(ds):
    assert get_json(ds, "/-/databases.json")[0]["is_mutable"] is False


# --- the lookup page ------------------------------------------------------------------------

@pytest.mark.parametrize("spelling, entity", [
    ("Wlassow", "vlasov"), ("Власова", "vlasov"), ("ROA", "roa"),
])
def test_lookup_page_finds_the_entity_and_its_mentions(ds, spelling, entity):
    data = get_json(ds, f"/-/lookup.json?q={quote(spelling)}")
    top = data["hits"][0]
    assert top["id"] == entity
    assert top["kwic"] and all(m["segment"] and m["hit"] for m in top["kwic"])
    page = get(ds, f"/-/lookup?q={quote(spelling)}").text
    assert page.index(f'data-entity="{entity}"') < page.index('class="corpus-kwic"')
    assert html.escape(top["label_en"]) in page and top["label_ru"] in page
    assert html.escape(top["kwic"][0]["hit"]) in page


def test_the_lookup_page_links_each_passage_to_its_row_page(ds):
    """A passage's key (DOCUMENT#XMLID) has a '#', which must reach Datasette escaped."""
    import re

    page = get(ds, f"/-/lookup?q={quote('Трухин')}").text
    links = re.findall(r'href="(/corpus/segments/[^"]+)"', page)
    assert links and all("#" not in link for link in links)
    row = get_json(ds, links[0] + ".json?_shape=array")
    assert "Trukhin" in row[0]["text"] or "Трухин" in row[0]["text"]


def test_lookup_page_without_a_match_says_so(ds):
    response = get(ds, "/-/lookup?q=Qqqxzzy")
    assert response.status_code == 200
    assert "No entity matches" in response.text


def test_lookup_page_reports_a_bad_query_in_one_line(ds):
    response = get(ds, "/-/lookup.json?q=" + "x" * 5000)
    assert response.status_code == 400
    assert response.json()["error"] and "\n" not in response.json()["error"]


def test_every_page_links_to_the_lookup_page(ds):
    assert 'href="/-/lookup">Look up any spelling' in get(ds, "/corpus/entities").text


# --- canned queries -------------------------------------------------------------------------

def canned(ds, name: str, **params) -> list[dict]:
    args = "&".join(f"{k}={quote(v)}" for k, v in params.items())
    return get_json(ds, f"/corpus/{name}.json?_shape=array&{args}")


@pytest.mark.parametrize("spelling, entity", [
    ("Wlassow", "vlasov"), ("vlassov", "vlasov"), ("ROA", "roa"), ("Власов", "vlasov"),
])
def test_find_entity_by_any_spelling(ds, spelling, entity):
    rows = canned(ds, "find_entity", spelling=spelling)
    assert rows[0]["entity"] == entity
    assert rows[0]["how"] in {"exact", "folded", "cross-scheme key"}


def test_find_entity_does_not_merge_roa_and_rona(ds):
    assert "rona" not in {r["entity"] for r in canned(ds, "find_entity", spelling="ROA")}


def test_mentions_in_context_gives_every_mention(ds):
    total = sql(ds, "select mentions from entities where id = 'vlasov'")[0]["mentions"]
    rows = canned(ds, "mentions_in_context", entity="vlasov")
    assert len(rows) == total
    assert canned(ds, "mentions_in_context", entity="Wlassow") == rows
    assert {"document", "segment", "left", "hit", "right"} <= set(rows[0])


def test_spellings_by_scheme_lists_register_and_generated_forms(ds):
    rows = canned(ds, "spellings_by_scheme", entity="vlasov")
    schemes = {r["scheme"] for r in rows}
    assert "register" in schemes and "bgn" in schemes
    assert any(r["spelling"] == "Wlassow" and r["mentions"] > 0 for r in rows)


def test_documents_that_mention_two_entities(ds):
    rows = canned(ds, "documents_with_both", a="vlasov", b="roa")
    expected = sql(ds, "select count(distinct a.document) as n from mentions a join mentions b "
                       "on a.document = b.document where a.entity = 'vlasov' "
                       "and b.entity = 'roa'")[0]["n"]
    assert len(rows) == expected > 0
    assert all(r["mentions_of_a"] > 0 and r["mentions_of_b"] > 0 for r in rows)


def test_spelling_by_document_pivot_adds_up(ds):
    documents = [r["id"] for r in sql(ds, "select id from documents order by id")]
    rows = canned(ds, "spelling_by_document", entity="vlasov")
    total = sql(ds, "select mentions from entities where id = 'vlasov'")[0]["mentions"]
    assert sum(r["total"] for r in rows) == total
    for row in rows:
        assert sum(row[d] for d in documents) == row["total"]
        assert 1 <= len(row["bar"]) <= 40


@pytest.mark.parametrize("pivot_max", [100, 3])
def test_spelling_by_document_runs_whatever_the_number_of_documents(many_tei, tmp_path,
                                                                    monkeypatch, pivot_max):
    """Twenty documents: a pivot within the limit, a row per spelling and document beyond."""
    import corpus.web.metadata as m
    from corpus.index.build import build
    from corpus.index.sqlfunctions import register_sql_functions

    build(many_tei, tmp_path / "many.db", quiet=True)
    conn = sqlite3.connect(tmp_path / "many.db")
    register_sql_functions(conn)
    documents = [d for (d,) in conn.execute("select id from documents order by id")]
    monkeypatch.setattr(m, "PIVOT_MAX_DOCUMENTS", pivot_max)
    query = m.canned_queries(documents)["spelling_by_document"]["sql"]
    cursor = conn.execute(query, {"entity": "Wlassow"})
    columns = [c[0] for c in cursor.description]
    rows = [dict(zip(columns, r, strict=True)) for r in cursor]
    total = conn.execute("select mentions from entities where id = 'vlasov'").fetchone()[0]
    if pivot_max > len(documents):
        assert columns[1:-2] == documents and sum(r["total"] for r in rows) == total
    else:
        assert columns == ["spelling", "document", "mentions", "bar"]
        assert sum(r["mentions"] for r in rows) == total
        assert len({r["document"] for r in rows}) == len(documents) == 20


def test_mentions_over_documents(ds):
    rows = canned(ds, "mentions_over_documents", entity="roa")
    assert sum(r["mentions"] for r in rows) == sql(
        ds, "select mentions from entities where id = 'roa'")[0]["mentions"]
    assert canned(ds, "mentions_over_documents", entity="no-such-entity") == []


# --- the spelling x document picture --------------------------------------------------------

def test_spellings_page_draws_the_pivot(ds):
    page = get(ds, "/-/spellings/vlasov").text
    documents = [r["id"] for r in sql(ds, "select id from documents order by id")]
    assert all(d in page for d in documents)
    assert "Wlassow" in page and 'class="corpus-bar"' in page and "rgba(" in page


def test_spellings_page_accepts_a_spelling_and_rejects_the_unknown(ds):
    assert "Andrey Vlasov" in get(ds, "/-/spellings/Wlassow").text
    assert get(ds, "/-/spellings/qqqxzzy").status_code == 404
    assert 'href="/-/spellings/vlasov"' in get(ds, "/-/spellings").text


# --- corpus serve ---------------------------------------------------------------------------

def _serve_fails(path):
    result = subprocess.run([*CLI, "serve", "--db", str(path), "--port", "1"],
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 1
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error:"), result.stderr
    return lines[0]


def test_serve_on_a_missing_database_is_one_line(tmp_path):
    assert "not found" in _serve_fails(tmp_path / "missing.db")


def test_serve_on_a_corrupt_database_is_one_line(tmp_path):
    path = tmp_path / "corrupt.db"
    path.write_bytes(random.Random(0).randbytes(16384))
    assert "not a corpus database" in _serve_fails(path)


@pytest.mark.parametrize("path", ["/", "/corpus/segments", "/-/lookup?q=Vlasov",
                                  "/-/lookup.json?q=Vlasov", "/-/spellings/vlasov",
                                  "/-/spellings/nobody-at-all"])
def test_every_response_carries_the_security_headers(ds, path):
    from corpus.web.plugin import SECURITY_HEADERS

    response = get(ds, path)
    for name, value in SECURITY_HEADERS.items():
        assert response.headers[name] == value, (path, name)


@pytest.mark.parametrize("spelling", ["Власов", "Andrei Vlasov", "Wlassow"])
def test_the_spellings_page_takes_any_spelling_percent_encoded(ds, spelling):
    response = get(ds, f"/-/spellings/{quote(spelling)}")
    assert response.status_code == 200
    assert "Wlassow" in response.text  # Vlasov's table of spellings


# --- the table search box -----------------------------------------------------------------

def searched(ds, query: str, param: str = "_search") -> set[str]:
    rows = get_json(ds, f"/corpus/segments.json?{param}={quote(query)}&_size=max&_shape=array")
    return {r["id"] for r in rows}


@pytest.mark.parametrize("spelling", ["Власов", "Wlassow", "Власова", "VLASOV"])
def test_the_search_box_finds_a_name_in_any_script(ds, spelling):
    """Datasette's own search box (?_search=) finds the passages Vlasov finds, whatever the
    spelling typed; before, Власов found two documents' passages and Wlassow four."""
    expected = searched(ds, "Vlasov")
    assert len(expected) > 50 and searched(ds, spelling) == expected


def test_the_search_box_keeps_requiring_every_word(ds):
    both = searched(ds, "Власов Трухин")
    assert both and both < searched(ds, "Vlasov") and both <= searched(ds, "Trukhin")


def test_searching_one_column_still_reads_the_text_as_typed(ds):
    literal = searched(ds, "Wlassow", "_search_text")
    assert literal and literal < searched(ds, "Wlassow")
    rows = get_json(ds, "/corpus/segments.json?_search_text=Wlassow&_shape=array")
    assert all("Wlassow" in r["text"] for r in rows)


# --- the concordance page ----------------------------------------------------------------

def test_the_concordance_page_is_the_librarys_search_in_its_order(ds, db_path):
    from corpus.index.db import Corpus

    page = get(ds, f"/-/kwic?q={quote('Власова')}&sort=left")
    assert page.status_code == 200
    with Corpus(db_path) as corpus:
        hits = corpus.search("Wlassow", sort="left", limit=0)
    shown = re.findall(r'<td class="hit">([^<]+?)(?: <span|</td>)', page.text)
    assert shown == [html.escape(h["hit"]) for h in hits][:len(shown)] and len(shown) > 20


def test_the_concordance_exports_what_corpus_search_csv_prints(ds, db_path):
    from click.testing import CliRunner

    from corpus.cli import cli

    page = get(ds, f"/-/kwic.csv?q={quote('Trukhin')}&sort=right")
    assert page.headers["content-type"].startswith("text/csv")
    printed = CliRunner().invoke(cli, ["search", "Трухин", "--csv", "--sort", "right",
                                       "--limit", "0", "--db", str(db_path)]).output
    assert page.text == printed and page.text.count("\n") > 3


def test_a_bad_concordance_request_says_why(ds):
    page = get(ds, "/-/kwic?q=Vlasov&sort=sideways")
    assert page.status_code == 400 and "unknown order" in page.text

