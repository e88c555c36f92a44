"""Transliteration between Cyrillic and Latin by named scheme: `forward` (to Latin, on the
engines the scheme files name) and `reverse` (back to Cyrillic, generate-and-verify on the
forward rules, and which schemes produce a spelling)."""

from __future__ import annotations

from .forward import UnknownScheme, scheme, schemes, to_latin
from .reverse import detect, store_reverse_tables, to_cyrillic

__all__ = ["UnknownScheme", "detect", "schemes", "scheme", "store_reverse_tables",
           "to_cyrillic", "to_latin"]
