"""JSON Lines: the whole database in one file, one row per line.

One file rather than one per table, so an export is a single artefact to ship and to checksum.
Every line is an object whose first key, `table`, names its table (documents, segments,
entities, forms, mentions); the other keys are that table's columns. The first line is the
`meta` record: producer, corpus version, and each table's columns and row count, so a reader
can check it got everything. `corpus import-jsonl` rebuilds a database from it.
"""

from __future__ import annotations

import json
from pathlib import Path

from . import PRODUCER, __version__, write_atomically
from .tables import rows, tables

FORMAT_ID = "corpus-rlm-jsonl/1"


def dumps(record: dict) -> str:
    return json.dumps(record, ensure_ascii=False, separators=(",", ":"))


def lines(conn) -> list[str]:
    body: list[str] = []
    described: dict[str, dict] = {}
    for table in tables():
        names, values = rows(conn, table)
        described[table.name] = {"columns": names, "rows": len(values)}
        body.extend(dumps({"table": table.name, **dict(zip(names, row, strict=True))})
                    for row in values)
    meta = {"table": "meta", "format": FORMAT_ID, "producer": PRODUCER,
            "corpus_version": __version__, "tables": described}
    return [dumps(meta), *body]


def write(conn, out: Path) -> None:
    write_atomically(out, ("\n".join(lines(conn)) + "\n").encode("utf-8"))
