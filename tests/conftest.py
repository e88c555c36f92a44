"""Shared fixtures: the real corpus (read once per session) and a scratch copy to break."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
TEI = ROOT / "tei"
TEXTS = ROOT / "texts"
DATA = Path(__file__).resolve().parent / "data"


@pytest.fixture(scope="session")
def register():
    from corpus.register import load_register

    return load_register(TEI / "register.xml")


@pytest.fixture(scope="session")
def manifest():
    from corpus.manifest import manifest_by_id

    return manifest_by_id(TEXTS)


@pytest.fixture(scope="session")
def documents():
    from corpus.tei import document_paths, read_document

    return {d.id: d for d in map(read_document, document_paths(TEI))}


@pytest.fixture(scope="session")
def annotator(register):
    from corpus.annotate import Annotator

    return Annotator(register)


@pytest.fixture
def scratch(tmp_path):
    """A writable copy of tei/ and texts/ for tests that damage files."""
    shutil.copytree(TEI, tmp_path / "tei", ignore=shutil.ignore_patterns("register-parts"))
    shutil.copytree(TEXTS, tmp_path / "texts")
    return tmp_path


@pytest.fixture(scope="session")
def built_db(tmp_path_factory):
    """The real corpus built once into a temporary database."""
    from corpus.build import build

    path = tmp_path_factory.mktemp("db") / "corpus.db"
    build(TEI, path, quiet=True)
    return path


@pytest.fixture(scope="session")
def db(built_db):
    from corpus.db import Corpus

    with Corpus(built_db) as corpus:
        yield corpus


@pytest.fixture(scope="session")
def memory_lookup(register):
    """Lookup over the TEI register in memory."""
    from corpus.lookup import Index, Lookup

    return Lookup(Index.from_register(register))


@pytest.fixture(scope="session", params=["memory", "database"])
def either_lookup(request, memory_lookup, built_db):
    """Each lookup backend in turn: both satisfy one contract, so cases run on both."""
    if request.param == "memory":
        return memory_lookup
    from corpus.db import Corpus

    return Corpus(built_db)


@pytest.fixture
def many_tei(tmp_path):
    """Twenty documents (each real text four times, under a new document id, its paragraph ids
    unchanged, so documents share them): enough for a full build to run in worker processes
    that write part files."""
    from corpus.tei import document_paths

    folder = tmp_path / "many"
    folder.mkdir()
    shutil.copy(TEI / "register.xml", folder)
    for path in document_paths(TEI):
        text = path.read_text("utf-8")
        for n in range(4):
            copy = f"copy{n}-{path.stem}"
            (folder / f"{copy}.xml").write_text(
                text.replace(f'xml:id="{path.stem}"', f'xml:id="{copy}"', 1), "utf-8")
    return folder
