"""Safe XML parsing and the TEI names used everywhere.

Parsing is hardened once, here, with a policy like defusedxml's: a document may not declare a
DOCTYPE with an internal subset (entity declarations, the stuff of bombs and XXE) or an external
identifier (a DTD file, which libxml2 opens even with `load_dtd=False` when ids are not
collected: `<!DOCTYPE TEI SYSTEM "/dev/stdin">` hung a build), and may not use XInclude; a bare
`<!DOCTYPE TEI>` is harmless and allowed. The document is read as bytes and parsed from memory,
so no file but the document is ever opened; no entity is expanded and nothing is fetched.
Failures become a `CorpusError` with the file and line.
"""

from __future__ import annotations

import codecs
import re
from pathlib import Path

from lxml import etree

from ..errors import CorpusError

TEI_NS = "http://www.tei-c.org/ns/1.0"
XML_NS = "http://www.w3.org/XML/1998/namespace"
NSMAP = {"tei": TEI_NS}
XML_ID = f"{{{XML_NS}}}id"
XML_LANG = f"{{{XML_NS}}}lang"


def tei(tag: str) -> str:
    """Clark notation for a TEI element name."""
    return f"{{{TEI_NS}}}{tag}"


def local(tag) -> str:
    """The local name of an element tag ('' for comments and processing instructions)."""
    return tag[tag.rfind("}") + 1:] if isinstance(tag, str) else ""


def parser(collect_ids: bool = True) -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False, no_network=True, load_dtd=False, dtd_validation=False,
        huge_tree=False, remove_blank_text=False, collect_ids=collect_ids,
    )


XINCLUDE_NS = "http://www.w3.org/2001/XInclude"
# A DOCTYPE and what follows its name: an external identifier or an internal subset.
_DOCTYPE = re.compile(r"<!DOCTYPE\s+[^\s>\[]+\s*(?P<rest>[^>]*)", re.S)
_PROLOG_BYTES = 65536  # the DOCTYPE comes before the root element, near the start
_ROOT_START = re.compile(r"<[A-Za-z_]")


def parse(path: Path) -> etree._ElementTree:
    return parse_bytes(read(path), path).getroottree()


def read(path: Path) -> bytes:
    """A document's bytes, or a one-line error when there is no file to read."""
    path = Path(path)
    if not path.is_file():
        raise CorpusError("file not found" if not path.exists() else "not a regular file", path,
                          rule="missing-file")
    return path.read_bytes()


def parse_bytes(data: bytes, name: str | Path = "<string>",
                collect_ids: bool = True) -> etree._Element:
    check_policy(data, name)
    try:
        root = etree.fromstring(data, parser(collect_ids))
    except etree.XMLSyntaxError as exc:
        raise _malformed(exc, name) from None
    include = next(root.iter(f"{{{XINCLUDE_NS}}}*"), None)
    if include is not None:
        raise CorpusError("XInclude is not allowed (it would read other files)", name,
                          include.sourceline, "xml-policy")
    return root


def check_policy(data: bytes, name) -> None:
    """Refuse a DOCTYPE that declares entities or names an external DTD, before any parser
    sees the document."""
    head = _decoded_head(data)
    match = _DOCTYPE.search(head)
    if not match:
        return
    rest = match.group("rest").strip()
    if not rest:
        return  # <!DOCTYPE TEI>: nothing to resolve
    line = head.count("\n", 0, match.start()) + 1
    what = ("declares entities or other markup (an internal DTD subset)" if "[" in rest
            else "names an external DTD")
    raise CorpusError(f"the DOCTYPE {what}; not allowed (entity expansion, external files)",
                      name, line, "xml-policy")


def _decoded_head(data: bytes) -> str:
    """The document up to its root element as text, for the DOCTYPE check: its first
    _PROLOG_BYTES, or all of it when the prolog is longer than that."""
    head = _decoded(data[:_PROLOG_BYTES])
    if len(data) > _PROLOG_BYTES and not _ROOT_START.search(head):
        head = _decoded(data)
    return head


def _decoded(data: bytes) -> str:
    """Bytes as text, whatever the encoding: a BOM, or the NUL pattern of UTF-16 and UTF-32
    without one, else UTF-8; what does not decode is dropped (only the markup matters)."""
    for bom, encoding in ((codecs.BOM_UTF32_LE, "utf-32-le"), (codecs.BOM_UTF32_BE, "utf-32-be"),
                          (codecs.BOM_UTF16_LE, "utf-16-le"), (codecs.BOM_UTF16_BE, "utf-16-be"),
                          (codecs.BOM_UTF8, "utf-8")):
        if data.startswith(bom):
            return data[len(bom):].decode(encoding, "ignore")
    for pattern, encoding in ((b"<\0\0\0", "utf-32-le"), (b"\0\0\0<", "utf-32-be"),
                              (b"<\0", "utf-16-le"), (b"\0<", "utf-16-be")):
        if data.startswith(pattern):
            return data.decode(encoding, "ignore")
    return data.decode("utf-8", "ignore")


def _malformed(exc: etree.XMLSyntaxError, name) -> CorpusError:
    line = exc.lineno or (exc.position[0] if exc.position else None)
    return CorpusError(exc.msg.split(", line")[0], name, line, "malformed-xml")


def lang_of(el: etree._Element, default: str = "en") -> str:
    """The effective xml:lang of an element (inherited from its ancestors)."""
    for node in (el, *el.iterancestors()):
        value = node.get(XML_LANG)
        if value:
            return value
    return default
