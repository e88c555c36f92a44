"""Reading the TEI documents: header facts, paragraph-level segments and their mentions.

A segment's text is what a reader sees: `sic` rather than `corr`, no editorial notes, whitespace
collapsed. Mentions carry character offsets into exactly that text, so that a database row can
slice its segment to the surface form. One stylesheet (templates/segments.xsl) does the
flattening in C, for a whole document at a time when building and for one element when
validating; it also gives the whole-body text that the fidelity check compares with the capture.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from .errors import CorpusError
from .paths import document_paths  # noqa: F401 - where readers of TEI look for it
from .xmlio import NSMAP, XML_ID, XML_LANG, lang_of, local, parse

MENTION_TYPES = {"persName": "person", "orgName": "org", "placeName": "place", "term": "term",
                 "rs": None}
SEGMENT_TAGS = ("head", "p", "item", "ab", "bibl")
Span = tuple  # (start, end, mark) of a mention or a nonref seg; see _decode
REF_PREFIXES = ("reg:", "register.xml#", "#")


@lru_cache(maxsize=65536)
def ref_id(ref: str | None) -> str | None:
    if not ref:
        return None
    for prefix in REF_PREFIXES:
        if ref.startswith(prefix):
            return ref[len(prefix):]
    return ref


class Mention(NamedTuple):
    """Immutable and cheap: readers such as `corpus stats` make one per mention."""

    entity: str | None
    tag: str
    start: int
    end: int
    surface: str
    cert: str | None = None


@dataclass
class Segment:
    id: str
    kind: str
    n: int
    text: str
    lang: str
    mentions: list[Mention] = field(default_factory=list)
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


# The stylesheet's markers (see templates/segments.xsl): Unicode noncharacters, reserved for
# exactly this kind of internal use and refused in source text.
SEGMENT, FIELD, TEXT, OPEN, OPENED, CLOSE = (chr(c) for c in range(0xFDD0, 0xFDD6))
RESERVED = re.compile("[\ufdd0-\ufdd5]")
RESERVED_IN_XML = re.compile("[\ufdd0-\ufdd5]|&#(?:[xX][fF][dD][dD]0*[0-5];|6497[6-9];|6498[01];)")
IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]|^ | $")
MARKER = re.compile(f"{OPEN}([^{OPENED}]*){OPENED}|{CLOSE}")


@lru_cache(maxsize=1)
def stylesheet() -> etree.XSLT:
    """Compiled once per process (a build loads it before forking its workers)."""
    return etree.XSLT(etree.parse(str(Path(__file__).parent / "templates" / "segments.xsl")))


def _decode(content: str) -> tuple[str, list[Span]]:
    """Reading text and (start, end, mark) spans of one segment; a mark is the mention's
    "tag FIELD ref FIELD cert", split only by whoever needs it."""
    parts = MARKER.split(content)
    if len(parts) == 1:
        return content, []
    texts, marks = parts[0::2], parts[1::2]
    text = "".join(texts)
    at = list(accumulate(map(len, texts[:-1])))  # at[i]: where marker i sits in the text
    opens = marks[0::2]
    if len(opens) * 2 == len(marks) and None not in opens and marks[1::2].count(None) == len(opens):
        pairs = zip(at[0::2], at[1::2], opens, strict=True)  # open, close, open, close...
    else:
        pairs, stack = [], []
        for i, mark in enumerate(marks):
            if mark is not None:
                stack.append((at[i], mark))
            elif stack:
                start, mark = stack.pop()
                pairs.append((start, at[i], mark))
            else:
                raise ValueError("unmatched close")
        if stack:
            raise ValueError("unclosed open")
        pairs.sort(key=lambda p: (p[0], -p[1]))  # outer before inner
    return text, list(pairs)


def _read_marked(marked: str, path=None) -> tuple[list[str], list[tuple]]:
    """The header fields, and (header fields, text, spans) of each segment, in the
    stylesheet's output.

    Whitespace collapses in one C-level pass over the whole document. What that cannot settle
    (a space at a segment's edge or just inside a mention, two spaces with only markup between
    them) is rare, and such a segment goes through `_collapse`."""
    marked = " ".join(marked.split()).replace(TEXT + " ", TEXT).replace(" " + SEGMENT, SEGMENT)
    head, first, body = marked.partition(SEGMENT)
    segments, opens = body.count(SEGMENT) + bool(first), body.count(OPEN)
    if (RESERVED.search(head.replace(FIELD, "")) or body.count(TEXT) != segments
            or not body.count(OPENED) == body.count(CLOSE) == opens
            or body.count(FIELD) != 2 * (segments + opens)):
        raise reserved_character(path)  # a marker character came from the source
    spaced_mention = f"{OPENED} " in body or f" {CLOSE}" in body
    out = []
    for part in body.split(SEGMENT) if first else ():
        header, _, content = part.partition(TEXT)
        try:
            fields = header.split(FIELD)
            text, spans = _decode(content)
        except ValueError:
            raise reserved_character(path) from None
        if spaced_mention or text[:1] == " " or text[-1:] == " " or "  " in text:
            text, spans = _collapse(text, spans)
        out.append((fields, text, spans))
    return [field.strip() for field in head.split(FIELD)], out


def _collapse(raw: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace, map span offsets into the collapsed text and trim spans of spaces."""
    pieces, cuts, pos, removed = [], [], 0, 0
    for m in IRREGULAR_SPACE.finditer(raw):
        keep = "" if m.start() == 0 or m.end() == len(raw) else " "
        pieces += (raw[pos:m.start()], keep)
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

    mapped = []
    for start, end, *attrs in spans:
        s, e = new_offset(start), new_offset(end)
        while s < e and text[s] == " ":
            s += 1
        while e > s and text[e - 1] == " ":
            e -= 1
        mapped.append((s, e, *attrs))
    return text, mapped


RESERVED_MESSAGE = "text contains a reserved noncharacter (U+FDD0 to U+FDD5)"


def reserved_line(path: Path) -> int | None:
    """The first line of a file with a noncharacter the stylesheet uses as a marker."""
    data = Path(path).read_text("utf-8", errors="replace")
    found = RESERVED_IN_XML.search(data)
    return data.count("\n", 0, found.start()) + 1 if found else None


def reserved_character(path) -> CorpusError:
    line = reserved_line(path) if path is not None else None
    return CorpusError(RESERVED_MESSAGE, path, line, "reserved-character")


def _flatten(el) -> tuple[str, list[Span]]:
    _, [(_, text, spans)] = _read_marked(SEGMENT + FIELD * 2 + TEXT + str(stylesheet()(el)))
    return text, spans


def flatten(el) -> tuple[str, list[tuple[int, int, str, str, str]]]:
    """An element's reading text and its (start, end, tag, ref, cert) mention spans."""
    text, spans = _flatten(el)
    return text, [(s, e, *mark.split(FIELD)) for s, e, mark in spans]


def body_text(root) -> str:
    body = root.find(".//tei:text/tei:body", NSMAP)
    if body is None:
        return ""
    return _flatten(body)[0]


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


def split_spans(spans: list[Span]) -> tuple[list[tuple], list[tuple[int, int]]]:
    """Mentions as (start, end, tag, entity, cert) in reading order, and the spans of
    <seg type="nonref"> (which name nothing) as (start, end)."""
    named, nonref = [], []
    for s, e, mark in spans:
        tag, ref, cert = mark.split(FIELD)
        if tag == "seg":
            nonref.append((s, e))
        else:
            named.append((s, e, tag, ref_id(ref), cert))
    return named, nonref


def _segment(text: str, spans: list[Span], **fields) -> Segment:
    named, nonref = split_spans(spans)
    mentions = [Mention(entity, tag, s, e, text[s:e], cert or None)
                for s, e, tag, entity, cert in named]
    return Segment(text=text, mentions=mentions, nonref=nonref, **fields)


def read_segment(el, n: int) -> Segment:
    text, spans = _flatten(el)
    return _segment(text, spans, id=el.get(XML_ID, ""), kind=local(el.tag), n=n,
                    lang=lang_of(el))


HEADER_FIELDS = ("title", "author", "sha256", "seed", "licence")


def read_flat(root, path=None) -> tuple[dict[str, str], list[tuple[str, str, str, str, list]]]:
    """A TEI document's header facts and its segments as (id, kind, lang, text, spans), from
    one stylesheet pass: the segments are those of `read_segment` on each of
    `iter_segment_elements`, without the objects, for a build that reads millions of
    mentions. Spans are (start, end, mark); `FIELD` splits a mark into tag, ref and cert."""
    if local(root.tag) != "TEI":
        raise CorpusError("root element is not TEI", path, root.sourceline, "not-tei")
    fields, segments = _read_marked(str(stylesheet()(root)), path)
    if len(fields) != len(HEADER_FIELDS):
        raise reserved_character(path)
    header = {"id": root.get(XML_ID) or Path(path or "").stem, "lang": root.get(XML_LANG, "en"),
              **dict(zip(HEADER_FIELDS, fields, strict=True))}
    return header, [(seg_id, kind, lang or "en", text, spans)
                    for (seg_id, kind, lang), text, spans in segments]


def read_document(path: Path, root=None) -> Document:
    path = Path(path)
    header, segments = read_flat(parse(path).getroot() if root is None else root, path)
    return Document(path=path, **header, segments=[
        _segment(text, spans, id=seg_id, kind=kind, n=n, lang=lang)
        for n, (seg_id, kind, lang, text, spans) in enumerate(segments, 1)])


def ref_line(path: Path, entity: str | None) -> int | None:
    """The line of the first mention of `entity` (None: without a @ref), for error messages:
    the fast reading path does not keep lines."""
    body = parse(path).getroot().find(".//tei:text/tei:body", NSMAP)
    for el in body.iter(*(f"{{*}}{tag}" for tag in MENTION_TYPES)) if body is not None else ():
        if ref_id(el.get("ref")) == entity:
            return el.sourceline
    return None
