"""Full-text search across scripts and the Python API over the database."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given
from hypothesis import strategies as st

from corpus.cli import cli
from corpus.errors import CorpusError


def segments(db, query, **kw):
    return {(h["document"], h["segment"]) for h in db.search(query, limit=0, **kw)}


def test_cyrillic_latin_and_german_spellings_find_the_same_passages(db):
    latin = segments(db, "Vlasov")
    assert len(latin) > 50
    assert segments(db, "Власов") == latin
    assert segments(db, "Wlassow") == latin
    assert segments(db, "Влaсов") == latin  # a Latin 'a' inside Cyrillic


def test_russian_inflection_and_diacritics_fold(db):
    assert segments(db, "Власов") == segments(db, "Власова")
    assert segments(db, "Tragodie") == segments(db, "Tragödie") != set()


def test_a_hit_is_keyword_in_context(db):
    hit = db.search("Wlassow", limit=1)[0]
    assert set(hit) >= {"document", "segment", "left", "hit", "right"}
    assert hit["hit"] in ("Vlasov", "Wlassow", "Власов")


@pytest.mark.parametrize("query", ['"', 'Vlasov AND(', "*", "NEAR", "Vlasov OR", "'", ")"])
def test_fts_syntax_in_user_input_is_searched_literally(db, query):
    """FTS operators typed into a plain search are words, not syntax: no error, and every hit
    is the query's words as a phrase ('Vlasov AND(' finds "Vlasov and", NEAR the word near);
    a query with no word finds nothing."""
    import re

    words = re.findall(r"\w+", query.lower())
    hits = db.search(query)
    assert all(re.findall(r"\w+", h["hit"].lower()) == words for h in hits)
    if not words:
        assert hits == []


def test_raw_mode_passes_fts_and_reports_a_bad_query(db):
    assert db.search("Himmler NOT Bormann", raw=True)
    with pytest.raises(CorpusError, match=r"'\(' at character 11 is never closed"):
        db.search('Vlasov AND(', raw=True)


def passages(hits) -> set[str]:
    return {h["segment"] for h in hits}


@pytest.mark.parametrize("query", ["Власова AND Трухина", "Wlassow AND Truchin",
                                   "(Vlasov OR Wlassow) AND Trukhin"])
def test_a_boolean_query_finds_what_it_finds_in_any_script(db, query):
    """Operators keep their meaning and each word is keyed as a plain query's are, so a raw
    query loses nothing of the cross-script search (it found only one script's passages)."""
    expected = passages(db.search("Vlasov AND Trukhin", raw=True, limit=0))
    assert expected and passages(db.search(query, raw=True, limit=0)) == expected


def test_a_raw_hit_marks_the_words_the_query_matched(db):
    hits = db.search('"General Wlassow"', raw=True, limit=0)
    assert hits and {h["hit"] for h in hits} <= {"General Wlassow", "General Vlasov",
                                                 "general Vlasov", "General Wlasow"}
    literal = db.search("text : Wlassow", raw=True, limit=0)
    assert literal and {h["hit"] for h in literal} == {"Wlassow"}


def test_limit_and_document_narrow_the_hits(db):
    assert len(db.search("Vlasov", limit=3)) == 3
    assert len(db.search("Vlasov", limit=0)) > 100
    only = db.search("Vlasov", limit=0, document="deac-vlasov")
    assert only and {h["document"] for h in only} == {"deac-vlasov"}


def test_api_lookup_matches_the_in_memory_register(db, register):
    from corpus.names.formindex import Index
    from corpus.names.lookup import Lookup

    memory = Lookup(Index.from_register(register))
    for query in ["Wlassow", "Власова", "ROA", "КОНР", "General Wlassow", "Tourkoul"]:
        assert [(h.id, h.how) for h in db.lookup(query)] == [
            (h.id, h.how) for h in memory.lookup(query)], query


def test_show_groups_mentions_by_spelling(db):
    info = db.show("Wlassow")
    assert info["id"] == "vlasov"
    surfaces = {g["surface"] for g in info["spellings"]}
    assert {"Vlasov", "Wlassow"} <= surfaces
    assert sum(len(g["mentions"]) for g in info["spellings"]) == info["mentions"]


def test_mentions_and_variants_through_the_api(db):
    mentions = db.mentions("roa")
    assert mentions and all(m["entity"] == "roa" for m in mentions)
    assert any(v["text"] == "РОА" for v in db.variants("ROA"))


def test_cli_search_json(built_db):
    result = CliRunner().invoke(cli, ["search", "Власова", "--db", str(built_db), "--json",
                                      "--limit", "2"])
    hits = json.loads(result.output)
    assert len(hits) == 2 and all({"document", "segment", "left", "hit", "right"} <= set(h)
                                  for h in hits)


@pytest.mark.parametrize("content", [None, b"not a database at all" * 100])
def test_a_missing_or_corrupt_database_is_one_line(tmp_path, content):
    path = tmp_path / "bad.db"
    if content:
        path.write_bytes(content)
    result = CliRunner().invoke(cli, ["search", "Vlasov", "--db", str(path)])
    assert result.exit_code == 1 and result.output.startswith("error: ")


def test_hits_come_by_relevance_unless_reading_order_is_asked_for(db):
    """Relevance is FTS5's bm25 over the keyed text; reading order is the order of loading."""
    by_relevance = db.search("Vlasov", limit=0)
    in_order = db.search("Vlasov", limit=0, sort="document")
    assert sorted(map(str, by_relevance)) == sorted(map(str, in_order))  # the same hits
    conn = db.conn
    ranked = [r[0] for r in conn.execute(
        "select s.id from segments_fts join segments s on s.rowid = segments_fts.rowid "
        "where segments_fts match 'keys : \"vlasov\"' order by bm25(segments_fts), "
        "segments_fts.rowid")]
    assert list(dict.fromkeys(h["segment"] for h in by_relevance)) == ranked
    loaded = [r[0] for r in conn.execute(
        "select s.id from segments_fts join segments s on s.rowid = segments_fts.rowid "
        "where segments_fts match 'keys : \"vlasov\"' order by segments_fts.rowid")]
    assert list(dict.fromkeys(h["segment"] for h in in_order)) == loaded != ranked


def test_a_language_keeps_its_passages_and_only_them(db):
    """Searching with each language the hits are in splits the hits exactly by language; a
    region subtag (en-GB) the passages do not carry keeps none of them."""
    every = db.search("Vlasov", limit=0, sort="document")
    lang_of = dict(db.conn.execute("select id, lang from segments"))
    langs = {lang_of[h["segment"]] for h in every}
    assert "en" in langs
    for lang in langs:
        kept = db.search("Vlasov", limit=0, sort="document", lang=lang)
        assert kept == [h for h in every if lang_of[h["segment"]] == lang
                        or lang_of[h["segment"]].startswith(lang + "-")]
    assert db.search("Vlasov", limit=0, lang="en-GB") == []


def test_an_unknown_order_is_a_clear_error(db):
    with pytest.raises(CorpusError, match="unknown order"):
        db.search("Vlasov", sort="random")


@pytest.mark.parametrize("side", ["left", "right"])
def test_a_concordance_sorts_by_its_context(db, side):
    """By the words right of the hit, or left of it read backwards from the hit; the same hits
    as reading order, and the limit applies after sorting."""
    import re

    def words(hit):
        found = [w.casefold() for w in re.findall(r"\w+", hit[side])]
        return found[::-1] if side == "left" else found

    every = db.search("Vlasov", limit=0, sort=side)
    assert sorted(map(str, every)) == sorted(map(str, db.search("Vlasov", limit=0,
                                                                sort="document")))
    assert [words(h) for h in every] == sorted(words(h) for h in every)
    assert db.search("Vlasov", limit=3, sort=side) == every[:3]


@pytest.mark.parametrize("fmt", ["--tsv", "--csv"])
def test_a_concordance_opens_in_a_spreadsheet(built_db, fmt):
    """One row per hit under a header, with the entity of the mention the hit falls in and
    whether that mention was reviewed."""
    import csv
    import io

    result = CliRunner().invoke(cli, ["search", "Vlasov", fmt, "--limit", "0", "--db",
                                      str(built_db)])
    assert result.exit_code == 0, result.output
    dialect = {"delimiter": "\t", "quoting": csv.QUOTE_NONE} if fmt == "--tsv" else {}
    rows = list(csv.DictReader(io.StringIO(result.output), **dialect))
    assert len(rows) > 20
    assert set(rows[0]) == {"document", "segment", "citation", "left", "hit", "right",
                            "entity", "reviewed"}
    assert {r["hit"] for r in rows} >= {"Vlasov", "Wlassow"}  # any spelling of the name
    tagged = [r for r in rows if r["entity"]]
    assert all(r["reviewed"] == "yes" for r in tagged)  # the corpus holds no open proposals
    entities = [r["entity"] for r in tagged]
    assert entities.count("vlasov") > len(entities) / 2  # and "the Vlasov Army" is the ROA
    assert {"roa", "vlasov-trial"} <= set(entities)


@given(st.text(alphabet="ab Вл,.-_\n'’1", max_size=60), st.integers(0, 5), st.integers(1, 3))
def test_phrase_spans_are_the_words_the_keys_stand_for(text, at, n):
    """The spans found by skipping words in C are those of the word-by-word reading."""
    from corpus.index.search import phrase_spans
    from corpus.names.searchkeys import WORD

    words = [m.span() for m in WORD.finditer(text)]
    column = [text[a:b].casefold() for a, b in words]
    keys = column[at:at + n] or ["zz"]
    expected = [(words[i][0], words[i + len(keys) - 1][1])
                for i in range(len(column) - len(keys) + 1) if column[i:i + len(keys)] == keys]
    assert phrase_spans(text, " ".join(column), keys) == expected
