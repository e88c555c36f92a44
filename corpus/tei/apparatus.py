"""The critical apparatus of a TEI document: what the editor added to the source's words.

Editorial notes (`note type="editorial"`), corrections (`choice` with `sic` and `corr`), gaps
(`gap`) and normalised dates (`date` with `@when`, `@from`/`@to`, `@notBefore`/`@notAfter`),
each with the passage it sits in, in document order. The reading text of a passage leaves the
editor's words out (corpus.tei.read); here they are kept apart, so the database can show
"where do the sources get Trukhin wrong" or "what happened in May 1945" without ever mixing
the editor's words into the source's.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .read import iter_segment_elements
from .xmlio import XML_LANG, local

KINDS = ("note", "correction", "gap", "date")
TAGS = {"note": "note", "choice": "correction", "gap": "gap", "date": "date"}


@dataclass(frozen=True)
class Item:
    kind: str  # note | correction | gap | date
    segment: int  # position of the passage it sits in (1 = first), 0 outside any passage
    fields: dict[str, str | int] = field(default_factory=dict)


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _lang(el) -> str:
    for node in (el, *el.iterancestors()):
        if node.get(XML_LANG):
            return node.get(XML_LANG)
    return "en"


def _fields(kind: str, el) -> dict[str, str | int] | None:
    """The columns of one item; None for what is no apparatus (a choice without sic)."""
    if kind == "note":  # other notes (a source's own annotations) are the source's words
        if el.get("type") != "editorial":
            return None
        return {"type": "editorial", "lang": _lang(el), "text": _text(el)}
    if kind == "correction":
        parts = {local(child.tag): _text(child) for child in el}
        if "sic" not in parts:
            return None
        return {"sic": parts["sic"], "corr": parts.get("corr", "")}
    if kind == "gap":
        return {"reason": el.get("reason", "")}
    when = el.get("when", "")
    earliest = when or el.get("from") or el.get("notBefore") or ""
    latest = when or el.get("to") or el.get("notAfter") or ""
    if not (earliest or latest):
        return None  # a date the text gives without a normalised value
    return {"text": _text(el), "when": when, "earliest": earliest, "latest": latest}


def read_apparatus(root) -> list[Item]:
    """Every apparatus item of the document's body, in document order. Cheap for a document
    without any: the tree is searched in C first."""
    wanted = [f"{{*}}{tag}" for tag in TAGS]
    found = [el for body in root.iterfind(".//{*}text/{*}body") for el in body.iter(*wanted)]
    if not found:
        return []
    position = {el: n for n, el in enumerate(iter_segment_elements(root), 1)}
    items = []
    for el in found:
        kind = TAGS[local(el.tag)]
        fields = _fields(kind, el)
        if fields is None:
            continue
        if kind == "date":  # a date in a note is the editor's (a correction), said so
            fields["editorial"] = int(_in_note(el))
        elif kind != "note" and _in_note(el):
            continue
        segment = next((position[a] for a in (el, *el.iterancestors()) if a in position), 0)
        items.append(Item(kind, segment, fields))
    return items


def _in_note(el) -> bool:
    return next(el.iterancestors("{*}note"), None) is not None  # in C: a third of the time
