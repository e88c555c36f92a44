"""`corpus build`: tables, offsets, determinism, atomicity, incremental rebuilds."""

from __future__ import annotations

import sqlite3

import pytest
from click.testing import CliRunner

from corpus.cli import cli
from corpus.errors import CorpusError
from corpus.index.build import build

TABLES = ("documents", "segments", "entities", "forms", "mentions", "notes", "corrections",
          "gaps", "dates")


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
                                '<persName ref="reg:vlasov">Vlasov</persName> in '
                                '<date when="1944-11-14">November 1944</date>.<note '
                                'type="editorial">An added note.</note></p></body>'),
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


def crash_on_call(monkeypatch, name: str, nth: int) -> None:
    """Make corpus.index.build.<name> raise on its nth call, as a crash halfway through a build."""
    import corpus.index.build as b

    original, calls = getattr(b, name), []

    def crash(*args):
        calls.append(args)
        if len(calls) == nth:
            raise RuntimeError("simulated crash halfway")
        return original(*args)

    monkeypatch.setattr(b, name, crash)


def test_a_failing_full_build_leaves_the_previous_database(scratch_db, monkeypatch):
    root, path = scratch_db
    before = path.read_bytes()
    crash_on_call(monkeypatch, "insert_rows", 3)
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


def test_a_parallel_build_gives_the_rows_of_a_sequential_one(many_tei, tmp_path, monkeypatch):
    import corpus.index.build as b
    import corpus.index.workers as w

    assert len(list(many_tei.glob("copy*.xml"))) >= b.PARALLEL_MIN_FILES
    monkeypatch.setattr(w, "PART_DOCUMENTS", 3)  # several parts per worker, the last short
    parallel, sequential = tmp_path / "parallel.db", tmp_path / "sequential.db"
    report = build(many_tei, parallel, quiet=True)
    monkeypatch.setattr(b, "PARALLEL_MIN_FILES", 10**6)
    build(many_tei, sequential, quiet=True)
    assert report.parsed == sorted(report.parsed) and len(report.parsed) == 20
    for table in TABLES + ("build_files",):
        assert rows(parallel, table) == rows(sequential, table), table

    def passages(path):  # in the order search gives them: segment rowids
        conn = sqlite3.connect(path)
        return conn.execute("""select s.id from segments_fts f join segments s
                               on s.rowid = f.rowid where segments_fts match 'keys : vlasov'
                               order by f.rowid""").fetchall()

    assert passages(parallel) == passages(sequential) and len(passages(parallel)) > 20

    def notes(path):  # the editor's notes are indexed as the load goes, like the passages
        conn = sqlite3.connect(path)
        return conn.execute("""select n.id from notes_fts f join notes n on n.rowid = f.rowid
                               where notes_fts match 'keys : truhin' order by n.id""").fetchall()

    assert notes(parallel) == notes(sequential) and len(notes(parallel)) >= 4
    assert not list(tmp_path.glob(".*"))  # no temporary database, no part files


def test_a_malformed_file_fails_a_parallel_build_with_file_and_line(many_tei, tmp_path):
    doc = many_tei / "copy2-soviet-traitors.xml"
    doc.write_text(doc.read_text("utf-8").replace("</body>", "</bdy>"), "utf-8")
    with pytest.raises(CorpusError) as err:
        build(many_tei, tmp_path / "x.db", quiet=True)
    assert "copy2-soviet-traitors.xml:" in str(err.value)
    assert "malformed-xml" in str(err.value)
    assert list(tmp_path.iterdir()) == [many_tei]


def test_a_dangling_ref_fails_a_parallel_build_in_path_order(many_tei, tmp_path):
    for name in ("copy1-worldlib-rlm.xml", "copy3-deac-vlasov.xml"):
        doc = many_tei / name
        doc.write_text(doc.read_text("utf-8").replace('ref="reg:', 'ref="reg:gone-', 1),
                       "utf-8")
    with pytest.raises(CorpusError) as err:
        build(many_tei, tmp_path / "x.db", quiet=True)
    assert "copy1-worldlib-rlm.xml:" in str(err.value) and "dangling-ref" in str(err.value)


def test_a_crash_in_a_parallel_build_leaves_the_previous_database(many_tei, tmp_path,
                                                                  monkeypatch):
    import corpus.index.workers as w

    path = tmp_path / "corpus.db"
    build(many_tei, path, quiet=True)
    before = path.read_bytes()
    monkeypatch.setattr(w, "PART_DOCUMENTS", 4)
    crash_on_call(monkeypatch, "copy_part", 2)
    with pytest.raises(RuntimeError):
        build(many_tei, path, full=True, quiet=True)
    assert path.read_bytes() == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus.db", "many"]


def test_a_build_removes_what_killed_builds_left_behind(scratch):
    import os
    import subprocess
    import sys

    gone = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"],
                          capture_output=True, text=True, check=True).stdout.strip()
    stale = [scratch / f".corpus.db.{gone}.tmp", scratch / f".corpus.db.{gone}.tmp.parts"]
    stale[0].write_bytes(b"half a database")
    stale[1].mkdir()
    (stale[1] / "0.db").write_bytes(b"a part")
    alive = scratch / f".corpus.db.{os.getppid()}.tmp"  # a build still running, perhaps
    alive.write_bytes(b"in use")
    build(scratch / "tei", scratch / "corpus.db", quiet=True)
    assert not any(p.exists() for p in stale)
    assert alive.read_bytes() == b"in use"


def test_a_worker_that_dies_fails_the_build_instead_of_hanging(many_tei, tmp_path,
                                                               monkeypatch):
    import os

    import corpus.index.workers as w

    original = w._write_part

    def die_on_the_second_part(paths, part):
        if part.name == "1.db":
            os._exit(3)  # as if killed: no result, no exception
        return original(paths, part)

    monkeypatch.setattr(w, "PART_DOCUMENTS", 4)
    monkeypatch.setattr(w, "_write_part", die_on_the_second_part)
    with pytest.raises(CorpusError) as err:
        build(many_tei, tmp_path / "x.db", quiet=True)
    assert "worker-died" in str(err.value) and "exit code 3" in str(err.value)
    assert list(tmp_path.iterdir()) == [many_tei]


@pytest.mark.parametrize("parallel, marker, encoding", [
    (False, "&#xFDD3;</p>", "utf-8"), (True, "&#xFDD3;</p>", "utf-8"),
    (False, "&#x00fdd5;</p>", "utf-8"), (False, '</p><p ana="\ufdd1">x</p>', "utf-8"),
    (False, "\ufdd4</p>", "utf-16")])
def test_a_reserved_noncharacter_fails_the_build_with_file_and_line(scratch, many_tei, tmp_path,
                                                                   parallel, marker, encoding):
    folder = many_tei if parallel else scratch / "tei"
    doc = sorted(folder.glob("*-vlasov.xml"))[-1]
    text = doc.read_text("utf-8")
    line = text[:text.index("</p>")].count("\n") + 1
    text = text.replace("</p>", marker, 1)
    doc.write_text(text.replace('encoding="UTF-8"', f'encoding="{encoding.upper()}"'), encoding)
    with pytest.raises(CorpusError) as err:
        build(folder, tmp_path / "x.db", quiet=True)
    assert str(err.value).startswith(f"{doc}:{line}: reserved-character: ")
    assert not (tmp_path / "x.db").exists()


def test_cli_build_reports_a_dangling_ref_in_one_line(scratch):
    doc = scratch / "tei" / "worldlib-rlm.xml"
    doc.write_text(doc.read_text("utf-8").replace('ref="reg:', 'ref="reg:gone-', 1), "utf-8")
    result = CliRunner().invoke(cli, ["build", "--tei", str(scratch / "tei"), "--db",
                                      str(scratch / "x.db"), "--quiet"])
    assert result.exit_code == 1
    assert "worldlib-rlm.xml:" in result.output and "dangling-ref" in result.output
    assert not (scratch / "x.db").exists()

