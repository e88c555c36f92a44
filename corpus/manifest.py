"""The manifest of source captures (`texts/manifest.toml`).

The captures are data kept exactly as taken from the web; the manifest says where each came
from and which of its lines are web chrome rather than text, so that the fidelity check knows
what the TEI body must reproduce.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path

from .errors import CorpusError
from .paths import texts_dir

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
        collapsed (the bullet is rendered by `list rend="bulleted"`)."""
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
