"""Scheme data files: well-formed, tagged correctly, and every sample reproduced."""

import re

import langcodes
import pytest

from corpus.names.schemes import ENGINE_KINDS, SchemeError, _parse, load_schemes
from corpus.names.translit import to_latin

SCHEMES = load_schemes()
SAMPLES = [
    pytest.param(s.id, sample.cyrillic, sample.latin, id=f"{s.id}:{sample.cyrillic}")
    for s in SCHEMES.values()
    for sample in s.samples
]

REQUIRED_TAGS = {
    "bgn": "ru-Latn-t-ru-m0-bgn",
    "alalc": "ru-Latn-t-ru-m0-alaloc",
    "alalc-ascii": None,
    "iso9": "ru-Latn-t-ru-m0-iso",
    "gost779b": "ru-Latn-t-ru-m0-gost",
    "scholarly": "ru-Latn-t-ru-x0-scholar",
    "wikipedia": "ru-Latn-t-ru-x0-wiki",
    "de": "de-t-ru",
    "fr": "fr-t-ru",
    "pl": "pl-t-ru",
    "cs": "cs-t-ru",
    "legacy-en": "en-t-ru",
}


@pytest.mark.parametrize(("scheme_id", "cyrillic", "latin"), SAMPLES)
def test_sample_reproduced(scheme_id, cyrillic, latin):
    assert to_latin(cyrillic, scheme_id) == latin


@pytest.mark.parametrize(("scheme_id", "tag"), REQUIRED_TAGS.items())
def test_required_scheme_and_tag(scheme_id, tag):
    assert scheme_id in SCHEMES
    if tag is not None:
        assert SCHEMES[scheme_id].tag == tag


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.id)
def test_scheme_is_described(scheme):
    assert scheme.kind in ENGINE_KINDS
    assert len(scheme.samples) >= 5
    assert scheme.label and scheme.description and scheme.source
    # the tag's language part is a real language and the T extension is present
    assert "-t-ru" in scheme.tag
    assert langcodes.Language.get(scheme.tag.split("-t-")[0]).is_valid()


def test_tags_are_unique():
    tags = [s.tag for s in SCHEMES.values()]
    assert len(tags) == len(set(tags))


@pytest.mark.parametrize("scheme", SCHEMES.values(), ids=lambda s: s.id)
def test_samples_are_cyrillic_to_latin(scheme):
    for sample in scheme.samples:
        assert re.search("[а-яё]", sample.cyrillic, re.I)
        assert not re.search("[а-яё]", sample.latin, re.I)


GOOD = {
    "id": "x",
    "tag": "ru-Latn",
    "label": "x",
    "description": "x",
    "source": "x",
    "engine": {"kind": "icu", "id": "Cyrillic-Latin"},
    "samples": [{"cyrillic": "а", "latin": "a"}] * 5,
}


@pytest.mark.parametrize(
    "broken",
    [
        {k: v for k, v in GOOD.items() if k != "tag"},
        {**GOOD, "engine": {"kind": "perl"}},
        {**GOOD, "engine": {"kind": "iuliia"}},
        {**GOOD, "samples": GOOD["samples"][:4]},
    ],
    ids=["no-tag", "bad-kind", "engine-missing-key", "too-few-samples"],
)
def test_malformed_file_rejected(broken):
    with pytest.raises(SchemeError):
        _parse("broken.toml", broken)


def test_good_file_accepted():
    assert _parse("good.toml", GOOD).kind == "icu"
