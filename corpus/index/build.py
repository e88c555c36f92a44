"""`corpus build`: the TEI and the register into one SQLite database, made for Datasette.

The rows themselves are made in `rows`, and the parallel reading of a large corpus in
`workers`; this module decides what to rebuild and keeps the old file until the new one is
whole.

A full build writes a new file and renames it over the old one, so a failure leaves the previous
database untouched. For a large corpus, worker processes read the TEI (one XSLT pass per file,
see corpus/tei/read.py) and write rows into part files that the writer copies in path order,
while the writer inserts the register, feeds the FTS5 index in batches and counts mentions;
indexes come last. So two builds give the same rows, in the same order, whatever the number
of workers.

When only documents changed (the register, the schemes and the code being the same, as
recorded in `build_info`), the build is incremental: changed documents are re-read and
replaced in a single transaction, unchanged ones are not parsed at all.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import sys
import time
from collections import Counter
from contextlib import nullcontext
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from ..names.morph import analyzer
from ..names.translit import store_reverse_tables
from ..paths import document_paths, register_path, tei_dir
from ..tei.read import ref_line, stylesheet
from ..tei.register import load_register
from ..version import __version__
from . import spec
from .dbfile import replace_keeping_mode, writable
from .rows import (
    BulkText,
    DocumentFacts,
    create_schema,
    delete_document,
    document_rows,
    finish,
    for_bulk_load,
    insert_register,
    insert_rows,
    mentioned,
    update_counts,
)
from .workers import WORKERS, copy_part, parts_written

SCHEMA_VERSION = "5"  # 4: passages keyed by document and xml:id, source facts; 5: apparatus


PARALLEL_MIN_FILES = 16


@dataclass
class BuildReport:
    mode: str  # full | incremental | unchanged
    documents: int = 0
    parsed: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    segments: int = 0
    mentions: int = 0
    forms: int = 0
    seconds: float = 0.0
    entity_mentions: Counter = field(default_factory=Counter, repr=False)
    entity_documents: Counter = field(default_factory=Counter, repr=False)


def sha256_file(path: Path) -> str:
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def inputs_fingerprint(register: Path) -> str:
    """What forces a full rebuild: the register, the scheme tables, the stylesheet that reads
    the TEI, the code's schema."""
    package = Path(__file__).parent.parent
    scheme_files = sorted((package / "names" / "schemes").glob("*.toml"))
    scheme_files.append(package / "tei" / "templates" / "segments.xsl")
    parts = [SCHEMA_VERSION, __version__, sha256_file(register)]
    parts += [f"{p.name}:{sha256_file(p)}" for p in scheme_files]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def record(conn, facts: DocumentFacts, register, report: BuildReport) -> None:
    """A document's own row, its file's hash and its counts, once its references hold."""
    unknown = facts.entities.keys() - register.by_id.keys()
    if unknown:
        entity = min(unknown, key=str)  # None (a mention without @ref) sorts as "None"
        raise CorpusError(f"@ref {entity!r} points to no register entry", facts.path,
                          ref_line(Path(facts.path), entity), "dangling-ref")
    doc_id = facts.document["id"]
    other = conn.execute("select tei_file from documents where id = ?", (doc_id,)).fetchone()
    if other:
        raise CorpusError(f"document id {doc_id!r} is also that of {other[0]}", facts.path,
                          rule="duplicate-id")
    names = tuple(facts.document)
    conn.execute(spec.TABLES["documents"].insert_sql(names),
                 [facts.document[n] for n in names])
    conn.execute(spec.TABLES["build_files"].insert_sql(("path", "sha256", "document")),
                 (Path(facts.path).name, facts.sha256, doc_id))
    report.parsed.append(doc_id)
    report.segments += facts.document["segments"]
    report.mentions += facts.document["mentions"]
    report.entity_mentions.update(facts.entities)
    report.entity_documents.update(facts.entities.keys())


def _progress(total: int, quiet: bool):
    from tqdm import tqdm

    return tqdm(total=total, unit="file", desc="build", leave=False,
                disable=quiet or not sys.stderr.isatty())


def _insert_documents(conn, paths: list[Path], register, report: BuildReport, quiet: bool,
                      text: BulkText | None = None) -> None:
    """Documents read here, one by one: incremental builds and small corpora."""
    with _progress(len(paths), quiet) as bar:
        for path in paths:
            rows = document_rows(path)
            record(conn, rows.facts, register, report)
            insert_rows(conn, rows)
            if text:
                text.added(len(rows.segments))
            bar.update()


def _copy_parts(conn, parts, total: int, register, report: BuildReport, quiet: bool,
                text: BulkText) -> None:
    with _progress(total, quiet) as bar:
        for part, facts, error in parts:
            for document in facts:
                record(conn, document, register, report)
            if error:
                raise error
            copy_part(conn, part)  # and deletes it: the worker waiting on it may go on
            text.added(sum(document.document["segments"] for document in facts))
            bar.update(len(facts))


def build(tei: Path | None = None, db_path: Path | str = "corpus.db", *, full: bool = False,
          quiet: bool = False) -> BuildReport:
    """Build or update `db_path` from a TEI folder; see the module docstring for guarantees."""
    started = time.perf_counter()
    folder = Path(tei or tei_dir())
    db_path = writable(db_path)
    reg_path = register_path(folder)
    if not reg_path.exists():
        raise CorpusError("register not found", reg_path, rule="missing-file")
    fingerprint = inputs_fingerprint(reg_path)
    paths = document_paths(folder)
    previous = previous_state(db_path) if not full else None
    if previous and previous[0] == fingerprint:
        hashes = {p.name: sha256_file(p) for p in paths}
        report = _incremental(db_path, folder, hashes, previous[1], reg_path, quiet)
    else:
        report = _full(db_path, paths, fingerprint, reg_path, quiet)

    store_reverse_tables()  # so that no later lookup pays for them on its first Latin word
    report.seconds = time.perf_counter() - started
    return report


def previous_state(db_path: Path) -> tuple[str | None, dict[str, str]] | None:
    """(fingerprint, {file: sha256}) recorded by the last build, or None."""
    if not db_path.exists():
        return None
    try:
        conn = sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)
        try:
            info = dict(conn.execute("select key, value from build_info"))
            files = dict(conn.execute("select path, sha256 from build_files"))
        finally:
            conn.close()
    except sqlite3.DatabaseError:
        return None
    return info.get("fingerprint"), files


def remove_leftovers(db_path: Path) -> None:
    """The temporary database and part files of earlier builds that were killed (a failing
    build removes its own): a 100 MB corpus leaves over 300 MB."""

    for leftover in db_path.parent.glob(f".{db_path.name}.*.tmp*"):
        pid = leftover.name[len(db_path.name) + 2:].split(".")[0]
        if pid.isdigit() and not _running(int(pid)):
            shutil.rmtree(leftover) if leftover.is_dir() else leftover.unlink()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process
        return True
    return True


def _full(db_path, paths, fingerprint, reg_path, quiet) -> BuildReport:
    register = load_register(reg_path)
    remove_leftovers(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    report = BuildReport("full", documents=len(paths))
    conn = None
    parallel = WORKERS > 1 and len(paths) >= PARALLEL_MIN_FILES
    if parallel:  # loaded once here rather than in every worker: the writer needs them too

        analyzer(), stylesheet()
    try:
        scratch = tmp.with_name(f"{tmp.name}.parts")
        with parts_written(paths, scratch) if parallel else nullcontext() as parts:
            # imported here, at first use: sqlite-utils takes 72 ms to import
            import sqlite_utils

            db = sqlite_utils.Database(tmp)
            conn = db.conn
            for_bulk_load(conn)
            create_schema(db)
            text = BulkText(conn)
            report.forms = insert_register(conn, register)  # while the workers parse
            if parts is None:
                _insert_documents(conn, paths, register, report, quiet, text)
            else:
                _copy_parts(conn, parts, len(paths), register, report, quiet, text)
            text.close()
        conn.executemany("insert into build_info values (?,?)", [
            ("fingerprint", fingerprint), ("corpus_version", __version__),
            ("schema_version", SCHEMA_VERSION)])
        conn.executemany("update entities set mentions = ?, documents = ? where id = ?",
                         [(n, report.entity_documents[e], e)
                          for e, n in report.entity_mentions.items()])
        conn.commit()
        finish(db)
        conn.execute("pragma journal_mode = delete")
        conn.close()
        replace_keeping_mode(tmp, db_path)
    except BaseException:
        if conn is not None:
            conn.close()  # an open handle would keep the deleted file's space (a full disk)
        tmp.unlink(missing_ok=True)
        raise
    return report


def _incremental(db_path, folder, hashes, previous, reg_path, quiet) -> BuildReport:
    """The register is read only if a document has to be (a changed register means a full
    build, so its errors surface there)."""
    changed = sorted(name for name, digest in hashes.items() if previous.get(name) != digest)
    removed = sorted(name for name in previous if name not in hashes)
    report = BuildReport("incremental" if changed or removed else "unchanged",
                         documents=len(hashes))
    if not changed and not removed:
        return report
    # on a copy, renamed into place: a server reading the database (immutable, as `corpus
    # serve` opens it) keeps its file whole, and a failed build leaves the old one untouched
    remove_leftovers(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    try:
        shutil.copyfile(db_path, tmp)
        _update(tmp, folder, changed, removed, reg_path, report, quiet)
        replace_keeping_mode(tmp, db_path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return report


def _update(db_path, folder, changed, removed, reg_path, report, quiet) -> None:
    """Delete and re-insert the changed documents of a database copy, in one transaction."""

    conn = sqlite3.connect(db_path)
    try:
        with conn:  # one transaction: all or nothing
            conn.execute("pragma foreign_keys = off")
            touched: set[str] = set()
            for name in changed + removed:
                row = conn.execute("select document from build_files where path = ?",
                                   (name,)).fetchone()
                if row:
                    touched |= mentioned(conn, row[0])
                    delete_document(conn, row[0])
                    conn.execute("delete from build_files where path = ?", (name,))
                if name in removed and row:
                    report.removed.append(row[0])
            if changed:
                _insert_documents(conn, [folder / n for n in changed],
                                  load_register(reg_path), report, quiet)
            touched |= report.entity_mentions.keys()  # what the new versions mention
            if touched:
                update_counts(conn, touched)
    finally:
        conn.close()
