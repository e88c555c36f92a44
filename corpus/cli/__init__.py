"""The `corpus` command line: a thin click layer over the library.

The group and the commands on the corpus itself are in `main`; the others sit beside their
features (`ingest`: init and add; `export`: exports and imports; `datasette`: serve and
metadata) and are registered here, explicitly, so the command set is read in one place.
Commands import their library modules inside the function (see main.py for the measured
reason).
"""

from __future__ import annotations

from . import datasette, export, ingest
from .main import cli

for _command in (*ingest.COMMANDS, *export.COMMANDS, *datasette.COMMANDS):
    cli.add_command(_command)

__all__ = ["cli"]
