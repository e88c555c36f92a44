"""`corpus add`: a new plain text into a draft TEI document, ready for review.

The draft comes from `corpus.tei.encode` (the same code that drafted the five texts), with two
additions:

- The annotator proposes what `corpus lookup` resolves (`corpus.tei.annotate`), so every spelling
  lookup knows is tagged: register forms, each scheme's renderings (Wlassow, Vlasoff),
  declined forms and names with initials, and no homonym of a register person.
- The text becomes a capture like the five: it is copied into the `texts/` beside the TEI
  folder as `{id}.txt` and entered in its `manifest.toml` with its sha256 and what the scholar
  knows of its source (author, date, publisher, address, licence), which the TEI header also
  records (`sourceDesc/bibl`, `availability`). Nothing points outside the corpus, so
  `corpus validate` checks its fidelity in any copy of it. Capitalised names the register
  does not know are listed in `fileDesc/notesStmt/note[@type="review"]` and returned, for the
  scholar.

Input that is not UTF-8 text (a binary file, another encoding, control characters XML cannot
hold) is refused with one line naming the file and line, and nothing is written.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from urllib.parse import urlsplit

import langcodes
from lxml import etree

from ..atomic import write_atomically
from ..errors import CorpusError
from ..paths import register_path, texts_beside, writable_tei
from .add_tei import add_review_note, check_tei, draft_from_tei, finish_header
from .annotate import Annotator
from .candidates import Candidate, unknown_names
from .encode import blocks_from_lines, draft_document
from .langid import detect, mismatch
from .manifest import TextInfo, with_entry
from .read import body_text, read_document
from .register import load_register
from .validate import fidelity_diff
from .xmlio import NSMAP, parse_bytes, read, tei

DOC_ID = re.compile(r"^[a-z][a-z0-9]*(?:-[a-z0-9]+)*$")
# characters XML 1.0 cannot contain (C0 controls other than tab, newline, carriage return)
NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")
NOT_STATED = "not stated (added with corpus add)"
ISO_DATE = re.compile(r"^\d{4}(?:-(?:0[1-9]|1[0-2])(?:-(?:0[1-9]|[12]\d|3[01]))?)?$")
ADDRESS_SCHEMES = {"http", "https", "ftp", "doi", "urn", "hdl", "info"}


@dataclass(frozen=True)
class Source:
    """What the scholar knows of where a text was published; each field may be empty."""

    author: str = ""
    date: str = ""  # ISO 8601: 1995, 1995-05 or 1995-05-02
    publisher: str = ""
    url: str = ""
    licence: str = ""

    def check(self) -> None:
        """A date or address a citation could not use is refused rather than stored."""

        if self.date and not ISO_DATE.match(self.date):
            raise CorpusError(f"--date {self.date!r} is not an ISO 8601 date (1995, 1995-05 "
                              "or 1995-05-02)", rule="bad-date")
        if self.date and len(self.date) == 10:
            try:
                dt.date.fromisoformat(self.date)
            except ValueError:
                raise CorpusError(f"--date {self.date!r} is no day of the calendar",
                                  rule="bad-date") from None
        parts = urlsplit(self.url)
        if self.url and (parts.scheme.lower() not in ADDRESS_SCHEMES or " " in self.url
                         or (parts.scheme.lower() in {"http", "https", "ftp"}
                             and not parts.netloc)):
            raise CorpusError(f"--url {self.url!r} is not an address (http(s), ftp, doi, urn, "
                              "hdl)", rule="bad-url")


@dataclass
class Added:
    id: str
    path: Path
    capture: Path  # the copy in texts/
    sha256: str
    mentions: int
    entities: list[str] = field(default_factory=list)
    unknown: list[Candidate] = field(default_factory=list)
    lang: str = ""
    detected: str = ""  # what the language detector read, e.g. "de (German, 100%)"
    warnings: list[str] = field(default_factory=list)

    def as_dict(self) -> dict:
        return {**asdict(self), "path": str(self.path), "capture": str(self.capture)}


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


CONTEXT = 50  # characters of context either side of a candidate's first use


def review_names(info, annotator) -> list[Candidate]:
    """Capitalised names no proposal covers, block by block, in first occurrence order."""

    lines = [(i, ln) for i, ln in enumerate(info.lines(), 1)]
    blocks = blocks_from_lines(lines)
    ordinary = frozenset(w.casefold() for block in blocks
                         for w in re.findall(r"\b[^\W\d_][\w’'-]*", block.text) if w.islower())
    found: dict[str, Candidate] = {}
    for block in blocks:
        proposals = annotator.propose(block.text, info.language)
        surfaces = {p.surface for p in proposals}
        for name, at in unknown_names(block.text, proposals, info.language, ordinary):
            if name in found:
                found[name].count += 1
            # "General Vlasov": a title before a known name is not a new name
            elif not any(surface in name for surface in surfaces):
                left = block.text[max(0, at - CONTEXT):at]
                right = block.text[at + len(name):at + len(name) + CONTEXT]
                found[name] = Candidate(name, 1, f"…{left}[{name}]{right}…")
    return list(found.values())


def _finish_header(xml: str, lang: str, unknown: list[Candidate]):
    """Parse the draft and add the review list and the text's language."""
    root = parse_bytes(xml.encode("utf-8"), "draft")
    add_review_note(root, unknown, "Capitalised names not in the register, to review: ")
    usage = root.find(".//tei:profileDesc/tei:langUsage", NSMAP)
    if lang not in {el.get("ident") for el in usage}:
        etree.SubElement(usage, tei("language"), ident=lang).text = lang
    return root


def add(file: Path | str, title: str | None = None, lang: str | None = None,
        doc_id: str | None = None,
        author: str = "", tei: Path | str | None = None, register=None, *,
        source: Source | None = None, texts: Path | str | None = None) -> Added:
    """Draft `file` as `{tei}/{doc_id}.xml` (default: the workspace's TEI) and copy it into
    `texts` (default: the `texts/` beside the TEI folder) with a manifest entry; nothing is
    written if any check fails, and nothing is left if a write fails."""
    file, folder = Path(file), writable_tei(tei)
    texts = Path(texts) if texts else texts_beside(folder)
    source = source or Source(author=author)
    source.check()
    is_tei = file.suffix.lower() == ".xml"  # a TEI document from another project
    raw = read(file) if is_tei else read_capture(file)
    sha256 = hashlib.sha256(raw).hexdigest()
    own = parse_bytes(raw, file) if is_tei else None  # parsed once: the draft is made in it
    if own is not None:
        check_tei(own, file)
    title = title or (own.findtext(".//tei:titleStmt/tei:title", namespaces=NSMAP)
                      if own is not None else None)
    if not title:
        raise CorpusError("give the text's --title", file, rule="no-title")
    doc_id = doc_id or default_id(file)
    if not DOC_ID.match(doc_id) or doc_id == "register":
        raise CorpusError(f"id {doc_id!r} must be lower-case ASCII words joined by '-', starting "
                          "with a letter (give --id)", file, rule="bad-id")
    if lang is not None and not langcodes.tag_is_valid(lang):
        raise CorpusError(f"--lang {lang!r} is not a well-formed BCP 47 tag", rule="bad-lang")
    lang, detected, warnings = _language(
        body_text(own) if own is not None else raw.decode("utf-8"), lang, file)
    target, capture = folder / f"{doc_id}.xml", texts / f"{doc_id}{'.xml' if is_tei else '.txt'}"
    for path in (target, capture):
        if path.exists():
            raise CorpusError("a document with this id exists; give another --id", path,
                              rule="exists")
    register = register or load_register(register_path(folder))
    annotator = Annotator(register)
    info = TextInfo(id=doc_id, file=file.name, seed=file.name, sha256=sha256, title=title,
                    author=source.author or NOT_STATED, publisher=source.publisher or NOT_STATED,
                    licence=source.licence or NOT_STATED, language=lang, url=source.url,
                    date=source.date, folder=file.parent)
    manifest = with_entry(texts, replace(info, file=capture.name))
    if own is not None:
        root, unknown, _ = draft_from_tei(own, doc_id, lang, annotator, register)
        finish_header(root, info, unknown, lang)
    else:
        unknown = review_names(info, annotator)
        root = _finish_header(draft_document(info, annotator), lang, unknown)
    diff = fidelity_diff(info.content_text(), body_text(root))
    if diff:  # the drafting code guarantees this; checked so a bug cannot write a bad draft
        raise CorpusError(diff, file, rule="fidelity")
    mentions = [m for s in read_document(target, root).segments for m in s.mentions]
    data = ('<?xml version="1.0" encoding="UTF-8"?>\n'
            + etree.tostring(root, encoding="unicode") + "\n").encode("utf-8")
    _write_all([(capture, raw), (texts / "manifest.toml", manifest), (target, data)])
    return Added(doc_id, target, capture, sha256, len(mentions),
                 sorted({m.entity for m in mentions if m.entity}), unknown, lang,
                 detected.describe() if detected.tag else "", warnings)


LANGUAGE_SAMPLE = 50_000  # characters of a long text the language detector reads


def _sample(text: str, pieces: int = 10) -> str:
    """A long text's language is read from slices spread over it (detection reads every word
    it is given; a 2 MB text would take it longer than drafting does)."""
    if len(text) <= LANGUAGE_SAMPLE:
        return text
    size, step = LANGUAGE_SAMPLE // pieces, len(text) // pieces
    return "\n".join(text[i * step:i * step + size] for i in range(pieces))


def _language(text: str, given: str | None, file: Path):
    """The text's language: the one given, checked against what the detector reads (a clear
    disagreement is a warning, not an error: the scholar may know better), or the one the
    detector reads when none is given (an error when it cannot tell: a wrong tag would send
    the annotator's declension rules and the search's `--lang` astray)."""

    detected = detect(_sample(text))
    if given is None:
        if not detected.tag:
            raise CorpusError("cannot tell the text's language (too short or mixed); give "
                              "--lang", file, rule="bad-lang")
        return detected.tag, detected, []
    warning = mismatch(given, detected)
    return given, detected, [warning] if warning else []


def _write_all(files: list[tuple[Path, bytes]]) -> None:
    """Each file written atomically; if one fails, those written before it are put back as
    they were, so a failed add leaves the corpus as it found it."""
    done: list[tuple[Path, bytes | None]] = []
    try:
        for path, data in files:
            old = path.read_bytes() if path.exists() else None
            path.parent.mkdir(parents=True, exist_ok=True)
            write_atomically(path, data)
            done.append((path, old))
    except BaseException:
        for path, old in reversed(done):
            if old is None:
                path.unlink(missing_ok=True)
            else:
                write_atomically(path, old)
        raise
