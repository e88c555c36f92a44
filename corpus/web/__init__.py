"""The Datasette stage: the plugin (SQL functions, the lookup, spellings and citation pages,
the keyed search box), the metadata read from the table spec, serving, and following a
database that a build replaces. It reads the database through `corpus.index`.
"""
