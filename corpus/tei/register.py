"""The authority register: every person, organisation, place and key term, with its names.

The register is TEI (`tei/register.xml`), the single source of truth; this module reads it into
the plain objects of `corpus.names.entities`. Which TEI element holds which entity type is a
table (`KINDS`), not code.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from ..names.entities import Entity, Form, Register
from ..paths import register_path
from .xmlio import NSMAP, XML_ID, XML_LANG, local, parse, tei


@dataclass(frozen=True)
class Kind:
    type: str
    container: str
    entry: str
    name: str
    container_type: str | None = None


KINDS = (
    Kind("person", "listPerson", "person", "persName"),
    Kind("org", "listOrg", "org", "orgName"),
    Kind("place", "listPlace", "place", "placeName"),
    Kind("term", "list", "item", "term", container_type="terms"),
)
FORM_TYPES = ("main", "abbr", "variant")


def _text(el) -> str:
    return " ".join("".join(el.itertext()).split())


def _facts(entry) -> dict[str, str]:
    facts: dict[str, str] = {}
    for el in entry:
        name = local(el.tag)
        if name in ("birth", "death", "floruit", "event") and el.get("when"):
            facts.setdefault(name, el.get("when"))
        elif name in ("occupation", "affiliation") and _text(el):
            facts.setdefault(name, _text(el))
    return facts


# TEI elements inside persName -> the name model's part names (docs/encoding.md).
NAME_PARTS = {"forename": "forename", "surname": "surname", "nameLink": "particle",
              "roleName": "title", "genName": "suffix"}
ADDNAME_PARTS = {"patronymic": "patronymic"}


def name_parts(el) -> tuple[tuple[str, str], ...]:
    """The marked-up parts of a persName, in document order."""
    parts = []
    for child in el:
        tag = local(child.tag) if isinstance(child.tag, str) else ""
        part = (ADDNAME_PARTS.get(child.get("type", "")) if tag == "addName"
                else NAME_PARTS.get(tag))
        if part:
            parts.append((part, _text(child)))
    return tuple(parts)


def read_entry(entry, kind: Kind) -> Entity:
    forms = []
    for el in entry.findall(f"tei:{kind.name}", NSMAP):
        forms.append(Form(
            text=_text(el),
            lang=el.get(XML_LANG, ""),
            type=el.get("type", "variant"),
            attested=el.get("subtype") == "attested",
            line=el.sourceline,
            parts=name_parts(el),
        ))
    note = entry.find("tei:note", NSMAP)
    return Entity(
        id=entry.get(XML_ID, ""),
        type=kind.type,
        subtype=entry.get("type") or entry.get("role") or entry.get("n") or "",
        forms=forms,
        note=_text(note) if note is not None else "",
        facts=_facts(entry),
        line=entry.sourceline,
        codes={el.get("type", ""): _text(el) for el in entry.findall("tei:idno", NSMAP)},
    )


def iter_entries(root):
    """(entry element, kind) for every register entry under a standOff-bearing root."""
    for kind in KINDS:
        for container in root.iter(tei(kind.container)):
            if kind.container_type and container.get("type") != kind.container_type:
                continue
            for entry in container.findall(f"tei:{kind.entry}", NSMAP):
                yield entry, kind


def load_register(path: Path | None = None, root=None) -> Register:
    """The register at `path`; pass `root` when the file is already parsed."""
    path = Path(path or register_path())
    root = parse(path).getroot() if root is None else root
    entities = [read_entry(entry, kind) for entry, kind in iter_entries(root)]
    if not entities:
        raise CorpusError("the register holds no entries", path, rule="empty-register")
    return Register(entities, path)
