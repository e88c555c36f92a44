"""TEI: the register and every document in one `teiCorpus` file, valid against tei_all.

The members are the TEI files themselves, unchanged but for one thing: an `xml:id` that more
than one member uses (every draft has `<respStmt xml:id="annotator">`) would be a duplicate ID
in a single file, so in each member using it the id becomes `MEMBER.id` and the member's
`#id` pointers follow. Ordinary ids never contain a full stop after the member id, so
`corpus import-tei` undoes this exactly (`restore_ids`). The register is the member with
`xml:id="register"`; documents follow in file-name order, each member being `{xml:id}.xml`.
"""

from __future__ import annotations

import copy
from collections import Counter
from pathlib import Path

from lxml import etree

from ..errors import CorpusError
from ..paths import REGISTER_NAME, register_path
from ..tei.read import document_paths
from ..tei.xmlio import NSMAP, TEI_NS, XML_ID, XML_LANG, parse, tei
from . import PRODUCER, __version__, write_atomically

SEPARATOR = "."


def _ids(root) -> list[str]:
    return [el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str) and el.get(XML_ID)]


def _retarget(root, rename) -> None:
    """Rewrite `#id` tokens in every attribute through `rename` (a function on ids)."""
    for el in root.iter():
        if not isinstance(el.tag, str):
            continue
        for name, value in el.attrib.items():
            if name == XML_ID and (renamed := rename(value)) != value:
                el.set(name, renamed)
            elif "#" in value:
                tokens = [f"#{rename(t[1:])}" if t.startswith("#") else t
                          for t in value.split(" ")]
                el.set(name, " ".join(tokens))


def prefix_ids(root, member: str, shared: set[str]) -> None:
    _retarget(root, lambda i: f"{member}{SEPARATOR}{i}" if i in shared else i)


def restore_ids(root) -> None:
    """Undo `prefix_ids` in one member TEI element."""
    head = f"{root.get(XML_ID)}{SEPARATOR}"
    _retarget(root, lambda i: i[len(head):] if i.startswith(head) else i)


def members(folder: Path) -> list[tuple[Path, etree._Element]]:
    found = []
    for path in [register_path(folder), *document_paths(folder)]:
        root = parse(path).getroot()
        if root.get(XML_ID) != path.stem:
            raise CorpusError(f"the TEI root's xml:id must be the file name ({path.stem!r}) for "
                              "the file to be restored from a teiCorpus", path,
                              root.sourceline, "export-tei")
        found.append((path, root))
    return found


def _sub(parent, tag: str, text: str | None = None, **attrs) -> etree._Element:
    el = etree.SubElement(parent, tei(tag), attrs)
    el.text = text
    return el


def corpus_header(found, shared: set[str]) -> etree._Element:
    header = etree.Element(tei("teiHeader"))
    file_desc = _sub(header, "fileDesc")
    title_stmt = _sub(file_desc, "titleStmt")
    _sub(title_stmt, "title", "The Russian Liberation Movement corpus: TEI documents and "
                              "authority register")
    resp = _sub(title_stmt, "respStmt")
    _sub(resp, "resp", "assembled by `corpus export --format tei`")
    _sub(resp, "name", PRODUCER)
    edition = _sub(_sub(file_desc, "editionStmt"), "edition", f"corpus version {__version__}")
    edition.set("n", __version__)
    extent = _sub(file_desc, "extent")
    _sub(extent, "measure", f"{len(found) - 1} documents", unit="documents",
         quantity=str(len(found) - 1))
    pub = _sub(file_desc, "publicationStmt")
    _sub(pub, "publisher", "The corpus project")
    _sub(pub, "idno", __version__, type="version")
    _sub(_sub(pub, "availability"), "p", "Each member keeps the licence its own header states.")
    source = _sub(_sub(file_desc, "sourceDesc"), "p")
    source.text = (f"The authority register ({REGISTER_NAME}, xml:id \"register\") and the "
                   f"documents {', '.join(p.stem for p, _ in found[1:])}, each the TEI file "
                   "named after its xml:id, in that order.")
    encoding = _sub(_sub(header, "encodingDesc"), "editorialDecl")
    note = ("Members are copied unchanged" + (
        f", except that the xml:ids used by more than one member ({', '.join(sorted(shared))}) "
        "are prefixed with the member's xml:id and a full stop, pointers included; "
        "`corpus import-tei` removes the prefix." if shared else "."))
    _sub(encoding, "p", note)
    langs = sorted({el.get("ident") for _, root in found
                    for el in root.iterfind(".//tei:langUsage/tei:language", NSMAP)})
    usage = _sub(_sub(header, "profileDesc"), "langUsage")
    for ident in langs:
        _sub(usage, "language", ident=ident)
    return header


def build_corpus(folder: Path) -> etree._Element:
    found = members(folder)
    ids = [_ids(root) for _, root in found]
    counts = Counter(i for member in ids for i in set(member))
    shared = {i for i, n in counts.items() if n > 1}
    for (path, root), member in zip(found, ids, strict=True):
        if any(i.startswith(f"{root.get(XML_ID)}{SEPARATOR}") for i in member):
            raise CorpusError("an xml:id starts with the file's own id and a full stop, which "
                              "the TEI export reserves", path, rule="export-tei")
    corpus = etree.Element(tei("teiCorpus"), nsmap={None: TEI_NS})
    corpus.set(XML_LANG, "en")
    header = corpus_header(found, shared)
    etree.indent(header)
    corpus.text = header.tail = "\n"
    corpus.append(header)
    for _path, element in found:
        copied = copy.deepcopy(element)
        prefix_ids(copied, copied.get(XML_ID), shared)
        copied.tail = "\n"
        corpus.append(copied)
    return corpus


def write(folder: Path, out: Path) -> None:
    corpus = build_corpus(folder)
    comment = etree.Comment(f" {PRODUCER}: teiCorpus export, corpus version {__version__} ")
    data = etree.tostring(comment, encoding="unicode") + "\n" + etree.tostring(
        corpus, encoding="unicode") + "\n"
    write_atomically(out, ('<?xml version="1.0" encoding="UTF-8"?>\n' + data).encode("utf-8"))
