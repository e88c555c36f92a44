"""The TEI stage of the flow: safe XML (`xmlio`), reading documents (`read`) and the register
(`register`), the captures' manifest, validation against the corpus schema and our rules, and
bringing new texts in: drafting (`encode`), proposing mentions (`annotate`), `corpus add`,
language detection and workspaces. It reads names through `corpus.names`; nothing here knows
the database.
"""
