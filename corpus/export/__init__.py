"""Exports for other projects: TEI corpus, JSON Lines, CSV, TBX termbase, SKOS thesaurus.

Each format is one module with one `write(...)` function; `FORMATS` says which input it reads
(the TEI folder for `tei`, since the database cannot give back the TEI; the built database for
the others, because it holds the generated spellings and the mention offsets). Every export is
deterministic: rows and entries are sorted, nothing depends on the clock, and the only version
or date it carries is `corpus.__version__`, stated in its header, so the same corpus gives the
same bytes and a diff of two exports is a diff of two corpus versions.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module
from pathlib import Path

from ..atomic import write_atomically  # noqa: F401 - the writers import it from here
from ..version import __version__

PRODUCER = f"corpus-rlm {__version__}"


@dataclass(frozen=True)
class Format:
    name: str
    module: str
    source: str  # "tei" | "db"
    description: str


FORMATS = {f.name: f for f in (  # descriptions are the command line's --format help
    Format("tei", "teicorpus", "tei", "one teiCorpus file (register and documents)"),
    Format("jsonl", "jsonl", "db", "one JSON Lines file, a row per line"),
    Format("csv", "csvdir", "db", "a folder of CSV files with datapackage.json"),
    Format("tbx", "tbx", "db", "a TBX-Basic termbase"),
    Format("skos", "skos", "db", "a SKOS thesaurus in Turtle"),
)}


def export(fmt: str, out: Path | str, db: Path | str | None = None,
           tei: Path | str | None = None, **options) -> Path:
    """Write the export `fmt` to `out`; returns `out`. `db=None` means `corpus.open()`'s
    default database, `tei=None` the default TEI folder."""
    # imported here, not above: the command line reads FORMATS for `corpus --help`, which
    # stays at 65 ms this way and took 173 ms with the database modules imported
    from ..errors import CorpusError

    if fmt not in FORMATS:
        raise CorpusError(f"unknown export format {fmt!r} (one of {', '.join(FORMATS)})",
                          rule="export-format")
    spec = FORMATS[fmt]
    writer = import_module(f".{spec.module}", __name__).write
    out = Path(out)
    try:
        if spec.source == "tei":
            from ..paths import tei_dir

            writer(Path(tei) if tei else tei_dir(), out, **options)
            return out
        from ..index.db import open as open_db

        with open_db(db) as corpus:
            writer(corpus.conn, out, **options)
    except OSError as exc:  # a full disk, a folder we may not write in: nothing half-written
        raise CorpusError(f"cannot write the export ({exc.strerror or exc}); nothing was "
                          "replaced", out, rule="write-failed") from None
    return out
