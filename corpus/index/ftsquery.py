"""FTS5 query expressions rewritten to search the cross-script keys column.

`keyed()` takes an expression in the full FTS5 query syntax (https://www.sqlite.org/fts5.html,
section 3) and returns an equivalent one over the `keys` column of `segments_fts`, with every
word of every phrase replaced by its key (`corpus.names.searchkeys.word_key`), so that
`Vlasov AND Trukhin`, `Власова AND Трухина` and `Wlassow AND Truchin` become the same query and
find the same passages whatever their script. The structure is kept: AND, OR, NOT and the
implicit AND of juxtaposed phrases, the user's parentheses, NEAR groups with their distance,
`^` and phrases as phrases (`+` joins are kept where a prefix needs them).

The rules, in the order a query meets them:

* Syntax is FTS5's: barewords (ASCII letters, digits, `_`, U+001A and any non-ASCII
  character), "quoted strings" with `""` for a quote, `+`, `*`, `^`, the operators `AND`, `OR`
  and `NOT` (uppercase only; lower case they are words), parentheses, `NEAR(p1 p2 ..., N)`
  (uppercase NEAR), and column filters `col :`, `{col1 col2} :`, `- col :`, `- {...} :` on a
  phrase, a NEAR group or a parenthesised group. Precedence as in FTS5: juxtaposition (the
  implicit AND, which joins only phrases and NEAR groups, never a parenthesised group) binds
  tightest, then NOT, AND, OR; all associate to the left.
* Every phrase and NEAR group gets its own column filter in the result (`keys : "vlasov"`),
  rather than one `keys : ( ... )` around the whole: FTS5 intersects nested filters, so a
  `text :` part inside such a wrapper would match nothing. The user's filters are resolved the
  same way FTS5 resolves them (a nested filter narrows the one around it) and pushed down onto
  each phrase and NEAR group beneath them; `{a b} : (x OR y)` means `{a b} : x OR {a b} : y`
  to FTS5 too.
* Unfiltered, or filtered to `keys`: keyed, against the keys column.
* Filtered to `text` alone (`text :`, `{text} :`, `- keys :`): the user wants the literal text,
  so the phrase or NEAR group is searched unkeyed, as typed, in the text column.
* Filtered to both columns by name (`{text keys} :`): both, `(text : <as typed> OR
  keys : <keyed>)`; a phrase matches within one column, so this is what FTS5 would do.
* A filter that leaves no column (`- {text keys} :`, or `text : (keys : x)`), or names a column
  the table lacks, is an error: FTS5 would match nothing or fail.
* Words are split as the keys column splits them (`corpus.names.searchkeys.WORD`); a word whose
  key is empty drops out, and a phrase left with no word is an error (FTS5 would match nothing).
* Prefixes (`Vlas*`, `"General Vla"*`): the key of a word cannot be had from a prefix of it
  (the Russian lemma, `-off` = `-ov`, a digraph `kh` cut after its `k`), so a phrase or NEAR
  group holding a prefix is searched both ways, `(text : <as typed> OR keys : <keyed>)`. In
  the keyed half the prefix is folded and cross-keyed (`corpus.names.keys.fold`, `cross_key`)
  but not lemmatised, which a truncated word would only confuse: `Vlas*`, `Wlass*` and `Влас*`
  all become `vlas*` and find Vlasov, Власова and Wlassow alike, while a prefix cut inside a
  digraph or before a word-final rule (`Vlasof*` against Vlasoff = vlasov) may miss there. The
  literal half is the plain FTS5 prefix query on the text, so a prefix never finds less than
  FTS5 itself would. Under an explicit `keys :` filter only the keyed half is searched.
* Errors (unbalanced quotes or parentheses, an operator with nothing on one side, a stray
  `*`, `+`, `^`, `-` or `:`, a bad NEAR distance, an unknown column, an empty phrase) raise
  `CorpusError(..., rule="bad-query")` with one line naming what is wrong and at which
  character of the expression (counted from 1).

The output quotes every phrase and writes every AND out, with parentheses where FTS5's
precedence needs them (an implicit AND under a NOT, for one).

Why a parser of our own: the grammar is a dozen rules (SQLite's own `fts5parse.y`), and the
rewrite needs every node, and its position in the query for the error messages. The only FTS5
query parser found on PyPI, `apsw.fts5query`, comes as part of APSW, a whole second SQLite
binding (a compiled extension): too much to depend on beside the standard `sqlite3` this
project uses, for a grammar this small.
"""

from __future__ import annotations

from ..names.keys import cross_key, fold
from ..names.searchkeys import WORD, word_key
from .ftsparse import ATOM, KEYS, PRECEDENCE, TEXT, Binary, Filter, Group, Near, Parser, Phrase, bad

__all__ = ["keyed"]


def _quote(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


def prefix_key(word: str) -> str:
    """The key of the start of a word: folded and cross-keyed as word_key does, without the
    Russian lemma (a truncated word has none)."""
    word = fold(word)
    return cross_key(word).replace(" ", "") or word.casefold()


def _has_prefix(unit: Phrase | Near) -> bool:
    phrases = unit.phrases if isinstance(unit, Near) else (unit,)
    return any(term.prefix for phrase in phrases for term in phrase.terms)


def _literal_phrase(phrase: Phrase) -> str:
    if not any(WORD.search(term.text) for term in phrase.terms):
        raise bad(f"the phrase at character {phrase.pos + 1} has no word to search")
    body = " + ".join(_quote(t.text) + ("*" if t.prefix else "") for t in phrase.terms)
    return ("^ " if phrase.caret else "") + body


def _keyed_phrase(phrase: Phrase) -> str:
    keys: list[tuple[str, bool]] = []  # (key, is a prefix)
    for term in phrase.terms:
        words = WORD.findall(term.text)
        for n, word in enumerate(words, 1):
            last_prefix = term.prefix and n == len(words)
            key = prefix_key(word) if last_prefix else word_key(word)
            if key:
                keys.append((key, last_prefix))
    if not keys:
        raise bad(f"the phrase at character {phrase.pos + 1} has no word to search")
    runs, run = [], []  # a prefix can only end a quoted string, so the phrase is cut after it
    for key, prefix in keys:
        run.append(key)
        if prefix:
            runs.append(_quote(" ".join(run)) + "*")
            run = []
    if run:
        runs.append(_quote(" ".join(run)))
    return ("^ " if phrase.caret else "") + " + ".join(runs)


def _unit_body(unit: Phrase | Near, render) -> str:
    if isinstance(unit, Phrase):
        return render(unit)
    distance = f", {unit.distance}" if unit.distance is not None else ""
    return "NEAR(" + " ".join(render(p) for p in unit.phrases) + distance + ")"


def _render_unit(unit: Phrase | Near, columns: frozenset[str] | None) -> str:
    keyed_form = f"{KEYS} : {_unit_body(unit, _keyed_phrase)}"
    if columns == {KEYS} or columns is None and not _has_prefix(unit):
        return keyed_form
    literal_form = f"{TEXT} : {_unit_body(unit, _literal_phrase)}"
    if columns == {TEXT}:
        return literal_form
    return f"({literal_form} OR {keyed_form})"  # both columns named, or a prefix


def _render(node: object, columns: frozenset[str] | None) -> tuple[str, int]:
    """The rewritten expression of `node` under the column set the filters around it leave,
    and the precedence of its top operator (ATOM for a unit or a parenthesised group)."""
    if isinstance(node, Phrase | Near):
        return _render_unit(node, columns), ATOM
    if isinstance(node, Group):
        return "(" + _render(node.node, columns)[0] + ")", ATOM
    if isinstance(node, Filter):
        narrowed = node.columns if columns is None else columns & node.columns
        if not narrowed:
            raise bad(f"the column filter at character {node.pos + 1} leaves no column to "
                       "search")
        return _render(node.node, narrowed)
    assert isinstance(node, Binary)
    level = PRECEDENCE[node.op]
    left, left_level = _render(node.left, columns)
    right, right_level = _render(node.right, columns)
    if left_level < level:
        left = f"({left})"
    if right_level < level or right_level == level and node.op == "NOT":
        right = f"({right})"
    return f"{left} {node.op} {right}", level


def keyed(expression: str) -> str:
    """`expression` (FTS5 query syntax) rewritten over the keys column; see the module's
    docstring for the rules. Raises CorpusError(rule="bad-query") for bad syntax."""
    if any("\ud800" <= ch <= "\udfff" for ch in expression):
        raise bad("the query has an undecodable character (a lone surrogate)")
    try:
        return _render(Parser(expression).parse(), None)[0]
    except RecursionError:
        raise bad("the query nests too deeply or is too long") from None
