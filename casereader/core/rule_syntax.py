"""The syntax of the rule language: tokens, the tree of a rule and the parser (grammar in
:mod:`casereader.core.expressions`). Types and evaluation live there; this module only reads text."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from typing import Literal

from casereader.core.errors import UserError

Value = str | float | bool | dt.date | frozenset[str] | None


class RuleError(UserError, ValueError):
    """A rule that does not parse or does not type-check; ``column`` is 1-based within the rule text."""

    def __init__(self, message: str, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.column = column

    def __str__(self) -> str:
        return self.message if self.column is None else f"{self.message} (at column {self.column})"


# ---------------------------------------------------------------- tokens

_TOKEN = re.compile(
    r"""\s*(?:
      (?P<date>d'(\d{4}-\d{2}-\d{2})')
    | (?P<string>'[^'\\]*'|"[^"\\]*")
    | (?P<number>-?\d+(?:\.\d+)?)
    | (?P<op>==|!=|<=|>=|<|>|\(|\)|\[|\]|,)
    | (?P<name>[A-Za-z_][A-Za-z0-9_.-]*)
    )""",
    re.VERBOSE,
)
_KEYWORDS = {"and", "or", "not", "in", "has", "true", "false"}
_FUNCTIONS = {"answered", "na"}
MAX_RULE_LENGTH = 2000


@dataclass(frozen=True)
class _Tok:
    kind: str
    text: str
    col: int


def _tokenize(text: str) -> list[_Tok]:
    if len(text) > MAX_RULE_LENGTH:
        raise RuleError(f"rule is longer than {MAX_RULE_LENGTH} characters")
    toks: list[_Tok] = []
    pos = 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if m is None or m.end() == pos:
            col = pos + 1 + (len(text[pos:]) - len(text[pos:].lstrip()))
            raise RuleError(f"unexpected character {text[col - 1]!r}", col)
        kind = m.lastgroup or ""
        start = m.start(kind) + 1
        tok_text = m.group(kind)
        if kind == "name" and tok_text in _KEYWORDS:
            kind = tok_text
        toks.append(_Tok(kind, tok_text, start))
        pos = m.end()
    toks.append(_Tok("end", "", len(text) + 1))
    return toks


# ---------------------------------------------------------------- syntax tree


@dataclass(frozen=True)
class Literal_:
    value: Value
    col: int


@dataclass(frozen=True)
class Name:
    name: str
    col: int


@dataclass(frozen=True)
class Call:
    func: str
    arg: str
    col: int


@dataclass(frozen=True)
class Not:
    operand: Node


@dataclass(frozen=True)
class BoolOp:
    op: Literal["and", "or"]
    operands: tuple[Node, ...]


@dataclass(frozen=True)
class Compare:
    op: str
    left: Node
    right: Node
    col: int


@dataclass(frozen=True)
class Member:
    negated: bool
    operand: Node
    choices: tuple[Literal_, ...]
    col: int


@dataclass(frozen=True)
class Has:
    operand: Node
    value: Literal_
    col: int


Node = Literal_ | Name | Call | Not | BoolOp | Compare | Member | Has

MAX_DEPTH = 64


class Parser:
    def __init__(self, text: str) -> None:
        self.toks = _tokenize(text)
        self.i = 0
        self.depth = 0

    def peek(self) -> _Tok:
        return self.toks[self.i]

    def take(self, kind: str | None = None) -> _Tok:
        tok = self.toks[self.i]
        if kind is not None and tok.kind != kind:
            want = {"end": "end of rule", ")": "')'", "]": "']'", "name": "a name"}.get(kind, repr(kind))
            got = "end of rule" if tok.kind == "end" else repr(tok.text)
            raise RuleError(f"expected {want}, found {got}", tok.col)
        self.i += 1
        return tok

    def parse(self) -> Node:
        if self.peek().kind == "end":
            raise RuleError("empty rule", 1)
        node = self.or_()
        self.take("end")
        return node

    def _nest(self) -> None:
        self.depth += 1
        if self.depth > MAX_DEPTH:
            raise RuleError("rule is nested too deeply", self.peek().col)

    def or_(self) -> Node:
        parts = [self.and_()]
        while self.peek().kind == "or":
            self.take()
            parts.append(self.and_())
        return parts[0] if len(parts) == 1 else BoolOp("or", tuple(parts))

    def and_(self) -> Node:
        parts = [self.not_()]
        while self.peek().kind == "and":
            self.take()
            parts.append(self.not_())
        return parts[0] if len(parts) == 1 else BoolOp("and", tuple(parts))

    def not_(self) -> Node:
        if self.peek().kind == "not":
            self.take()
            self._nest()
            node = Not(self.not_())
            self.depth -= 1
            return node
        return self.compare()

    def compare(self) -> Node:
        left = self.operand()
        tok = self.peek()
        if tok.kind == "op" and tok.text in {"==", "!=", "<", "<=", ">", ">="}:
            self.take()
            return Compare(tok.text, left, self.operand(), tok.col)
        if tok.kind == "in":
            self.take()
            return Member(False, left, self.list_(), tok.col)
        if tok.kind == "not" and self.toks[self.i + 1].kind == "in":
            self.take()
            self.take()
            return Member(True, left, self.list_(), tok.col)
        if tok.kind == "has":
            self.take()
            lit = self.operand()
            if not isinstance(lit, Literal_) or not isinstance(lit.value, str):
                raise RuleError("'has' needs a quoted value after it", tok.col)
            return Has(left, lit, tok.col)
        return left

    def list_(self) -> tuple[Literal_, ...]:
        self.take_op("[")
        items = [self.literal()]
        while self.peek().text == ",":
            self.take()
            items.append(self.literal())
        self.take_op("]")
        return tuple(items)

    def take_op(self, text: str) -> None:
        tok = self.peek()
        if tok.text != text:
            got = "end of rule" if tok.kind == "end" else repr(tok.text)
            raise RuleError(f"expected '{text}', found {got}", tok.col)
        self.take()

    def literal(self) -> Literal_:
        node = self.operand()
        if not isinstance(node, Literal_):
            raise RuleError("lists may hold only quoted values, numbers or dates", self.toks[self.i - 1].col)
        return node

    def operand(self) -> Node:
        tok = self.take()
        if tok.kind == "string":
            return Literal_(tok.text[1:-1], tok.col)
        if tok.kind == "number":
            return Literal_(float(tok.text), tok.col)
        if tok.kind == "date":
            try:
                return Literal_(dt.date.fromisoformat(tok.text[2:-1]), tok.col)
            except ValueError:
                raise RuleError(f"not a real date: {tok.text}", tok.col) from None
        if tok.kind in {"true", "false"}:
            return Literal_(tok.kind == "true", tok.col)
        if tok.kind == "name":
            if self.peek().text == "(":
                if tok.text not in _FUNCTIONS:
                    raise RuleError(f"unknown function {tok.text!r} (known: answered, na)", tok.col)
                self.take()
                arg = self.take("name")
                self.take_op(")")
                return Call(tok.text, arg.text, tok.col)
            return Name(tok.text, tok.col)
        if tok.text == "(":
            self._nest()
            node = self.or_()
            self.depth -= 1
            self.take_op(")")
            return node
        got = "end of rule" if tok.kind == "end" else repr(tok.text)
        raise RuleError(f"expected a value or a name, found {got}", tok.col)
