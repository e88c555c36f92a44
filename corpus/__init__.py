"""corpus: the Russian Liberation Movement corpus and its cross-spelling lookup.

The package import is kept light (no lxml, ICU or sqlite-utils at import time) so that the
command line starts fast; each feature imports what it needs when it is used.
"""

from .version import __version__

__all__ = ["__version__", "open"]


def open(path=None):  # noqa: A001 - the API is corpus.open()
    """The corpus database (see corpus.index.db.open); imported on first use to keep `import corpus`
    light."""
    from .index.db import open as open_db

    return open_db(path)
