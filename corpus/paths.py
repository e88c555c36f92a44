"""Where the corpus data lives, in a checkout and in an installed package.

In a checkout the TEI and the captures sit beside the package (`tei/`, `texts/`). An installed
package carries copies of them as package data in `corpus/data/` (setup.py puts them there at
build time), so `pip install corpus-rlm` works without the repository. The `CORPUS_TEI` and
`CORPUS_TEXTS` environment variables point elsewhere (a scholar's own archive).

The database is derived data, so the package does not ship one: `corpus.open()` with no path
builds it on first use into a per-user cache folder, `<cache>/corpus-rlm/<version>/corpus.db`,
where `<cache>` is `$CORPUS_CACHE`, else `$XDG_CACHE_HOME`, else the platform's cache folder
(`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`). Building takes a few seconds once; the
wheel stays small and the database always matches the installed code and TEI, because the
cached copy is rebuilt whenever the TEI it was built from no longer has the same hashes.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

from . import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
PACKAGED_DATA = PACKAGE_DIR / "data"
REGISTER_NAME = "register.xml"
APP_NAME = "corpus-rlm"
DB_NAME = "corpus.db"


def data_root() -> Path:
    """The checkout when the code runs from one, else the copy shipped inside the package.

    The checkout wins so that an editable install always reads the TEI being edited.
    """
    if (PROJECT_DIR / "tei" / REGISTER_NAME).is_file():
        return PROJECT_DIR
    if (PACKAGED_DATA / "tei" / REGISTER_NAME).is_file():
        return PACKAGED_DATA
    return PROJECT_DIR  # neither: error messages then name the checkout's tei/register.xml


def tei_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEI") or data_root() / "tei")


def texts_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEXTS") or data_root() / "texts")


def texts_beside(tei: Path | str | None = None) -> Path:
    """The captures that go with a TEI folder: the `texts/` beside a TEI folder that was named
    (a workspace's layout: what `corpus add --tei X` writes into, so it never writes into
    another corpus's captures), else the default captures."""
    return Path(tei).parent / "texts" if tei is not None else texts_dir()


def register_path(tei: Path | None = None) -> Path:
    return (tei or tei_dir()) / REGISTER_NAME


def document_paths(tei: Path) -> list[Path]:
    """The TEI documents of a folder (every *.xml but the register), sorted for determinism."""
    return sorted(p for p in Path(tei).glob("*.xml") if p.name != REGISTER_NAME)


def cache_dir() -> Path:
    """The per-user, per-version folder for derived files (see the module docstring)."""
    if os.environ.get("CORPUS_CACHE"):
        return Path(os.environ["CORPUS_CACHE"]) / __version__
    xdg = os.environ.get("XDG_CACHE_HOME", "")
    if xdg and Path(xdg).is_absolute():  # the XDG spec says to ignore a relative value
        base = Path(xdg)
    elif sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Caches"
    else:
        base = Path.home() / ".cache"
    return base / APP_NAME / __version__


def is_current(db_path: Path, tei: Path) -> bool:
    """Whether `db_path` was built from exactly these TEI files, register and schemes.

    Compares what `corpus build` records (`build_info.fingerprint`, `build_files`) with the
    files' hashes; no XML is parsed, so an up-to-date cache costs milliseconds to confirm.
    """
    from .build import inputs_fingerprint, previous_state, sha256_file

    state = previous_state(db_path)
    if state is None:
        return False
    fingerprint, files = state
    current = {p.name: sha256_file(p) for p in document_paths(tei)}
    return fingerprint == inputs_fingerprint(register_path(tei)) and files == current


def cached_database(tei: Path | None = None) -> Path:
    """The cache's database for `tei` (default: the shipped or checkout TEI), built if needed."""
    from .build import build
    from .errors import CorpusError

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
