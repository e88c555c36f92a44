"""The table spec is the one place a column is defined: a column added to a copy of it reaches
the schema, the build, the Datasette metadata, both exports and the importer, with no other
edit."""

from __future__ import annotations

import csv
import json
import sqlite3

import pytest

from corpus.export import export
from corpus.export.importer import import_jsonl
from corpus.index import spec
from corpus.index.build import build
from corpus.index.spec import Column
from corpus.web.metadata import metadata, undescribed
from tests.conftest import TEI

ADDED = Column("edition", str, "Which edition of the source was captured.")


@pytest.fixture
def extended(monkeypatch, tmp_path):
    """The real corpus built with `documents.edition` added to a copy of the spec."""
    monkeypatch.setattr(spec, "TABLES", spec.with_column("documents", ADDED))
    path = tmp_path / "extended.db"
    build(TEI, path, quiet=True)
    return path


def columns(path, table: str) -> list[str]:
    return [r[1] for r in sqlite3.connect(path).execute(f"pragma table_info({table})")]


def test_the_schema_and_the_build_follow(extended):
    assert columns(extended, "documents")[-1] == "edition"
    # the build names its columns: nothing shifted into the new one
    conn = sqlite3.connect(extended)
    assert conn.execute("select count(*) from documents where edition is null").fetchone()[0] \
        == conn.execute("select count(*) from documents").fetchone()[0] > 0
    assert conn.execute("select count(*) from documents where segments > 0").fetchone()[0] > 0


def test_the_datasette_metadata_follows(extended):
    described = metadata(extended)["databases"][extended.stem]["tables"]["documents"]["columns"]
    assert described["edition"] == ADDED.description
    assert undescribed(sqlite3.connect(extended)) == []


def test_the_exports_and_the_importer_follow(extended, tmp_path):
    sqlite3.connect(extended).execute("update documents set edition = 'second'").connection \
        .commit()
    export("jsonl", tmp_path / "x.jsonl", db=extended)
    meta = json.loads((tmp_path / "x.jsonl").read_text("utf-8").splitlines()[0])
    assert meta["tables"]["documents"]["columns"][-1] == "edition"
    export("csv", tmp_path / "csv", db=extended)
    with open(tmp_path / "csv" / "documents.csv", encoding="utf-8") as handle:
        assert next(csv.reader(handle))[-1] == "edition"
    package = json.loads((tmp_path / "csv" / "datapackage.json").read_text("utf-8"))
    fields = next(r for r in package["resources"] if r["name"] == "documents")["schema"]["fields"]
    assert fields[-1] == {"name": "edition", "type": "string"}
    import_jsonl(tmp_path / "x.jsonl", tmp_path / "back.db")
    assert {e for (e,) in sqlite3.connect(tmp_path / "back.db").execute(
        "select edition from documents")} == {"second"}


def test_a_record_without_the_added_column_is_refused_by_the_importer(extended, tmp_path,
                                                                      monkeypatch):
    """The importer's expectations come from the spec too: an export made before the column
    existed no longer fits."""
    export("jsonl", tmp_path / "x.jsonl", db=extended)
    lines = (tmp_path / "x.jsonl").read_text("utf-8").splitlines()
    stripped = [json.dumps({k: v for k, v in json.loads(line).items() if k != "edition"},
                           ensure_ascii=False) for line in lines]
    (tmp_path / "old.jsonl").write_text("\n".join(stripped) + "\n", "utf-8")
    from corpus.errors import CorpusError

    with pytest.raises(CorpusError, match="missing column 'edition'"):
        import_jsonl(tmp_path / "old.jsonl", tmp_path / "back.db")
