"""Lookup across spellings, scripts and schemes, over the register and over the database."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz import fuzz, process

from corpus.cli import cli
from corpus.errors import CorpusError
from corpus.evaluation import evaluate, read_tsv
from corpus.names.fuzzy import FUZZY_MIN

from .conftest import DATA

RECALL_AT_1 = 0.97


@pytest.fixture(scope="session")
def lookup(register):
    from corpus.names.formindex import Index
    from corpus.names.lookup import Lookup

    return Lookup(Index.from_register(register))


@pytest.mark.parametrize("query, entity, how", [
    ("Vlasov", "vlasov", "attested variant"),
    ("Wlassow", "vlasov", "attested variant"),
    ("Vlassov", "vlasov", None),
    ("Własow", "vlasov", None),
    ("Vlasoff", "vlasov", None),
    ("Власова", "vlasov", "morphology"),
    ("Власовым", "vlasov", "morphology"),
    ("Власовцы", "vlasov", None),
    ("General Wlassow", "vlasov", None),
    ("Andrei Vlasov", "vlasov", None),
    ("Andreĭ Andreevich Vlasov", "vlasov", None),
    ("ROA", "roa", "abbreviation"),
    ("РОА", "roa", "abbreviation"),
    ("R.O.A.", "roa", None),
    ("KONR", "konr", "abbreviation"),
    ("КОНР", "konr", "abbreviation"),
    ("Russkaia Osvoboditelnaia Armiia", "roa", None),
    ("Russkaya Osvoboditel'naya Armiya", "roa", None),
    ("Komitet osvobozhdeniya narodov Rossii", "konr", None),
    ("Russkoe Osvoboditelnoe Dvizhenie", "rod", None),
    ("Tourkoul", "turkul", None),
    ("Malishkin", "malyshkin", None),
    ("Chruschtschow", "khrushchev", None),
    ("Hruŝëv", "khrushchev", None),
])
def test_spellings_find_their_entity(lookup, query, entity, how):
    hits = lookup.lookup(query)
    assert hits and hits[0].id == entity, [(h.id, h.how) for h in hits[:3]]
    if how:
        assert hits[0].how == how


@pytest.mark.parametrize("query, not_entity", [
    ("RONA", "roa"), ("ROVS", "roa"), ("ROD", "roa"), ("Krasnov", "kononov"),
    ("Kononov", "krasnov"), ("Konev", "kononov"), ("Truhanov", "trukhin"),
    ("Malenkov", "malyshkin"), ("Stalingrad", "stalin"), ("Leningrad", "lenin"),
    ("Stalino", "stalin"), ("Berling", "berlin"), ("Russian Orthodox Church", "rocor"),
])
def test_confusable_names_do_not_merge(lookup, query, not_entity):
    hits = lookup.lookup(query)
    assert not hits or hits[0].id != not_entity


def test_attested_beats_generated_beats_phonetic(lookup):
    from corpus.names.lookup import SCORES

    assert SCORES["exact"] > SCORES["scheme"] > SCORES["phonetic"] > SCORES["fuzzy"]
    assert lookup.lookup("Wlassow")[0].score > lookup.lookup("Wlasow")[0].score


def test_a_hit_names_the_schemes_that_produce_the_query(lookup):
    hit = lookup.lookup("Wlassow")[0]
    assert "de" in hit.schemes
    assert hit.explain("Wlassow") == "Wlassow: German (Duden) rendering of Власов"


@pytest.mark.parametrize("query, expected", [
    ("", None), ("   ", None), ("\x00\x01", None), ("\ud800", None),
    ("Влас\u200bов", "vlasov"),  # a zero-width space inside a word is dropped, not a break
])
def test_odd_input_gives_an_empty_or_sane_result(lookup, query, expected):
    hits = lookup.lookup(query)
    assert (hits[0].id if hits else None) == expected


def test_overlong_query_is_a_clear_error(lookup):
    with pytest.raises(CorpusError, match="at most"):
        lookup.lookup("x" * 10_000)


def test_evaluation_set_meets_the_targets(lookup):
    queries = read_tsv(DATA / "eval_queries.tsv")
    scores = evaluate(lookup.lookup, queries, read_tsv(DATA / "eval_confusables.tsv"))
    assert len(queries) >= 300 and len({q["expected"] for q in queries}) >= 40
    assert scores.recall1 >= RECALL_AT_1, scores.misses
    assert scores.merge_rate <= 0.01, scores.false_merges


def run(*args, input=None):
    return CliRunner().invoke(cli, list(args), input=input)


def test_cli_lookup_json_has_the_contract_fields(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no corpus.db here: the register is used
    result = run("lookup", "Wlassow", "--json")
    assert result.exit_code == 0, result.output
    hits = json.loads(result.output)
    assert {"id", "type", "label_en", "label_ru", "score", "matched", "how"} <= set(hits[0])
    assert hits[0]["id"] == "vlasov"


def test_cli_batch_lookup_stays_line_aligned_and_echoes_each_query(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    queries = ["Wlassow", "РОА", "", "   ", "zzzzqqq", "x" * 400]
    result = run("lookup", "-", "--json", input="\n".join(queries) + "\n")
    assert result.exit_code == 0
    values = [json.loads(line) for line in result.output.splitlines()]
    assert [v["query"] for v in values] == queries
    assert [v["hits"][0]["id"] if v["hits"] else None for v in values] == [
        "vlasov", "roa", None, None, None, None]
    assert "at most" in values[-1]["error"]  # a bad line reports itself; the batch goes on


def test_cli_batch_lookup_as_tsv_opens_in_a_spreadsheet(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run("lookup", "-", "--tsv", input="Malyshkin, V. F.\n\nYury Vlasov\n")
    rows = [line.split("\t") for line in result.output.splitlines()]
    assert rows[0] == ["query", "id", "label_en", "label_ru", "score", "how", "ambiguous"]
    assert all(len(r) == 7 for r in rows)
    assert [r[0] for r in rows[1:]] == ["Malyshkin, V. F.", "", "Yury Vlasov"]
    assert [r[1] for r in rows[1:]] == ["malyshkin", "", ""]


def test_cli_translit_batch_and_list():
    result = run("translit", "-", "--scheme", "de", input="Власов\nХрущёв\n")
    assert result.output.split() == ["Wlassow", "Chruschtschow"]
    listing = run("translit", "--list", "--json")
    tags = {s["id"]: s["tag"] for s in json.loads(listing.output)}
    assert tags["bgn"] == "ru-Latn-t-ru-m0-bgn" and tags["de"] == "de-t-ru"


@pytest.mark.parametrize("args", [["translit", "Власов", "--scheme", "nope"],
                                  ["lookup", "x" * 10_000]])
def test_cli_bad_input_is_one_line_and_exit_1(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = run(*args)
    assert result.exit_code == 1
    assert result.output.startswith("error: ") and result.output.count("\n") == 1


def test_variants_list_attested_and_generated_forms(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    rows = json.loads(run("variants", "vlasov", "--json").output)
    attested = {r["text"] for r in rows if r["attested"]}
    generated = {(r["text"], r["scheme"]) for r in rows if r["source"] == "generated"}
    assert {"Vlasov", "Wlassow"} <= attested
    assert ("Wlassow", "de") in generated and ("Vlassov", "fr") in generated



@given(st.data())
@settings(max_examples=300, deadline=None)
def test_the_fuzzy_layer_scans_only_keys_it_could_reach(memory_lookup, data):
    """The length filter is exact: a full scan of every key gives the same near spellings
    (queries are register keys with a letter changed, inserted or dropped, so most have some)."""
    keys = memory_lookup.index.fold_keys
    key = data.draw(st.sampled_from(keys))
    at = data.draw(st.integers(0, len(key)))
    letter = data.draw(st.sampled_from("aeinorsvwаиовс"))
    query = data.draw(st.sampled_from([key[:at] + letter + key[at + 1:],
                                       key[:at] + letter + key[at:], key[:at] + key[at + 1:]]))
    full = process.extract(query, keys, scorer=fuzz.ratio, limit=3, score_cutoff=FUZZY_MIN)
    kept = process.extract(query, memory_lookup.typos._choices(len(query)), scorer=fuzz.ratio,
                           limit=3, score_cutoff=FUZZY_MIN)
    assert [(m, s) for m, s, _ in kept] == [(m, s) for m, s, _ in full]
