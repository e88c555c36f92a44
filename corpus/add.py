"""`corpus add`: a new plain text into a draft TEI document, ready for review.

The draft comes from `corpus.encode` (the same code that drafted the five texts), with two
additions:

- The annotator proposes what `corpus lookup` resolves (`corpus.annotate`), so every spelling
  lookup knows is tagged: register forms, each scheme's renderings (Wlassow, Vlasoff),
  declined forms and names with initials, and no homonym of a register person.
- A text that is not in `texts/manifest.toml` still has to pass the fidelity check, so the
  header records where its source is: `sourceDesc/bibl/idno[@type="source"]`, the path of the
  text relative to the TEI file's folder, beside `idno[@type="sha256"]`. `source_info` reads
  them back as a `TextInfo` for `corpus validate`. Capitalised names the register does not know
  are listed in `fileDesc/notesStmt/note[@type="review"]` and returned, for the scholar.

Input that is not UTF-8 text (a binary file, another encoding, control characters XML cannot
hold) is refused with one line naming the file and line, and nothing is written.
"""

from __future__ import annotations

import hashlib
import os
import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

from .atomic import write_atomically
from .errors import CorpusError
from .paths import register_path, tei_dir

DOC_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# characters XML 1.0 cannot contain (C0 controls other than tab, newline, carriage return)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_STATED = "not stated (added with corpus add)"


@dataclass
class Added:
    id: str
    path: Path
    source: str
    sha256: str
    mentions: int
    entities: list[str] = field(default_factory=list)
    unknown: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**asdict(self), "path": str(self.path)}


def _line(data, offset: int) -> int:
    return data.count(b"\n" if isinstance(data, bytes) else "\n", 0, offset) + 1


def read_capture(path: Path) -> bytes:
    """The file's bytes once they are known to be usable text; else a one-line CorpusError."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise CorpusError(exc.strerror or "cannot read", path, rule="missing-file") from None
    if b"\0" in raw:
        raise CorpusError("binary file (NUL byte); give a plain UTF-8 text", path,
                          _line(raw, raw.index(b"\0")), "not-text")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise CorpusError(f"not UTF-8 (byte 0x{raw[exc.start]:02x}); convert the text to "
                          "UTF-8", path, _line(raw, exc.start), "not-text") from None
    bad = NOT_XML.search(text)
    if bad:
        raise CorpusError(f"control character U+{ord(bad.group()):04X} cannot go into XML", path,
                          _line(text, bad.start()), "not-text")
    if not text.strip():
        raise CorpusError("the file has no text", path, rule="not-text")
    return raw


def default_id(path: Path) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug if slug[:1].isalpha() else f"text-{slug}".rstrip("-")


def review_names(info, annotator) -> list[str]:
    """Capitalised names no proposal covers, block by block, first occurrence order."""
    from .annotate import unknown_names
    from .encode import blocks_from_lines

    lines = [(i, ln) for i, ln in enumerate(info.lines(), 1)]
    names: list[str] = []
    for block in blocks_from_lines(lines):
        proposals = annotator.propose(block.text, info.language)
        for name in unknown_names(block.text, proposals):
            # "General Vlasov": a title before a known name is not a new name
            if name not in names and not any(p.surface in name for p in proposals):
                names.append(name)
    return names


def _finish_header(xml: str, source: str, lang: str, unknown: list[str]):
    """Parse the draft and add the source path, the review list and the text's language."""
    from lxml import etree

    from .xmlio import NSMAP, parse_bytes, tei

    root = parse_bytes(xml.encode("utf-8"), "draft")
    bibl = root.find(".//tei:sourceDesc/tei:bibl", NSMAP)
    if len(bibl):
        bibl[-1].tail = " "
    etree.SubElement(bibl, tei("idno"), type="source").text = source
    if unknown:
        source_desc = root.find(".//tei:fileDesc/tei:sourceDesc", NSMAP)
        notes = etree.Element(tei("notesStmt"))
        note = etree.SubElement(notes, tei("note"), type="review")
        note.text = "Capitalised names not in the register, to review: "
        listing = etree.SubElement(note, tei("list"))
        for name in unknown:
            etree.SubElement(listing, tei("item")).text = name
        notes.tail = "\n"
        source_desc.addprevious(notes)
    usage = root.find(".//tei:profileDesc/tei:langUsage", NSMAP)
    if lang not in {el.get("ident") for el in usage}:
        etree.SubElement(usage, tei("language"), ident=lang).text = lang
    return root


def add(file: Path | str, title: str, lang: str = "en", doc_id: str | None = None,
        author: str = "", tei: Path | str | None = None, register=None) -> Added:
    """Draft `file` as `{tei}/{doc_id}.xml`; nothing is written if any check fails."""
    import langcodes
    from lxml import etree

    from .annotate import Annotator
    from .encode import draft_document
    from .manifest import TextInfo
    from .register import load_register
    from .tei import body_text, read_document
    from .validate import fidelity_diff

    file, folder = Path(file), Path(tei or tei_dir())
    sha256 = hashlib.sha256(read_capture(file)).hexdigest()
    doc_id = doc_id or default_id(file)
    if not DOC_ID.match(doc_id) or doc_id == "register":
        raise CorpusError(f"id {doc_id!r} must be lower-case ASCII words joined by '-', starting "
                          "with a letter (give --id)", file, rule="bad-id")
    if not langcodes.tag_is_valid(lang):
        raise CorpusError(f"--lang {lang!r} is not a well-formed BCP 47 tag", rule="bad-lang")
    target = folder / f"{doc_id}.xml"
    if target.exists():
        raise CorpusError("a TEI document with this id exists; give another --id", target,
                          rule="exists")
    register = register or load_register(register_path(folder))
    annotator = Annotator(register)
    info = TextInfo(id=doc_id, file=file.name, seed=file.name, sha256=sha256, title=title,
                    author=author or NOT_STATED, publisher=NOT_STATED, licence=NOT_STATED,
                    language=lang, folder=file.parent)
    source = Path(os.path.relpath(file.resolve(), folder.resolve())).as_posix()
    unknown = review_names(info, annotator)
    root = _finish_header(draft_document(info, annotator), source, lang, unknown)
    diff = fidelity_diff(info.content_text(), body_text(root))
    if diff:  # the drafting code guarantees this; checked so a bug cannot write a bad draft
        raise CorpusError(diff, file, rule="fidelity")
    mentions = [m for s in read_document(target, root).segments for m in s.mentions]
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + etree.tostring(root, encoding="unicode") + "\n").encode("utf-8")
    write_atomically(target, data)
    return Added(doc_id, target, source, sha256, len(mentions),
                 sorted({m.entity for m in mentions if m.entity}), unknown)


def source_info(root, tei_file: Path | str):
    """The capture of a document added with `corpus add`, as a `TextInfo`, for validation.

    None when the header names no source (`idno[@type="source"]`). Raises CorpusError when the
    source is missing or its sha256 differs from the header's, so a changed text is reported
    rather than compared.
    """
    from .manifest import TextInfo, normalise
    from .xmlio import NSMAP, XML_ID, XML_LANG

    bibl = root.find(".//tei:sourceDesc/tei:bibl", NSMAP)
    source = bibl.findtext("tei:idno[@type='source']", namespaces=NSMAP) if bibl is not None \
        else None
    if not source:
        return None
    path = (Path(tei_file).parent / normalise(source)).resolve()
    if not path.is_file():
        raise CorpusError(f"the source {source!r} named in the header is missing", tei_file,
                          rule="missing-source")
    sha = normalise(bibl.findtext("tei:idno[@type='sha256']", default="", namespaces=NSMAP))
    if hashlib.sha256(path.read_bytes()).hexdigest() != sha:
        raise CorpusError(f"the source {source!r} no longer has the sha256 in the header",
                          tei_file, rule="capture-hash")
    return TextInfo(id=root.get(XML_ID, ""), file=path.name, seed=path.name, sha256=sha,
                    title="", author="", publisher="", licence="",
                    language=root.get(XML_LANG, "en"), folder=path.parent)
