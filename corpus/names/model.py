"""A personal name cut into its parts, the way the literature writes it.

`parse("Generalleutnant Andrei A. Wlasow")`, `parse("Strik-Strikfeldt, W.")`,
`parse("Малышкин В.Ф.")` and `parse("Anastasy (Gribanovsky)")` each give one or more
readings: titles, given items (full forenames and patronymics, or initials, in order),
particles, suffixes and the surname. Which word is the surname is not always sure (Russian
official order puts it first: Власов Андрей Андреевич), so a name can have several readings and
the matcher keeps those whose surname is a known one.

Why not `nameparser` alone: it parses English-style names well (titles, suffixes, the inverted
"Last, First" order, and it is configurable), but it has no notion of patronymics, Cyrillic
initials or declined titles (генерала, generała), and it would still need our title tables for
seven languages; the comma rule and the title tables here do what it would, in one place.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache, lru_cache

from .declension import bases, bases_by_language
from .gloss import compound_concepts, concept_of, function_words
from .keys import cross_key, fold, has_cyrillic
from .morph import is_forename_word
from .tables import (
    capitalised_particles,
    connectors,
    forename_groups,
    particles,
    suffixes,
    title_languages,
    title_words,
    titles,
)
from .translit import to_cyrillic

# An initial: one or two letters and a dot (A. Yu. Th. Sch.), or a lone capital; "A.V." and
# "В.Ф." are two initials written together, and so is "F.I", its last dot left out.
_INITIAL = re.compile(r"^(?:[^\W\d_]{1,3}\.)+$|^[^\W\d_]$|^(?:[^\W\d_]\.)+[^\W\d_]$")
_JOINED_INITIALS = re.compile(r"[^\W\d_]{1,3}\.")
_DATES = re.compile(
    r"\(?\b(?:\d{3,4}|\?)\s*[-–—]\s*(?:\d{2,4}|\?)?\)?|\b\d{3,4}\b|\bb\.\s*|\bd\.\s*")
_BRACKETS = re.compile(r"\s*[(\[]([^)\]]+)[)\]]\s*")
# An abbreviated title glued to the name by its dot (gen.Piotra Krasnowa, Dr.Hoffmann).
_GLUED_TITLE = re.compile(r"(?<=[^\W\d_]{2}\.)(?=[^\W\d_])")
# Patronymic endings, compared on the folded word (Andreevič -> andreevic): Russian, English,
# German, Polish, Czech, French and Ukrainian spellings, masculine and feminine; and the
# short ones of Kuzma, Foma, Luka, Savva, Nikita (Kuzmich, Фомич, Лукич, Саввич, Nikitič).
_PATRONYMIC = re.compile(
    r"(?:ov|ev|ow|ew|il|iy|y|j|zm|sm|om|uk|vv|ww|nikit)(?:ich|ic|itch|itsch|icz|ych)$|"
    r"(?:ov|ev)na$|ichna$|(?:ов|ев|ил|ь|ьм|ом|ук|вв|никит)(?:ич|ична)$|(?:ов|ев)на$|ович$|йович$")


@dataclass(frozen=True)
class Given:
    """A forename, patronymic or initial of a query, in the order written."""

    text: str
    initial: bool

    @property
    def patronymic(self) -> bool:
        """Declined too (Andrejeviče, Andriejewicza, Андреевича): a base is one."""
        return not self.initial and any(_PATRONYMIC.search(fold(b)) for b in bases(self.text))


@dataclass(frozen=True)
class NameParts:
    surname: str
    given: tuple[Given, ...] = ()
    titles: tuple[str, ...] = ()
    particles: tuple[str, ...] = ()
    suffix: str = ""

    @property
    def bare(self) -> bool:
        """A surname with nothing to tell two people of that surname apart."""
        return not self.given and not self.suffix

    @property
    def languages(self) -> frozenset[str]:
        """The languages whose tables have the titles, as written or declined by their own
        endings; empty when there is no title (or none a table knows). A surname after a title
        is declined, if at all, in one of them: Professor Khrushcheva, with an English title,
        is a woman, not a Polish genitive of Khrushchev."""
        return _title_languages_of(self.titles)


@lru_cache(maxsize=10_000)
def _title_languages_of(titles: tuple[str, ...]) -> frozenset[str]:
    """Nothing is concluded from an abbreviated title (gen.: many languages, its ending
    unwritten) or from a noble title that German names carry untranslated into any language
    (płk hrabiego Schenk von Stauffenberga: Schenk and Graf are particles too)."""
    table = title_languages()
    found: set[str] = set()
    for title in titles:
        if any(w.endswith(".") for w in title.split()):
            return frozenset()
        whole = fold(title)
        if whole in particles():
            continue
        if whole in table:
            found |= table[whole]
            continue
        for word in (p for w in title.split() for p in w.split("-")):
            key = fold(word)
            if key in particles():
                continue
            found |= table.get(key, frozenset())
            for base, langs in bases_by_language(word):
                found |= table.get(fold(base), frozenset()) & langs
    return frozenset(found)


def is_initial(word: str) -> bool:
    return bool(_INITIAL.match(word)) and (word[0].isupper() or word.endswith("."))


_GLUED = re.compile(r"^((?:[^\W\d_]{1,2}\.)+)([^\W\d_][\w’'-]+)$")
_CAPITALS = re.compile(r"^[^\W\d_a-zа-яё]{2,3}$")


def _split_initials(word: str) -> list[str]:
    """'A.V.' -> ['A.', 'V.']; 'В.Ф.' -> ['В.', 'Ф.']; 'В.Малишкін' -> ['В.', 'Малишкін'];
    anything else unchanged."""
    if _INITIAL.match(word) and word.count(".") > 1:
        return _JOINED_INITIALS.findall(word)
    glued = _GLUED.match(word)
    if glued and glued.group(2)[0].isupper():
        return [*_JOINED_INITIALS.findall(glued.group(1)), glued.group(2)]
    return [word]


@lru_cache(maxsize=20_000)
def is_forename(word: str) -> bool:
    """Whether a word is a given name: one the forename tables list, or one Russian
    morphology's dictionary (pymorphy3's `Name` grammeme, the dictionary's and not its guesser's)
    knows, as written or read back into Cyrillic (Peter -> Петер, Jakow -> Яков). The annotator
    asks this of the capitalised words before a surname, so that a sentence's first word
    (Against Stalin, Ob Wlassow, Биография Власова) is not taken for a conflicting forename."""

    word = word.strip(".,;:")
    if not word[:1].isupper() or fold(word) in function_words():
        return False  # Mit, And, Auf: read into Cyrillic they can look like names
    if any(cross_key(b) in forename_groups() for b in bases(word)):
        return True
    if has_cyrillic(word):
        return is_forename_word(word)

    return any(is_forename_word(c, dictionary_form=True) for c in to_cyrillic(word)[:3])


def is_title(word: str) -> bool:
    """A rank, title or honorific in any of the tables' languages, declined or not
    (генерала, generała, Generalleutnants) and hyphenated (SS-Reichsführer)."""
    key = fold(word).rstrip(".")
    if not key:
        return False
    words = title_words()
    if key in words or _declined_title(word, words):
        return True
    parts = [p.rstrip(".") for p in key.split("-") if p.rstrip(".")]  # шт.-капитан
    if len(parts) > 1:
        return all(p in words or _declined_title(p, words) or _compound_title(p, words)
                   for p in parts)
    return _compound_title(key, words)


COMPOUND_TAIL = 6  # letters a title needs to end a compound: general, führer, marschall, not major
COMPOUND_HEAD = 3  # and letters before it: Kosakengeneral, Armeegeneral, Oberstgruppenführer


def _compound_title(key: str, words: frozenset[str]) -> bool:
    """A compound written as one word that ends in a title (German and the Nordic languages
    build ranks that way: Kosakengeneral, Oberstgruppenführer, Armeegeneral); the tables
    cannot list every one. The tail must be a long title word, so a surname that merely
    ends in a short one (-major) stays a name."""
    return any(key[i:] in words for i in range(COMPOUND_HEAD, len(key) - COMPOUND_TAIL + 1))


def _declined_title(word: str, words: frozenset[str]) -> bool:
    """A declined title (генерала, Obersten): a base of the word is a title word of a
    language whose ending made it, and not an abbreviated one, which takes no endings (Gene
    is not Gen.). `words` is `title_words()`, the keys of `title_languages()`."""
    languages = title_languages()
    return any(len(key) > 3 and key in words and languages[key] & langs
               for key, langs in ((fold(base), langs) for base, langs in bases_by_language(word)))


def _strip_titles(words: list[str]) -> tuple[list[str], list[int]]:
    """Title phrases and words found wherever they stand, and the positions of the others."""
    found: list[str] = []
    kept: list[int] = []
    i = 0
    phrases = titles()
    sizes = sorted((s for s in phrases if s > 1), reverse=True)
    while i < len(words):
        for size in sizes:
            if len(words) - i > size and _title_phrase(words[i:i + size], phrases[size]):
                end = _affiliation(words, i + size)
                found.append(" ".join(words[i:end]))
                i = end
                break
        else:
            if is_title(words[i]) and len(words) > 1:
                end = _affiliation(words, i + 1)
                found.append(" ".join(words[i:end]))
                i = end
            else:
                kept.append(i)
                i += 1
    return found, kept


def _title_phrase(words: list[str], phrases: frozenset[str]) -> bool:
    """A title of several words, as the table writes it or declined word by word (бригадного
    комиссара, Маршала Советского Союза: each word's base is the table's word)."""
    if " ".join(fold(w).rstrip(".") for w in words) in phrases:
        return True
    firsts = _phrase_firsts()
    if not firsts.intersection(_word_bases(words[0])):
        return False  # the common case, answered without reading the other words' bases
    forms = [_word_bases(w) for w in words]
    return any(all(p in f for p, f in zip(phrase.split(), forms, strict=True))
               for phrase in phrases if phrase.split(" ", 1)[0] in forms[0])


@lru_cache(maxsize=20_000)
def _word_bases(word: str) -> frozenset[str]:
    return frozenset(fold(b).rstrip(".") for b in bases(word))


@cache
def _phrase_firsts() -> frozenset[str]:
    """The first words of the title phrases of several words."""
    return frozenset(p.split(" ", 1)[0] for size, ps in titles().items() if size > 1 for p in ps)


_ELIDED = re.compile(r"^[^\W\d_]{1,5}['’]")  # dell'Armata, l'Armée, d'État


def _affiliation(words: list[str], start: int) -> int:
    """Where the unit or body a title names ends (генерал Красной армии, Маршала Советского
    Союза, подполковник РОА, Oberstleutnant der Roten Armee, generale dell'Armata Rossa): a
    run of function words, words of the glossary's concepts and abbreviations after the title,
    read as part of it. One concept word alone is not enough (генерал Краснов Пётр: the
    surname starts like красный), and a name must be left after the run."""
    end, concepts, abbreviation = start, 0, False
    while end < len(words) - 1:
        word = words[end]
        key = fold(_ELIDED.sub("", word)).strip(".,")
        if is_initial(word):
            break
        if word.isupper() and word.isalpha() and (len(word) > 3 or len(words) - end > 2):
            abbreviation = True  # ROA, NKWD; but Colonel VP Artemyev has initials
        elif concept_of(key) or compound_concepts(key):
            if any(cross_key(b) in forename_groups() for b in bases(word)):
                break  # the name has begun: a concept's stem can start a forename (Andrey)
            concepts += 1
        elif key not in function_words() or key in particles():
            break
        end += 1
    while end > start and fold(_ELIDED.sub("", words[end - 1])) in function_words():
        end -= 1  # a trailing article belongs to what follows
    return end if abbreviation or concepts >= 2 else start


_SPACED_DASH = re.compile(r"(\S+)\s+[—–]\s+(\S+)")


def _join_rank(match: re.Match) -> str:
    """A spaced dash between two titles is the hyphen of a compound rank (Ген. — майор)."""
    left, right = match.groups()
    return f"{left}-{right}" if is_title(left) and is_title(right) else match.group()


_JOINING_DASH = re.compile(r"(?<=[^\W\d_])[–—](?=[^\W\d_])")  # генерал–лейтенант


def _clean(text: str) -> str:
    text = _JOINING_DASH.sub("-", text)
    text = _SPACED_DASH.sub(_join_rank, _GLUED_TITLE.sub(" ", _DATES.sub(" ", text)))
    return " ".join(text.replace("’s", "").split()).strip(" ,;:")


@lru_cache(maxsize=20_000)
def parse(text: str) -> tuple[NameParts, ...]:
    """Every plausible reading of a personal name; empty when nothing in it can be a surname."""
    readings: list[NameParts] = []
    for variant in _bracket_variants(_clean(text)):
        readings.extend(_readings(variant))
    return tuple(dict.fromkeys(readings))


def bracketed(text: str) -> str:
    """What a name writes in brackets (the secular surname in Anastasy (Gribanovsky)), or ''."""
    match = _BRACKETS.search(text)
    return match.group(1).strip() if match else ""


def _bracket_variants(text: str) -> list[str]:
    """'Шкуро (Шкура)' -> both names; 'Anastasy (Gribanovsky)' -> the religious name, the
    secular surname, and both together."""
    match = _BRACKETS.search(text)
    if not match:
        return [text]
    inside = match.group(1).strip()
    outside = _BRACKETS.sub(" ", text).strip()
    return [v for v in (outside, f"{outside} {inside}", inside) if v]


def _readings(text: str) -> list[NameParts]:
    if text.count(",") >= 1:
        head, _, rest = text.partition(",")
        rest = rest.replace(",", " ")
        return _assemble(head.split(), rest.split(), inverted=True)
    return _assemble(text.split(), [], inverted=False)


def _kind(word: str, capitalised: bool) -> str:
    """particle, suffix, connector, other (a lower-case word beside capitalised ones: "the
    historian Peter Hoffmann"), initial or name."""
    key = fold(word).rstrip(".")
    if key in particles() and (word[:1].islower() or key in capitalised_particles()):
        return "particle"
    if key.replace(".", "") in suffixes() and (len(key) > 1 or word.endswith(".")):
        return "suffix"
    if key in connectors():
        return "connector"
    if is_initial(word) or not capitalised and len(word) == 1 and word.isalpha():
        return "initial"  # a heading all in lower case writes its initials so (мерецков к а)
    if capitalised and word.islower():
        return "other"
    return "name"


def _assemble(head: list[str], rest: list[str], inverted: bool) -> list[NameParts]:
    head = [p for w in head for p in _split_initials(w)]
    words = head + [p for w in rest for p in _split_initials(w)]
    trailing = ""
    if len(words) > 2 and fold(" ".join(words[-2:])).replace(".", "") in suffixes():
        trailing, words = " ".join(words[-2:]), words[:-2]  # der Jüngere, d. J.
        head = head[:len(words)]
    found_titles, kept = _strip_titles(words)
    if len(kept) > 1 and not inverted and _CAPITALS.match(words[kept[0]]):
        # 'VP Artemyev', 'IV Stalin': capitals without dots before the surname are initials
        first = kept[0]
        return _assemble(words[:first] + list(words[first]) + words[first + 1:], [], False)
    capitalised = any(words[i][:1].isupper() for i in kept)
    kinds = {i: _kind(words[i], capitalised) for i in kept}
    names = [i for i in kept if kinds[i] in ("name", "initial")]
    titles = tuple(found_titles)
    particles = tuple(words[i] for i in kept if kinds[i] == "particle")
    suffix = " ".join([*(words[i] for i in kept if kinds[i] == "suffix"), trailing]).strip()
    if inverted:
        surname = [words[i] for i in names if i < len(head) and kinds[i] == "name"]
        given = tuple(Given(words[i], kinds[i] == "initial") for i in names if i >= len(head))
        return [NameParts(" ".join(surname), given, titles, particles, suffix)] if surname else []
    full = [i for i in names if kinds[i] == "name"]
    if not full or (not inverted and any(kinds[i] == "other" for i in kept)):
        return []  # a lower-case word no table knows makes it a phrase (armia Własowa), not a name
    # the last full word (Andrei A. Wlasow), and the first (Власов Андрей Андреевич,
    # Малышкин В.Ф.) when more follows it
    return [NameParts(words[s], tuple(Given(words[i], kinds[i] == "initial")
                                      for i in names if i != s), titles, particles, suffix)
            for s in dict.fromkeys([full[-1], full[0]])]
