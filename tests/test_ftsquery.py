"""corpus.index.ftsquery.keyed: FTS5 expressions rewritten over the cross-script keys column.

Each expected rewrite below is also run: against the real corpus (FTS5 must accept it), and
on a table whose keys column equals its text, where the rewrite must find exactly what the
original expression finds (so operators, grouping, NEAR and filters mean what they meant).
"""

from __future__ import annotations

import random
import re
import sqlite3
from pathlib import Path

import pytest

from corpus.errors import CorpusError
from corpus.index.ftsquery import keyed
from corpus.names.searchkeys import text_keys, word_key

ROOT = Path(__file__).resolve().parent.parent
MATCH = ("select s.id from segments_fts join segments s on s.rowid = segments_fts.rowid "
         "where segments_fts match ?")


@pytest.fixture(scope="module")
def corpus_db(tmp_path_factory):
    from corpus.index.build import build

    path = tmp_path_factory.mktemp("ftsquery") / "corpus.db"
    build(ROOT / "tei", path, quiet=True)
    conn = sqlite3.connect(path)
    yield conn
    conn.close()


def ids(conn: sqlite3.Connection, query: str, *, raw: bool = False) -> set[str]:
    return {row[0] for row in conn.execute(MATCH, (query if raw else keyed(query),))}


def langs(conn: sqlite3.Connection, segment_ids: set[str]) -> set[str]:
    marks = ",".join("?" * len(segment_ids))
    return {row[0] for row in conn.execute(
        f"select distinct lang from segments where id in ({marks})", sorted(segment_ids))}


# Expected rewrites, one or more per syntax element. Keys: Vlasov/Власова/Wlassow -> vlasov,
# Trukhin/Трухина/Truchin -> truhin, Himmler -> himler, General/генерал -> general.
REWRITES = [
    # barewords and quoted strings, in any script or scheme
    ("Vlasov", 'keys : "vlasov"'),
    ("Власова", 'keys : "vlasov"'),
    ("Wlassow", 'keys : "vlasov"'),
    ('"General Vlasov"', 'keys : "general vlasov"'),
    ('"генерала Власова"', 'keys : "general vlasov"'),
    ('"Vlasov ""the general"""', 'keys : "vlasov the general"'),  # "" is a quote
    ('"Vlasov, -- Trukhin"', 'keys : "vlasov truhin"'),  # punctuation drops out
    # + joins strings into one phrase
    ("General + Vlasov", 'keys : "general vlasov"'),
    ('"генерал" + Wlassow', 'keys : "general vlasov"'),
    # ^ initial token
    ("^ General", 'keys : ^ "general"'),
    ('^"General Wlassow"', 'keys : ^ "general vlasov"'),
    # implicit AND, AND, OR, NOT (uppercase only) and their precedence
    ("Vlasov Trukhin", 'keys : "vlasov" AND keys : "truhin"'),
    ("Vlasov AND Trukhin", 'keys : "vlasov" AND keys : "truhin"'),
    ("Власова AND Трухина", 'keys : "vlasov" AND keys : "truhin"'),
    ("Vlasov OR Trukhin", 'keys : "vlasov" OR keys : "truhin"'),
    ("Vlasov NOT Trukhin", 'keys : "vlasov" NOT keys : "truhin"'),
    ("Vlasov and Trukhin", 'keys : "vlasov" AND keys : "and" AND keys : "truhin"'),
    ("Vlasov OR Trukhin Himmler", 'keys : "vlasov" OR keys : "truhin" AND keys : "himler"'),
    ("Vlasov NOT Trukhin Himmler",  # juxtaposition binds tighter than NOT
     'keys : "vlasov" NOT (keys : "truhin" AND keys : "himler")'),
    ("Vlasov AND Trukhin NOT Himmler",
     'keys : "vlasov" AND keys : "truhin" NOT keys : "himler"'),
    ("Vlasov NOT Trukhin NOT Himmler",
     'keys : "vlasov" NOT keys : "truhin" NOT keys : "himler"'),
    # parentheses are kept
    ("(Vlasov OR Wlassow) AND Trukhin", '(keys : "vlasov" OR keys : "vlasov") AND keys : "truhin"'),
    ("Vlasov NOT (Trukhin NOT Himmler)",
     'keys : "vlasov" NOT (keys : "truhin" NOT keys : "himler")'),
    ("Vlasov NOT (Trukhin OR Himmler)", 'keys : "vlasov" NOT (keys : "truhin" OR keys : "himler")'),
    # NEAR groups keep their distance
    ("NEAR(Vlasov Himmler, 10)", 'keys : NEAR("vlasov" "himler", 10)'),
    ("NEAR(Власова Himmler)", 'keys : NEAR("vlasov" "himler")'),
    ('NEAR("General Vlasov" Himmler Trukhin, 25)',
     'keys : NEAR("general vlasov" "himler" "truhin", 25)'),
    ("NEAR(Vlasov Trukhin) OR Himmler", 'keys : NEAR("vlasov" "truhin") OR keys : "himler"'),
    # column filters: text means the literal text, keys (or -text) the keys
    ("text : Vlasov", 'text : "Vlasov"'),
    ("text:Vlasov", 'text : "Vlasov"'),
    ('TEXT : "General Wlassow"', 'text : "General Wlassow"'),
    ('"text" : Wlassow', 'text : "Wlassow"'),
    ("{text} : Vlasov", 'text : "Vlasov"'),
    ("- keys : Vlasov", 'text : "Vlasov"'),
    ("keys : Власова", 'keys : "vlasov"'),
    ("- text : Власова", 'keys : "vlasov"'),
    ("-{text}: Власова", 'keys : "vlasov"'),
    ("{text keys} : Власова", '(text : "Власова" OR keys : "vlasov")'),
    ("text : (Vlasov OR Trukhin)", '(text : "Vlasov" OR text : "Trukhin")'),
    ("Власова AND text : Trukhin", 'keys : "vlasov" AND text : "Trukhin"'),
    ("text : NEAR(Vlasov Himmler, 10)", 'text : NEAR("Vlasov" "Himmler", 10)'),
    ("text : ^ General", 'text : ^ "General"'),
    ("{keys text} : (Wlassow NOT text : Vlasov)",
     '((text : "Wlassow" OR keys : "vlasov") NOT text : "Vlasov")'),
    # prefixes: keyed without the lemma, or else literal in the text
    ("Vlas*", '(text : "Vlas"* OR keys : "vlas"*)'),
    ("Влас*", '(text : "Влас"* OR keys : "vlas"*)'),
    ("Wlass*", '(text : "Wlass"* OR keys : "vlas"*)'),
    ('"General Vla"*', '(text : "General Vla"* OR keys : "general vla"*)'),
    ('"Gen"* + Vlasov', '(text : "Gen"* + "Vlasov" OR keys : "gen"* + "vlasov")'),
    ("NEAR(Vlas* Himmler, 10)",
     '(text : NEAR("Vlas"* "Himmler", 10) OR keys : NEAR("vlas"* "himler", 10))'),
    ("keys : Wlass*", 'keys : "vlas"*'),
    ("text : Vlas*", 'text : "Vlas"*'),
    ("Trukhin AND Vlas*", 'keys : "truhin" AND (text : "Vlas"* OR keys : "vlas"*)'),
]


@pytest.mark.parametrize("query, expected", REWRITES)
def test_rewrite(query, expected):
    assert keyed(query) == expected


@pytest.mark.parametrize("query, expected", REWRITES)
def test_rewrite_runs_on_the_corpus(corpus_db, query, expected):
    corpus_db.execute(MATCH, (expected,)).fetchall()  # FTS5 accepts it


# A table whose keys column is its text, with words that are their own keys: there the
# rewrite must find exactly what the expression itself finds.
WORDS = ["ab", "ba", "bad", "dab", "lob", "mon", "nod"]


@pytest.fixture(scope="module")
def twin_table():
    assert all(word_key(w) == w for w in WORDS)
    conn = sqlite3.connect(":memory:")
    conn.execute("create virtual table f using fts5(text, keys, "
                 "tokenize='unicode61 remove_diacritics 2')")
    rnd = random.Random(7)
    for _ in range(300):
        text = " ".join(rnd.choice(WORDS) for _ in range(rnd.randint(1, 8)))
        conn.execute("insert into f values (?, ?)", (text, text))
    yield conn
    conn.close()


def _rows(conn, expression):
    return {r[0] for r in conn.execute("select rowid from f where f match ?", (expression,))}


def _twin(query: str) -> str:
    """A REWRITES query in the twin table's words (each distinct name becomes one word)."""
    names = {"Vlasov": "ab", "Власова": "ab", "Wlassow": "ab", "Vlas": "a", "Влас": "a",
             "Wlass": "a", "Vla": "a", "Trukhin": "ba", "Трухина": "ba", "Himmler": "dab",
             "General": "lob", "генерала": "lob", "генерал": "lob", "Gen": "l", "the": "mon",
             "general": "lob", "and": "nod"}
    return re.sub(r"\w+", lambda m: names.get(m.group(), m.group()), query)


@pytest.mark.parametrize("query", [q for q, _ in REWRITES])
def test_rewrite_finds_what_the_expression_finds(twin_table, query):
    query = _twin(query)
    assert _rows(twin_table, keyed(query)) == _rows(twin_table, query)


def _random_query(rnd: random.Random, depth: int = 0) -> str:
    def string():
        words = [rnd.choice(WORDS + ["a", "b", "l"]) for _ in range(rnd.choice((1, 1, 2, 3)))]
        text = words[0] if len(words) == 1 and rnd.random() < .5 else '"' + " ".join(words) + '"'
        return text + ("*" if rnd.random() < .2 else "")

    def phrase():
        return " + ".join(string() for _ in range(rnd.choice((1, 1, 1, 2, 3))))

    def column():
        return rnd.choice(["", "", "", "text : ", "keys : ", "{text keys} : ", "- text : ",
                           "-keys:", "{TEXT}: "])

    def unit():
        r = rnd.random()
        if r < .15:
            distance = f", {rnd.randint(0, 4)}" if rnd.random() < .6 else ""
            phrases = " ".join(phrase() for _ in range(rnd.randint(1, 3)))
            return f"{column()}NEAR({phrases}{distance})"
        return column() + ("^ " if r < .25 else "") + phrase()

    r = rnd.random()
    if depth > 3 or r < .3:
        return " ".join(unit() for _ in range(rnd.choice((1, 1, 2, 3))))
    if r < .45:
        return f"{column()}({_random_query(rnd, depth + 1)})"
    op = rnd.choice(["AND", "OR", "NOT"])
    return f"{_random_query(rnd, depth + 1)} {op} {_random_query(rnd, depth + 1)}"


def test_random_expressions_find_what_they_found(twin_table):
    rnd, compared = random.Random(2), 0
    for _ in range(1500):
        query = _random_query(rnd)
        try:
            expression = keyed(query)
        except CorpusError as exc:  # nested filters that leave no column: refused on purpose
            assert "leaves no column" in exc.message
            _rows(twin_table, query)  # where FTS5 quietly matches nothing
            continue
        assert _rows(twin_table, expression) == _rows(twin_table, query), query
        compared += 1
    assert compared > 1000


# The real corpus.

def test_the_corpus_languages(corpus_db):
    """The TEI corpus holds English passages and one German one, with Russian words inside
    English passages (titles, bibliography) but no Russian passage: the names the tests
    search co-occur in English and German, and a small table below adds Russian passages."""
    found = dict(corpus_db.execute("select lang, count(*) from segments group by lang"))
    assert found.get("en", 0) > 100 and found.get("de", 0) >= 1


def test_names_in_any_script_find_the_same_passages(corpus_db):
    latin = ids(corpus_db, "Vlasov AND Trukhin")
    assert latin
    assert ids(corpus_db, "Власова AND Трухина") == latin
    assert ids(corpus_db, "Wlassow AND Truchin") == latin
    assert ids(corpus_db, "Vlasov AND Trukhin", raw=True) == latin  # English text, literally
    assert ids(corpus_db, "Власова AND Трухина", raw=True) == set()  # what --raw finds now


def test_a_name_co_occurring_in_english_and_german(corpus_db):
    found = ids(corpus_db, "General AND Vlasov")
    assert found == ids(corpus_db, "генерал AND Власова") == ids(corpus_db, "General Wlassow")
    assert langs(corpus_db, found) == {"en", "de"}


def test_a_phrase_finds_adjacent_words_in_any_script(corpus_db):
    found = ids(corpus_db, '"General Vlasov"')
    assert found == ids(corpus_db, '"генерала Власова"') == ids(corpus_db, '"General Wlassow"')
    assert langs(corpus_db, found) == {"en", "de"}
    for (text,) in corpus_db.execute(
            f"select text from segments where id in ({','.join('?' * len(found))})",
            sorted(found)):
        assert re.search(r"General\s+(Vlasov|Wlassow)\b", text, re.I), text
    assert found < ids(corpus_db, "General AND Vlasov")


def test_near(corpus_db):
    found = ids(corpus_db, "NEAR(Vlasov Himmler, 10)")
    assert found and found == ids(corpus_db, "NEAR(Власова Himmler, 10)")
    assert found <= ids(corpus_db, "Vlasov AND Himmler")
    assert ids(corpus_db, "NEAR(Vlasov Himmler, 0)") <= found


def test_not_is_a_subset(corpus_db):
    vlasov = ids(corpus_db, "Vlasov")
    without = ids(corpus_db, "Vlasov NOT Trukhin")
    assert without < vlasov
    assert without == vlasov - ids(corpus_db, "Trukhin")
    assert ids(corpus_db, "Власов NOT Трухин") == without


def test_a_text_filter_finds_only_the_literal_text(corpus_db):
    literal = ids(corpus_db, "text : Vlasov")
    assert literal < ids(corpus_db, "Vlasov")  # Wlassow-only passages are left out
    assert ids(corpus_db, "text : Власова") == set()  # no passage spells it so
    for (text,) in corpus_db.execute("select text from segments where id in "
                                     f"({','.join('?' * len(literal))})", sorted(literal)):
        assert re.search(r"\bVlasov\b", text, re.I), text


def test_a_prefix_finds_every_script_and_at_least_the_literal_prefix(corpus_db):
    found = ids(corpus_db, "Vlas*")
    assert found == ids(corpus_db, "Влас*") == ids(corpus_db, "Wlass*")
    assert found >= ids(corpus_db, "Vlasov") | ids(corpus_db, "Vlas*", raw=True)


# Russian passages beside English and German ones, searched the same way as the corpus.

PASSAGES = [
    ("ru1", "ru", "Генерал Власов и генерал Трухин подписали манифест."),
    ("ru2", "ru", "Власова допрашивали в Москве."),
    ("ru3", "ru", "Трухина арестовали в Праге."),
    ("en1", "en", "General Vlasov and General Trukhin signed the manifesto."),
    ("en2", "en", "Trukhin was Vlasov's chief of staff."),
    ("de1", "de", "General Wlassow sprach mit Truchin."),
    ("en3", "en", "Himmler received Vlasov in September."),
]


@pytest.fixture(scope="module")
def trilingual():
    conn = sqlite3.connect(":memory:")
    conn.execute("create table segments (id text, lang text, text text, keys text)")
    conn.execute("create virtual table segments_fts using fts5(text, keys, "
                 "tokenize='unicode61 remove_diacritics 2', content='segments')")
    conn.executemany("insert into segments values (?, ?, ?, ?)",
                     [(i, lang, text, text_keys(text)) for i, lang, text in PASSAGES])
    conn.execute("insert into segments_fts (segments_fts) values ('rebuild')")
    yield conn
    conn.close()


def test_russian_and_english_passages_found_by_any_spelling(trilingual):
    both = {"ru1", "en1", "en2", "de1"}
    assert ids(trilingual, "Vlasov AND Trukhin") == both
    assert ids(trilingual, "Власова AND Трухина") == both
    assert ids(trilingual, "Wlassow AND Truchin") == both
    assert ids(trilingual, '"General Vlasov"') == {"ru1", "en1", "de1"}
    assert ids(trilingual, "Vlasov NOT Trukhin") == {"ru2", "en3"}
    assert ids(trilingual, "text : Vlasov") == {"en1", "en2", "en3"}
    assert ids(trilingual, "text : Власова") == {"ru2"}
    assert ids(trilingual, "Влас*") == {"ru1", "ru2", "en1", "en2", "de1", "en3"}


# Bad syntax: one line, naming what is wrong and where (characters counted from 1).

BAD = [
    ("", "the query is empty"),
    ("   ", "the query is empty"),
    ('"Vlasov', "the quote at character 1 is never closed"),
    ('Vlasov AND "Trukhin', "the quote at character 12 is never closed"),
    ("(Vlasov OR Trukhin", "the '(' at character 1 is never closed"),
    ("Vlasov AND (Trukhin OR (Himmler)", "the '(' at character 12 is never closed"),
    ("Vlasov)", "')' at character 7 has no matching '('"),
    ("()", "empty parentheses at character 1"),
    ("Vlasov AND", "AND at character 8 has nothing after it"),
    ("Vlasov OR", "OR at character 8 has nothing after it"),
    ("Vlasov NOT", "NOT at character 8 has nothing after it"),
    ("(Vlasov AND) Trukhin", "AND at character 9 has nothing after it"),
    ("AND Vlasov", "AND at character 1 has nothing before it"),
    ("(OR Vlasov)", "OR at character 2 has nothing before it"),
    ("Vlasov AND OR Trukhin", "AND at character 8 has nothing after it"),
    ("(Vlasov) Trukhin", "missing operator before 'Trukhin' at character 10"),
    ("Vlasov (Trukhin)", "'Vlasov' followed by '(' at character 1"),
    ("near(Vlasov Himmler)", "write NEAR in capitals"),
    ("NEAR(Vlasov Himmler, ten)", "NEAR distance after the ',' at character 20 must be a whole"),
    ("NEAR(Vlasov Himmler,)", "must be a whole number, not ')'"),
    ("NEAR(Vlasov Himmler, 10", "the NEAR( at character 5 is never closed"),
    ("NEAR()", "NEAR( at character 1 needs at least one phrase"),
    ("NEAR(Vlasov OR Himmler)", "unexpected OR at character 13 in the NEAR group"),
    ("^NEAR(Vlasov Himmler)", "'^' at character 1 must come before a phrase"),
    ("^(Vlasov)", "'^' at character 1 must come before a phrase"),
    ("author : Vlasov", "unknown column 'author' at character 1"),
    ("{} : Vlasov", "the column list at character 1 names no column"),
    ("{text : Vlasov", "unexpected ':' at character 7 in the column list"),
    ("text Vlasov :", "unknown column 'Vlasov' at character 6"),
    ("- {text keys} : Vlasov", "the column filter at character 1 leaves no column"),
    ("text : (keys : Vlasov)", "the column filter at character 9 leaves no column"),
    ("Strik-Strikfeldt", "'-' at character 6 must begin a column filter"),
    ("Vlasov +", "'+' at character 8 must be followed by a word"),
    ("*Vlasov", "unexpected '*' at character 1"),
    ("Vlasov**", "'*' at character 8 must follow a word"),
    ("Vlasov, Trukhin", "unexpected ',' at character 7"),
    ("Vlasov.", "unexpected character '.' at character 7"),
    ("Vlasov's", "unexpected character \"'\" at character 7"),
    ('(Vlasov) "General\nWlassow"', "missing operator before 'General\\nWlassow' at character 10"),
    ("(" * 400 + "Vlasov" + ")" * 400, "the query nests too deeply"),
    ('"--"', "the phrase at character 1 has no word to search"),
    ('Vlasov AND "" + "..."', "the phrase at character 12 has no word to search"),
]


@pytest.mark.parametrize("query, message", BAD)
def test_bad_syntax_is_a_one_line_error(query, message):
    with pytest.raises(CorpusError) as caught:
        keyed(query)
    assert caught.value.rule == "bad-query"
    assert message in caught.value.message
    assert "\n" not in str(caught.value)


# Queries FTS5 itself accepts although they can never match: refused here with a reason.
ACCEPTED_BY_FTS5 = {"- {text keys} : Vlasov", "text : (keys : Vlasov)", '"--"',
                    'Vlasov AND "" + "..."'}


@pytest.mark.parametrize("query", [q for q, _ in BAD if q.strip() and q not in ACCEPTED_BY_FTS5])
def test_fts5_refuses_them_too(corpus_db, query):
    with pytest.raises(sqlite3.OperationalError):
        corpus_db.execute(MATCH, (query,)).fetchall()
