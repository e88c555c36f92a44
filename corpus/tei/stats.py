"""Counts per document: how much of each text is annotated, and with what; and when and
where the text was published, as its header says."""

from __future__ import annotations

from pathlib import Path

from ..paths import register_path, tei_dir
from .read import document_paths, read_document
from .register import load_register


def corpus_stats(tei: Path | None = None) -> list[dict]:
    folder = Path(tei or tei_dir())
    register = load_register(register_path(folder))
    rows = []
    for path in document_paths(folder):
        doc = read_document(path)
        mentions = [m for s in doc.segments for m in s.mentions]
        ids = {m.entity for m in mentions}
        types = [register.by_id[i].type for i in ids if i is not None and i in register]
        rows.append({
            "document": doc.id, "date": doc.date, "url": doc.url,
            "segments": len(doc.segments), "mentions": len(mentions),
            "entities": len(ids), "persons": types.count("person"), "orgs": types.count("org"),
            "places": types.count("place"), "terms": types.count("term"),
        })
    return rows
