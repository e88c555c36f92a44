"""Reading the TEI documents: header facts, paragraph-level segments and their mentions.

A segment's text is what a reader sees: `sic` rather than `corr`, no editorial notes, whitespace
collapsed. Mentions carry character offsets into exactly that text, so that a database row can
slice its segment to the surface form. The same walk gives the whole-body text that the fidelity
check compares with the capture.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

from .errors import CorpusError
from .xmlio import NSMAP, XML_ID, XML_LANG, lang_of, local, parse

MENTION_TYPES = {"persName": "person", "orgName": "org", "placeName": "place", "term": "term",
                 "rs": None}
SEGMENT_TAGS = ("head", "p", "item", "ab", "bibl")
# Elements whose boundaries separate words even where the XML has no whitespace between them.
BLOCK_TAGS = set(SEGMENT_TAGS) | {"body", "div", "list", "listBibl", "figure", "quote", "lg", "l"}
NONREF = "nonref"  # <seg type="nonref">: a register spelling that names nothing here
REF_PREFIXES = ("reg:", "register.xml#", "#")
IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]|^ | $")


def is_skipped(el) -> bool:
    """Editorial additions that are not part of the source text."""
    name = local(el.tag)
    if name == "note":
        return el.get("type") == "editorial"
    return name in ("corr", "reg", "expan", "supplied")


def ref_id(ref: str | None) -> str | None:
    if not ref:
        return None
    for prefix in REF_PREFIXES:
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


@dataclass
class Mention:
    entity: str | None
    tag: str
    start: int
    end: int
    surface: str
    line: int | None = None
    cert: str | None = None


@dataclass
class Segment:
    id: str
    kind: str
    n: int
    text: str
    lang: str
    mentions: list[Mention] = field(default_factory=list)
    line: int | None = None
    nonref: list[tuple[int, int]] = field(default_factory=list)


@dataclass
class Document:
    id: str
    path: Path
    title: str
    author: str
    sha256: str
    seed: str
    licence: str
    lang: str
    segments: list[Segment]


class _Flattener:
    """Collects text pieces and mention spans in one pass; offsets refer to the raw buffer."""

    def __init__(self):
        self.parts: list[str] = []
        self.size = 0
        self.spans: list[tuple[int, int, etree._Element]] = []

    def add(self, text: str | None):
        if text:
            self.parts.append(text)
            self.size += len(text)

    def walk(self, el, top=False):
        if not isinstance(el.tag, str) or is_skipped(el):
            return
        name = local(el.tag)
        block = name in BLOCK_TAGS and not top
        if block:
            self.add(" ")
        start = self.size
        self.add(el.text)
        for child in el:
            self.walk(child)
            self.add(child.tail)
        if name in MENTION_TYPES or (name == "seg" and el.get("type") == NONREF):
            self.spans.append((start, self.size, el))
        if block:
            self.add(" ")

    def result(self) -> tuple[str, list[tuple[int, int, etree._Element]]]:
        """Collapse whitespace and map span offsets into the collapsed text.

        Only irregular whitespace (runs, newlines, tabs) is rewritten; a single space is kept as
        it is, so the common case costs one regex scan rather than a loop over characters.
        """
        raw = "".join(self.parts)
        pieces, cuts, pos, removed = [], [], 0, 0
        for m in IRREGULAR_SPACE.finditer(raw):
            at_edge = m.start() == 0 or m.end() == len(raw)
            keep = "" if at_edge else " "
            pieces.append(raw[pos:m.start()])
            pieces.append(keep)
            removed += (m.end() - m.start()) - len(keep)
            cuts.append((m.start(), m.end(), removed, len(keep)))
            pos = m.end()
        pieces.append(raw[pos:])
        text = "".join(pieces)
        starts = [c[0] for c in cuts]

        def new_offset(i: int) -> int:
            k = bisect_right(starts, i) - 1
            if k < 0:
                return i
            start, end, removed_after, kept = cuts[k]
            if i < end:  # inside a collapsed run: map to its start
                return start - (removed_after - (end - start) + kept)
            return i - removed_after

        spans = []
        for start, end, el in self.spans:
            s, e = new_offset(start), new_offset(end)
            while s < e and text[s] == " ":
                s += 1
            while e > s and text[e - 1] == " ":
                e -= 1
            spans.append((s, e, el))
        return text, spans


def flatten(el) -> tuple[str, list[tuple[int, int, etree._Element]]]:
    walker = _Flattener()
    walker.walk(el, top=True)
    return walker.result()


def body_text(root) -> str:
    body = root.find(".//tei:text/tei:body", NSMAP)
    if body is None:
        return ""
    return flatten(body)[0]


def iter_segment_elements(root):
    """Outermost segment-level elements of the body, in document order."""
    body = root.find(".//tei:text/tei:body", NSMAP)
    if body is not None:
        yield from _segments_below(body)


def _segments_below(el):
    for child in el:
        if local(child.tag) in SEGMENT_TAGS:
            yield child
        elif len(child):
            yield from _segments_below(child)


def read_segment(el, n: int) -> Segment:
    text, spans = flatten(el)
    mentions = [
        Mention(entity=ref_id(m.get("ref")), tag=local(m.tag), start=s, end=e, surface=text[s:e],
                line=m.sourceline, cert=m.get("cert"))
        for s, e, m in spans if local(m.tag) in MENTION_TYPES
    ]
    mentions.sort(key=lambda m: (m.start, -m.end))
    nonref = [(s, e) for s, e, m in spans if local(m.tag) == "seg"]
    return Segment(id=el.get(XML_ID, ""), kind=local(el.tag), n=n, text=text,
                   lang=lang_of(el), mentions=mentions, line=el.sourceline, nonref=nonref)


def _first_text(root, xpath: str) -> str:
    found = root.xpath(xpath, namespaces=NSMAP)
    return " ".join("".join(found[0].itertext()).split()) if found else ""


def read_document(path: Path, root=None) -> Document:
    path = Path(path)
    root = parse(path).getroot() if root is None else root
    if local(root.tag) != "TEI":
        raise CorpusError("root element is not TEI", path, root.sourceline, "not-tei")
    doc_id = root.get(XML_ID) or path.stem
    segments = [read_segment(el, n) for n, el in enumerate(iter_segment_elements(root), 1)]
    return Document(
        id=doc_id,
        path=path,
        title=_first_text(root, "//tei:titleStmt/tei:title[1]"),
        author=_first_text(root, "//tei:titleStmt/tei:author[1]"),
        sha256=_first_text(root, "//tei:sourceDesc//tei:idno[@type='sha256']"),
        seed=_first_text(root, "//tei:sourceDesc//tei:idno[@type='seed']"),
        licence=_first_text(root, "//tei:publicationStmt/tei:availability"),
        lang=root.get(XML_LANG, "en"),
        segments=segments,
    )


def document_paths(tei_dir: Path) -> list[Path]:
    """The TEI documents of a folder (every *.xml but the register), sorted for determinism."""
    return sorted(p for p in Path(tei_dir).glob("*.xml") if p.name != "register.xml")
