"""Reading the TEI documents: header facts, paragraph-level segments and their mentions.

A segment's text is what a reader sees: `sic` rather than `corr`, no editorial notes, whitespace
collapsed. Mentions carry character offsets into exactly that text, so that a database row can
slice its segment to the surface form. The same walk gives the whole-body text that the fidelity
check compares with the capture.
"""

from __future__ import annotations

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
REF_PREFIXES = ("reg:", "register.xml#", "#")


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
        if name in MENTION_TYPES:
            self.spans.append((start, self.size, el))
        if block:
            self.add(" ")

    def result(self) -> tuple[str, list[tuple[int, int, etree._Element]]]:
        """Collapse whitespace and map span offsets into the collapsed text."""
        raw = "".join(self.parts)
        out: list[str] = []
        mapping = [0] * (len(raw) + 1)
        pending_space = False
        for i, ch in enumerate(raw):
            if ch.isspace():
                pending_space = bool(out)
                mapping[i] = len(out) + (1 if pending_space else 0)
                continue
            if pending_space:
                out.append(" ")
                pending_space = False
            mapping[i] = len(out)
            out.append(ch)
        mapping[len(raw)] = len(out)
        text = "".join(out)
        spans = []
        for start, end, el in self.spans:
            s, e = mapping[start], mapping[end]
            while s < e and text[s] == " ":
                s += 1
            while e > s and text[e - 1] == " ":
                e -= 1
            spans.append((s, min(e, len(text)), el))
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
    if body is None:
        return
    for el in body.iter():
        if local(el.tag) in SEGMENT_TAGS and not any(
            local(a.tag) in SEGMENT_TAGS for a in el.iterancestors()
        ):
            yield el


def read_segment(el, n: int) -> Segment:
    text, spans = flatten(el)
    mentions = [
        Mention(entity=ref_id(m.get("ref")), tag=local(m.tag), start=s, end=e, surface=text[s:e],
                line=m.sourceline, cert=m.get("cert"))
        for s, e, m in spans
    ]
    mentions.sort(key=lambda m: (m.start, -m.end))
    return Segment(id=el.get(XML_ID, ""), kind=local(el.tag), n=n, text=text,
                   lang=lang_of(el), mentions=mentions, line=el.sourceline)


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
