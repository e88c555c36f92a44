"""Russian morphology for names: lemmas and inflections."""

import pytest

from corpus.names.morph import inflections, is_known, lemmas, name_rank


@pytest.mark.parametrize(
    ("word", "lemma"),
    [
        ("Власова", "власов"),
        ("Власовым", "власов"),
        ("Власову", "власов"),
        ("Жиленкова", "жиленков"),
        ("Малышкина", "малышкин"),
        ("Андрея", "андрей"),
        ("Трухиным", "трухин"),
    ],
)
def test_inflected_name_gives_lemma_first(word, lemma):
    assert lemmas(word)[0] == lemma


@pytest.mark.parametrize("word", ["Власовцы", "власовец", "власовский", "власовщина", "власовцев"])
def test_derived_words_reach_the_surname(word):
    assert "власов" in lemmas(word)


@pytest.mark.parametrize(
    ("word", "invented"),
    [("московский", "москов"), ("отец", "от"), ("конец", "кон"), ("русский", "рус")],
)
def test_derivation_table_does_not_invent_surnames(word, invented):
    got = lemmas(word)
    assert got[0] == word
    assert invented not in got


@pytest.mark.parametrize("word", ["", "   ", None, 42, "\ud800", "Vlasov", "1942"])
def test_lemmas_never_raise(word):
    assert isinstance(lemmas(word), list)


@pytest.mark.parametrize(
    "form",
    ["Власов", "Власова", "Власову", "Власовым", "Власове", "Власовой", "Власовы", "Власовых"],
)
def test_inflections_of_surname(form):
    assert form in inflections("Власов")


def test_inflections_keep_input_case():
    assert "власову" in inflections("власов")
    assert all(f[0].isupper() for f in inflections("Трухин"))


def test_inflections_of_full_name_agree_in_case():
    forms = inflections("Андрей Власов")
    assert {"Андрея Власова", "Андрею Власову", "Андреем Власовым", "Андрее Власове"} <= forms
    assert "Андрея Власову" not in forms


def test_indeclinable_surname_stays():
    assert inflections("Буняченко") == {"Буняченко"}


@pytest.mark.parametrize("word", ["", None, "\x00"])
def test_inflections_never_raise(word):
    assert isinstance(inflections(word), set)


def test_name_rank_prefers_names_in_nominative():
    assert name_rank("андрей") > name_rank("андреи") > name_rank("ксыззы") == 0
    assert is_known("власов") and not is_known("ксыззы")
