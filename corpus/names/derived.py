"""Rows derived from the register, kept in the per-user cache folder between runs.

Every scheme's rendering of every form, keyed, and every person's name parts take about a
second to make, which each command that opens the register (validate, add, a lookup without a
database, a build) paid on every run. They depend only on the register's entities, the code
and tables of `corpus.names` and the transliteration engines, so they are stored under a hash
of all three and read back (JSON, tens of milliseconds) while none of them changes; any
change makes a new hash, and a stale file is never read.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from pathlib import Path

from ..atomic import write_atomically
from ..paths import cache_dir, source_digest
from .entities import Register
from .translit.reverse import engine_versions

FORMAT = 1  # bump when the stored layout changes


def cached_rows(kind: str, register: Register,
                make: Callable[[], Sequence[Sequence]]) -> list[tuple]:
    """`make()`'s rows (tuples of JSON scalars), from the cache when it holds them for this
    register and code."""
    path = cache_dir() / "derived" / f"{kind}-{_digest(register)}.json"
    try:
        return [tuple(row) for row in json.loads(path.read_text(encoding="utf-8"))]
    except (OSError, ValueError, TypeError):
        pass
    rows = [tuple(row) for row in make()]
    try:
        write_atomically(path, json.dumps(rows, ensure_ascii=False).encode())
    except OSError:
        pass  # a read-only or full cache folder only costs the next run the rows again
    return rows


def _digest(register: Register) -> str:
    code = source_digest(Path(__file__).parent)  # corpus.names: schemes, tables, keys
    basis = json.dumps([FORMAT, repr(list(register)), code, engine_versions()])
    return hashlib.sha256(basis.encode()).hexdigest()[:16]
