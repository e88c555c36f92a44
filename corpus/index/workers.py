"""Parallel reading for a large build: worker processes parse TEI files into part files that
the writer copies in path order (see `parts_written`), so rows never cross between processes as
Python objects and two builds give the same rows whatever the number of workers.
"""

from __future__ import annotations

import os
import pickle
import shutil
import signal
import sqlite3
import time
from contextlib import contextmanager
from pathlib import Path

from ..errors import CorpusError
from . import spec
from .rows import document_rows, for_bulk_load, insert_rows

PART_DOCUMENTS = 64  # documents per part file a worker writes (see parts_written)


PARTS_AHEAD = 4  # part files a worker may finish before the writer has copied them


WORKERS = min(os.cpu_count() or 1, 4)


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
    # imported here, at first use: only a large build forks workers
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
    # imported here, at first use: only a worker process needs it
    import ctypes

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
