"""Names as the literature writes them: the name model and its data.

A personal name has parts (titles, forename, patronymic, particles, initials, surname,
suffix) and an order (catalogues invert it); words decline in many languages; scripts other
than Latin and Cyrillic need reading first. This package owns those rules, each as a table
beside the code that reads it (`*.toml`): `model` parses a name, `persons` matches it against
the register's persons part by part, `declension` gives the bases of declined words, `scripts`
reads other scripts and look-alike abbreviations. `corpus.names.lookup` combines them with the
spelling layers; `corpus add` proposes mentions through that same lookup.
"""
