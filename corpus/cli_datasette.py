"""Commands for browsing in Datasette: `corpus serve`, `corpus metadata`."""
