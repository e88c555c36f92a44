"""Safe XML parsing and the TEI names used everywhere.

Parsing is hardened once, here: no entity expansion, no DTD loading, no network. Parse failures
become a `CorpusError` with the file and line lxml reports.
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from .errors import CorpusError

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


def parse(path: Path) -> etree._ElementTree:
    path = Path(path)
    if not path.exists():
        raise CorpusError("file not found", path, rule="missing-file")
    try:
        return etree.parse(str(path), parser())
    except etree.XMLSyntaxError as exc:
        raise _malformed(exc, path) from None


def parse_bytes(data: bytes, name: str = "<string>", collect_ids: bool = True) -> etree._Element:
    try:
        return etree.fromstring(data, parser(collect_ids))
    except etree.XMLSyntaxError as exc:
        raise _malformed(exc, name) from None


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
