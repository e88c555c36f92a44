"""CSV: a folder with one file per table and a `datapackage.json` describing them.

CSV files cannot carry a header comment, so the corpus version and the schema (column types,
primary and foreign keys) go into a Frictionless Data Package descriptor beside them, which
pandas, R, frictionless and Datasette users can read. Files are UTF-8, comma-separated, with a
header row and `\\n` line ends; NULL is written as an empty field.
"""

from __future__ import annotations

import csv
import io
import json
import os
import shutil
from pathlib import Path

from ..errors import CorpusError
from . import PRODUCER, __version__
from .tables import columns, foreign_keys, rows, tables

FIELD_TYPES = {"INTEGER": "integer", "TEXT": "string", "FLOAT": "number"}


def table_csv(names: list[str], values: list[tuple]) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(names)
    writer.writerows(["" if v is None else v for v in row] for row in values)
    return buffer.getvalue().encode("utf-8")


def descriptor(conn, counts: dict[str, int]) -> dict:
    resources = []
    for table in tables():
        cols = columns(table)
        schema = {"fields": [{"name": n, "type": FIELD_TYPES.get(t, "string")}
                             for n, t, _ in cols],
                  "primaryKey": [n for n, _, pk in sorted(cols, key=lambda c: c[2]) if pk]}
        fks = [{"fields": col, "reference": {"resource": ref, "fields": ref_col}}
               for col, ref, ref_col in foreign_keys(table)]
        if fks:
            schema["foreignKeys"] = fks
        resources.append({"name": table.name, "path": f"{table.name}.csv", "profile":
                          "tabular-data-resource", "encoding": "utf-8",
                          "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                          "count": counts[table.name], "schema": schema})
    return {"name": "corpus-rlm", "title": "The Russian Liberation Movement corpus",
            "version": __version__, "producer": PRODUCER, "profile": "tabular-data-package",
            "resources": resources}


def write(conn, out: Path) -> None:
    """The folder is written whole beside `out` and renamed into place, so a failure (a full
    disk) leaves no half export, and an earlier export is replaced only by a complete one."""
    ours = {f"{table.name}.csv" for table in tables()} | {"datapackage.json"}
    if out.exists() and not out.is_dir():
        raise CorpusError("the CSV export is a folder, and a file has this name", out,
                          rule="export-out")
    if out.is_dir() and {p.name for p in out.iterdir()} - ours:
        raise CorpusError("the folder holds files that are not this export's; name an empty "
                          "or new folder", out, rule="export-out")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir()
    try:
        counts = {}
        for table in tables():
            names, values = rows(conn, table)
            counts[table.name] = len(values)
            (tmp / f"{table.name}.csv").write_bytes(table_csv(names, values))
        text = json.dumps(descriptor(conn, counts), ensure_ascii=False, indent=2) + "\n"
        (tmp / "datapackage.json").write_bytes(text.encode("utf-8"))
        old = out.with_name(f".{out.name}.{os.getpid()}.old")
        if out.exists():
            os.replace(out, old)
        os.replace(tmp, out)
        shutil.rmtree(old, ignore_errors=True)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
