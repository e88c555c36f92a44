"""What the commands share: the --db, --tei and --json options (each declared once), one-line
errors instead of tracebacks, JSON output and batch input."""

from __future__ import annotations

import functools
import json
import sqlite3
import sys
from pathlib import Path

import click

from ..errors import CorpusError

TEI_OPTION = click.option("--tei", "tei", type=click.Path(path_type=Path), default=None,
                          help="Folder of TEI documents and register.xml (default: tei/).")


def friendly(func):
    """Turn input errors into a one-line message and a non-zero exit, never a traceback: ours
    (CorpusError), an argument that is not UTF-8, a file system that refuses (a full disk, a
    folder we may not write in) and a database damaged inside."""
    @functools.wraps(func)
    def wrapper(*args, **kwargs):
        try:
            _check_arguments(kwargs)
            return func(*args, **kwargs)
        except CorpusError as exc:
            _fail(str(exc))
        except OSError as exc:
            where = f"{exc.filename}: " if exc.filename else ""
            _fail(f"{where}{exc.strerror or exc}; nothing was replaced")
        except sqlite3.DatabaseError as exc:
            if "full" in str(exc):  # SQLITE_FULL: the disk, not the database
                _fail("no-space: the disk is full; nothing was replaced")
            _fail(f"bad-database: the database cannot be read ({exc}); rebuild it")
    return wrapper


def _check_arguments(kwargs: dict) -> None:
    """Arguments are text: bytes that are not UTF-8 reach Python as lone surrogates, which no
    output can print (click would fail writing even the error message)."""
    for name, value in kwargs.items():
        if isinstance(value, str) and any("\ud800" <= ch <= "\udfff" for ch in value):
            raise CorpusError(f"the {name.replace('_', ' ')} argument is not valid UTF-8",
                              rule="bad-argument")


def _fail(message: str) -> None:
    click.echo(f"error: {message}".encode("utf-8", "replace").decode("utf-8"), err=True)
    sys.exit(1)


def emit_json(value) -> None:
    click.echo(json.dumps(value, ensure_ascii=False))


def db_option(required: bool = False):
    """The one --db option. Left out, a command uses `corpus.paths.default_db()`: the
    workspace's corpus.db, else corpus.db in the current folder."""
    return click.option("--db", "db_path", type=click.Path(path_type=Path), default=None,
                        required=required,
                        help="Database file." if required else
                        "Database file (default: the workspace's corpus.db, else ./corpus.db).")


DB_OPTION = db_option()
JSON_OPTION = click.option("--json", "as_json", is_flag=True, help="Print JSON.")


def _items(value: str):
    """One item, or with '-' every non-empty line of standard input (batch mode)."""
    if value != "-":
        return [value], False
    return [line.rstrip("\n") for line in sys.stdin if line.strip()], True
