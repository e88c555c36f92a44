"""`corpus build`: tables, offsets, determinism, atomicity, incremental rebuilds."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from corpus.build import build
from corpus.cli import cli
from corpus.errors import CorpusError

TABLES = ("documents", "segments", "entities", "forms", "mentions")


def rows(path, table):
    conn = sqlite3.connect(path)
    try:
        return sorted(conn.execute(f"select * from {table}").fetchall())
    finally:
        conn.close()


def test_the_five_texts_build(db, manifest):
    docs = {d["id"]: d for d in db.documents()}
    assert set(docs) == set(manifest)
    for doc_id, info in manifest.items():
        assert docs[doc_id]["sha256"] == info.sha256
        assert docs[doc_id]["segments"] > 0 and docs[doc_id]["mentions"] > 0


def test_mention_offsets_slice_their_segment_text(built_db):
    conn = sqlite3.connect(built_db)
    bad = conn.execute("""select m.id from mentions m join segments s on s.id = m.segment
                          where substr(s.text, m.start + 1, m."end" - m.start) != m.surface""")
    assert bad.fetchall() == []
    assert conn.execute("select count(*) from mentions").fetchone()[0] > 500


def test_every_register_entity_is_in_the_database(built_db, register):
    ids = {r[0] for r in rows(built_db, "entities")}
    assert ids == {e.id for e in register}


def test_forms_hold_attested_and_generated_spellings_with_tags(built_db):
    conn = sqlite3.connect(built_db)
    found = dict(conn.execute("""select scheme, lang from forms where entity = 'vlasov'
                                 and text = 'Wlassow' and source = 'generated'"""))
    assert found == {"de": "de-t-ru"}
    attested = conn.execute("""select count(*) from forms where entity = 'vlasov'
                               and attested = 1""").fetchone()[0]
    assert attested >= 5


def test_two_builds_give_identical_rows(built_db, tmp_path):
    from .conftest import TEI

    other = tmp_path / "again.db"
    build(TEI, other, quiet=True)
    for table in TABLES:
        assert rows(built_db, table) == rows(other, table), table


@pytest.fixture
def scratch_db(scratch):
    path = scratch / "corpus.db"
    build(scratch / "tei", path, quiet=True)
    return scratch, path


def test_incremental_rebuild_reparses_only_the_changed_file(scratch_db):
    root, path = scratch_db
    doc = root / "tei" / "soviet-traitors.xml"
    doc.write_text(doc.read_text("utf-8").replace("Translate", "Translate"), "utf-8")
    assert build(root / "tei", path, quiet=True).mode == "unchanged"
    text = doc.read_text("utf-8")
    doc.write_text(text.replace("</body>", '<p xml:id="soviet-traitors-p99">Added '
                                '<persName ref="reg:vlasov">Vlasov</persName>.</p></body>'),
                   "utf-8")
    before = rows(path, "mentions")
    report = build(root / "tei", path, quiet=True)
    assert (report.mode, report.parsed) == ("incremental", ["soviet-traitors"])
    after = rows(path, "mentions")
    assert len(after) == len(before) + 1
    fresh = root / "fresh.db"
    build(root / "tei", fresh, quiet=True)
    for table in TABLES:
        assert rows(path, table) == rows(fresh, table), table


def test_a_failing_full_build_leaves_the_previous_database(scratch_db, monkeypatch):
    root, path = scratch_db
    before = path.read_bytes()
    import corpus.build as b

    calls = []

    def explode(conn, rows, register):
        calls.append(rows)
        if len(calls) == 3:
            raise RuntimeError("simulated crash halfway")
        return original(conn, rows, register)

    original = b.insert_rows
    monkeypatch.setattr(b, "insert_rows", explode)
    with pytest.raises(RuntimeError):
        build(root / "tei", path, full=True, quiet=True)
    assert path.read_bytes() == before
    assert not list(root.glob(".corpus.db.*"))
    assert len(rows(path, "documents")) == 5


def test_a_malformed_file_fails_incremental_build_with_file_and_line(scratch_db):
    root, path = scratch_db
    before = path.read_bytes()
    doc = root / "tei" / "deac-vlasov.xml"
    doc.write_text(doc.read_text("utf-8").replace("</body>", "</bdy>"), "utf-8")
    with pytest.raises(CorpusError) as err:
        build(root / "tei", path, quiet=True)
    assert "deac-vlasov.xml:" in str(err.value) and "malformed-xml" in str(err.value)
    assert path.read_bytes() == before


def test_cli_build_reports_a_dangling_ref_in_one_line(scratch):
    doc = scratch / "tei" / "worldlib-rlm.xml"
    doc.write_text(doc.read_text("utf-8").replace('ref="reg:', 'ref="reg:gone-', 1), "utf-8")
    result = CliRunner().invoke(cli, ["build", "--tei", str(scratch / "tei"), "--db",
                                      str(scratch / "x.db"), "--quiet"])
    assert result.exit_code == 1
    assert "worldlib-rlm.xml:" in result.output and "dangling-ref" in result.output
    assert not (scratch / "x.db").exists()

