"""Matching keys: a folded form, a cross-scheme key and a looser phonetic key.

Each key is coarser than the one before, and each is a matching layer of its
own (see the brief, "Transliteration and matching"):

* :func:`fold` undoes what is not spelling at all: Unicode compatibility
  forms, case, diacritics, ё/е, apostrophes and sign marks, Latin look-alikes
  inside a Cyrillic word (and the reverse), runs of whitespace.
* :func:`cross_key` undoes the differences between transliteration schemes, so
  that Vlasov, Wlassow, Vlassov, Własow, Vlasoff and Власов share one key.
* :func:`phonetic_key` also forgets vowel quality and voicing of sibilants,
  for spellings that no scheme explains (Chruschtschow ~ Khrushchev).

Why not Beider-Morse or Daitch-Mokotoff: the only Python implementation of
Beider-Morse (``abydos``) has had no release since 2020 and pulls in numpy;
``jellyfish`` is maintained but offers neither.  Both algorithms also target
Latin-script surnames of any origin and so merge far more than Russian
romanisations need (wrong merges are worse than misses here).  The phonetic key
is therefore our own small one, built on :func:`cross_key`.

All three take any string (control characters, lone surrogates, any length),
never raise and are deterministic; ``fold`` is idempotent.  They are pure
Python and table-driven, with no heavy import.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

__all__ = ["cross_key", "fold", "has_cyrillic", "phonetic_key"]

_SURROGATE = re.compile(r"[\ud800-\udfff]")

# Marks that stand for the soft and hard signs or are mere apostrophes.
SIGN_MARKS = "'ʹʺ’‘ʼ`\"”“″′´ʻˮ"
_DROP_MARKS = str.maketrans("", "", SIGN_MARKS)

# Letters that look alike in Latin and Cyrillic (lower case, after casefold).
HOMOGLYPHS_LATIN_TO_CYRILLIC = {
    "a": "а", "b": "в", "c": "с", "e": "е", "h": "н", "k": "к", "m": "м",
    "o": "о", "p": "р", "t": "т", "x": "х", "y": "у", "i": "і",
}  # fmt: skip
_TO_CYRILLIC = str.maketrans(HOMOGLYPHS_LATIN_TO_CYRILLIC)
_TO_LATIN = str.maketrans({v: k for k, v in HOMOGLYPHS_LATIN_TO_CYRILLIC.items()})
_LETTER_RUN = re.compile(r"[^\W\d_]+")
_CYRILLIC = re.compile("[\u0400-\u052f\u1c80-\u1c8f\ua640-\ua69f]")
_LATIN = re.compile("[A-Za-z\u00c0-\u024f]")
_HOMOGLYPHS = set(HOMOGLYPHS_LATIN_TO_CYRILLIC) | set(HOMOGLYPHS_LATIN_TO_CYRILLIC.values())


def has_cyrillic(text: str) -> bool:
    """Whether any letter is Cyrillic: such text is Russian to morphology and the schemes."""
    return _CYRILLIC.search(text) is not None


def _script(c: str) -> str | None:
    return "cyr" if _CYRILLIC.match(c) else "lat" if _LATIN.match(c) else None


def _fix_homoglyphs(word: str) -> str:
    """Turn look-alike letters of the minority script into the majority script.

    Letters that have no look-alike decide the majority (they are the ones not
    in doubt); only if there are none do all letters vote.  A tie changes
    nothing.
    """
    if not (_CYRILLIC.search(word) and _LATIN.search(word)):  # the common case, without a loop
        return word
    scripts = [_script(c) for c in word]
    sure = [s for c, s in zip(word, scripts, strict=True) if s and c not in _HOMOGLYPHS]
    votes = sure or [s for s in scripts if s]
    cyr, lat = votes.count("cyr"), votes.count("lat")
    if cyr == lat:
        return word
    return word.translate(_TO_CYRILLIC if cyr > lat else _TO_LATIN)


def _strip_marks(s: str) -> str:
    """Drop combining marks, except the breve that makes й out of и."""
    if s.isascii():
        return s
    out: list[str] = []
    for c in unicodedata.normalize("NFD", s):
        if unicodedata.category(c) in ("Mn", "Me"):
            if c == "\u0306" and out and out[-1] == "и":
                out.append(c)
            continue
        out.append(c)
    return unicodedata.normalize("NFC", "".join(out))


def _fold_once(s: str) -> str:
    # the marks go before NFKC, which spaces out the spacing accents (´ is a space and an
    # acute: Il´ič, a soft sign as some catalogues type it, would become two words)
    s = unicodedata.normalize("NFKC", s.translate(_DROP_MARKS)).casefold()
    s = _strip_marks(s).translate(_DROP_MARKS)
    if _CYRILLIC.search(s) and _LATIN.search(s):  # else no word can mix the two scripts
        s = _LETTER_RUN.sub(lambda m: _fix_homoglyphs(m.group()), s)
    return " ".join(s.split())


def _safe(s: object) -> str:
    if not isinstance(s, str):
        s = "" if s is None else str(s)
    return _SURROGATE.sub("\ufffd", s)


STRESS_MARKS = "\u0300\u0301"


def lowered(word: str) -> str:
    """Lower case, NFC, diacritics kept, stress marks dropped: the form declension endings
    are written in, since Polish ę, Czech -ě and -eviče are endings and č is not c to
    :func:`cross_key` (fold would erase both)."""
    decomposed = unicodedata.normalize("NFD", word.casefold())
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in STRESS_MARKS))


@lru_cache(maxsize=100_000)
def fold(s: str) -> str:
    """Case-, diacritic- and script-insensitive form of ``s``.

    NFKC, casefold, diacritics removed (й kept, ё becomes е), apostrophes and
    sign marks (ʹ ʺ ’ ...) dropped, Latin/Cyrillic look-alikes in a mixed word
    turned into the word's majority script, whitespace collapsed.  Cyrillic ь
    and ъ are letters and stay.  Idempotent: applied until nothing changes
    (Unicode normalisation and case folding do not always commute).
    """
    s = _safe(s)
    for _ in range(4):
        nxt = _fold_once(s)
        if nxt == s:
            break
        s = nxt
    return s


# Latin letters whose diacritic carries the sound: spelled out before the
# diacritics go (Czech/ISO š = sh, Polish ł = l, ...).
DIACRITIC_LETTERS = str.maketrans({
    "š": "sh", "ž": "zh", "č": "ch", "ŝ": "shch", "ĉ": "ch", "ż": "zh", "ś": "s",
    "ź": "z", "ć": "ch", "ł": "l", "ß": "ss", "ø": "o", "æ": "ae", "œ": "oe",
    "đ": "d", "ı": "i", "ħ": "h",
})  # fmt: skip

# Cyrillic to a coarse Latin, close to English habit (the rules below then
# merge the schemes' differences).
CYRILLIC_COARSE = str.maketrans({
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e",
    "ж": "zh", "з": "z", "и": "i", "й": "y", "к": "k", "л": "l", "м": "m",
    "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch",
    "ъ": "", "ы": "y", "ь": "", "э": "e", "ю": "yu", "я": "ya",
    "і": "i", "ї": "i", "є": "e", "ґ": "g", "ў": "u", "ј": "j",
    # Serbian and Macedonian, as their Latin alphabets write them (Стаљин = Staljin)
    "љ": "lj", "њ": "nj", "ђ": "dj", "ћ": "ch", "џ": "dzh", "ѓ": "g", "ќ": "k", "ѕ": "dz",
})  # fmt: skip

# Ordered rewrites that merge the schemes.  Class symbols in the key:
#   x  щ ш ж (shch, schtsch, szcz, chtch, sh, sch, sz, zh)
#   h  х ч  (kh, ch, h, tsch, tch, cz): ch means х in German/Polish/Czech and ч
#      in English, so the two cannot be told apart from Latin and are merged
#   c  ц    (ts, tz, c)
CROSS_RULES: tuple[tuple[str, str], ...] = (
    (r"x", "ks"),  # Alexeieff, Maxim: x is кс in names (GOST B's x for х loses)
    (r"schtsch|shtsh|shch|szcz|chtch|shh", "x"),  # щ
    (r"tsch|tch|cz", "h"),  # ч (German, French, Polish)
    (r"sch|sh|zh|sz", "x"),  # ш, ж
    (r"ch|kh", "h"),  # х (and English ч)
    (r"t?ts|tz", "c"),  # ц, and тц for German tz (Панвитц)
    (r"ou", "u"),  # French у
    (r"gu(?=[eiy])", "g"),  # French г before e/i
    (r"(?<=[iy])ne\b", "n"),  # French -ine, -yne
    (r"[jy]", "i"),  # й, ы and the iotated vowels
    (r"ie", "e"),  # е after vowels and at word start (ye, je, ie)
    (r"(?<=[oe])ff\b", "v"),  # -off, -eff
    (r"w", "v"),  # German, Polish в
    (r"(.)\1+", r"\1"),  # doubled letters (Wlassow, Vlassov)
)
_CROSS = tuple((re.compile(p), r) for p, r in CROSS_RULES)
_NOT_KEY = re.compile(r"[^a-z0-9 ]+")


# Roman numerals of two letters or more, in capitals (II wojna światowa, Pius XII): as digits,
# since the doubled-letter rule would make II and I one key.
_ROMAN = re.compile(r"\b[IVX]{2,}\b")
_ROMAN_NUMERAL = re.compile(r"(X{0,3})(IX|IV|V?I{0,3})")
_ROMAN_UNITS = {"": 0, "I": 1, "II": 2, "III": 3, "IV": 4, "V": 5, "VI": 6, "VII": 7,
                "VIII": 8, "IX": 9}


def roman_to_arabic(text: str) -> str:
    """Roman numerals of two letters or more in figures (III Rzeszy: 3 Rzeszy); a lone I is
    more often a pronoun or a conjunction than a one."""
    return _ROMAN.sub(_arabic, text)


def _arabic(m: re.Match) -> str:
    numeral = _ROMAN_NUMERAL.fullmatch(m.group())
    if not numeral:
        return m.group()  # capitals that are no numeral (IVX)
    return str(10 * len(numeral.group(1)) + _ROMAN_UNITS[numeral.group(2)])


@lru_cache(maxsize=100_000)
def cross_key(s: str) -> str:
    """A key shared by a Russian name and its renderings in every scheme.

    Cyrillic is turned into a coarse Latin, Latin letters with a meaningful
    diacritic are spelled out, and :data:`CROSS_RULES` merge the digraphs and
    letter classes the schemes disagree on (w/v, final -ff, ss/s, ch/kh/h,
    j/y/i, ie/e, sch/sh, cz/ch, doubled letters).  Distinct names stay
    distinct: Krasnov, Kononov and Konev have three keys.
    """
    s = roman_to_arabic(unicodedata.normalize("NFKC", _safe(s).translate(_DROP_MARKS)))
    s = s.casefold()
    s = fold(s.translate(DIACRITIC_LETTERS)).translate(CYRILLIC_COARSE)
    s = _NOT_KEY.sub("", unicodedata.normalize("NFKD", s))
    for pattern, replacement in _CROSS:
        s = pattern.sub(replacement, s)
    return " ".join(s.split())


# Looser classes on top of the cross key: all vowels one class, s/z/c one.
PHONETIC_RULES: tuple[tuple[str, str], ...] = (
    (r"[aeiou]+", "a"),
    (r"[szc]", "s"),
    (r"(.)\1+", r"\1"),
)
_PHONETIC = tuple((re.compile(p), r) for p, r in PHONETIC_RULES)


@lru_cache(maxsize=100_000)
def phonetic_key(s: str) -> str:
    """A looser key than :func:`cross_key`: vowel quality and s/z/ц ignored.

    Merges Chruschtschow with Khrushchev (ё written o or e) and Jelzin with
    Yeltsin; still keeps Krasnov, Kononov and Konev apart, because consonant
    skeletons and vowel positions are kept.
    """
    s = cross_key(s)
    for pattern, replacement in _PHONETIC:
        s = pattern.sub(replacement, s)
    return s
