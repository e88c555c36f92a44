"""The manifest of source captures (`texts/manifest.toml`).

The captures are data kept exactly as taken from the web; the manifest says where each came
from and which of its lines are web chrome rather than text, so that the fidelity check knows
what the TEI body must reproduce.
"""

from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CorpusError
from ..paths import texts_dir
from .read import body_text
from .xmlio import parse_bytes

MANIFEST_NAME = "manifest.toml"
REQUIRED = ("id", "file", "seed", "sha256", "title", "author", "publisher", "licence", "language")
BULLET = re.compile(r"^\s*•\s*")


@dataclass(frozen=True)
class TextInfo:
    id: str
    file: str
    seed: str
    sha256: str
    title: str
    author: str
    publisher: str
    licence: str
    language: str
    boilerplate: tuple[tuple[int, int], ...] = ()
    title_note: str = ""
    licence_url: str = ""
    url: str = ""  # where the capture was taken from
    date: str = ""  # of the original publication, ISO 8601
    folder: Path = field(default=Path("."), compare=False)

    @property
    def path(self) -> Path:
        return self.folder / self.file

    def raw(self) -> bytes:
        return self.path.read_bytes()

    def lines(self) -> list[str]:
        return self.raw().decode("utf-8").split("\n")

    def is_boilerplate(self, lineno: int) -> bool:
        return any(a <= lineno <= b for a, b in self.boilerplate)

    def content_lines(self) -> list[str]:
        """The capture's lines minus boilerplate, 1-based line numbers kept as pairs."""
        return [ln for i, ln in enumerate(self.lines(), 1) if not self.is_boilerplate(i)]

    def content_text(self) -> str:
        """What the TEI body must reproduce: boilerplate and list bullets removed, whitespace
        collapsed (the bullet is rendered by `list rend="bulleted"`); of a TEI capture (a
        document from another project), its own body's reading text."""
        if self.file.lower().endswith(".xml"):
            return body_text(parse_bytes(self.raw(), self.path))
        return normalise(" ".join(BULLET.sub("", ln) for ln in self.content_lines()))


def normalise(text: str) -> str:
    return " ".join(text.split())


def load_manifest(folder: Path | None = None) -> list[TextInfo]:
    folder = Path(folder or texts_dir())
    path = folder / MANIFEST_NAME
    if not path.exists():
        raise CorpusError("manifest not found", path, rule="missing-file")
    try:
        data = tomllib.loads(path.read_text("utf-8"))
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(str(exc), path, rule="malformed-toml") from None
    texts = []
    for n, entry in enumerate(data.get("text", []), 1):
        missing = [k for k in REQUIRED if k not in entry]
        if missing:
            raise CorpusError(f"text #{n} lacks {', '.join(missing)}", path, rule="manifest")
        entry = dict(entry)
        entry["boilerplate"] = tuple(tuple(r) for r in entry.get("boilerplate", []))
        texts.append(TextInfo(folder=folder, **entry))
    return texts


def manifest_by_id(folder: Path | None = None) -> dict[str, TextInfo]:
    return {t.id: t for t in load_manifest(folder)}


HEADER = """# One [[text]] per capture in this folder: its sha256 and what is known of its
# source. `corpus add` copies a text here and enters it.
"""
ENTRY_FIELDS = ("id", "file", "seed", "sha256", "title", "author", "publisher", "licence",
                "licence_url", "url", "date", "language")


def entry_text(info: TextInfo) -> str:
    """A [[text]] table for the manifest. A JSON string is a valid TOML basic string (the
    same escapes), so values need no TOML writer; empty optional fields are left out."""
    lines = ["", "[[text]]"]
    for name in ENTRY_FIELDS:
        value = getattr(info, name)
        if value or name in REQUIRED:
            lines.append(f"{name} = {json.dumps(value, ensure_ascii=False)}")
    if info.boilerplate:
        lines.append(f"boilerplate = {json.dumps([list(r) for r in info.boilerplate])}")
    return "\n".join(lines) + "\n"


def with_entry(folder: Path, info: TextInfo) -> bytes:
    """The manifest of `folder` with `info` appended (comments and layout kept); refused if
    the id is taken."""
    path = folder / MANIFEST_NAME
    old = path.read_text("utf-8") if path.exists() else HEADER
    if path.exists() and info.id in manifest_by_id(folder):
        raise CorpusError(f"the manifest already has a text {info.id!r}; give another --id",
                          path, rule="exists")
    return (old.rstrip("\n") + "\n" + entry_text(info)).encode("utf-8")
