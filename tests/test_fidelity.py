"""Text fidelity: every word of every capture is in its TEI body, in order, unaltered."""

from __future__ import annotations

import hashlib

import pytest

from corpus.tei.read import body_text
from corpus.tei.validate import fidelity_diff
from corpus.tei.xmlio import parse

from .conftest import TEI, TEXTS

IDS = ["worldlib-rlm", "blog-rlm-angles", "deac-vlasov", "thisday-pow-1942", "soviet-traitors"]


@pytest.mark.parametrize("doc_id", IDS)
def test_body_text_equals_capture_minus_boilerplate(doc_id, manifest):
    encoded = body_text(parse(TEI / f"{doc_id}.xml").getroot())
    assert fidelity_diff(manifest[doc_id].content_text(), encoded) == ""


@pytest.mark.parametrize("doc_id", IDS)
def test_captures_are_unchanged(doc_id, manifest):
    info = manifest[doc_id]
    assert hashlib.sha256((TEXTS / info.file).read_bytes()).hexdigest() == info.sha256


def test_boilerplate_is_only_web_furniture(manifest):
    """Guard against hiding text as boilerplate: the dropped lines are few and known."""
    dropped = {i: [ln for n, ln in enumerate(t.lines(), 1) if t.is_boilerplate(n) and ln.strip()]
               for i, t in manifest.items()}
    assert sum(len(v) for v in dropped.values()) <= 16
    assert all(not any("Vlasov" in ln for ln in lines) for lines in dropped.values())


def test_fidelity_diff_points_at_the_first_difference():
    assert fidelity_diff("a b c", "a b c") == ""
    assert "character 2" in fidelity_diff("a b c", "a x c")
