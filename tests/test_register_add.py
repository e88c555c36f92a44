"""`corpus register add`: a name `corpus add` listed for review becomes a register entry in
TEI, with the rest of the curated file untouched, and the next `corpus add` links it."""

from __future__ import annotations

import difflib

import pytest
from click.testing import CliRunner
from lxml import etree

from corpus.cli import cli
from corpus.tei.register import load_register
from tests.test_add_tei import NS, SOURCE, names


def run(workspace, *args: str):
    return CliRunner().invoke(cli, ["--workspace", str(workspace), *args])


def test_an_entry_goes_in_as_tei_and_nothing_else_changes(workspace):
    register = workspace / "tei" / "register.xml"
    before = register.read_text("utf-8").splitlines()
    result = run(workspace, "register", "add", "person", "--en", "Jan Novotný", "--ru",
                 "Ян Новотный", "--variant", "cs", "Jan Novotný", "--note", "An archivist.")
    assert result.exit_code == 0, result.output
    after = register.read_text("utf-8").splitlines()
    changes = [line for line in difflib.ndiff(before, after) if line[:1] in "+-"]
    assert changes and all(line.startswith("+ ") for line in changes)  # only added lines
    entity = load_register(register).by_id["novotny"]
    assert (entity.type, entity.label_en, entity.label_ru) == ("person", "Jan Novotný",
                                                              "Ян Новотный")
    main_en = next(f for f in entity.forms if f.type == "main" and f.lang == "en")
    assert main_en.parts == (("forename", "Jan"), ("surname", "Novotný"))
    assert ("Jan Novotný", "cs") in {(f.text, f.lang) for f in entity.forms if f.type == "variant"}
    assert run(workspace, "validate").exit_code == 0


def test_the_next_add_links_the_new_entries(workspace):
    assert run(workspace, "register", "add", "person", "--en", "Jan Novotný").exit_code == 0
    assert run(workspace, "register", "add", "place", "--en", "Wenceslas Square", "--ru",
               "Вацлавская площадь", "--variant", "de", "Wenzelsplatz").exit_code == 0
    result = run(workspace, "add", str(SOURCE))
    assert result.exit_code == 0, result.output
    root = etree.parse(str(workspace / "tei" / "prag-1945.xml")).getroot()
    assert names(root, "persName")["Jan Novotný"]["ref"] == "reg:novotny"
    assert names(root, "placeName")["Wenzelsplatz"]["ref"] == "reg:wenceslas-square"
    assert "ref" not in names(root, "persName")["Peter Hoffmann"]  # still no one we know
    assert root.find(".//t:notesStmt", NS) is not None


def test_a_russian_form_not_given_is_generated_and_flagged(workspace):
    result = run(workspace, "register", "add", "person", "--en", "Jan Novotný")
    assert "confirm" in result.output
    register = workspace / "tei" / "register.xml"
    entity = load_register(register).by_id["novotny"]
    assert entity.label_ru == "Ян Новотны"  # the Czech scheme's reading, not Жан
    assert "generated" in entity.note
    text = register.read_text("utf-8")
    assert 'xml:lang="ru" resp="#corpus-register-add"' in text


@pytest.mark.parametrize("args, message", [
    (["person", "--en", "Andrei Vlasov", "--id", "vlasov"], "already"),
    (["org", "--en", "X", "--variant", "not a tag!", "X"], "BCP 47"),
    (["term", "--en", "X", "--id", "Bad Id"], "lower-case"),
])
def test_a_bad_entry_is_one_line_and_changes_nothing(workspace, args, message):
    register = workspace / "tei" / "register.xml"
    before = register.read_bytes()
    result = run(workspace, "register", "add", *args)
    assert result.exit_code == 1 and message in result.output
    assert len(result.output.strip().splitlines()) == 1
    assert register.read_bytes() == before
