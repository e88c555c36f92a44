"""corpus: the Russian Liberation Movement corpus and its cross-spelling lookup.

The package import is kept light (no lxml, ICU or sqlite-utils at import time) so that the
command line starts fast; each feature imports what it needs when it is used.
"""

__version__ = "0.1.0"
