"""Names of countries, regions and cities in the languages of the field, from ICU's CLDR data.

A register place that carries a CLDR code (`<idno type="cldr-territory">DE</idno>`, or
`<idno type="cldr-city">Europe/Berlin</idno>`, the time-zone id CLDR files its exemplar cities
under) is found under its name in each of the 49 languages of `LANGUAGES`: Saksa and Moskova
(Finnish), Nemčija (Slovene), Nemačka (Serbian). The names come from the Unicode Common Locale Data
Repository through PyICU, which the project already needs for transliteration: curated by
the Unicode Consortium and its national contributors, and far wider than a hand-kept list.
They are names of the place today. That is why only places whose name has not changed carry
a code: Stalingrad is not Volgograd's exemplar city, and the Soviet Union has no code.

The rows keep each locale's language tag where the declension tables have that language
(a Czech Evropa declines to Evropě, `corpus.names.declension.language_bases`); elsewhere one
row stands for each distinct spelling, under the first locale that gives it.
"""

from __future__ import annotations

from functools import cache
from types import ModuleType

from .tables import declension

KINDS = ("cldr-territory", "cldr-city")
# The languages read: those the literature of the field is written in and the register itself
# gives names in. Not all 250: a name in a language few scholars read collides with common
# words of the ones they do (Chiga Amerika for the United States, Sango Ênnde for India,
# Mongolian Герман for Germany, which is a Russian forename).
LANGUAGES = frozenset(
    "en ru de fr pl cs sk uk be bg mk sr hr bs sl lt lv et fi hu ro it es pt nl da sv nb nn "
    "is el tr sq ka hy az he yi ar fa ur hi bn th vi ja zh ko id".split())


@cache
def _icu() -> ModuleType:
    """PyICU, imported at first use: 45 ms that `corpus lookup` over a database never needs."""
    import icu

    return icu


@cache
def _locales() -> tuple[str, ...]:
    """Language locales of LANGUAGES (no region: en_GB repeats en), with script variants
    (sr_Latn, zh_Hant)."""
    locales = (_icu().Locale(name) for name in sorted(_icu().Locale.getAvailableLocales()))
    return tuple(str(loc) for loc in locales
                 if not loc.getCountry() and loc.getLanguage() in LANGUAGES)


def _name(kind: str, code: str, locale: str) -> str:
    if kind == "cldr-territory":
        return str(_icu().Locale(f"und_{code}").getDisplayCountry(_icu().Locale(locale)))
    return str(_zone_names(locale).getExemplarLocationName(code))


@cache
def _zone_names(locale: str):
    """One per locale, not per city: making one reads the locale's time-zone data."""
    return _icu().TimeZoneNames.createInstance(_icu().Locale(locale))


def known(kind: str, code: str) -> bool:
    """Whether CLDR has the code: ICU falls back to the code itself (XY, Zzz) for an unknown
    one, and maps retired territories to their successors (SU to Russia, YU to Serbia), which
    would name the wrong place."""
    if kind == "cldr-territory":
        return (code.isdigit() or code.isalpha() and code.isupper()) and \
            _name(kind, code, "en") != code and code not in _RETIRED
    if kind == "cldr-city":
        return _icu().TimeZone.createTimeZone(code).getID() == code
    return False


# ISO 3166 codes withdrawn since 1945 that ICU still resolves, to another country
_RETIRED = frozenset({"SU", "YU", "CS", "DD", "BU", "ZR", "TP", "NT", "YD", "VD", "FX"})


@cache
def names(kind: str, code: str) -> tuple[tuple[str, str], ...]:
    """(name, BCP 47 tag) of one code in every locale, as described above; () for a code
    CLDR does not know."""
    if not known(kind, code):
        return ()
    declined = {lang.language for lang in declension().languages}
    out: dict[tuple[str, str], None] = {}
    seen: set[str] = set()
    for name in _locales():
        text = " ".join(_name(kind, code, name).split())
        if not text or text == code:
            continue
        locale = _icu().Locale(name)
        tag = str(locale.toLanguageTag())
        if locale.getLanguage() in declined or text not in seen:
            out[(text, tag)] = None
        seen.add(text)
    return tuple(out)
