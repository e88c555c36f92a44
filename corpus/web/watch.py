"""A served database follows its rebuilds: `corpus build` renames a new file into place, and the
server, which opened the old file immutable, reopens the path when the file behind it changes.

Datasette opens an immutable database once and trusts it never to change. Every build (full or
incremental) therefore writes a new file and renames it over the old one: the server's open
connections keep reading the old file, whole, so no request fails during a build. A watcher
task polls the path's identity (inode, size, modification time) every `CORPUS_WATCH_SECONDS`
seconds (default 2) and, when it changes, puts a freshly opened `Database` in the old one's
place; the old one's connections are closed a while later, once requests that started on them
are long over. Polling, not inotify: it needs no extra library and works on every platform and
file system; a rebuild every few seconds is not a case to optimise.
"""

from __future__ import annotations

import asyncio
import os
import threading

from datasette.database import Database

DEFAULT_SECONDS = 2.0
CLOSE_OLD_AFTER = 60.0  # seconds: longer than any request may run (Datasette's limits)


def interval() -> float:
    try:
        return max(0.05, float(os.environ.get("CORPUS_WATCH_SECONDS", DEFAULT_SECONDS)))
    except ValueError:
        return DEFAULT_SECONDS


def identity(path: str) -> tuple[int, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None  # between a build's rename and the next poll nothing is missing, but a
        # removed file is not reopened until one is back
    return st.st_ino, st.st_size, st.st_mtime_ns


_held = threading.local()  # per executor thread: {database name: (generation, connection)}


class FollowedDatabase(Database):
    """An immutable Datasette `Database` whose connections belong to one generation of the
    file. Datasette keeps one connection per thread and database *name*, so a new `Database`
    under the old name would go on reading the old file through them; here each thread
    replaces its connection when the generation changes (and closes the old one, which only
    that thread used)."""

    def __init__(self, datasette, path: str, generation: int):
        super().__init__(datasette, path=path, is_mutable=False)
        self.generation = generation

    async def execute_fn(self, fn):
        if self.ds.executor is None:  # Datasette's non-threaded mode: one connection each
            return await super().execute_fn(fn)

        def in_thread():
            held = _held.__dict__.setdefault("connections", {})
            have, conn = held.get(self.name, (None, None))
            if have != self.generation:
                if conn is not None:
                    conn.close()
                conn = self.connect()
                self.ds._prepare_connection(conn, self.name)
                held[self.name] = (self.generation, conn)
            return fn(conn)

        return await asyncio.get_running_loop().run_in_executor(self.ds.executor, in_thread)


def reopen(datasette, name: str) -> None:
    """Put a fresh immutable `Database` for the same file in place of database `name`."""
    old = datasette.databases[name]
    new = FollowedDatabase(datasette, old.path, getattr(old, "generation", 0) + 1)
    new.name, new.route = old.name, old.route
    databases = datasette.databases.copy()  # replaced whole, as Datasette itself does
    databases[name] = new
    datasette.databases = databases
    asyncio.get_running_loop().call_later(CLOSE_OLD_AFTER, old.close)


async def watch(datasette) -> None:
    """Poll every immutable file database for a new file behind its path, for ever."""
    seen = {name: identity(db.path) for name, db in datasette.databases.items()
            if db.path and not db.is_mutable}
    while True:
        await asyncio.sleep(interval())
        for name, before in list(seen.items()):
            if name not in datasette.databases:
                del seen[name]
                continue
            now = identity(datasette.databases[name].path)
            if now is not None and now != before:
                reopen(datasette, name)
                seen[name] = now


def start(datasette) -> None:
    """Start the watcher once per Datasette instance (kept on it, so it is not collected)."""
    task = getattr(datasette, "_corpus_watcher", None)
    if task is None or task.done():  # done: its event loop has ended (a test client's)
        datasette._corpus_watcher = asyncio.get_running_loop().create_task(watch(datasette))
