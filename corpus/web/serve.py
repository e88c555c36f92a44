"""`corpus serve`: the database in Datasette, read-only, with our metadata and plugin.

The database is opened immutable (Datasette's `-i`): Datasette never writes to it, may cache
row counts, and nothing typed into the SQL box can change it. The metadata is computed from the
database itself (`corpus.web.metadata.metadata`), so it always matches what is served; reading it
checks the database too, so a missing or corrupt file is one line of error, not a server that
starts and then fails on every page.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

# Suggested facets run a GROUP BY on every column of every table page to see which would make
# a good facet: on the mentions table at 130,000 rows that was most of a page's time. The
# facets the metadata names are still computed, within a time limit.
SETTINGS = {"suggest_facets": False, "facet_time_limit_ms": 500}
DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8001


def register_plugin() -> None:
    """Register our plugin with Datasette unless its entry point already did."""
    # Datasette and the plugin are imported when serving, not with this module: the command
    # line reads DEFAULT_PORT for `corpus --help` (65 ms this way, 173 ms with them above)
    from datasette.plugins import pm

    from . import plugin as datasette_plugin

    if not pm.is_registered(datasette_plugin):
        pm.register(datasette_plugin, name="corpus")


def datasette_app(db_path: Path | str):
    """A configured `Datasette` instance for one corpus database (raises CorpusError)."""
    # imported here, at first use: Datasette takes 0.4 s to import
    from datasette.app import Datasette

    from .metadata import metadata  # with Datasette, for the reason register_plugin gives

    meta = metadata(db_path)  # first: raises CorpusError for a missing or corrupt database
    register_plugin()
    return Datasette(immutables=[str(db_path)], metadata=meta, settings=SETTINGS)


def serve(db_path: Path | str, host: str = DEFAULT_HOST, port: int = DEFAULT_PORT,
          echo: Callable[[str], None] = print) -> None:
    """Serve until interrupted; `echo` receives the address before the server starts."""
    # imported here, at first use: uvicorn takes 62 ms to import
    import uvicorn

    ds = datasette_app(db_path)
    echo(f"Serving {db_path} at http://{host}:{port}/ (lookup: http://{host}:{port}/-/lookup)")
    uvicorn.run(ds.app(), host=host, port=port, log_level="warning")
