"""The Python API: `corpus.open()` for the database, `open_register()` for the TEI alone."""

from __future__ import annotations

from functools import cache
from pathlib import Path

from .names.formindex import Index
from .names.lookup import Lookup
from .paths import register_path
from .tei.register import load_register


@cache
def open_register(tei: Path | None = None) -> Lookup:
    """Lookup over the TEI register in memory (generated forms computed on the spot)."""

    register = load_register(register_path(Path(tei) if tei else None))
    return Lookup(Index.from_register(register))
