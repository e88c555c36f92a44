"""Commands for browsing in Datasette: `corpus serve`, `corpus metadata`.

Datasette and uvicorn are imported inside the commands, so other commands do not pay for them.
"""

from __future__ import annotations

import json

import click

from ..web.serve import DEFAULT_HOST, DEFAULT_PORT  # light: serve imports Datasette when it runs
from .options import DB_OPTION, friendly


def _db(db_path):
    from ..paths import default_db

    return db_path or default_db()


@click.command()
@DB_OPTION
@click.option("--port", default=DEFAULT_PORT, show_default=True, type=click.IntRange(0, 65535),
              help="Port to listen on.")
@click.option("--host", default=DEFAULT_HOST, show_default=True,
              help="Address to listen on (0.0.0.0 exposes it to the network).")
@friendly
def serve(db_path, port, host):
    """Browse and search the database in Datasette (read-only), with a lookup page."""
    from ..web.serve import serve as run

    run(_db(db_path), host=host, port=port, echo=click.echo)


@click.command()
@DB_OPTION
@friendly
def metadata(db_path):
    """Print the Datasette metadata (JSON, Datasette 0.65 format) for the database."""
    from ..web.metadata import metadata as build

    click.echo(json.dumps(build(_db(db_path)), ensure_ascii=False, indent=2))


COMMANDS = (serve, metadata)
