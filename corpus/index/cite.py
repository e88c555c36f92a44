"""Citations of passages and documents: plain text, BibTeX (biblatex) and CSL-JSON.

A scholar cites a passage by its key, `DOCUMENT#XMLID` (what search hits, `corpus show` and
Datasette print), or a whole document by its id. What a citation says comes from the
`documents` row (the TEI header's source description: title, author, date, publisher,
address, licence) and the passage's position and `xml:id`. A fact the capture does not state
("not stated in the capture ...") is left out of a citation rather than printed as if it
were a name. CSL-JSON is what Zotero, Mendeley and pandoc import; biblatex's `@online` is the
entry type for a source with an address.
"""

from __future__ import annotations

import json
import re
import sqlite3
from dataclasses import asdict, dataclass

from ..errors import CorpusError

NOT_STATED = re.compile(r"^\s*not stated", re.I)
FORMATS = ("text", "bibtex", "csl-json")
# biblatex's special characters and how a field escapes them
BIBTEX_ESCAPES = {"\\": r"\textbackslash{}", "{": r"\{", "}": r"\}", "%": r"\%", "&": r"\&",
                  "#": r"\#", "$": r"\$", "_": r"\_", "~": r"\textasciitilde{}",
                  "^": r"\textasciicircum{}"}
BIBTEX_SPECIAL = re.compile("|".join(map(re.escape, BIBTEX_ESCAPES)))


@dataclass(frozen=True)
class Citation:
    key: str  # DOCUMENT#XMLID, or the document id
    document: str
    title: str
    author: str = ""
    date: str = ""
    publisher: str = ""
    url: str = ""
    licence: str = ""
    xml_id: str = ""  # of the passage, if one is cited
    n: int | None = None  # the passage's position in its document (1 = first)

    @property
    def locator(self) -> str:
        if self.n is None:
            return ""
        return f"passage {self.n}" + (f", xml:id {self.xml_id}" if self.xml_id else "")


def _stated(value: str | None) -> str:
    return "" if not value or NOT_STATED.match(value) else value.strip()


def citation(conn: sqlite3.Connection, key: str) -> Citation:
    """The citation of a passage (`DOCUMENT#XMLID`) or a document (its id)."""
    document, _, _ = key.partition("#")
    passage = None
    if "#" in key:
        passage = conn.execute("select xml_id, n from segments where id = ?", (key,)).fetchone()
        if passage is None:
            raise CorpusError(f"no passage {key!r} (a key is DOCUMENT#XMLID, as search prints "
                              "it)", rule="not-found")
    row = conn.execute("select id, title, author, date, publisher, url, licence from documents "
                       "where id = ?", (document,)).fetchone()
    if row is None:
        raise CorpusError(f"no document {document!r}", rule="not-found")
    doc = dict(zip(("document", "title", "author", "date", "publisher", "url", "licence"),
                   tuple(row), strict=True))
    facts = {k: _stated(v) if k in ("author", "publisher", "licence") else (v or "")
             for k, v in doc.items()}
    return Citation(key=key, **facts, xml_id=passage[0] if passage else "",
                    n=passage[1] if passage else None)


def as_text(c: Citation) -> str:
    """Author, “Title”, publisher, date, address, passage (key)."""
    parts = [c.author, f"“{c.title}”", c.publisher, c.date, c.url, c.locator]
    return ", ".join(p for p in parts if p) + f" [{c.key}]."


def _bibtex(value: str) -> str:
    return BIBTEX_SPECIAL.sub(lambda m: BIBTEX_ESCAPES[m.group()], value)


def as_bibtex(c: Citation) -> str:
    """A biblatex entry keyed by the document id (a passage goes in `pagination`/`note`, as
    a citation's locator would). A corporate author is braced, so it is not split at 'and'."""
    fields = [("title", _bibtex(c.title))]
    if c.author:
        author = _bibtex(c.author)
        fields.append(("author", f"{{{author}}}" if " and " in c.author else author))
    fields += [(name, _bibtex(value)) for name, value in (
        ("date", c.date), ("organization" if c.url else "publisher", c.publisher),
        ("note", f"{c.locator} [{c.key}]" if c.n is not None else ""),
        ("addendum", c.licence)) if value]
    body = ",\n".join(f"  {name} = {{{value}}}" for name, value in fields)
    url = f",\n  url = {{{c.url}}}" if c.url else ""  # biblatex takes a URL verbatim
    return f"@{'online' if c.url else 'misc'}{{{c.document},\n{body}{url}\n}}\n"


def _date_parts(date: str) -> list[int]:
    return [int(p) for p in date.split("-") if p.isdigit()]


def as_csl(c: Citation) -> dict:
    """One CSL-JSON item (a list of them is what Zotero imports)."""
    item: dict = {"id": c.key, "type": "webpage" if c.url else "document", "title": c.title}
    if c.author:
        item["author"] = [{"literal": c.author}]
    if _date_parts(c.date):
        item["issued"] = {"date-parts": [_date_parts(c.date)]}
    for name, value in (("publisher", c.publisher), ("URL", c.url), ("license", c.licence),
                        ("archive_location", c.key), ("note", c.locator)):
        if value:
            item[name] = value
    return item


def render(c: Citation, fmt: str) -> str:
    if fmt == "text":
        return as_text(c) + "\n"
    if fmt == "bibtex":
        return as_bibtex(c)
    if fmt == "csl-json":
        return json.dumps([as_csl(c)], ensure_ascii=False, indent=2) + "\n"
    raise CorpusError(f"unknown citation format {fmt!r} (one of {', '.join(FORMATS)})",
                      rule="bad-format")


def as_dict(c: Citation) -> dict:
    return {**asdict(c), "text": as_text(c)}
