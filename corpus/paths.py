"""Where the corpus data lives: a scholar's workspace, the checkout, or the installed package.

A **workspace** is a folder of the scholar's own with `tei/` (her documents and a register),
`texts/` (the captures and their manifest) and the database, made by `corpus init DIR`. The
workspace in use is the one `corpus --workspace DIR` names, else `$CORPUS_WORKSPACE`, else the
nearest folder at or above the current one that has a `corpus.toml` or a `tei/register.xml`. The
checkout is one (it has a `corpus.toml`), so curators work in it as before.

Without a workspace, the corpus is read from the checkout when the code runs from one, else
from the copies of `tei/` and `texts/` shipped inside the package as `corpus/data/` (setup.py
puts them there at build time), so `pip install corpus-rlm` works without the repository. That
corpus is read-only: commands that write TEI or captures (`corpus add`) need a workspace or a
folder named on the command line, and refuse the package's own folder (`writable_tei`).
`CORPUS_TEI` and `CORPUS_TEXTS` still point at any other folders.

The database is derived data, so the package does not ship one: `corpus.open()` with no path
builds it on first use into a per-user cache folder, `<cache>/corpus-rlm/<version>/corpus.db`,
where `<cache>` is `$CORPUS_CACHE`, else `$XDG_CACHE_HOME`, else the platform's cache folder
(`~/.cache`, `~/Library/Caches`, `%LOCALAPPDATA%`). The same folder keeps what is costly to
derive and safe to forget, each file named by a hash of what it depends on: the schemes'
reverse tables (`reverse/`), the register's generated spellings and name parts (`derived/`),
and the files that passed `corpus validate`'s matcher rule (`passed-*.json`).
"""

from __future__ import annotations

import hashlib
import os
import sys
from functools import cache
from pathlib import Path

from .errors import CorpusError
from .version import __version__

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
PACKAGED_DATA = PACKAGE_DIR / "data"
REGISTER_NAME = "register.xml"
WORKSPACE_FILE = "corpus.toml"
APP_NAME = "corpus-rlm"
DB_NAME = "corpus.db"


_chosen: Path | None = None  # set by `corpus --workspace DIR` for the command it runs


def choose_workspace(folder: Path | None) -> None:
    global _chosen
    _chosen = Path(folder).resolve() if folder is not None else None


def workspace() -> Path | None:
    """The workspace in use (see the module docstring), or None."""
    named = _chosen or os.environ.get("CORPUS_WORKSPACE")
    if named:
        return Path(named).resolve()
    here = Path.cwd().resolve()
    for folder in (here, *here.parents):
        if (folder / WORKSPACE_FILE).is_file() or (folder / "tei" / REGISTER_NAME).is_file():
            return folder
    return None


def shipped_root() -> Path:
    """The corpus that came with the code: the checkout when the code runs from one (so an
    editable install reads the TEI being edited), else the copy inside the package."""
    if (PROJECT_DIR / "tei" / REGISTER_NAME).is_file():
        return PROJECT_DIR
    if (PACKAGED_DATA / "tei" / REGISTER_NAME).is_file():
        return PACKAGED_DATA
    return PROJECT_DIR  # neither: error messages then name the checkout's tei/register.xml


def data_root() -> Path:
    return workspace() or shipped_root()


def tei_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEI") or data_root() / "tei")


def texts_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEXTS") or data_root() / "texts")


def default_db() -> Path:
    """The database a command reads or writes when none is named: the workspace's, else
    `corpus.db` in the current folder."""
    ws = workspace()
    return ws / DB_NAME if ws else Path(DB_NAME)


def writable_tei(tei: Path | str | None) -> Path:
    """The TEI folder a writing command may write into: one named on the command line or by
    $CORPUS_TEI, or the workspace's; never the installed package's (nor, with no workspace,
    the checkout a scholar happens to have installed from)."""

    if tei is not None or os.environ.get("CORPUS_TEI"):
        folder = Path(tei or os.environ["CORPUS_TEI"]).resolve()
    elif workspace() is not None:
        folder = tei_dir().resolve()
    else:
        raise CorpusError("no workspace here to write into; make one with `corpus init DIR` "
                          "(or name a TEI folder with --tei)", rule="no-workspace")
    if folder.is_relative_to(PACKAGE_DIR):
        raise CorpusError("the corpus installed with the package is read-only; make a "
                          "workspace with `corpus init DIR`", folder, rule="read-only")
    return folder


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


SOURCE_SUFFIXES = (".py", ".toml", ".tsv", ".xsl", ".txt")


@cache
def source_digest(folder: Path) -> str:
    """The code and data tables below a package folder, hashed: what a cached result
    derived by that code (a rule's passes, the register's generated rows) is valid for."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix in SOURCE_SUFFIXES):
        digest.update(path.relative_to(folder).as_posix().encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()[:16]
