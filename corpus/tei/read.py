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
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import accumulate, compress
from pathlib import Path
from typing import NamedTuple

from lxml import etree

from ..errors import CorpusError
from ..paths import document_paths  # noqa: F401 - where readers of TEI look for it
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
    publisher: str = ""
    date: str = ""
    url: str = ""


# The stylesheet's markers (see templates/segments.xsl): Unicode noncharacters, reserved for
# exactly this kind of internal use and refused in source text.
SEGMENT, FIELD, TEXT, OPEN, OPENED, CLOSE = (chr(c) for c in range(0xFDD0, 0xFDD6))
RESERVED = re.compile("[\ufdd0-\ufdd5]")
# The same in XML: literal, or as a character reference (leading zeros allowed).
RESERVED_REFERENCE = "&#(?:[xX]0*[fF][dD][dD][0-5]|0*6497[6-9]|0*6498[01]);"
RESERVED_IN_XML = re.compile(f"[\ufdd0-\ufdd5]|{RESERVED_REFERENCE}")
RESERVED_IN_UTF8 = re.compile(b"\xef\xb7[\x90-\x95]|" + RESERVED_REFERENCE.encode())
# A space that only markup separates from a mention's edge, through markers with no text between
# them: "a b <persName/></persName>", "<persName><persName/> b". Checked only where two markers
# touch, so the common segment pays two `in` tests.
_MARKER = f"(?:{OPEN}[^{OPENED}]*{OPENED}|{CLOSE})"
SPACE_AT_NESTED_EDGE = re.compile(f" {_MARKER}*{CLOSE}|{OPENED}{_MARKER}* ")
IRREGULAR_SPACE = re.compile(r"\s{2,}|[^\S ]|^ | $")
# Whitespace as str.split() knows it (none lies above U+3000), but for the space and the
# newline: listed one by one, which a regular expression searches twice as fast as [^\S\n ].
OTHER_SPACE = re.compile("[" + re.escape(
    "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in " \n")) + "]")


@lru_cache(maxsize=1)
def stylesheet() -> etree.XSLT:
    """Compiled once per process (a build loads it before forking its workers)."""
    return etree.XSLT(etree.parse(str(Path(__file__).parent / "templates" / "segments.xsl")))


def _decode(content: str) -> tuple[str, list[Span]]:
    """Reading text and (start, end, mark) spans of one segment, in document order. Every
    marker reads OPEN mark OPENED, a closing one with an empty mark (see `_read_marked`); a
    mark is the mention's "tag FIELD ref FIELD cert", split only by whoever needs it.

    Splitting at the markers is done in C; only a segment with nested mentions pairs its
    markers in Python."""
    pieces = content.split(OPEN)
    if len(pieces) == 1:
        return content, []
    cut = OPENED.join(pieces[1:]).split(OPENED)  # mark, text, mark, text...
    marks, texts = cut[0::2], [pieces[0], *cut[1::2]]
    at = list(accumulate(map(len, texts[:-1])))  # at[i]: where marker i sits in the text
    text = "".join(texts)
    if all(marks[0::2]) and not any(marks[1::2]):  # open, close, open, close...
        return text, list(zip(at[0::2], at[1::2], marks[0::2], strict=True))
    pairs: list[tuple[int, int, str]] = []  # in document order, as above: outer before inner
    unclosed: list[int] = []
    for i, mark in zip(at, marks, strict=True):
        if mark:
            unclosed.append(len(pairs))
            pairs.append((i, i, mark))
        else:
            k = unclosed.pop()
            pairs[k] = (pairs[k][0], i, pairs[k][2])
    return text, pairs


def _read_marked(marked: str) -> tuple[list[str], list[tuple]]:
    """The header fields, and (header fields, text, spans) of each segment, in the
    stylesheet's output, whose markers can be trusted: the caller has refused sources with
    reserved characters (see `refuse_reserved`).

    Whitespace collapses in one C-level pass over the whole document. What that cannot settle
    (a space at a segment's edge or just inside a mention, two spaces with only markup between
    them) is rare, and such a segment goes through `_collapse`."""
    marked = _collapse_spaces(marked).replace(TEXT + " ", TEXT).replace(" " + SEGMENT, SEGMENT)
    head, first, body = marked.partition(SEGMENT)
    spaced_mention = f"{OPENED} " in body or f" {CLOSE}" in body or (
        (f"{OPENED}{OPEN}" in body or f"{OPENED}{CLOSE}" in body or f"{CLOSE}{CLOSE}" in body
         or f"{CLOSE}{OPEN}" in body) and SPACE_AT_NESTED_EDGE.search(body) is not None)
    body = body.replace(CLOSE, OPEN + OPENED)  # every marker alike, for _decode
    out = []
    for part in body.split(SEGMENT) if first else ():
        header, _, content = part.partition(TEXT)
        text, spans = _decode(content)
        if spaced_mention or text[:1] == " " or text[-1:] == " " or "  " in text:
            text, spans = _collapse(text, spans)
        out.append((header.split(FIELD), text, spans))
    return [field.strip() for field in head.split(FIELD)], out


def _collapse_spaces(text: str) -> str:
    """`" ".join(text.split())`, twice as fast on the usual text, whose only whitespace is
    spaces and newlines."""
    if OTHER_SPACE.search(text):
        return " ".join(text.split())
    text = text.replace("\n", " ")
    while "  " in text:
        text = text.replace("  ", " ")
    return text.strip(" ")


def _collapse(raw: str, spans: list[Span]) -> tuple[str, list[Span]]:
    """Collapse whitespace, map span offsets into the collapsed text and trim spans of spaces."""
    pieces: list[str] = []
    cuts: list[tuple[int, int, int, int]] = []
    pos, removed = 0, 0
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


def reserved_line(path: Path, encoding: str) -> int | None:
    """The first line of a file with a noncharacter the stylesheet uses as a marker;
    `encoding` is the file's, as its parse found it."""
    raw = Path(path).read_bytes()
    try:
        data = raw.decode(encoding, errors="replace")
    except LookupError:  # an encoding that libxml2 knows and Python does not
        data = raw.decode("utf-8", errors="replace")
    found = RESERVED_IN_XML.search(data)
    return data.count("\n", 0, found.start()) + 1 if found else None


UTF8_LIKE = {"UTF-8", "UTF8", "US-ASCII", "ASCII"}  # where RESERVED_IN_UTF8 finds every one


def refuse_reserved(root, path=None, source: bytes | None = None) -> None:
    """Raises if the stylesheet's markers could come from the source rather than from the
    stylesheet, so that `_read_marked` can trust them. A UTF-8 file's bytes are searched
    (fast); otherwise the serialised tree."""
    encoding = root.getroottree().docinfo.encoding
    if source is not None and encoding.upper() in UTF8_LIKE:
        # `in` is many times faster than a regular expression, and almost always enough
        maybe = b"\xef\xb7" in source or b"&#" in source
        found = bool(maybe and RESERVED_IN_UTF8.search(source))
    else:
        found = bool(RESERVED.search(etree.tostring(root, encoding="unicode", with_tail=False)))
    if found:
        on_disk = path is not None and Path(path).is_file()  # not so for a draft being added
        raise CorpusError(RESERVED_MESSAGE, path, reserved_line(path, encoding) if on_disk
                          else None, "reserved-character")


def _flatten(el) -> tuple[str, list[Span]]:
    refuse_reserved(el)
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


def split_spans(spans: list[Span]) -> tuple[list[Sequence], list[tuple[int, int]]]:
    """Mentions as columns (starts, ends, tags, entities, certs), in reading order, and the
    spans of <seg type="nonref"> (which name nothing) as (start, end). Columns, because a
    build zips them straight into rows, with no Python-level step per mention."""
    if not spans:
        return [()] * 5, []
    starts, ends, marks = zip(*spans, strict=True)
    fields = FIELD.join(marks).split(FIELD)  # tag, ref, cert, tag, ref, cert...
    named = [starts, ends, fields[0::3], list(map(ref_id, fields[1::3])), fields[2::3]]
    if "seg" not in named[2]:
        return named, []
    keep = [tag != "seg" for tag in named[2]]
    return ([list(compress(column, keep)) for column in named],
            [(s, e) for s, e, kept in zip(starts, ends, keep, strict=True) if not kept])


def _segment(text: str, spans: list[Span], **fields) -> Segment:
    named, nonref = split_spans(spans)
    mentions = [Mention(entity, tag, s, e, text[s:e], cert or None)
                for s, e, tag, entity, cert in zip(*named, strict=True)]
    return Segment(text=text, mentions=mentions, nonref=nonref, **fields)


def read_segment(el, n: int) -> Segment:
    text, spans = _flatten(el)
    return _segment(text, spans, id=el.get(XML_ID, ""), kind=local(el.tag), n=n,
                    lang=lang_of(el))


HEADER_FIELDS = ("title", "author", "sha256", "seed", "licence", "publisher", "date", "url")


def read_flat(root, path=None, source: bytes | None = None
              ) -> tuple[dict[str, str], list[tuple[str, str, str, str, list]]]:
    """A TEI document's header facts and its segments as (id, kind, lang, text, spans), from
    one stylesheet pass: the segments are those of `read_segment` on each of
    `iter_segment_elements`, without the objects, for a build that reads millions of
    mentions. Spans are (start, end, mark); `FIELD` splits a mark into tag, ref and cert.
    `source`, the bytes `root` was parsed from, makes the reserved-character check faster."""
    if local(root.tag) != "TEI":
        raise CorpusError("root element is not TEI", path, root.sourceline, "not-tei")
    refuse_reserved(root, path, source)
    fields, segments = _read_marked(str(stylesheet()(root)))
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
