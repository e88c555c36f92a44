"""The one error type users see.

Every failure caused by input (a malformed file, a dangling reference, a bad query) is raised as
`CorpusError`, whose `str()` is a single line naming the file, the line and the rule broken, so
the command line can print it and exit non-zero without a traceback.
"""

from __future__ import annotations


class CorpusError(Exception):
    def __init__(self, message: str, path=None, line: int | None = None, rule: str | None = None):
        super().__init__(message)
        self.message = message
        self.path = str(path) if path is not None else None
        self.line = line
        self.rule = rule

    def __str__(self) -> str:
        where = self.path or ""
        if self.path and self.line:
            where += f":{self.line}"
        parts = [p for p in (where, self.rule, self.message) if p]
        return ": ".join(parts)
