"""Transliteration from Latin back to Cyrillic (:func:`to_cyrillic`), and which schemes
produce a Latin spelling (:func:`detect`).

Most schemes have no library for this direction, so it is generate-and-verify: each scheme's
own forward output (`forward.to_latin`) for every Cyrillic letter, letter pair and
letter-in-context is inverted into a table of Latin chunks; a Latin word is segmented into
such chunks (a small beam search) and every Cyrillic candidate is kept only if the scheme, run
forward, gives the Latin back. The reverse is therefore exactly as right as the forward rules.
The tables are stored in the cache folder (`store_reverse_tables`, run by the build).
"""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache, lru_cache
from itertools import product
from pathlib import Path

from ...atomic import write_atomically
from ...paths import cache_dir
from ..schemes import load_schemes
from .forward import _apply_shape, _case_shape, _clean, _word, _words, scheme

_LATIN_WORD = re.compile(r"[^\W\d_]+(?:['ʹʺ’”`\"][^\W\d_]+)*['ʹʺ’”`\"]?|['ʹʺ’”`\"]", re.UNICODE)
_HAS_LATIN = re.compile(r"[A-Za-z\u00C0-\u024F]")
RUSSIAN_LETTERS = "абвгдеёжзийклмнопрстуфхцчшщъыьэюя"
# Letter sequences Russian spelling does not allow.  Schemes that drop the
# signs (Vlasov for Власов and for Власовь alike) would otherwise offer a sign
# at every position; these rules keep such letter salad out of the candidates.
IMPOSSIBLE_SPELLINGS = (
    r"^[ьъый]",  # a word does not start with a sign, ы or й
    r"[аеёиоуыэюяйьъ][ьъ]",  # a sign follows a consonant
    r"ъ(?![еёюя])",  # the hard sign only separates before е ё ю я
    r"[бвгджзклмнпрстфхцчшщ]й",  # й follows a vowel
    r"[жшчщ][ыяю]",  # hushing consonants take и а у
    r"(.)\1\1",  # no letter three times
)
_IMPOSSIBLE = re.compile("|".join(IMPOSSIBLE_SPELLINGS))

# Contexts a letter or pair is rendered in to learn its realisations: alone
# (word start and end), after a vowel, after a consonant, before a vowel.
_FRAMES = (("", ""), ("ка", ""), ("кк", ""), ("", "а"), ("ка", "ка"), ("кк", "ко"))
_MAX_CHUNK = 10
_BEAM = 300
_REVERSE_FORMAT = 1  # bump when _build_reverse_table changes what it computes
_TOP_PER_WORD = 8


def _strip_frame(latin: str, before: str, after: str) -> str | None:
    if not latin.startswith(before) or not latin.endswith(after):
        return None
    return latin[len(before) : len(latin) - len(after)] or None


@cache
def _reverse_table(scheme_id: str) -> dict[str, frozenset[str]]:
    """Latin chunk -> Cyrillic strings that the scheme renders as that chunk, read from the
    cache folder when an earlier run stored it. Building all sixteen takes about a second
    (some 100,000 forward renderings), which every command that reads a Latin word back into
    Cyrillic used to pay on its first use; `corpus build` stores them (`store_reverse_tables`).
    The file's name carries a hash of everything the table depends on (the scheme's engine
    spec, the engines' versions, the frames), so a changed scheme or library never reads a
    stale table."""
    path = _reverse_table_path(scheme_id)
    try:
        stored = json.loads(path.read_text(encoding="utf-8"))
        return {k: frozenset(v) for k, v in stored.items()}
    except (OSError, ValueError, AttributeError):
        pass
    table = _build_reverse_table(scheme_id)
    try:
        write_atomically(path, json.dumps({k: sorted(v) for k, v in table.items()},
                                          ensure_ascii=False, sort_keys=True).encode())
    except OSError:
        pass  # a read-only or full cache folder only costs the next run the build again
    return table


def store_reverse_tables() -> None:
    """Build and store every scheme's reverse table (`corpus build` calls this)."""
    for scheme_id in load_schemes():
        _reverse_table(scheme_id)


@cache
def engine_versions() -> tuple[str, ...]:
    """The engines' package versions and ICU's own (read once: each lookup scans the
    installed metadata): what a stored rendering depends on besides the scheme."""
    # here, not above: importlib.metadata costs a one-shot `corpus lookup` 13 ms of start-up
    from importlib.metadata import PackageNotFoundError, version

    import icu

    versions = [icu.ICU_VERSION]
    for package in ("PyICU", "iuliia", "transliterate"):
        try:
            versions.append(version(package))
        except PackageNotFoundError:
            versions.append("-")
    return tuple(versions)


def _reverse_table_path(scheme_id: str) -> Path:
    basis = json.dumps([_REVERSE_FORMAT, dict(scheme(scheme_id).engine), engine_versions(),
                        _FRAMES, RUSSIAN_LETTERS, _MAX_CHUNK], sort_keys=True)
    digest = hashlib.sha256(basis.encode()).hexdigest()[:16]
    return cache_dir() / "reverse" / f"{scheme_id}-{digest}.json"


def _build_reverse_table(scheme_id: str) -> dict[str, frozenset[str]]:
    """Built from the scheme's own forward output, so it needs no hand-written
    inverse: every letter and every letter pair is rendered alone and inside a
    few frames (after a vowel, after a consonant, before a vowel), and the
    frame's own rendering is cut off again.  Each chunk is also entered
    without its diacritics, so a plainly typed spelling still finds candidates.
    """
    units = list(RUSSIAN_LETTERS) + [a + b for a in RUSSIAN_LETTERS for b in RUSSIAN_LETTERS]
    table: dict[str, set[str]] = {}
    for before, after in _FRAMES:
        lat_before = _word(scheme_id, before) if before else ""
        lat_after = _word(scheme_id, after) if after else ""
        framed = [before + u + after for u in units]
        rendered = _words(scheme_id, framed)
        for unit, src in zip(units, framed, strict=True):
            core = _strip_frame(_fold_reverse(rendered[src]), lat_before, lat_after)
            if core and len(core) <= _MAX_CHUNK:
                table.setdefault(core, set()).add(unit)
                # the same chunk typed without diacritics or sign marks
                bare = _loose(core)
                if bare and bare != core:
                    table.setdefault(bare, set()).add(unit)
    return {k: frozenset(v) for k, v in table.items()}


def _fold_reverse(latin: str) -> str:
    """The comparison form for reverse matching: NFC, lower case."""
    return unicodedata.normalize("NFC", latin).lower()


def _loose(latin: str) -> str:
    """Looser comparison form: no diacritics, no sign marks (Andrei ~ Andreĭ)."""
    decomposed = unicodedata.normalize("NFD", latin.lower())
    kept = (c for c in decomposed if not unicodedata.category(c).startswith("M"))
    return "".join(c for c in kept if c not in "'ʹʺ’”`\"")


def _segment(latin: str, table: dict[str, frozenset[str]]) -> list[str]:
    """Cyrillic strings whose chunk renderings concatenate to ``latin``.

    A beam search over positions: fewer, longer chunks rank first, because a
    long chunk is the scheme's own rendering of a letter in context.
    """
    n = len(latin)
    beams: list[dict[str, int]] = [dict() for _ in range(n + 1)]
    beams[0][""] = 0
    for i in range(n):
        if not beams[i]:
            continue
        current = sorted(beams[i].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))[:_BEAM]
        for j in range(i + 1, min(n, i + _MAX_CHUNK) + 1):
            options = table.get(latin[i:j])
            if not options:
                continue
            for prefix, cost in current:
                for cyr in options:
                    cand = prefix + cyr
                    old = beams[j].get(cand)
                    if old is None or cost + 1 < old:
                        beams[j][cand] = cost + 1
    final = sorted(beams[n].items(), key=lambda kv: (kv[1], len(kv[0]), kv[0]))
    return [c for c, _ in final[:_BEAM]]


# The longest word read back into Cyrillic, in letters: the segmentation's work grows with the
# square of a word's length (an 80-letter word took a second, 800 letters four and 1.3 GB), and
# no name is this long; a longer word has no candidates.
MAX_REVERSE_WORD = 32


@lru_cache(maxsize=50_000)
def _reverse_word(latin: str, scheme_id: str) -> tuple[tuple[str, bool], ...]:
    """(Cyrillic, exact) pairs for one lower-case Latin word, best first.

    ``exact`` is True when the scheme renders the candidate as this very
    spelling (case aside) and False when it does so only up to diacritics and
    sign marks.
    """
    if len(latin) > MAX_REVERSE_WORD:
        return ()
    target = _fold_reverse(latin)
    loose_target = _loose(target)
    table = _reverse_table(scheme_id)
    candidates = _segment(target, table)
    if loose_target != target:
        candidates += _segment(loose_target, table)
    candidates = [c for c in dict.fromkeys(candidates) if not _IMPOSSIBLE.search(c)]
    if not candidates:
        return ()
    rendered = _words(scheme_id, candidates)
    found: dict[str, bool] = {}
    for cand in candidates:
        out = _fold_reverse(rendered[cand])
        if out == target:
            found[cand] = True
        elif _loose(out) == loose_target:
            found.setdefault(cand, False)
    return tuple(sorted(found.items(), key=lambda kv: _rank(kv[0], kv[1])))


def _rank(cyr: str, exact: bool) -> tuple:
    return (not exact, -_plausibility(cyr), len(cyr), cyr)


def _plausibility(word: str) -> float:
    """0 for an unknown word, 1 to 2 for a known one, the more so if a name.

    A real name beats a letter salad, and Андрей beats Андреи.
    """
    from corpus.names.morph import name_rank

    return name_rank(word)


@dataclass(frozen=True)
class _Token:
    text: str
    is_word: bool


def _latin_tokens(text: str) -> list[_Token]:
    tokens, last = [], 0
    for m in _LATIN_WORD.finditer(text):
        if m.start() > last:
            tokens.append(_Token(text[last : m.start()], False))
        word = m.group()
        tokens.append(_Token(word, bool(_HAS_LATIN.search(word))))
        last = m.end()
    if last < len(text):
        tokens.append(_Token(text[last:], False))
    return tokens


def _word_candidates(word: str, scheme_ids: Sequence[str]) -> list[tuple[str, bool, int]]:
    """Merged (cyrillic, exact, n_schemes) for one Latin word across schemes."""
    merged: dict[str, list] = {}
    for sid in scheme_ids:
        for cyr, exact in _reverse_word(word.lower(), sid):
            entry = merged.setdefault(cyr, [False, 0])
            entry[0] = entry[0] or exact
            entry[1] += 1
    ranked = sorted(
        merged.items(),
        key=lambda kv: (not kv[1][0], -_plausibility(kv[0]), len(kv[0]), -kv[1][1], kv[0]),
    )
    return [(cyr, ex, n) for cyr, (ex, n) in ranked]


def to_cyrillic(text: str, scheme_id: str | None = None, limit: int = 10,
                among: tuple[str, ...] | None = None) -> list[str]:
    """Latin spelling -> ranked Cyrillic candidates.

    With ``scheme_id``, only that scheme's rendering is inverted; without, every
    scheme is tried and the results merged.  Candidates the scheme renders as
    exactly this spelling come first, then those that match only without
    diacritics; among equals, words Russian morphology knows, then those more
    schemes agree on, then shorter ones.  Returns ``[]`` when nothing fits;
    text with no Latin letters comes back as it is.
    """
    ids = [scheme(scheme_id).id] if scheme_id is not None else list(among or load_schemes())
    text = _clean(text)
    tokens = _latin_tokens(text)
    if not any(t.is_word for t in tokens):
        return [text] if text else []
    per_token: list[list[str]] = []
    for tok in tokens:
        if not tok.is_word:
            per_token.append([tok.text])
            continue
        cands = _word_candidates(tok.text, ids)[:_TOP_PER_WORD]
        if not cands:
            return []
        shape = _case_shape(tok.text)
        per_token.append([_apply_shape(c, shape) for c, _, _ in cands])
    results = []
    for combo in product(*per_token):
        results.append("".join(combo))
        if len(results) >= limit:
            break
    return results


def _best_readings(word: str) -> set[str]:
    """The likeliest Cyrillic readings of a Latin word over all schemes.

    Almost any Latin word is *some* scheme's rendering of *some* letter string
    (BGN renders Власофф as Vlasoff), so detection asks only about the best
    readings: the known words if there are any, else the top-ranked candidate.
    """
    exact = [(c, n) for c, ex, n in _word_candidates(word, list(load_schemes())) if ex]
    if not exact:
        return set()
    best = max(_plausibility(c) for c, _ in exact)
    if best > 0:
        return {c for c, _ in exact if _plausibility(c) == best}
    return {exact[0][0]}


def detect(latin: str) -> list[str]:
    """Ids of the schemes that produce ``latin`` from its likeliest Cyrillic reading.

    Case is ignored; diacritics and sign marks are not (``Andreĭ`` is ALA-LC,
    ``Andrei`` is not).  In data-file order; ``[]`` when no scheme fits.
    """
    words = [t.text for t in _latin_tokens(_clean(latin)) if t.is_word]
    if not words:
        return []
    readings = [(w.lower(), _best_readings(w)) for w in words]
    found = []
    for sid in load_schemes():
        if all(
            any(ex and c.lower() in best for c, ex in _reverse_word(w, sid)) for w, best in readings
        ):
            found.append(sid)
    return found
