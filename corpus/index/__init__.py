"""The database stage of the flow: the TEI and the register into SQLite, and reading it back.

`spec` defines every table and view once; the other modules of this stage (and the Datasette
metadata, the exports and the importers downstream) read their columns from it.
"""
