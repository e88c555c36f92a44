"""Where the corpus data lives.

In a checkout the TEI and the captures sit beside the package (`tei/`, `texts/`); the
`CORPUS_TEI` and `CORPUS_TEXTS` environment variables point elsewhere (a scholar's own archive).
"""

from __future__ import annotations

import os
from pathlib import Path

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_DIR = PACKAGE_DIR.parent
REGISTER_NAME = "register.xml"


def tei_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEI") or PROJECT_DIR / "tei")


def texts_dir() -> Path:
    return Path(os.environ.get("CORPUS_TEXTS") or PROJECT_DIR / "texts")


def register_path(tei: Path | None = None) -> Path:
    return (tei or tei_dir()) / REGISTER_NAME
