"""The whole name around a span of running text: the forenames, initials and titles before a
surname, the initials or East Asian given name after it, as far as the capitals of the
language say they belong to it. The annotator asks this of a person's span, so that the
lookup can tell whether the whole name names someone else (Yury [Vlasov])."""

from __future__ import annotations

import re

from ..names.gloss import function_words
from ..names.keys import fold, has_cyrillic
from ..names.model import Given, is_forename, is_title
from ..names.morph import is_known
from ..names.tables import (
    noun_markers,
    nouns_capitalised,
    ordinary_capitalised,
    particles,
    suffixes,
)

# What may stand around a surname as part of one name: capitalised words, initials, particles.
NAME_WINDOW = 200  # characters around a span searched for the rest of its name
INITIALS_AFTER = re.compile(r"(?:\s+[A-ZА-ЯЁ]\w?\.)*")  # Малышкин В. Ф.
# A romanised Chinese or Korean given name after the surname: Ching-kuo, Kai-shek, Tse-tung.
EAST_ASIAN_GIVEN = re.compile(r" [A-Z][a-z]+-[a-z]+\b")
INITIAL = re.compile(r"^(?:[^\W\d_]|[^\W\d_]{1,3}\.)$")  # A, A., Th., Yu.
NAME_WORD = re.compile(r"^(?:[A-ZА-ЯЁ\u0370-\u03ff][\w’'-]*\.?|von|van|de|der|фон)$")


SURNAME_AFTER = re.compile(r" +([A-ZА-ЯЁ][\w’'-]*)")


def surname_after(text: str, end: int) -> str:
    """The capitalised word right after a span, in the same sentence, or ''."""
    match = SURNAME_AFTER.match(text, end)
    return match.group(1) if match else ""


def name_around(text: str, start: int, end: int, lang: str = "") -> str:
    """The span widened over the name words before it (forenames, initials, titles) and the
    initials after it (Малышкин В. Ф.), within the line; and over a romanised East Asian
    given name after it (Chiang Ching-kuo), which follows the surname. Other capitalised
    words after a surname are left alone: German capitalises every noun (Hitlers Roten
    Armee)."""
    window = max(0, start - NAME_WINDOW)  # never the whole text: a long one is one line
    line_start = text.rfind("\n", window, start) + 1 or window
    words = text[line_start:start].split()
    nouns = lang.split("-")[0] in nouns_capitalised()
    ordinary = ordinary_capitalised(lang)
    left: list[str] = []
    for i in range(len(words) - 1, -1, -1):
        word = words[i]
        if ends_sentence(word) or word.endswith((",", ";", ":")) or not NAME_WORD.match(word) \
                or word in ordinary:  # on 8 May Bunyachenko's columns
            break
        sentence_start = i == 0 or ends_sentence(words[i - 1])
        noun = nouns and i > 0 and marks_noun(words[i - 1])
        if not name_part(word, sentence_start or noun) or \
                word.islower() and fold(word) in particles() and \
                not _particle_follows_name(words[:i]):
            break
        left.insert(0, word)
    right = match.group() if (match := INITIALS_AFTER.match(text, end)) else ""
    if not right and (match := EAST_ASIAN_GIVEN.match(text, end)):
        right = match.group()
    after = text[end + len(right):end + len(right) + NAME_WINDOW].split(maxsplit=2)[:2]
    for n in (2, 1):  # a suffix after the name: Martin Bormann junior, Bormann der Jüngere
        suffix = " ".join(after[:n]).rstrip(".,;:")
        if len(after) >= n and fold(suffix).replace(".", "") in suffixes():
            right += " " + suffix
            break
    return " ".join([*left, text[start:end] + right.rstrip()]).strip()


# An adjective's ending (frühere, deutscher, sowjetischen, ehemaliger); not the -er of an
# adverb or preposition (später, unter): the name after those keeps its capitals' meaning.
ATTRIBUTIVE = re.compile(r"^[a-zäöüß]{2,}(?:e|en|es|em|scher|iger|licher)$")


def marks_noun(word: str) -> bool:
    """Whether a word announces a noun after it, in a language that capitalises its nouns:
    an article, possessive or numeral, or an adjective's ending (der frühere Parteifunktionär
    Georgi Schilenkow, deutscher Kommandant)."""
    return word.lower() in noun_markers() or word.isdigit() or (
        bool(ATTRIBUTIVE.match(word)) and fold(word) not in function_words())


def ends_sentence(word: str) -> bool:
    return word.endswith((".", "!", "?")) and len(word.rstrip(".")) > 2


def _particle_follows_name(before: list[str]) -> bool:
    """Whether a lower-case particle (von, de) stands in a name: after a forename, an initial,
    a title or another particle (Claus von Stauffenberg, Graf von, Schenk von), not after any
    other word, where it is a preposition (Leiter von Wlassows Kanzlei, Stellvertreter von
    Kirill Merezkow)."""
    if not before:
        return False
    word = before[-1].rstrip(",;:")
    return bool(INITIAL.match(word)) or is_title(word) or fold(word) in particles() or \
        is_forename(word)


def name_part(word: str, capitals_say_nothing: bool) -> bool:
    """Whether a capitalised word before a surname belongs to the name: an initial, particle,
    title, known forename or patronymic always; any other capitalised word only where a capital
    marks a name (Christabel Bielenberg), not at a sentence's start nor in a language that
    capitalises its nouns (Against Stalin, Ob Wlassow, Reisen Wlassows, Биография Власова). A
    word the Russian dictionary knows as a common word is never a name part. A Latin word is
    read into Cyrillic to ask the dictionary only where its capital says nothing: that reading
    is the costly step of a long text."""
    if INITIAL.match(word) and not (capitals_say_nothing and fold(word) in function_words()):
        return True  # not the preposition of "О Трухине" or "В Праге" at a sentence's start
    if fold(word) in particles() or is_title(word):
        return True
    if fold(word) in function_words():
        return False  # a capitalised preposition in a title: (Gegen Stalin und Hitler)
    if word.isupper():
        return False  # an abbreviation (члену НТС А. С. Казанцеву)
    if Given(word, False).patronymic:
        return True
    if has_cyrillic(word):
        return is_forename(word) or not (capitals_say_nothing or is_known(word))
    return not capitals_say_nothing or is_forename(word)


WORD_BEFORE = re.compile(r"(?:^|(?<=[.!?]\s))([A-Z][a-z]{2,})\s+$")


def unknown_word_first(text: str, start: int, lang: str = "") -> str:
    """A capitalised Latin word that opens the sentence right before a span, which no table
    knows as a forename, title or ordinary word (Heinz [Hitler], the dictator's nephew): in a
    language whose capitals mark names only inside a sentence, it may be the forename of
    someone else, which the annotator then asks the lookup about; '' otherwise."""
    if lang.split("-")[0] in nouns_capitalised():
        return ""
    match = WORD_BEFORE.search(text, max(0, start - 40), start)
    if not match:
        return ""
    word = match.group(1)
    key = fold(word)
    if key in function_words() or word in ordinary_capitalised(lang) or is_title(word) or \
            key in particles() or is_common_word(word, lang):
        return ""
    return word


def is_common_word(word: str, lang: str) -> bool:
    """Whether the language's dictionary knows the word (Later, Meanwhile, Despite): simplemma's
    dictionaries (MIT, maintained, 50 languages, pure Python) answer for the languages that no
    morphology here covers; a language it lacks counts every word as common, so nothing is
    flagged there."""
    # imported here, at first use: simplemma takes 45 ms to import, a dictionary 0.1 s to load
    from simplemma import is_known

    try:
        return bool(is_known(word.lower(), lang=lang.split("-")[0] or "en"))
    except ValueError:  # a language simplemma has no dictionary for
        return True
