"""`corpus build`: the TEI and the register into one SQLite database, made for Datasette.

sqlite-utils defines the tables, foreign keys, indexes, views and the FTS5 index, so the result
is what Datasette and `sqlite-utils` expect; rows go in with plain `executemany` (sqlite-utils'
`insert_all` with its defaults is an order of magnitude slower, and a build must scale with a
scholar's archive).

A full build writes a new file and renames it over the old one, so a failure leaves the previous
database untouched. For a large corpus, worker processes read the TEI (one XSLT pass per file,
see tei.py) and write rows into part files that the writer copies in path order, while the
writer inserts the register, feeds the FTS5 index in batches and counts mentions; indexes come
last. So two builds give the same rows, in the same order, whatever the number of workers.

When only documents changed (the register, the schemes and the code being the same, as
recorded in `build_info`), the build is incremental: changed documents are re-read and
replaced in a single transaction, unchanged ones are not parsed at all.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import sys
import time
from collections import Counter
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field
from itertools import count, repeat
from pathlib import Path
from typing import NamedTuple

from ..errors import CorpusError
from ..paths import document_paths, register_path, tei_dir
from ..version import __version__
from . import spec
from .dbfile import replace_keeping_mode, writable

SCHEMA_VERSION = "4"  # 4: passages keyed by document and xml:id; source facts
PARALLEL_MIN_FILES = 16
PART_DOCUMENTS = 64  # documents per part file a worker writes (see parts_written)
PARTS_AHEAD = 4  # part files a worker may finish before the writer has copied them
WORKERS = min(os.cpu_count() or 1, 4)
INDEXES = [("forms", ["fold"]), ("forms", ["cross"]), ("forms", ["phonetic"]),
           ("forms", ["text"]), ("forms", ["entity"]), ("mentions", ["entity"]),
           ("mentions", ["segment"]), ("mentions", ["document"]), ("segments", ["document"]),
           # the other columns the mentions page facets by (corpus.web.metadata): a facet is a
           # GROUP BY over the whole table, which an index turns into a scan of the index
           # alone (17 requests a second at 20 MB rather than 14; the other tables' facets
           # gained nothing measurable, and every index costs the build)
           ("mentions", ["tag"]), ("mentions", ["cert"])]
# The columns document_rows fills, in its tuples' order (a column the spec adds beyond these
# is left NULL by the build).
SEGMENT_FIELDS = ("id", "document", "xml_id", "n", "kind", "lang", "text", "keys")
# The header facts of a document that become its documents row (tei.HEADER_FIELDS by name).
DOCUMENT_FIELDS = ("id", "title", "author", "date", "publisher", "url", "licence", "lang",
                   "sha256", "seed")
MENTION_FIELDS = ("segment", "document", "start", "end", "surface", "entity", "tag", "cert")
PAGE_SIZE = 16384  # fewer, larger page writes: a build some 14% faster than with 4096
FTS_BATCH = 3000  # segments indexed at a time during a full build (see BulkText)


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


def create_schema(db) -> None:
    """Every table of the spec, with its keys, foreign keys and full-text index."""
    for table in spec.TABLES.values():
        db[table.name].create(table.types(), pk=table.pk, foreign_keys=list(table.foreign_keys))
        if table.fts:
            db[table.name].enable_fts(list(table.fts), tokenize="unicode61 remove_diacritics 2",
                                      create_triggers=True)


def mention_insert(prefix: str = "") -> str:
    """A mention's id is its segment's key and its number there, joined by SQLite: the rows
    are (n, *MENTION_FIELDS)."""
    names = ("id", *MENTION_FIELDS)
    values = ", ".join(["?2 || '-m' || ?1"] + [f"?{i}" for i in range(2, len(names) + 1)])
    return (f"insert into {prefix}mentions ({', '.join(f'[{n}]' for n in names)}) "
            f"values ({values})")


def create_views(db) -> None:
    for view in spec.VIEWS.values():
        db.create_view(view.name, view.view)


def insert_register(conn, register) -> int:
    from ..names.forms import FormRow, form_rows

    def first(entity, kind, script):
        return next((f.text for f in entity.forms if f.type == kind and f.script == script), "")

    entities = spec.TABLES["entities"]
    names = ("id", "type", "subtype", "label_en", "label_ru", "abbr_en", "abbr_ru", "note",
             "facts", "mentions", "documents")
    conn.executemany(entities.insert_sql(names), [
        (e.id, e.type, e.subtype, e.label_en, e.label_ru, first(e, "abbr", "Latn"),
         first(e, "abbr", "Cyrl"), e.note, json.dumps(e.facts, ensure_ascii=False,
                                                      sort_keys=True), 0, 0) for e in register])
    rows = form_rows(register)
    fields = tuple(FormRow.__dataclass_fields__)
    conn.executemany(spec.TABLES["forms"].insert_sql(("id", *fields)), [
        (n, *(getattr(r, f) for f in fields)) for n, r in enumerate(rows, 1)])
    insert_words(conn, enumerate(rows, 1))
    from ..names.persons import part_rows

    conn.executemany(spec.TABLES["name_parts"].insert_sql(("id", "entity", "part", "text")),
                     [(n, *r) for n, r in enumerate(part_rows(register), 1)])
    return len(rows)


def insert_words(conn, numbered_forms) -> None:
    """The word keys of each (form id, FormRow), for multi-word lookup."""
    from ..names.lookup import row_words

    words = []
    for n, r in numbered_forms:
        keys = row_words(r)
        words.extend((key, r.entity, n, len(keys)) for key in sorted(keys))
    conn.executemany(spec.TABLES["words"].insert_sql(("key", "entity", "form", "size")), words)


def finish(db) -> None:
    """Indexes and views, once the rows are in (cheaper than keeping indexes up to date
    during a bulk insert)."""
    for table, columns in INDEXES:
        db[table].create_index(columns)
    create_views(db)


class BulkText:
    """Keeps the FTS5 index of segments in step with a bulk load, in batches.

    sqlite-utils' triggers keep the index current row by row, which costs five times a
    rebuild; one rebuild after the load runs while the parsing workers sit idle; batches of
    a few thousand segments overlap the parsing and, with FTS5 merging its b-trees less
    eagerly meanwhile (automerge 16 rather than 4), cost less than a rebuild, for the same
    query speed. So the triggers are set aside during the load and restored afterwards,
    unchanged, and so is the merge setting."""

    def __init__(self, conn, batch: int = FTS_BATCH):
        self.conn, self.batch, self.indexed, self.pending = conn, batch, 0, 0
        self.triggers = conn.execute("select name, sql from sqlite_master where type = "
                                     "'trigger' and tbl_name = 'segments'").fetchall()
        for name, _ in self.triggers:
            conn.execute(f"drop trigger [{name}]")
        self._automerge(16)

    def _automerge(self, pages: int) -> None:
        self.conn.execute("insert into segments_fts (segments_fts, rank) values ('automerge', ?)",
                          (pages,))

    def added(self, segments: int) -> None:
        self.pending += segments
        if self.pending >= self.batch:
            self.flush()

    def flush(self) -> None:
        columns = ", ".join(spec.TABLES["segments"].fts)
        self.conn.execute(f"insert into segments_fts (rowid, {columns}) select rowid, {columns} "
                          "from segments where rowid > ?", (self.indexed,))
        self.indexed = self.conn.execute("select max(rowid) from segments").fetchone()[0] or 0
        self.pending = 0

    def close(self) -> None:
        self.flush()
        self._automerge(4)  # FTS5's default, for the incremental builds to come
        for _, sql in self.triggers:
            self.conn.execute(sql)


class DocumentFacts(NamedTuple):
    """What the writer needs to know of a document besides its rows."""

    path: str
    sha256: str  # of the file as read, for incremental builds
    document: dict  # the documents row, by column
    entities: dict[str, int]  # mentions of each entity, counted where the work is parallel


class DocumentRows(NamedTuple):
    """One document as rows, made where it is parsed (possibly a worker process)."""

    facts: DocumentFacts
    segments: list[tuple]  # SEGMENT_FIELDS
    mentions: list[tuple]  # (n, *MENTION_FIELDS)


def document_rows(path: Path) -> DocumentRows:
    from ..names.searchkeys import text_keys
    from ..tei.read import read_flat, split_spans
    from ..tei.xmlio import parse_bytes

    data = Path(path).read_bytes()
    root = parse_bytes(data, path, collect_ids=False)  # no xml:id lookups here: 20% faster
    doc, flat = read_flat(root, path, data)
    doc_id = doc["id"]
    segments, mentions, entities = [], [], Counter()
    for n, (xml_id, kind, lang, text, spans) in enumerate(flat, 1):
        seg_id = spec.segment_key(doc_id, xml_id, n)
        segments.append((seg_id, doc_id, xml_id, n, kind, lang, text, text_keys(text)))
        starts, ends, tags, refs, certs = split_spans(spans)[0]
        mentions += zip(count(1), repeat(seg_id), repeat(doc_id), starts, ends,
                        map(text.__getitem__, map(slice, starts, ends)), refs, tags, certs)
        entities.update(refs)
    if len({s[0] for s in segments}) < len(segments):  # an xml:id twice: say where
        from ..tei.xmlio import parse

        parse(path)  # raises the parser's one-line error with the line of the second one
    row = {**{k: doc[k] for k in DOCUMENT_FIELDS}, "tei_file": Path(path).name,
           "segments": len(segments), "mentions": len(mentions)}
    facts = DocumentFacts(str(path), hashlib.sha256(data).hexdigest(), row, dict(entities))
    return DocumentRows(facts, segments, mentions)


def insert_rows(conn, rows: DocumentRows) -> None:
    conn.executemany(spec.TABLES["segments"].insert_sql(SEGMENT_FIELDS), rows.segments)
    conn.executemany(mention_insert(), rows.mentions)


def record(conn, facts: DocumentFacts, register, report: BuildReport) -> None:
    """A document's own row, its file's hash and its counts, once its references hold."""
    unknown = facts.entities.keys() - register.by_id.keys()
    if unknown:
        from ..tei.read import ref_line

        entity = min(unknown, key=str)  # None (a mention without @ref) sorts as "None"
        raise CorpusError(f"@ref {entity!r} points to no register entry", facts.path,
                          ref_line(facts.path, entity), "dangling-ref")
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


@contextmanager
def parts_written(paths: list[Path], scratch: Path):
    """Worker processes parse the documents and write their rows into part files of
    PART_DOCUMENTS documents each, in `scratch`; yields, in path order, (part file, facts of
    its documents, the error that stopped it or None). The writer copies a part with one
    INSERT ... SELECT per table, so rows never cross between processes as Python objects
    (which cost the writer more than the copy) and its share of the work stays small.

    Worker k writes parts k, k + WORKERS, ...; each part's facts follow it in a file renamed
    into place when the part is complete, and the writer deletes both once copied. A worker
    stays at most PARTS_AHEAD parts ahead of the writer, so disk and memory stay flat however
    large the corpus. Files rather than pipes, because a worker killed in the middle of
    writing to a pipe left the writer blocked on the half-written message for ever; a file
    is there whole or not at all, and a writer waiting for one checks that its worker lives.
    Workers die with the build: the kernel kills them when their parent dies (Linux
    PR_SET_PDEATHSIG), and they also stop when they see they have a new parent."""
    import multiprocessing

    chunks = [paths[i:i + PART_DOCUMENTS] for i in range(0, len(paths), PART_DOCUMENTS)]
    scratch.mkdir()
    context = multiprocessing.get_context("fork")
    processes = [context.Process(target=_write_parts, daemon=True,
                                 args=(chunks, k, scratch, os.getpid()))
                 for k in range(WORKERS)]
    try:
        with _terminate_as_interrupt():
            for process in processes:
                process.start()
            yield ((scratch / f"{n}.db", *_received(scratch, n, processes[n % WORKERS]))
                   for n in range(len(chunks)))
    finally:
        for process in processes:
            if process.pid is not None:
                process.kill()
                process.join(timeout=5)
        shutil.rmtree(scratch, ignore_errors=True)


@contextmanager
def _terminate_as_interrupt():
    """SIGTERM (what `timeout` and service managers send) ends the build as Ctrl-C does: the
    cleanup in `finally` runs, workers are killed and temporary files removed."""
    import signal

    def interrupt(signum, frame):
        raise KeyboardInterrupt

    try:
        previous = signal.signal(signal.SIGTERM, interrupt)
    except ValueError:  # not the main thread: leave signals alone
        yield
        return
    try:
        yield
    finally:
        signal.signal(signal.SIGTERM, previous)


def _facts_file(scratch: Path, n: int) -> Path:
    return scratch / f"{n}.facts"


def _received(scratch: Path, n: int, process) -> tuple[list, Exception | None]:
    """Part n's facts, once its worker has finished it; a worker that died (killed for
    memory, say) is an error rather than a writer waiting for ever."""
    import pickle

    facts_file = _facts_file(scratch, n)
    delay = 0.001
    while not facts_file.exists():
        if not process.is_alive() and not facts_file.exists():
            raise CorpusError(f"a build worker stopped unexpectedly (exit code "
                              f"{process.exitcode})", rule="worker-died")
        time.sleep(delay)
        delay = min(delay * 2, 0.05)
    facts, error = pickle.loads(facts_file.read_bytes())  # our own worker's file
    facts_file.unlink()
    return facts, error


def _die_with_parent(parent: int) -> None:
    """Ask Linux to kill this process when its parent dies; elsewhere the polling in
    `_wait_for_writer` notices a new parent."""
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        pass
    if os.getppid() != parent:  # the parent died before the request took effect
        os._exit(1)


def _wait_for_writer(scratch: Path, n: int, parent: int) -> None:
    """Block until part n - WORKERS * PARTS_AHEAD has been copied (its file deleted)."""
    earlier = scratch / f"{n - WORKERS * PARTS_AHEAD}.db"
    while earlier.exists():
        if os.getppid() != parent:
            os._exit(1)
        time.sleep(0.01)


def _write_parts(chunks: list[list[Path]], k: int, scratch: Path, parent: int) -> None:
    import pickle
    import signal

    _die_with_parent(parent)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the writer's to handle
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    for n in range(k, len(chunks), WORKERS):
        _wait_for_writer(scratch, n, parent)
        facts, error = _write_part(chunks[n], scratch / f"{n}.db")
        pending = _facts_file(scratch, n).with_suffix(".pending")
        pending.write_bytes(pickle.dumps((facts, error)))
        os.replace(pending, _facts_file(scratch, n))
        if error:
            break


def for_bulk_load(conn) -> None:
    """Settings for a database file that is written once and renamed or copied when done:
    atomic by that, not by a journal. Before any table is made (page size)."""
    conn.execute(f"pragma page_size = {PAGE_SIZE}")
    conn.execute("pragma journal_mode = off")
    conn.execute("pragma synchronous = off")


def _write_part(paths: list[Path], part: Path) -> tuple[list, Exception | None]:
    conn = sqlite3.connect(part)
    for_bulk_load(conn)
    for name in spec.PART_TABLES:
        table = spec.TABLES[name]
        conn.execute(f"create table {name} ({', '.join(f'[{c}]' for c in table.names)})")
    facts, error = [], None
    with conn:
        for path in paths:
            try:
                rows = document_rows(path)
            except Exception as exc:  # handed to the writer, which raises it in its turn
                error = exc
                break
            insert_rows(conn, rows)
            facts.append(rows.facts)
    conn.close()
    return facts, error


def copy_part(conn, part: Path) -> None:
    conn.commit()  # ATTACH is refused inside a transaction
    conn.execute("attach database ? as part", (str(part),))
    for name in spec.PART_TABLES:
        columns = ", ".join(f"[{c}]" for c in spec.TABLES[name].names)
        conn.execute(f"insert into main.{name} ({columns}) select {columns} from part.{name}")
    conn.commit()
    conn.execute("detach database part")
    part.unlink()


def delete_document(conn, doc_id: str) -> None:
    for table, column in (("mentions", "document"), ("segments", "document"),
                          ("documents", "id")):
        conn.execute(f"delete from {table} where {column} = ?", (doc_id,))


def update_counts(conn, entities: set[str]) -> None:
    """Mention and document counts of the entities an incremental build touched (a full build
    counts as it inserts)."""
    conn.execute(f"""update entities set
      mentions = (select count(*) from mentions m where m.entity = entities.id),
      documents = (select count(distinct document) from mentions m where m.entity = entities.id)
      where id in ({','.join('?' * len(entities))})""", sorted(entities))


def mentioned(conn, doc_id: str) -> set[str]:
    return {e for (e,) in conn.execute("select distinct entity from mentions where document = ?",
                                       (doc_id,))}


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
    from ..names.translit import store_reverse_tables
    from ..web.metadata import write_metadata

    write_metadata(db_path)
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
    from ..tei.register import load_register

    register = load_register(reg_path)
    remove_leftovers(db_path)
    tmp = db_path.with_name(f".{db_path.name}.{os.getpid()}.tmp")
    tmp.unlink(missing_ok=True)
    report = BuildReport("full", documents=len(paths))
    conn = None
    parallel = WORKERS > 1 and len(paths) >= PARALLEL_MIN_FILES
    if parallel:  # loaded once here rather than in every worker: the writer needs them too
        from ..names.morph import analyzer
        from ..tei.read import stylesheet

        analyzer(), stylesheet()
    try:
        scratch = tmp.with_name(f"{tmp.name}.parts")
        with parts_written(paths, scratch) if parallel else nullcontext() as parts:
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
    from ..tei.register import load_register

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
