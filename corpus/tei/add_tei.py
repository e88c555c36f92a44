"""`corpus add` of a TEI document from another project: its structure kept, its names linked.

A scholar's TEI keeps everything it has — header, divisions, its own ids and notes; what the
draft adds is markup, never text:

- its `persName`, `orgName`, `placeName`, `term` and `rs` are linked to the register through
  the same lookup as `corpus lookup` (an unambiguous hit of the element's kind), with
  `cert="unknown" resp="#annotator"` for review; a pointer of its own (`@ref` to its own list
  or to an authority file) moves to `@corresp`, so nothing is lost; a name the register does
  not know stays as it was (a name, not a mention) and is listed for review;
- spellings the lookup knows in the running text get their element, as in a plain text;
- passages without an `xml:id` get one (`{document}-{kind}{n}`), so they can be cited;
- the header gains the capture's sha256 and file name (`sourceDesc/bibl`), the source facts
  given on the command line, the annotator's `respStmt` and the languages used.

The file is kept as the capture (`texts/{id}.xml`, with its sha256 in the manifest); what the
draft's body must reproduce is the capture's body text (`manifest.TextInfo.content_text`).
"""

from __future__ import annotations

from pathlib import Path

from lxml import etree

from ..errors import CorpusError
from .annotate import Annotator
from .candidates import Candidate
from .encode import tag_text
from .read import MENTION_TYPES, iter_segment_elements, ref_id
from .xmlio import NSMAP, TEI_NS, XML_ID, XML_LANG, local, tei

MARK = ' cert="unknown" resp="#annotator"'
LINK_MIN_SCORE = 0.9  # a lookup hit weaker than this is no link (see names.lookup.SCORES)
# Text inside these is not searched for names: the editor's words, readings, pointers; nor
# inside a name linked to the register (a name the register does not know is searched: the
# ROA in "1. Division der ROA" is a mention of its own).
NOT_SCANNED = {"note", "choice", "sic", "corr", "abbr", "expan", "orig", "reg", "ref", "ptr",
               "idno", "seg"}
NAME_TAGS = (*MENTION_TYPES, "rs")


def check_tei(root, file: Path) -> None:
    """A document to draft from: a TEI with a body (a teiCorpus is split first)."""
    if local(root.tag) != "TEI":
        raise CorpusError(f"the root element is <{local(root.tag)}>, not <TEI> (a teiCorpus: "
                          "split it with `corpus import-tei`)", file, root.sourceline, "not-tei")
    if root.find("tei:text/tei:body", NSMAP) is None:
        raise CorpusError("the document has no text/body", file, rule="not-tei")


def draft_from_tei(root, doc_id: str, lang: str, annotator: Annotator,
                   register) -> tuple[etree._Element, list[Candidate], int]:
    """The draft of a TEI capture, made in the parsed capture itself (markup added, text kept):
    (root, names the register does not know, links made)."""
    root.set(XML_ID, doc_id)
    root.set(XML_LANG, root.get(XML_LANG) or lang)
    _number_passages(root, doc_id)
    unknown, linked = _link_names(root, annotator, register)
    for segment in iter_segment_elements(root):
        _tag_running_text(segment, annotator, root.get(XML_LANG, lang))
    return root, unknown, linked


def _number_passages(root, doc_id: str) -> None:
    taken = {el.get(XML_ID) for el in root.iter() if isinstance(el.tag, str)}
    counters: dict[str, int] = {}
    for el in iter_segment_elements(root):
        if el.get(XML_ID):
            continue
        kind = local(el.tag)
        while True:
            counters[kind] = counters.get(kind, 0) + 1
            candidate = f"{doc_id}-{kind}{counters[kind]}"
            if candidate not in taken:
                break
        el.set(XML_ID, candidate)
        taken.add(candidate)


def _link_names(root, annotator: Annotator, register) -> tuple[list[Candidate], int]:
    body = root.find("tei:text/tei:body", NSMAP)
    unknown: dict[str, Candidate] = {}
    linked = 0
    for el in body.iter(*(tei(t) for t in NAME_TAGS)):
        if any(local(a.tag) in NAME_TAGS for a in el.iterancestors()):
            continue  # a name inside a name: the outer one is the mention
        target = ref_id(el.get("ref"))
        if target in register:
            continue
        if el.get("ref"):  # the project's own pointer is kept, beside ours
            el.set("corresp", " ".join(filter(None, (el.get("corresp"), el.get("ref")))))
            del el.attrib["ref"]
        text = " ".join("".join(el.itertext()).split())
        entity = _entity(annotator, text, MENTION_TYPES.get(local(el.tag)))
        if entity:
            el.set("ref", f"reg:{entity}")
            el.set("cert", "unknown")
            el.set("resp", "#annotator")
            linked += 1
        elif text in unknown:
            unknown[text].count += 1
        elif text:
            passage = next((a for a in el.iterancestors() if a.get(XML_ID)), el)
            context = " ".join("".join(passage.itertext()).split())
            unknown[text] = Candidate(text, 1, f"{passage.get(XML_ID, '')}: {context[:120]}")
    return list(unknown.values()), linked


def _entity(annotator: Annotator, text: str, kind: str | None) -> str | None:
    """The register entity a name clearly is: the best lookup hit, unambiguous, strong and of
    the element's kind (a placeName is no person); else None — a wrong link is worse than
    none."""
    hits = annotator.lookup.lookup(text, limit=2) if text else []
    if not hits:
        return None
    top = hits[0]
    if top.ambiguous or top.score < LINK_MIN_SCORE or (kind and top.type != kind):
        return None
    if len(hits) > 1 and hits[1].score >= top.score:
        return None
    return top.id


def _tag_running_text(segment, annotator: Annotator, lang: str) -> None:
    """Wrap the known spellings of the segment's own running text (not inside names, notes or
    readings) in their elements, as a plain text's draft does. A name split across markup is
    left alone: only whole text nodes are read."""
    nodes = [(segment, "text")] if segment.text else []
    for el in segment.iterdescendants():
        if not isinstance(el.tag, str):
            continue
        if el.text and _running(el, segment):
            nodes.append((el, "text"))
        if el.tail and _running(el.getparent(), segment):
            nodes.append((el, "tail"))
    for el, where in nodes:  # collected first: wrapping inserts elements
        _wrap(el, where, annotator, lang)


def _running(el, segment) -> bool:
    """Whether text directly inside `el` is the segment's running text."""
    while el is not segment:
        tag = local(el.tag)
        if tag in NOT_SCANNED or (tag in NAME_TAGS and el.get("ref")):
            return False
        el = el.getparent()
    return True


def _wrap(el, where: str, annotator: Annotator, lang: str) -> None:
    text = el.text if where == "text" else el.tail
    proposals = [p for p in annotator.propose(text, lang) if not p.ambiguous]
    if not proposals:
        return
    fragment = etree.fromstring(f'<w xmlns="{TEI_NS}">{tag_text(text, proposals, MARK)}</w>')
    if where == "text":
        el.text = fragment.text
        for i, child in enumerate(list(fragment)):
            el.insert(i, child)
    else:
        el.tail = fragment.text
        parent, at = el.getparent(), el.getparent().index(el)
        for i, child in enumerate(list(fragment)):
            parent.insert(at + 1 + i, child)


def finish_header(root, info, unknown: list[Candidate], lang: str) -> None:
    """The capture's sha256 and file name, the source facts, the annotator and the languages,
    added to the document's own header (nothing of it removed)."""
    header = root.find("tei:teiHeader", NSMAP)
    file_desc = header.find("tei:fileDesc", NSMAP)
    title_stmt = file_desc.find("tei:titleStmt", NSMAP)
    if not root.xpath("//*[@xml:id='annotator']"):
        resp = etree.SubElement(title_stmt, tei("respStmt"), {XML_ID: "annotator"})
        etree.SubElement(resp, tei("resp")).text = (
            "names linked and known spellings proposed automatically from the register by "
            "corpus add; unreviewed where marked cert=\"unknown\"")
        etree.SubElement(resp, tei("name")).text = "corpus add"
    source_desc = file_desc.find("tei:sourceDesc", NSMAP)
    holder = source_desc  # a sourceDesc of paragraphs takes no bibl beside them: one inside
    if source_desc.find("tei:p", NSMAP) is not None:
        holder = etree.SubElement(source_desc, tei("p"))
    bibl = etree.SubElement(holder, tei("bibl"), type="capture")
    for tag, value in (("author", info.author), ("publisher", info.publisher)):
        if value and not value.startswith("not stated"):
            etree.SubElement(bibl, tei(tag)).text = value
    if info.date:
        etree.SubElement(bibl, tei("date"), when=info.date).text = info.date
    if info.url:
        etree.SubElement(bibl, tei("ptr"), target=info.url)
    etree.SubElement(bibl, tei("idno"), type="sha256").text = info.sha256
    etree.SubElement(bibl, tei("idno"), type="seed").text = info.seed
    add_review_note(root, unknown, "Names not in the register, to review: ")
    _languages(root, header, lang)


def add_review_note(root, unknown: list[Candidate], heading: str) -> None:
    """The names to review, as `notesStmt/note[@type="review"]` of the header (in the
    document's own notesStmt, or one made before sourceDesc)."""
    if not unknown:
        return
    file_desc = root.find("tei:teiHeader/tei:fileDesc", NSMAP)
    notes = file_desc.find("tei:notesStmt", NSMAP)
    if notes is None:
        notes = etree.Element(tei("notesStmt"))
        notes.tail = "\n"
        file_desc.find("tei:sourceDesc", NSMAP).addprevious(notes)
    note = etree.SubElement(notes, tei("note"), type="review")
    note.text = heading
    listing = etree.SubElement(note, tei("list"))
    for candidate in unknown:
        etree.SubElement(listing, tei("item")).text = candidate.name


def _languages(root, header, lang: str) -> None:
    profile = header.find("tei:profileDesc", NSMAP)
    if profile is None:
        profile = etree.SubElement(header, tei("profileDesc"))
        header.find("tei:fileDesc", NSMAP).addnext(profile)
    usage = profile.find("tei:langUsage", NSMAP)
    if usage is None:
        usage = etree.Element(tei("langUsage"))
        profile.insert(0, usage)
    used = {el.get(XML_LANG) for el in root.iter() if isinstance(el.tag, str)} | {lang}
    listed = {el.get("ident") for el in usage}
    for tag in sorted(t for t in used - listed if t):
        etree.SubElement(usage, tei("language"), ident=tag).text = tag

