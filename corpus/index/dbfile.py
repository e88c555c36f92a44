"""What a `--db` path may name, before anything opens or replaces it.

A build writes a new file and renames it over the old one, so a path that names something else
would be destroyed without a word: a text file overwritten with SQLite, a read-only file made
writable, a symbolic link replaced by a regular file, and, as root, a device node. So a path to
write is either free (in an existing folder we may write in) or an SQLite database we may
write, and a path to read is an SQLite file. Everything else is a one-line error naming it.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ..errors import CorpusError

SQLITE_HEADER = b"SQLite format 3\x00"


def _is_sqlite(path: Path) -> bool:
    try:
        with path.open("rb") as handle:
            return handle.read(len(SQLITE_HEADER)) == SQLITE_HEADER
    except OSError:
        return False


def _kind(path: Path) -> str | None:
    """What other than a regular file the path names, in words, or None."""
    if path.is_symlink():
        return "a symbolic link (name the database itself)"
    mode = path.stat().st_mode
    if stat.S_ISDIR(mode):
        return "a folder"
    if not stat.S_ISREG(mode):
        return "not a regular file (a device, pipe or socket)"
    return None


def readable(path: Path | str) -> Path:
    """A database to open read-only: an existing SQLite file (a link to one will do)."""
    path = Path(path)
    if not path.exists():
        raise CorpusError("database not found; run `corpus build` first", path,
                          rule="missing-file")
    kind = _kind(path.resolve())
    if kind:
        raise CorpusError(f"is {kind}, not a database", path, rule="bad-db-path")
    if not os.access(path, os.R_OK):
        raise CorpusError("cannot read the database (permission denied)", path,
                          rule="bad-db-path")
    if not _is_sqlite(path):
        raise CorpusError("not a corpus database (not an SQLite file)", path,
                          rule="bad-database")
    return path


def writable(path: Path | str) -> Path:
    """A path a build may replace: none yet, in a folder we can write in, or an SQLite
    database we may write."""
    path = Path(path)
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        raise CorpusError("the folder for the database does not exist", folder,
                          rule="bad-db-path")
    if not os.access(folder, os.W_OK | os.X_OK):
        raise CorpusError("cannot write in the database's folder (permission denied)", folder,
                          rule="bad-db-path")
    if not path.exists() and not path.is_symlink():
        return path
    kind = _kind(path)
    if kind:
        raise CorpusError(f"is {kind}; not replaced", path, rule="bad-db-path")
    if not _is_sqlite(path):
        raise CorpusError("exists and is not an SQLite database; not replaced (remove it or "
                          "name another path)", path, rule="bad-db-path")
    if not os.access(path, os.W_OK) or not path.stat().st_mode & 0o222:
        # the mode too: root may write anything, but a file marked read-only was so marked
        raise CorpusError("the database is read-only; not replaced", path, rule="bad-db-path")
    return path


def replace_keeping_mode(tmp: Path, path: Path) -> None:
    """Rename a freshly written database over `path`, with the mode the old file had."""
    mode = stat.S_IMODE(path.stat().st_mode) if path.exists() else None
    os.replace(tmp, path)
    if mode is not None:
        os.chmod(path, mode)
