"""A register place with a CLDR code is found under its name in the languages CLDR gives,
declined as well; CLDR's names never reach a place by a key alone, and never another entity."""

from __future__ import annotations

import pytest

from corpus.names import cldr
from corpus.names.forms import form_rows
from corpus.names.keys import fold


@pytest.mark.parametrize("query, entity", [
    ("Moskova", "moscow"),  # Finnish, as written
    ("Moskovassa", "moscow"),  # Finnish inessive of it
    ("Berliinistä", "berlin"),  # Finnish elative
    ("Nemčije", "germany"),  # Slovene genitive of Nemčija
    ("Nemačke", "germany"),  # Serbian genitive of Nemačka
    ("Evropy", "europe"),  # Czech genitive of Evropa
    ("Maskavai", "moscow"),  # Latvian dative of Maskava
    ("Madžarske", "hungary"),  # Slovene genitive of Madžarska
])
def test_a_cldr_name_is_found_as_written_or_declined(either_lookup, query, entity):
    hits = either_lookup.lookup(query)
    assert hits and hits[0].id == entity and not hits[0].ambiguous


@pytest.mark.parametrize("query", [
    "German",  # English adjective: Mongolian Герман has its cross key (Mongolian is not read)
    "Germans",
    "Ende",  # a German word: the cross key of Sango Ênnde (India)
    "Amerika",  # Chiga's name of the United States; not read
])
def test_a_word_does_not_reach_a_place_through_cldr(either_lookup, query):
    assert all(h.type != "place" for h in either_lookup.lookup(query))


@pytest.mark.parametrize("kind, code", [
    ("cldr-territory", "SU"),  # ICU answers Russia
    ("cldr-territory", "YU"),  # ICU answers Serbia
    ("cldr-territory", "XQ"),  # no such code: ICU answers the code
    ("cldr-territory", "de"),
    ("cldr-city", "Europe/Nowhere"),
    ("isni", "0000000121032683"),
])
def test_a_code_cldr_lacks_or_retired_gives_no_names(kind, code):
    assert not cldr.known(kind, code) and cldr.names(kind, code) == ()


def test_names_come_only_from_the_languages_read():
    tags = {tag.split("-")[0] for _, tag in cldr.names("cldr-territory", "DE")}
    assert tags <= cldr.LANGUAGES and {"fi", "sl", "sr", "ja"} <= tags
    assert ("Saksa", "fi") in cldr.names("cldr-territory", "DE")


def test_every_code_in_the_register_is_known_and_gives_names(register):
    coded = [(e.id, kind, code) for e in register for kind, code in e.codes.items()
             if kind in cldr.KINDS]
    assert len(coded) >= 20
    assert all(cldr.names(kind, code) for _, kind, code in coded), coded


def test_no_cldr_name_is_a_spelling_of_another_entity(register):
    rows = form_rows(register)
    owners: dict[str, set[str]] = {}
    for row in rows:
        if row.source == "register":
            owners.setdefault(row.fold, set()).add(row.entity)
    # London, Ontario is also London in the register itself: that ambiguity is the register's
    clashes = [(r.text, r.entity, owners[r.fold]) for r in rows if r.source == "cldr"
               and r.entity not in owners.get(r.fold, {r.entity})]
    assert clashes == []
    assert any(r.source == "cldr" and r.fold == fold("Moskova") for r in rows)
