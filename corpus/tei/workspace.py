"""`corpus init`: a workspace of the scholar's own.

A workspace is a folder with `corpus.toml` (its marker), `tei/` (a copy of the register, and
of the project's documents if she wants them), `texts/` (captures with their manifest) and,
once built, `corpus.db`. Every command run inside it reads and writes there (see
`corpus.paths`), so her corpus never mixes with the one installed with the package.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from ..errors import CorpusError
from ..paths import REGISTER_NAME, WORKSPACE_FILE, document_paths, shipped_root
from .manifest import HEADER, MANIFEST_NAME

MARKER = """# This folder is a corpus workspace: `corpus` commands run anywhere inside it read
# tei/ and texts/ here and keep the database in corpus.db here (see corpus/paths.py).
[workspace]
name = {name}
"""


@dataclass
class Workspace:
    folder: Path
    documents: int  # TEI documents copied


def init(folder: Path | str, with_texts: bool = False) -> Workspace:
    """Make `folder` a workspace; refuses one that already holds a corpus, and leaves nothing
    half made if a copy fails."""

    folder = Path(folder)
    if (folder / WORKSPACE_FILE).exists() or (folder / "tei" / REGISTER_NAME).exists():
        raise CorpusError("this folder already holds a corpus", folder, rule="exists")
    source = shipped_root()
    made = [p for p in (folder / "tei", folder / "texts") if not p.exists()]
    try:
        for sub in ("tei", "texts"):
            (folder / sub).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(source / "tei" / REGISTER_NAME, folder / "tei" / REGISTER_NAME)
        documents = document_paths(source / "tei") if with_texts else []
        for path in documents:
            shutil.copyfile(path, folder / "tei" / path.name)
        if with_texts:
            for path in (source / "texts").iterdir():
                if path.is_file():
                    shutil.copyfile(path, folder / "texts" / path.name)
        else:
            (folder / "texts" / MANIFEST_NAME).write_text(HEADER, "utf-8")
        name = json.dumps(folder.resolve().name, ensure_ascii=False)  # a TOML basic string
        (folder / WORKSPACE_FILE).write_text(MARKER.format(name=name), "utf-8")
    except OSError as exc:
        for path in made:
            shutil.rmtree(path, ignore_errors=True)
        raise CorpusError(f"cannot make the workspace ({exc.strerror})", folder,
                          rule="workspace") from None
    return Workspace(folder, len(documents))
