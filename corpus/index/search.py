"""Full-text search in any script, printed as keyword-in-context lines.

A plain query is turned into word keys (`corpus.names.searchkeys`) and searched as a phrase in the
segments' key column, so the spelling, script and Russian case of the query do not matter and
FTS syntax in user input (quotes, `AND(`, `*`, `NEAR`) is never interpreted. `raw=True` takes
an FTS5 expression, for those who want operators: its words are keyed like a plain query's and
its operators, phrases, NEAR groups and column filters kept (`corpus.index.ftsquery`), so
`Власова AND Трухина` finds what `Vlasov AND Trukhin` finds; a bad one is a one-line error.
Hits rank by bm25 over the keyed text unless reading order (`document`) or a concordance order
(`left`, `right`: the context before or after the hit) is asked for.
"""

from __future__ import annotations

import csv
import io
import re
import sqlite3
from functools import lru_cache

from ..errors import CorpusError
from ..names.searchkeys import WORD, query_keys
from .cite import as_text, citation
from .ftsquery import keyed
from .spec import CONTEXT

MARK_OPEN, MARK_CLOSE, MARK_SPLIT = "\x01", "\x02", "\x03"
HIGHLIGHT = re.compile(f"{MARK_OPEN}(.*?){MARK_CLOSE}", re.S)


def _kwic(text: str, start: int, end: int, width: int = CONTEXT) -> dict:
    return {"left": text[max(0, start - width):start], "hit": text[start:end],
            "right": text[end:end + width], "start": start, "end": end}


@lru_cache(maxsize=4096)
def _skip(words: int) -> re.Pattern:
    """`words` words and the non-word characters around them, matched in C."""
    return re.compile(rf"(?:\W*\w+){{{words}}}\W*")


@lru_cache(maxsize=64)
def _phrase(words: int) -> re.Pattern:
    return re.compile(rf"\w+(?:\W+\w+){{{words - 1}}}")


def phrase_spans(text: str, keys_column: str, keys: list[str]) -> list[tuple[int, int]]:
    """Where the sequence of query keys occurs, as character spans of the text. The keys
    column holds one key per word of the text (`\\w+` runs), in order, so positions are found
    on it, and the regular expression engine skips to the matching words in the text rather
    than Python spanning every word of it (that was 85% of a search's time)."""
    column = keys_column.split()
    n, first = len(keys), keys[0]
    spans = []
    for i in [i for i, key in enumerate(column) if key == first]:
        if column[i:i + n] != keys:
            continue
        skipped = _skip(i).match(text)
        phrase = _phrase(n).match(text, skipped.end()) if skipped else None
        if skipped and phrase:  # always, while the keys column follows the text's words
            spans.append((skipped.end(), phrase.end()))
    return spans


def _marked_spans(marked: str) -> list[tuple[int, int]]:
    """Spans of the plain text that FTS5's highlight() wrapped in the two marks."""
    spans, removed = [], 0
    for m in HIGHLIGHT.finditer(marked):
        start = m.start() - removed
        spans.append((start, start + len(m.group(1))))
        removed += 2  # the two marks
    return spans


def _raw_spans(text: str, highlighted: str) -> list[tuple[int, int]]:
    """The spans of the text a raw query matched: those FTS5 marked in the text itself (a
    `text :` part of the query), and the words whose keys it marked in the keys column, which
    holds one key per word of the text, in order."""
    in_text, _, in_keys = highlighted.partition(MARK_SPLIT)
    spans = set(_marked_spans(in_text))
    words = [m.span() for m in WORD.finditer(text)]
    plain = HIGHLIGHT.sub(lambda m: m.group(1), in_keys)
    for start, end in _marked_spans(in_keys):
        first, count = len(plain[:start].split()), len(plain[start:end].split())
        if count and first + count <= len(words):
            spans.add((words[first][0], words[first + count - 1][1]))
    return sorted(spans)


# How hits are ordered: by relevance (FTS5's bm25 over the keyed text: passages where the
# name weighs most come first, whatever their language), or in reading order (document, then
# paragraph), as the corpus was loaded.
ORDERS = {"relevance": "bm25(segments_fts), segments_fts.rowid",
          "document": "segments_fts.rowid", "left": "segments_fts.rowid",
          "right": "segments_fts.rowid",
          # by the source's date of publication (undated sources last), then reading order
          "date": "d.date is null or d.date = '', d.date, segments_fts.rowid"}
# A concordance sorted by its context, as corpus tools do (BlackLab, Sketch Engine): by the
# words left of the hit read backwards from it, or by the words right of it.
CONTEXT_KEYS = {
    "left": lambda hit: [w.casefold() for w in reversed(WORD.findall(hit["left"]))],
    "right": lambda hit: [w.casefold() for w in WORD.findall(hit["right"])],
}


def search(conn: sqlite3.Connection, query: str, limit: int = 20, document: str | None = None,
           raw: bool = False, sort: str = "relevance", lang: str | None = None,
           date_from: str | None = None, date_to: str | None = None) -> list[dict]:
    """Keyword-in-context hits: dicts with document, segment, left, hit, right. `lang` keeps
    passages in that language (a BCP 47 tag or its language: `ru` takes `ru` and `ru-Latn`);
    `date_from` and `date_to` (ISO 8601, as precise as wanted: 1944, 1944-11) keep the
    sources published in that period, both ends included (an undated source is left out)."""
    if sort not in ORDERS:
        raise CorpusError(f"unknown order {sort!r} (one of {', '.join(ORDERS)})",
                          rule="bad-query")
    if any("\ud800" <= ch <= "\udfff" for ch in query or ""):
        raise CorpusError("the query has an undecodable character (a lone surrogate)",
                          rule="bad-query")
    if raw:  # the expression's words keyed (corpus.index.ftsquery), its operators kept

        marks = f"'{MARK_OPEN}', '{MARK_CLOSE}'"
        expression = keyed(query or "")
        columns = (f"highlight(segments_fts, 0, {marks}) || '{MARK_SPLIT}' || "
                   f"highlight(segments_fts, 1, {marks})")
    else:
        keys = query_keys(query or "")
        if not keys:
            return []
        expression, columns = 'keys : "' + " ".join(keys) + '"', "s.keys"
    filters, params = "", [expression]
    if document:
        filters += " and s.document = ?"
        params.append(document)
    if lang:
        filters += " and (s.lang = ? or s.lang like ? || '-%')"
        params += [lang, lang]
    if date_from:
        filters += " and d.date >= ?"
        params.append(date_from)
    if date_to:  # '~' sorts after every digit and '-': 1944 takes 1944-11-14
        filters += " and d.date != '' and d.date <= ? || '~'"
        params.append(date_to)
    sql = f"""select s.document, s.id, s.text, {columns} from segments_fts
              join segments s on s.rowid = segments_fts.rowid
              join documents d on d.id = s.document
              where segments_fts match ?{filters}
              order by {ORDERS[sort]}"""
    if sort in CONTEXT_KEYS:  # every hit is needed before the first can be known
        every = search(conn, query, 0, document, raw, "document", lang, date_from, date_to)
        return sorted(every, key=CONTEXT_KEYS[sort])[:limit or None]
    hits: list[dict] = []
    try:
        for doc, seg, text, extra in conn.execute(sql, params):
            spans = (_raw_spans(text, extra) or [(0, 0)]) if raw else phrase_spans(text, extra,
                                                                                   keys)
            for start, end in spans:
                hits.append({"document": doc, "segment": seg, **_kwic(text, start, end)})
                if limit and len(hits) >= limit:
                    return hits
    except sqlite3.OperationalError as exc:
        raise CorpusError(f"bad full-text query {query!r}: {exc}", rule="bad-query") from None
    return hits


CONCORDANCE_COLUMNS = ("document", "segment", "citation", "left", "hit", "right", "entity",
                       "reviewed")


def concordance(conn: sqlite3.Connection, hits: list[dict]) -> list[dict]:
    """Hits as concordance rows for a spreadsheet: with the passage's citation, the register
    entity of the mention the hit falls in (if any), and whether that mention was reviewed
    (a `corpus add` proposal not yet reviewed carries cert="unknown")."""

    rows, cited = [], {}
    for hit in hits:
        if hit["segment"] not in cited:
            cited[hit["segment"]] = as_text(citation(conn, hit["segment"]))
        mention = conn.execute(
            "select entity, cert from mentions where segment = ? and start < ? and end > ? "
            "order by end - start desc limit 1",
            (hit["segment"], hit["end"], hit["start"])).fetchone()
        entity, cert = tuple(mention) if mention else ("", "")
        reviewed = "" if not mention else ("no" if cert == "unknown" else "yes")
        rows.append({"document": hit["document"], "segment": hit["segment"],
                     "citation": cited[hit["segment"]], "left": hit["left"], "hit": hit["hit"],
                     "right": hit["right"], "entity": entity, "reviewed": reviewed})
    return rows


def concordance_table(rows: list[dict], fmt: str) -> str:
    """Concordance rows under a header line, as CSV, or as TSV (where a tab or line break
    inside a context would break a row, so whitespace runs become one space)."""
    if fmt == "tsv":
        lines = ["\t".join(CONCORDANCE_COLUMNS)]
        lines += ["\t".join(" ".join(str(row[c]).split()) for c in CONCORDANCE_COLUMNS)
                  for row in rows]
        return "\n".join(lines) + "\n"
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CONCORDANCE_COLUMNS)
    writer.writerows([row[c] for c in CONCORDANCE_COLUMNS] for row in rows)
    return out.getvalue()
