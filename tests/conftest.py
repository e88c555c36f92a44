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
    from corpus.tei.register import load_register

    return load_register(TEI / "register.xml")


@pytest.fixture(scope="session")
def manifest():
    from corpus.tei.manifest import manifest_by_id

    return manifest_by_id(TEXTS)


@pytest.fixture(scope="session")
def documents():
    from corpus.tei.read import document_paths, read_document

    return {d.id: d for d in map(read_document, document_paths(TEI))}


@pytest.fixture(scope="session")
def annotator(register):
    from corpus.tei.annotate import Annotator

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
    from corpus.index.build import build

    path = tmp_path_factory.mktemp("db") / "corpus.db"
    build(TEI, path, quiet=True)
    return path


@pytest.fixture(scope="session")
def db(built_db):
    from corpus.index.db import Corpus

    with Corpus(built_db) as corpus:
        yield corpus


@pytest.fixture(scope="session")
def memory_lookup(register):
    """Lookup over the TEI register in memory."""
    from corpus.names.formindex import Index
    from corpus.names.lookup import Lookup

    return Lookup(Index.from_register(register))


@pytest.fixture(scope="session", params=["memory", "database"])
def either_lookup(request, memory_lookup, built_db):
    """Each lookup backend in turn: both satisfy one contract, so cases run on both."""
    if request.param == "memory":
        return memory_lookup
    from corpus.index.db import Corpus

    return Corpus(built_db)


@pytest.fixture
def many_tei(tmp_path):
    """Twenty documents (each real text four times, under a new document id, its paragraph ids
    unchanged, so documents share them): enough for a full build to run in worker processes
    that write part files."""
    from corpus.tei.read import document_paths

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


# --- two small documents that share paragraph ids (p1, p2), with full source facts ---

TWIN_HEADER = """<?xml version="1.0" encoding="UTF-8"?>
<TEI xmlns="http://www.tei-c.org/ns/1.0" xml:id="{doc}" xml:lang="en"><teiHeader><fileDesc>
<titleStmt><title>{title}</title></titleStmt>
<publicationStmt><p>Unpublished.</p></publicationStmt>
<sourceDesc><bibl><title>{title}</title> <author>{author}</author>
<publisher>{publisher}</publisher> <date when="{date}">{date}</date> <ptr target="{url}"/></bibl>
</sourceDesc>
</fileDesc></teiHeader>
<text><body>{body}</body></text></TEI>
"""
TWIN_BODIES = {
    "alpha": '<p xml:id="p1"><persName ref="reg:vlasov">Vlasov</persName> spoke first.</p>'
             '<p xml:id="p2">Then <orgName ref="reg:roa">ROA</orgName> was named.</p>',
    "beta": '<p xml:id="p1">Генерал <persName ref="reg:vlasov">Власов</persName> ответил.</p>'
            '<p xml:id="p2">No name here.</p>',
}
TWIN_FACTS = {
    "alpha": {"title": "Alpha", "author": "Ann Author", "publisher": "Alpha Press",
              "date": "1995-05-02", "url": "https://example.org/alpha"},
    "beta": {"title": "Beta", "author": "Boris Author", "publisher": "Beta Verlag",
             "date": "2001", "url": "https://example.org/beta"},
}


def write_twin(folder, doc: str, body: str | None = None) -> None:
    text = TWIN_HEADER.format(doc=doc, body=body or TWIN_BODIES[doc], **TWIN_FACTS[doc])
    (folder / f"{doc}.xml").write_text(text, "utf-8")


@pytest.fixture
def twins(tmp_path):
    """Two documents whose paragraphs have the same xml:ids (p1, p2)."""
    folder = tmp_path / "tei"
    folder.mkdir()
    shutil.copy(TEI / "register.xml", folder)
    for doc in TWIN_BODIES:
        write_twin(folder, doc)
    return folder


@pytest.fixture
def twins_db(twins, tmp_path):
    from corpus.index.build import build

    path = tmp_path / "twins.db"
    build(twins, path, quiet=True)
    return path


@pytest.fixture
def workspace(tmp_path, monkeypatch):
    """A fresh workspace made by `corpus init` (tmp/ws), the current folder its parent."""
    from click.testing import CliRunner

    from corpus.cli import cli

    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("CORPUS_WORKSPACE", raising=False)
    assert CliRunner().invoke(cli, ["init", "ws"]).exit_code == 0
    return tmp_path / "ws"


@pytest.fixture(scope="session")
def ds(built_db):
    """A Datasette app serving the built corpus, with the plugin."""
    from corpus.web.serve import datasette_app

    return datasette_app(built_db)


def get(ds, path: str):
    """A response of the app `ds` to a GET of `path`."""
    import asyncio

    async def fetch():
        return await ds.client.get(path)

    return asyncio.run(fetch())
