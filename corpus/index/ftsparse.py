"""FTS5 query syntax (https://www.sqlite.org/fts5.html, section 3): a tokenizer and a
recursive-descent parser giving the tree that `corpus.index.ftsquery` rewrites.

Barewords (ASCII letters, digits, `_`, U+001A and any non-ASCII character), "quoted strings"
with `""` for a quote, `+`, `*`, `^`, uppercase AND, OR and NOT, parentheses, `NEAR(p ..., N)`
and the column filters `col :`, `{col1 col2} :`, `- col :`. Precedence as in FTS5:
juxtaposition (which joins only phrases and NEAR groups) binds tightest, then NOT, AND, OR; all
associate to the left. Errors are `CorpusError(..., rule="bad-query")` naming what is wrong and
at which character (counted from 1). Why a parser of our own: see ftsquery's docstring.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..errors import CorpusError

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


def bad(message: str) -> CorpusError:
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
                    raise bad(f"the quote at character {start + 1} is never closed")
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
            raise bad(f"unexpected character {c!r} at character {i + 1} (put words with "
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
            raise bad("the query is empty")
        node = self.query(None)
        if self.peek.kind != "EOF":
            raise self.leftover(self.peek)
        return node

    def leftover(self, token: Token) -> CorpusError:
        """The error for `token` left after a whole operand, where an operator, ')' or the end
        should be."""
        if token.kind == "RP":
            return bad(f"')' {token.at} has no matching '('")
        if self.starts_operand(token):
            return bad(f"missing operator before {token.shown()} {token.at} (a space joins "
                        "only phrases and NEAR groups: write AND)")
        return bad(f"unexpected {token.shown()} {token.at}{STRAY.get(token.kind, '')}")

    def query(self, before: Token | None, level: int = 1) -> object:
        """Operands joined by the operators of `level` (PRECEDENCE: OR, then AND, then NOT,
        the tightest), each operand a query of the next level; past the last, a sequence."""
        if level == ATOM:
            return self.sequence(before)
        node = self.query(before, level + 1)
        while PRECEDENCE.get(self.peek.kind) == level:
            op = self.take()
            node = Binary(op.kind, node, self.query(op, level + 1))
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
                raise bad(f"missing operator before {token.shown()} {token.at} (a space "
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
            node: object = Group(self.query(lp))
            if self.peek.kind != "RP":
                if self.peek.kind == "EOF":
                    raise bad(f"the '(' {lp.at} is never closed")
                raise self.leftover(self.peek)
            self.take()
        else:
            node = self.unit(token if columns is not None else None)
        return node if columns is None else Filter(columns, node, token.pos)

    def missing(self, token: Token, before: Token | None) -> CorpusError:
        """The error for `token` where an operand should start, after `before`."""
        if token.kind in OPERATORS and (before is None or before.kind == "LP"):
            return bad(f"{token.text} {token.at} has nothing before it")
        if before is not None and before.kind in OPERATORS and (
                token.kind in OPERATORS or token.kind in ("EOF", "RP")):
            return bad(f"{before.text} {before.at} has nothing after it")
        if before is not None and before.kind == "LP" and token.kind in ("EOF", "RP"):
            return bad(f"the '(' {before.at} is never closed" if token.kind == "EOF" else
                        f"empty parentheses {before.at}")
        if token.kind == "RP":
            return bad(f"')' {token.at} has no matching '('")
        return bad(f"unexpected {token.shown()} {token.at}{STRAY.get(token.kind, '')}")

    def colset(self) -> frozenset[str]:
        start = self.peek
        negated = start.kind == "MINUS"
        if negated:
            self.take()
            if not (self.peek.kind == "LCP" or self.peek.kind == "STRING"
                    and self.ahead().kind == "COLON"):
                raise bad(f"'-' {start.at} must begin a column filter such as '- text :' "
                           '(put hyphenated words in "double quotes")')
        if self.peek.kind == "LCP":
            lcp = self.take()
            names = []
            while self.peek.kind == "STRING":
                names.append(self.take())
            if self.peek.kind != "RCP":
                if self.peek.kind == "EOF":
                    raise bad(f"the '{{' {lcp.at} is never closed")
                raise bad(f"unexpected {self.peek.shown()} {self.peek.at} in the column list "
                           f"that starts {lcp.at}")
            if not names:
                raise bad(f"the column list {lcp.at} names no column")
            self.take()
        else:
            names = [self.take()]
        if self.peek.kind != "COLON":
            raise bad(f"the column filter {start.at} must be followed by ':'")
        self.take()
        for name in names:
            if name.text.casefold() not in COLUMNS:
                raise bad(f"unknown column {name.text!r} {name.at} (the columns are "
                           f"{TEXT} and {KEYS})")
        chosen = frozenset(name.text.casefold() for name in names)
        return COLUMNS - chosen if negated else chosen

    def unit(self, filtered: Token | None) -> object:
        token = self.peek
        if token.kind == "CARET":
            self.take()
            if self.peek.kind != "STRING" or self.peek.text == "NEAR" and (
                    not self.peek.quoted and self.ahead().kind == "LP"):
                raise bad(f"'^' {token.at} must come before a phrase (not NEAR or '(')")
            return self.phrase(caret=True, start=token)
        if token.kind == "STRING" and not token.quoted and self.ahead().kind == "LP":
            if token.text == "NEAR":
                return self.near()
            hint = ("write NEAR in capitals" if token.text.casefold() == "near" else
                    "only NEAR takes parentheses after a word; did you mean AND?")
            raise bad(f"{token.shown()} followed by '(' {token.at}: {hint}")
        if token.kind == "STRING":
            return self.phrase()
        if filtered is not None:
            raise bad(f"the column filter {filtered.at} must be followed by a phrase, a NEAR "
                       "group or '('")
        raise bad(f"unexpected {token.shown()} {token.at}")

    def phrase(self, caret: bool = False, start: Token | None = None) -> Phrase:
        first = self.take()
        terms = [Term(first.text, self.star())]
        while self.peek.kind == "PLUS":
            plus = self.take()
            if self.peek.kind != "STRING":
                raise bad(f"'+' {plus.at} must be followed by a word or \"phrase\"")
            terms.append(Term(self.take().text, self.star()))
        if self.peek.kind == "STAR":
            raise bad(f"'*' {self.peek.at} must follow a word or \"phrase\" (one '*' each)")
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
            raise bad(f"NEAR( {name.at} needs at least one phrase")
        distance = None
        if self.peek.kind == "COMMA":
            comma = self.take()
            number = self.peek
            if number.kind != "STRING" or number.quoted or not number.text.isascii() or (
                    not number.text.isdigit()):
                raise bad(f"the NEAR distance after the ',' {comma.at} must be a whole "
                           f"number, not {number.shown()}")
            distance = self.take().text
        if self.peek.kind != "RP":
            if self.peek.kind == "EOF":
                raise bad(f"the NEAR( {lp.at} is never closed")
            raise bad(f"unexpected {self.peek.shown()} {self.peek.at} in the NEAR group that "
                       f"starts {name.at}")
        self.take()
        return Near(tuple(phrases), distance, name.pos)


# Rendering. A phrase or NEAR group becomes one or two filtered units; binary operators are
# written explicitly, with parentheses wherever FTS5's precedence needs them.
