"""Commands for other projects: `corpus export`, `corpus import-tei`, `corpus add`."""
