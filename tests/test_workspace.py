"""A workspace of the scholar's own: `corpus init`, commands that read and write inside it,
and the corpus installed with the package left alone."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from corpus import paths
from corpus.cli import cli
from corpus.errors import CorpusError

TEXT = """Wlassow in Prag

Im Mai 1945 kämpfte die 1. Division der ROA unter Bunjatschenko in Prag.
General Wlassow blieb bis zuletzt im Hintergrund.
"""


def run(*args: str):
    return CliRunner().invoke(cli, list(args))


@pytest.fixture
def elsewhere(tmp_path, monkeypatch):
    """A folder outside any workspace, as the current one."""
    folder = tmp_path / "elsewhere"
    folder.mkdir()
    monkeypatch.chdir(folder)
    monkeypatch.delenv("CORPUS_WORKSPACE", raising=False)
    monkeypatch.delenv("CORPUS_TEI", raising=False)
    monkeypatch.delenv("CORPUS_TEXTS", raising=False)
    return folder


@pytest.fixture
def text(tmp_path):
    path = tmp_path / "prag.txt"
    path.write_text(TEXT, "utf-8")
    return path


def test_init_makes_a_workspace_and_refuses_to_make_it_twice(elsewhere):
    result = run("init", "mine")
    assert result.exit_code == 0, result.output
    ws = elsewhere / "mine"
    assert (ws / "tei" / "register.xml").read_bytes() == \
        (paths.shipped_root() / "tei" / "register.xml").read_bytes()
    assert (ws / "texts" / "manifest.toml").is_file() and (ws / "corpus.toml").is_file()
    assert list((ws / "tei").glob("*.xml")) == [ws / "tei" / "register.xml"]
    again = run("init", "mine")
    assert again.exit_code == 1 and "already holds a corpus" in again.output


def test_commands_inside_a_workspace_read_and_write_there(elsewhere, text, monkeypatch):
    assert run("init", "mine").exit_code == 0
    monkeypatch.chdir(elsewhere / "mine" / "tei")  # anywhere inside it
    added = run("add", str(text), "--title", "Wlassow in Prag", "--lang", "de")
    assert added.exit_code == 0, added.output
    ws = elsewhere / "mine"
    assert (ws / "tei" / "prag.xml").is_file() and (ws / "texts" / "prag.txt").is_file()
    assert run("validate", "--no-schema").exit_code == 0
    assert run("build", "-q").exit_code == 0
    assert sqlite3.connect(ws / "corpus.db").execute(
        "select id from documents").fetchall() == [("prag",)]
    found = run("search", "Власов", "--json")
    assert found.exit_code == 0 and '"document": "prag"' in found.output
    assert not (elsewhere / "mine" / "tei" / "corpus.db").exists()


def test_a_folder_with_tei_and_texts_is_a_workspace_without_init(elsewhere, text):
    (elsewhere / "tei").mkdir()
    (elsewhere / "tei" / "register.xml").write_bytes(
        (paths.shipped_root() / "tei" / "register.xml").read_bytes())
    assert paths.workspace() == elsewhere.resolve()
    assert run("add", str(text), "--title", "T", "--lang", "de").exit_code == 0
    assert (elsewhere / "texts" / "prag.txt").is_file()


def test_the_workspace_option_works_from_anywhere(elsewhere, text):
    assert run("init", "mine").exit_code == 0
    result = run("--workspace", "mine", "add", str(text), "--title", "T", "--lang", "de")
    assert result.exit_code == 0, result.output
    assert (elsewhere / "mine" / "tei" / "prag.xml").is_file()
    assert paths.workspace() is None  # chosen for that command only


def test_writing_with_no_workspace_asks_for_one(elsewhere, text):
    result = run("add", str(text), "--title", "T")
    assert result.exit_code == 1
    assert "corpus init" in result.output and len(result.output.strip().splitlines()) == 1


def test_the_installed_corpus_is_read_only():
    with pytest.raises(CorpusError, match="read-only"):
        paths.writable_tei(paths.PACKAGE_DIR / "data" / "tei")


def test_init_with_texts_copies_a_corpus_that_validates(elsewhere, monkeypatch):
    assert run("init", "full", "--with-texts").exit_code == 0
    monkeypatch.chdir(elsewhere / "full")
    assert len(list((elsewhere / "full" / "tei").glob("*.xml"))) == \
        len(list((paths.shipped_root() / "tei").glob("*.xml")))
    result = run("validate", "--no-schema")
    assert result.exit_code == 0, result.output
