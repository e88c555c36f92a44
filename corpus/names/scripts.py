"""Names in scripts other than Latin and Cyrillic, and Latin look-alikes of Cyrillic.

A Greek, Georgian, Armenian, kana, Hangul, Arabic or Hebrew query is romanised by ICU's
transform for its script (PyICU: the transforms are maintained with CLDR, and no Python
library covers as many scripts) and then rewritten by the script's rules in `scripts.toml`, so
that `Βλάσοφ`, `ვლასოვი` and `Վլասով` reach the key space of Vlasov. A script with no ICU
transform gives no reading, so the query finds nothing rather than an unrelated entity.

Abbreviations are different: real pages type the Cyrillic РОА, КОНР, НТС with the Latin capitals
that look the same (POA, KOHP, HTC). Those are read back letter by letter into Cyrillic.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from functools import cache, lru_cache

from .tables import ScriptReading, script_readings, suffixed_titles

# Capital Latin letters and the Cyrillic capitals they imitate.
LOOKALIKE_CAPITALS = str.maketrans("ABCEHKMOPTXY", "АВСЕНКМОРТХУ")
_LOOKALIKE_WORD = re.compile(r"^[ABCEHKMOPTXY]{2,8}$")
_LATIN_OR_CYRILLIC = ("LATIN", "CYRILLIC")
# Marks that separate the words of a foreign name in kana and Chinese (ヨシフ・スターリン).
WORD_SEPARATORS = str.maketrans({"・": " ", "·": " ", "･": " ", "‧": " "})


def lookalike_cyrillic(query: str) -> str | None:
    """The Cyrillic reading of an abbreviation typed in look-alike Latin capitals (POA ->
    РОА, BC KOHP -> ВС КОНР), or in the same letters in lower case, as keyword lists write
    them (poa, poha), or None when any word has another letter. The reading is matched
    against abbreviations only, so a word (echo) finds nothing."""
    words = query.replace(".", "").split()
    if all(w.islower() for w in words):
        words = [w.upper() for w in words]
    if not words or not all(_LOOKALIKE_WORD.match(w) for w in words):
        return None
    return " ".join(w.translate(LOOKALIKE_CAPITALS) for w in words)


def _script_of(ch: str) -> str | None:
    """ISO 15924 code of a letter's script, for letters outside Latin and Cyrillic."""
    # imported here, at first use: ICU takes 39 ms to import
    import icu

    code = icu.Script.getScript(ord(ch)).getShortName()
    return None if code in ("Latn", "Cyrl", "Zyyy", "Zinh") else code


def other_script(text: str) -> str | None:
    """The script of the first letter that is neither Latin nor Cyrillic, if any."""
    for ch in text:
        if ch.isalpha() and not unicodedata.name(ch, "").startswith(_LATIN_OR_CYRILLIC):
            return _script_of(ch)
    return None


@lru_cache(maxsize=100_000)
def conflating_script(text: str) -> str | None:
    """The script of a text that writes several Latin consonants with one letter (`conflates`
    in scripts.toml), else None."""
    reading = script_readings().get(other_script(text) or "")
    return reading.script if reading is not None and reading.conflates else None


@lru_cache(maxsize=10_000)
def scripts_of(text: str) -> frozenset[str]:
    """Every script but Latin and Cyrillic that a text's letters are written in."""
    return frozenset(filter(None, (_script_of(c) for c in text if c.isalpha() and not
                                   unicodedata.name(c, "").startswith(_LATIN_OR_CYRILLIC))))


@cache
def _transliterator(transform: str):
    # imported here, at first use: ICU takes 39 ms to import
    import icu

    return icu.Transliterator.createInstance(transform)


@lru_cache(maxsize=10_000)
def romanise(text: str) -> tuple[str, bool] | None:
    """(Latin reading, whether the script is an abjad) of a name in another script, or None
    when the text is Latin or Cyrillic already or its script has no ICU transform."""
    if other_script(text) is None:
        return None
    # a word break the transform and the rewrites keep (Chinese and Thai readings drop the
    # spaces ICU puts between syllables, not those between a name's words)
    text = without_suffixed_titles(text.translate(WORD_SEPARATORS)).replace(" ", "|")
    script = other_script(text)  # of the name: 親衛隊長官ヒムラー is kana once its title goes
    if script is None:
        return None
    reading = script_readings().get(script) or ScriptReading(script, "Any-Latin", (), False)
    try:
        latin = _transliterator(reading.transform).transliterate(text)
    except Exception:  # ICU without this transform: no reading, and so no match
        return None
    latin = latin.casefold()
    for pattern, replacement in reading.rewrites:
        latin = re.sub(pattern, replacement, latin)
    latin = " ".join(latin.replace("|", " ").split())
    if other_script(latin) is not None or not any(c.isalpha() for c in latin):
        return None  # ICU left letters of the script: it cannot read them
    return latin, reading.abjad


def without_suffixed_titles(text: str) -> str:
    """The name without a title Japanese, Chinese or Korean writes after it (コネフ元帥,
    블라소프 장군), or before it; a word that is a title alone goes, a name stays whole."""
    titles = suffixed_titles()
    words = []
    for word in text.split():
        if word in titles:
            continue
        for title in titles:
            if word.endswith(title):
                word = word[:-len(title)]
                break
            if word.startswith(title):
                word = word[len(title):]
                break
        words.append(word)
    return " ".join(words) if words else text


def without_clitics(text: str) -> list[str]:
    """The text with a conjunction, preposition or article taken off its first word, where
    the script writes them joined (Hebrew ובמהפכת אוקטובר, Arabic لأدولف هتلر; `clitics` in
    scripts.toml), one reading per way to take them off; [] for other scripts."""
    reading = script_readings().get(other_script(text) or "")
    if reading is None:
        return []
    first, space, rest = text.partition(" ")
    return list(dict.fromkeys(
        replacement + first[len(clitic):] + space + rest for clitic, replacement in
        reading.clitics if first.startswith(clitic) and len(first) - len(clitic) >= 2))


def without_suffixes(text: str) -> list[str]:
    """The text with a case suffix taken off its last word and the nominative's ending put
    back, where the script's table lists them (`suffixes` in scripts.toml: Georgian
    სტალინმა, by Stalin, is სტალინი); [] for other scripts."""
    reading = script_readings().get(other_script(text) or "")
    if reading is None:
        return []
    head, space, last = text.rpartition(" ")
    return list(dict.fromkeys(
        head + space + last[:-len(suffix)] + replacement for suffix, replacement in
        reading.suffixes if last.endswith(suffix) and len(last) - len(suffix) >= 3))


_VOWELS = re.compile(r"[aeiouy]")
SKELETON_CLASSES = str.maketrans("pfvwgqdzcxr", "bbbbkktsssl")


def skeleton(cross: str) -> str:
    """Consonants only, in broad classes (labials, velars, dentals, sibilants, l/r): what an
    abjad or a syllabary keeps of a name. Vlasov, فلاسوف (flaswf) and ולאסוב (wlswb) all give
    'blsb'. The hushing sibilants are one class with s: kana writes Iosif ヨシフ (yoshifu), Greek
    Khrushchev Χρουστσόφ (khroustsof). Used only for queries in such scripts, and only when
    one entity has the key."""
    s = _VOWELS.sub("", cross.replace(" ", "")).translate(SKELETON_CLASSES)
    return re.sub(r"(.)\1+", r"\1", s)


def meaning_characters(names) -> frozenset[str]:
    """Han characters that the register's names of things use (军 army, 国 country, 运动
    movement) and no person's name does, from (text, is a person) pairs. Chinese writes a
    foreign person's name with characters read for their sound (弗拉索夫 Vlasov) but an
    organisation or an event mostly with words (俄国解放军): a consonant skeleton of such
    words is noise that lands on whatever shares it."""
    things: set[str] = set()
    persons: set[str] = set()
    for text, person in names:
        (persons if person else things).update(c for c in text if _script_of(c) == "Hani")
    return frozenset(things - persons)


def written_in_words(text: str, meaning: Callable[[], frozenset[str]]) -> bool:
    """Whether at least half of a text's Han characters are `meaning_characters` (asked for
    only when the text has Han characters: making them reads every form)."""
    han = [c for c in text if c.isalpha() and _script_of(c) == "Hani"]
    if not han:
        return False
    words = meaning()
    return 2 * sum(c in words for c in han) >= len(han)
