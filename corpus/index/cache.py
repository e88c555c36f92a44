"""The database built on first use: `corpus.open()` with no path, from an installed package.

The package ships the TEI but no database (derived data); the first call builds one into the
per-user cache folder (`corpus.paths.cache_dir`), and later calls reuse it while the TEI it was
built from is unchanged (a few milliseconds to confirm: hashes, no parsing).
"""

from __future__ import annotations

from pathlib import Path

from ..errors import CorpusError
from ..paths import DB_NAME, cache_dir, document_paths, register_path, tei_dir
from .build import build, inputs_fingerprint, previous_state, sha256_file


def is_current(db_path: Path, tei: Path) -> bool:
    """Whether `db_path` was built from exactly these TEI files, register and schemes.

    Compares what `corpus build` records (`build_info.fingerprint`, `build_files`) with the
    files' hashes; no XML is parsed, so an up-to-date cache costs milliseconds to confirm.
    """
    state = previous_state(db_path)
    if state is None:
        return False
    fingerprint, files = state
    current = {p.name: sha256_file(p) for p in document_paths(tei)}
    return fingerprint == inputs_fingerprint(register_path(tei)) and files == current


def cached_database(tei: Path | None = None) -> Path:
    """The cache's database for `tei` (default: the shipped or checkout TEI), built if needed."""
    folder = Path(tei or tei_dir())
    db_path = cache_dir() / DB_NAME
    if is_current(db_path, folder):
        return db_path
    try:
        db_path.parent.mkdir(parents=True, exist_ok=True)
        build(folder, db_path, quiet=True)
    except OSError as exc:
        raise CorpusError(f"cannot build the database in the cache ({exc.strerror}); set "
                          "CORPUS_CACHE or pass a path", db_path.parent, rule="cache") from None
    return db_path
