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
* Words are split as the keys column splits them (`corpus.names.searchkeys.WORD`); a word whose key
  is empty drops out, and a phrase left with no word is an error (FTS5 would match nothing).
* Prefixes (`Vlas*`, `"General Vla"*`): the key of a word cannot be had from a prefix of it
  (the Russian lemma, `-off` = `-ov`, a digraph `kh` cut after its `k`), so a phrase or NEAR
  group holding a prefix is searched both ways, `(text : <as typed> OR keys : <keyed>)`. In
  the keyed half the prefix is folded and cross-keyed (`corpus.names.keys.fold`, `cross_key`)
  but not lemmatised, which a truncated word would only confuse: `Vlas*`, `Wlass*` and `Влас*` all
  become `vlas*` and find Vlasov, Власова and Wlassow alike, while a prefix cut inside a
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

from dataclasses import dataclass

from ..errors import CorpusError
from ..names.keys import cross_key, fold
from ..names.searchkeys import WORD, word_key

__all__ = ["keyed"]

TEXT, KEYS = "text", "keys"  # the columns of segments_fts (corpus.index.spec, SEGMENTS.fts)
COLUMNS = frozenset((TEXT, KEYS))

WHITESPACE = " \t\n\r\f"  # what the FTS5 lexer skips; any other ASCII outside words is syntax
PUNCTUATION = {"(": "LP", ")": "RP", "{": "LCP", "}": "RCP", ":": "COLON", ",": "COMMA",
               "+": "PLUS", "*": "STAR", "^": "CARET", "-": "MINUS"}
OPERATORS = ("AND", "OR", "NOT")
STRAY = {"STAR": ": '*' must follow a word or \"phrase\"",
         "PLUS": ": '+' must join two phrases",
         "COLON": ": ':' must follow a column name",
         "COMMA": ": ',' belongs inside NEAR(..., N)",
         "RCP": ": no '{' opened it"}
PRECEDENCE = {"OR": 1, "AND": 2, "NOT": 3}
ATOM = 4


def _bare(c: str) -> bool:
    return c > "\x7f" or c.isascii() and c.isalnum() or c in "_\x1a"


def _bad(message: str) -> CorpusError:
    return CorpusError(message, rule="bad-query")


@dataclass(frozen=True)
class Token:
    kind: str  # STRING, an operator, a PUNCTUATION name or EOF
    text: str  # a string's value (quotes removed, "" undone); the character otherwise
    pos: int  # 0-based index in the expression
    quoted: bool = False

    @property
    def at(self) -> str:
        return f"at character {self.pos + 1}"

    def shown(self) -> str:
        if self.kind == "EOF":
            return "the end"
        return self.text if self.kind in OPERATORS else repr(self.text)  # repr: one line


def tokenize(expression: str) -> list[Token]:
    tokens, i, n = [], 0, len(expression)
    while i < n:
        c = expression[i]
        if c in WHITESPACE:
            i += 1
        elif c == '"':
            start, parts, i = i, [], i + 1
            while True:
                end = expression.find('"', i)
                if end < 0:
                    raise _bad(f"the quote at character {start + 1} is never closed")
                parts.append(expression[i:end])
                if expression.startswith('""', end):
                    parts.append('"')
                    i = end + 2
                else:
                    i = end + 1
                    break
            tokens.append(Token("STRING", "".join(parts), start, quoted=True))
        elif c in PUNCTUATION:
            tokens.append(Token(PUNCTUATION[c], c, i))
            i += 1
        elif _bare(c):
            start = i
            while i < n and _bare(expression[i]):
                i += 1
            word = expression[start:i]
            tokens.append(Token(word if word in OPERATORS else "STRING", word, start))
        else:
            raise _bad(f"unexpected character {c!r} at character {i + 1} (put words with "
                       'punctuation in "double quotes")')
    tokens.append(Token("EOF", "", n))
    return tokens


# The parsed query. Column sets are frozensets of column names; None means no filter.

@dataclass(frozen=True)
class Term:  # one string of a phrase: a bareword or a quoted string, maybe with *
    text: str
    prefix: bool


@dataclass(frozen=True)
class Phrase:
    terms: tuple[Term, ...]  # joined by + (a quoted string is one term)
    caret: bool
    pos: int


@dataclass(frozen=True)
class Near:
    phrases: tuple[Phrase, ...]
    distance: str | None
    pos: int


@dataclass(frozen=True)
class Filter:
    columns: frozenset[str]  # the columns it leaves (a - filter already turned around)
    node: object
    pos: int


@dataclass(frozen=True)
class Group:  # the user's parentheses, kept in the output
    node: object


@dataclass(frozen=True)
class Binary:
    op: str  # AND (explicit or implicit), OR, NOT
    left: object
    right: object


class Parser:
    """Recursive descent over FTS5's grammar:

        query    := and ("OR" and)*
        and      := not ("AND" not)*
        not      := sequence ("NOT" sequence)*
        sequence := [colset ":"] "(" query ")"  |  unit unit*
        unit     := [colset ":"] ("^" phrase | "NEAR" "(" phrase+ ["," N] ")" | phrase)
        phrase   := string ["*"] ("+" string ["*"])*
        colset   := ["-"] (string | "{" string+ "}")
    """

    def __init__(self, expression: str):
        self.tokens = tokenize(expression)
        self.i = 0

    @property
    def peek(self) -> Token:
        return self.tokens[self.i]

    def ahead(self, k: int = 1) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def take(self) -> Token:
        token = self.tokens[self.i]
        self.i += 1
        return token

    def parse(self) -> object:
        if self.peek.kind == "EOF":
            raise _bad("the query is empty")
        node = self.query(None)
        if self.peek.kind != "EOF":
            raise self.leftover(self.peek)
        return node

    def leftover(self, token: Token) -> CorpusError:
        """The error for `token` left after a whole operand, where an operator, ')' or the end
        should be."""
        if token.kind == "RP":
            return _bad(f"')' {token.at} has no matching '('")
        if self.starts_operand(token):
            return _bad(f"missing operator before {token.shown()} {token.at} (a space joins "
                        "only phrases and NEAR groups: write AND)")
        return _bad(f"unexpected {token.shown()} {token.at}{STRAY.get(token.kind, '')}")

    def query(self, before: Token | None) -> object:
        node = self.conjunction(before)
        while self.peek.kind == "OR":
            op = self.take()
            node = Binary("OR", node, self.conjunction(op))
        return node

    def conjunction(self, before: Token | None) -> object:
        node = self.negation(before)
        while self.peek.kind == "AND":
            op = self.take()
            node = Binary("AND", node, self.negation(op))
        return node

    def negation(self, before: Token | None) -> object:
        node = self.sequence(before)
        while self.peek.kind == "NOT":
            op = self.take()
            node = Binary("NOT", node, self.sequence(op))
        return node

    def starts_operand(self, token: Token) -> bool:
        return token.kind in ("STRING", "CARET", "MINUS", "LCP", "LP")

    def sequence(self, before: Token | None) -> object:
        node = self.operand(before)
        grouped = isinstance(node, Group) or isinstance(node, Filter) and isinstance(
            node.node, Group)
        while self.starts_operand(self.peek):
            token = self.peek
            item = None if grouped else self.operand(None)
            if item is None or isinstance(item, Group) or isinstance(item, Filter) and (
                    isinstance(item.node, Group)):
                raise _bad(f"missing operator before {token.shown()} {token.at} (a space "
                           "joins only phrases and NEAR groups: write AND)")
            node = Binary("AND", node, item)
        return node

    def operand(self, before: Token | None) -> object:
        """A parenthesised group or a unit, either maybe under a column filter. `before` is
        the operator or '(' just read (None at the start), for the error messages."""
        token = self.peek
        if not self.starts_operand(token):
            raise self.missing(token, before)
        columns = None
        if token.kind in ("MINUS", "LCP") or token.kind == "STRING" and (
                self.ahead().kind == "COLON"):
            columns = self.colset()
        if self.peek.kind == "LP":
            lp = self.take()
            node = Group(self.query(lp))
            if self.peek.kind != "RP":
                if self.peek.kind == "EOF":
                    raise _bad(f"the '(' {lp.at} is never closed")
                raise self.leftover(self.peek)
            self.take()
        else:
            node = self.unit(token if columns is not None else None)
        return node if columns is None else Filter(columns, node, token.pos)

    def missing(self, token: Token, before: Token | None) -> CorpusError:
        """The error for `token` where an operand should start, after `before`."""
        if token.kind in OPERATORS and (before is None or before.kind == "LP"):
            return _bad(f"{token.text} {token.at} has nothing before it")
        if before is not None and before.kind in OPERATORS and (
                token.kind in OPERATORS or token.kind in ("EOF", "RP")):
            return _bad(f"{before.text} {before.at} has nothing after it")
        if before is not None and before.kind == "LP" and token.kind in ("EOF", "RP"):
            return _bad(f"the '(' {before.at} is never closed" if token.kind == "EOF" else
                        f"empty parentheses {before.at}")
        if token.kind == "RP":
            return _bad(f"')' {token.at} has no matching '('")
        return _bad(f"unexpected {token.shown()} {token.at}{STRAY.get(token.kind, '')}")

    def colset(self) -> frozenset[str]:
        start = self.peek
        negated = start.kind == "MINUS"
        if negated:
            self.take()
            if not (self.peek.kind == "LCP" or self.peek.kind == "STRING"
                    and self.ahead().kind == "COLON"):
                raise _bad(f"'-' {start.at} must begin a column filter such as '- text :' "
                           '(put hyphenated words in "double quotes")')
        if self.peek.kind == "LCP":
            lcp = self.take()
            names = []
            while self.peek.kind == "STRING":
                names.append(self.take())
            if self.peek.kind != "RCP":
                if self.peek.kind == "EOF":
                    raise _bad(f"the '{{' {lcp.at} is never closed")
                raise _bad(f"unexpected {self.peek.shown()} {self.peek.at} in the column list "
                           f"that starts {lcp.at}")
            if not names:
                raise _bad(f"the column list {lcp.at} names no column")
            self.take()
        else:
            names = [self.take()]
        if self.peek.kind != "COLON":
            raise _bad(f"the column filter {start.at} must be followed by ':'")
        self.take()
        for name in names:
            if name.text.casefold() not in COLUMNS:
                raise _bad(f"unknown column {name.text!r} {name.at} (the columns are "
                           f"{TEXT} and {KEYS})")
        chosen = frozenset(name.text.casefold() for name in names)
        return COLUMNS - chosen if negated else chosen

    def unit(self, filtered: Token | None) -> object:
        token = self.peek
        if token.kind == "CARET":
            self.take()
            if self.peek.kind != "STRING" or self.peek.text == "NEAR" and (
                    not self.peek.quoted and self.ahead().kind == "LP"):
                raise _bad(f"'^' {token.at} must come before a phrase (not NEAR or '(')")
            return self.phrase(caret=True, start=token)
        if token.kind == "STRING" and not token.quoted and self.ahead().kind == "LP":
            if token.text == "NEAR":
                return self.near()
            hint = ("write NEAR in capitals" if token.text.casefold() == "near" else
                    "only NEAR takes parentheses after a word; did you mean AND?")
            raise _bad(f"{token.shown()} followed by '(' {token.at}: {hint}")
        if token.kind == "STRING":
            return self.phrase()
        if filtered is not None:
            raise _bad(f"the column filter {filtered.at} must be followed by a phrase, a NEAR "
                       "group or '('")
        raise _bad(f"unexpected {token.shown()} {token.at}")

    def phrase(self, caret: bool = False, start: Token | None = None) -> Phrase:
        first = self.take()
        terms = [Term(first.text, self.star())]
        while self.peek.kind == "PLUS":
            plus = self.take()
            if self.peek.kind != "STRING":
                raise _bad(f"'+' {plus.at} must be followed by a word or \"phrase\"")
            terms.append(Term(self.take().text, self.star()))
        if self.peek.kind == "STAR":
            raise _bad(f"'*' {self.peek.at} must follow a word or \"phrase\" (one '*' each)")
        return Phrase(tuple(terms), caret, (start or first).pos)

    def star(self) -> bool:
        if self.peek.kind == "STAR":
            self.take()
            return True
        return False

    def near(self) -> Near:
        name, lp = self.take(), self.take()
        phrases = []
        while self.peek.kind == "STRING":
            phrases.append(self.phrase())
        if not phrases:
            raise _bad(f"NEAR( {name.at} needs at least one phrase")
        distance = None
        if self.peek.kind == "COMMA":
            comma = self.take()
            number = self.peek
            if number.kind != "STRING" or number.quoted or not number.text.isascii() or (
                    not number.text.isdigit()):
                raise _bad(f"the NEAR distance after the ',' {comma.at} must be a whole "
                           f"number, not {number.shown()}")
            distance = self.take().text
        if self.peek.kind != "RP":
            if self.peek.kind == "EOF":
                raise _bad(f"the NEAR( {lp.at} is never closed")
            raise _bad(f"unexpected {self.peek.shown()} {self.peek.at} in the NEAR group that "
                       f"starts {name.at}")
        self.take()
        return Near(tuple(phrases), distance, name.pos)


# Rendering. A phrase or NEAR group becomes one or two filtered units; binary operators are
# written explicitly, with parentheses wherever FTS5's precedence needs them.

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
        raise _bad(f"the phrase at character {phrase.pos + 1} has no word to search")
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
        raise _bad(f"the phrase at character {phrase.pos + 1} has no word to search")
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
            raise _bad(f"the column filter at character {node.pos + 1} leaves no column to "
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
        raise _bad("the query has an undecodable character (a lone surrogate)")
    try:
        return _render(Parser(expression).parse(), None)[0]
    except RecursionError:
        raise _bad("the query nests too deeply or is too long") from None
