"""Matching keys: fold, cross-scheme key, phonetic key."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from corpus.names.keys import cross_key, fold, phonetic_key

VLASOV_SPELLINGS = [
    "Vlasov",
    "Wlassow",
    "Vlassov",
    "Własow",
    "Vlasoff",
    "Власов",
    "Vlasow",
    "Wlasow",
]
MUST_DIFFER = [
    ("Krasnov", "Kononov"),
    ("Krasnov", "Konev"),
    ("Kononov", "Konev"),
    ("Trukhin", "Truhanov"),
    ("Malyshkin", "Malenkov"),
    ("Краснов", "Кононов"),
    ("Трухин", "Труханов"),
    ("Малышкин", "Маленков"),
    ("ROA", "RONA"),
    ("Vlasov", "Vlasik"),
]
KEYS = [cross_key, phonetic_key]


# --- fold ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Хрущёв", "хрущев"),
        ("ВЛАСОВ", "власов"),
        ("Andreĭ", "andrei"),
        ("osvoboditelʹnaia", "osvoboditelnaia"),
        ('Pod"iachev', "podiachev"),
        ("Pod’iachev", "podiachev"),
        ("  Andrei \t\n Vlasov  ", "andrei vlasov"),
        ("Йошкар-Ола", "йошкар-ола"),  # й is a letter, not и with a mark
        ("Bлacoв", "власов"),  # Latin B, a, c inside a Cyrillic word
        ("Vlаsov", "vlasov"),  # Cyrillic а inside a Latin word
        ("ﬁnal", "final"),  # NFKC ligature
        ("Straße", "strasse"),
        ("Ильич", "ильич"),  # ь stays: it is a letter of the word
    ],
)
def test_fold(text, expected):
    assert fold(text) == expected


def test_fold_keeps_scripts_apart_in_unmixed_words():
    assert fold("Vlasov Власов") == "vlasov власов"


# --- cross_key -----------------------------------------------------------------


@pytest.mark.parametrize("spelling", VLASOV_SPELLINGS)
def test_vlasov_spellings_coincide(spelling):
    assert cross_key(spelling) == cross_key("Vlasov")


@pytest.mark.parametrize(
    "group",
    [
        [
            "Bunyachenko",
            "Bunjatschenko",
            "Buniachenko",
            "Bouniatchenko",
            "Буняченко",
            "Buniaczenko",
        ],
        ["Khrushchev", "Хрущёв", "Hruščëv", "Hruŝëv", "Khrouchtchev"],
        ["Prianishnikoff", "Прянишников", "Pryanishnikov", "Prjanišnikov"],
        ["Yakovlev", "Jakowlew", "Yakovleff", "Яковлев"],
        ["Zhilenkov", "Žilenkov", "Жиленков", "Żilenkow"],
        ["Alexeieff", "Алексеев", "Aleksejev"],
    ],
    ids=["bunyachenko", "khrushchev", "prianishnikov", "yakovlev", "zhilenkov", "alekseev"],
)
def test_cross_scheme_groups_coincide(group):
    assert len({cross_key(s) for s in group}) == 1, {s: cross_key(s) for s in group}


@pytest.mark.parametrize("key", KEYS, ids=lambda k: k.__name__)
@pytest.mark.parametrize(("a", "b"), MUST_DIFFER)
def test_distinct_names_stay_distinct(key, a, b):
    assert key(a) != key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [("Chruschtschow", "Khrushchev"), ("Jelzin", "Yeltsin"), ("Solschenizyn", "Solzhenitsyn")],
)
def test_phonetic_key_is_looser(a, b):
    assert cross_key(a) != cross_key(b)
    assert phonetic_key(a) == phonetic_key(b)


def test_cross_key_is_plain_ascii():
    for s in VLASOV_SPELLINGS + ["Хрущёв", "Щербаков"]:
        assert cross_key(s).isascii()


# --- properties ------------------------------------------------------------------

any_text = st.text(alphabet=st.characters(), max_size=300)
ALL = [fold, cross_key, phonetic_key]


@settings(max_examples=300, deadline=None)
@given(any_text)
def test_keys_never_raise_and_are_deterministic(text):
    for fn in ALL:
        out = fn(text)
        assert isinstance(out, str)
        fn.cache_clear()
        assert fn(text) == out


@settings(max_examples=500, deadline=None)
@given(any_text)
def test_fold_is_idempotent(text):
    once = fold(text)
    assert fold(once) == once


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8") | st.sampled_from("ẞİǰﬅ\u0345ΐ"), max_size=50))
def test_fold_is_idempotent_on_casefold_traps(text):
    assert fold(fold(text)) == fold(text)


@pytest.mark.parametrize(
    "text",
    [
        "\ud800\udfff\ud83d",  # lone surrogates
        "\x00\x01\x1f\x7f\u200b\ufeff",  # controls and invisibles
        "Власов " * 1500,  # ~10 kB
        "é" * 10_000,
        "\u0306" * 50,  # only combining marks
    ],
    ids=["surrogates", "controls", "10kB-words", "10kB-letters", "marks"],
)
@pytest.mark.parametrize("fn", ALL, ids=lambda f: f.__name__)
def test_keys_on_nasty_input(fn, text):
    assert isinstance(fn(text), str)
