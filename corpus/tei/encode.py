"""Drafting a TEI document from a plain-text capture.

The draft is where encoding starts, never where it ends: structure is guessed from the line
layout (bullets become list items, short unpunctuated lines headings) and every mention the
register's spellings suggest is tagged with `cert="unknown"` and `resp="#annotator"`, for a
scholar to confirm or remove. The text itself is copied verbatim, so a draft already passes the
fidelity check.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from importlib import resources
from string import Template
from xml.sax.saxutils import escape, quoteattr

from ..version import __version__
from .annotate import Annotator, Proposal
from .manifest import BULLET, TextInfo

TEMPLATE = Template(
    resources.files(__package__).joinpath("templates/tei_draft.xml").read_text("utf-8"))
HEADING_MAX = 90
PUNCT_END = tuple(".!?:;”\"’»)")
PREFIX_DEF = ('<prefixDef ident="reg" matchPattern="([A-Za-z0-9_.\\-]+)" '
              'replacementPattern="register.xml#$1"/>')


@dataclass
class Block:
    kind: str  # head | p | item
    text: str
    line: int


def blocks_from_lines(lines: list[tuple[int, str]]) -> list[Block]:
    blocks = []
    for lineno, line in lines:
        if not line.strip():
            continue
        if BULLET.match(line):
            blocks.append(Block("item", BULLET.sub("", line).strip(), lineno))
        elif line.startswith("    ") and blocks and blocks[-1].kind == "item":
            blocks.append(Block("item", line.strip(), lineno))
        elif len(line.strip()) <= HEADING_MAX and not line.rstrip().endswith(PUNCT_END):
            blocks.append(Block("head", line.strip(), lineno))
        else:
            blocks.append(Block("p", line.strip(), lineno))
    return blocks


def tag_text(text: str, proposals: list[Proposal], mark: str) -> str:
    """XML for `text` with each unambiguous proposal wrapped in its element (nested allowed)."""
    opens: dict[int, list[str]] = {}
    closes: dict[int, list[str]] = {}
    for p in proposals:
        if p.ambiguous:
            continue
        inner = "<abbr>" if p.abbr else ""
        opens.setdefault(p.start, []).append(f'<{p.tag} ref="reg:{p.entities[0]}"{mark}>{inner}')
        closes.setdefault(p.end, []).insert(0, ("</abbr>" if p.abbr else "") + f"</{p.tag}>")
    out = []
    for i, ch in enumerate(text):
        out.extend(closes.get(i, []))
        out.extend(opens.get(i, []))
        out.append(escape(ch))
    out.extend(closes.get(len(text), []))
    return "".join(out)


def draft_body(doc_id: str, blocks: list[Block], annotator: Annotator, mark: str,
               lang: str = "") -> str:
    """Blocks as TEI: a heading after the opening ones starts a `div`, bullets make a list."""
    counters: dict[str, int] = {}
    out: list[str] = []
    open_list = open_div = seen_text = False
    for block in blocks:
        if open_list and block.kind != "item":
            out.append("</list>")
            open_list = False
        if block.kind == "head" and seen_text:
            if open_div:
                out.append("</div>")
            out.append("<div>")
            open_div = True
        if block.kind == "item" and not open_list:
            out.append('<list rend="bulleted">')
            open_list = True
        seen_text = seen_text or block.kind != "head"
        counters[block.kind] = counters.get(block.kind, 0) + 1
        xml_id = f"{doc_id}-{block.kind}{counters[block.kind]}"
        body = tag_text(block.text, annotator.propose(block.text, lang), mark)
        out.append(f'<{block.kind} xml:id="{xml_id}">{body}</{block.kind}>')
    if open_list:
        out.append("</list>")
    if open_div:
        out.append("</div>")
    return "\n".join(out)


def _ranges(info: TextInfo) -> str:
    if not info.boilerplate:
        return "No lines of the capture were left out."
    spans = ", ".join(f"{a}–{b}" if a != b else str(a) for a, b in info.boilerplate)
    return (f"Lines {spans} of the capture are web page furniture (site menus, comment forms, "
            "licence footers) and are not encoded in the body.")


def _source_facts(info: TextInfo) -> str:
    """The source's date and address in `sourceDesc/bibl`, where known (the build reads them
    into the documents table)."""
    out = f' <date when={quoteattr(info.date)}>{escape(info.date)}</date>' if info.date else ""
    return out + (f" <ptr target={quoteattr(info.url)}/>" if info.url else "")


def draft_document(info: TextInfo, annotator: Annotator, reviewed: bool = False) -> str:
    lines = [(i, ln) for i, ln in enumerate(info.lines(), 1) if not info.is_boilerplate(i)]
    mark = "" if reviewed else ' cert="unknown" resp="#annotator"'
    body = draft_body(info.id, blocks_from_lines(lines), annotator, mark, info.language)
    fields = {
        "id_attr": quoteattr(info.id), "lang_attr": quoteattr(info.language),
        "title_type": ' type="supplied"' if info.title_note else "",
        "title": escape(info.title), "author": escape(info.author),
        "publisher": escape(info.publisher), "licence": escape(info.licence),
        "source_facts": _source_facts(info),
        "sha256": info.sha256, "seed": escape(info.seed), "omitted": escape(_ranges(info)),
        "version": __version__, "today": dt.date.today().isoformat(),
        "prefix_def": PREFIX_DEF, "body": body,
    }
    return TEMPLATE.substitute(fields)

