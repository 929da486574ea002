"""A small, safe rule language for applicability and validation rules. Never ``eval``.

Grammar::

    rule    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | compare
    compare := operand (CMP operand | "in" list | "not" "in" list | "has" STRING)?
    operand := STRING | NUMBER | "true" | "false" | DATE | NAME | NAME "(" NAME ")" | "(" rule ")"
    list    := "[" literal ("," literal)* "]"
    CMP     := "==" | "!=" | "<" | "<=" | ">" | ">="

NAME is a header field id or a question id (letters, digits, ``_``, ``.``, ``-``). Functions:
``answered(ID)`` (answered and not N/A), ``na(ID)`` (marked not applicable). ``has`` tests whether a
multiple-choice answer includes a value. DATE literals are written ``d'2024-01-31'``.

Logic is three-valued (Kleene): a name with no value (unanswered, N/A or inapplicable question,
blank header field) makes a comparison *unknown* (the engine reads an unset flag as false);
``not unknown`` is unknown; ``false and unknown`` is
false; ``true or unknown`` is true. A rule that ends unknown counts as false for applicability and as
satisfied for validation (the answer it depends on is not there yet).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping
from dataclasses import dataclass, fields, is_dataclass
from typing import Literal

from casereader.core.rule_syntax import (
    BoolOp,
    Call,
    Compare,
    Has,
    Literal_,
    Member,
    Name,
    Node,
    Not,
    Parser,
    RuleError,
    Value,
)

__all__ = [
    "BoolOp",
    "Call",
    "Compare",
    "Has",
    "Kind",
    "Literal_",
    "Member",
    "Name",
    "Node",
    "Not",
    "Rule",
    "RuleError",
    "Truth",
    "Value",
    "ValueType",
    "parse_rule",
    "rule_names",
]

Kind = Literal["choice", "multi", "flag", "text", "date", "number"]
Truth = bool | None


@dataclass(frozen=True)
class ValueType:
    """The type of a name a rule can refer to. ``values`` lists the allowed value names of a choice."""

    kind: Kind
    values: frozenset[str] = frozenset()


# ---------------------------------------------------------------- compiled rules


@dataclass(frozen=True)
class Rule:
    """A parsed and type-checked rule. ``names`` are the ids it reads."""

    text: str
    tree: Node
    names: frozenset[str]

    def evaluate(self, lookup: Callable[[str], Value], answered: Callable[[str], bool],
                 is_na: Callable[[str], bool]) -> Truth:
        """Evaluate with three-valued logic; ``lookup`` returns None for a name with no value."""
        return _Evaluator(lookup, answered, is_na).truth(self.tree)


def rule_names(text: str) -> frozenset[str]:
    """Every field or question id the rule's text names, from its syntax alone (no type check); empty when the
    text does not parse. Lets a checker tell a rule that only fails because a name it uses is itself broken."""
    try:
        tree = Parser(text).parse()
    except RuleError:
        return frozenset()
    found: set[str] = set()
    pending: list[object] = [tree]
    while pending:
        node = pending.pop()
        if isinstance(node, Name):
            found.add(node.name)
        elif isinstance(node, Call):
            found.add(node.arg)
        elif isinstance(node, tuple):
            pending.extend(node)
        elif is_dataclass(node):
            pending.extend(getattr(node, f.name) for f in fields(node))
    return frozenset(found)


def parse_rule(text: str, types: Mapping[str, ValueType], *, self_name: str | None = None,
               self_type: ValueType | None = None) -> Rule:
    """Parse and type-check a rule against the names it may use. Raises :class:`RuleError`."""
    tree = Parser(text).parse()
    scope = dict(types)
    if self_name is not None and self_type is not None:
        scope[self_name] = self_type
    checker = _Checker(scope)
    checker.expect_bool(tree)
    return Rule(text, tree, frozenset(checker.names))


class _Checker:
    def __init__(self, types: Mapping[str, ValueType]) -> None:
        self.types = types
        self.names: set[str] = set()

    def lookup(self, name: str, col: int) -> ValueType:
        vt = self.types.get(name)
        if vt is None:
            raise RuleError(f"unknown field or question id {name!r}", col)
        self.names.add(name)
        return vt

    def expect_bool(self, node: Node) -> None:
        if isinstance(node, BoolOp):
            for op in node.operands:
                self.expect_bool(op)
        elif isinstance(node, Not):
            self.expect_bool(node.operand)
        elif isinstance(node, Compare):
            self.compare(node)
        elif isinstance(node, Member):
            vt = self.operand_type(node.operand)
            for lit in node.choices:
                self.check_literal(vt, lit, node.col)
        elif isinstance(node, Has):
            vt = self.operand_type(node.operand)
            if vt.kind != "multi":
                raise RuleError(f"'has' needs a multiple-choice question, not a {vt.kind}", node.col)
            self.check_literal(ValueType("choice", vt.values), node.value, node.col)
        elif isinstance(node, Call):
            self.lookup(node.arg, node.col)
        elif isinstance(node, Name):
            vt = self.lookup(node.name, node.col)
            if vt.kind != "flag":
                raise RuleError(
                    f"{node.name!r} is a {vt.kind}, not a yes/no flag: compare it with a value", node.col
                )
        elif isinstance(node, Literal_) and not isinstance(node.value, bool):
            raise RuleError("a rule must be true or false, not a bare value", node.col)

    def operand_type(self, node: Node) -> ValueType:
        if isinstance(node, Name):
            return self.lookup(node.name, node.col)
        if isinstance(node, Literal_):
            raise RuleError("compare a field or question with a value, not two values", node.col)
        raise RuleError("only a field or question id can be compared", getattr(node, "col", None))

    def check_literal(self, vt: ValueType, lit: Literal_, col: int) -> None:
        v = lit.value
        if vt.kind in {"choice", "multi"}:
            if not isinstance(v, str):
                raise RuleError(f"expected a quoted value for a {vt.kind}, found {v!r}", lit.col)
            if vt.values and v not in vt.values:
                known = ", ".join(sorted(vt.values))
                raise RuleError(f"unknown value {v!r} (known: {known})", lit.col)
        elif vt.kind == "flag":
            if not isinstance(v, bool):
                raise RuleError("a flag compares with true or false", lit.col)
        elif vt.kind == "number":
            if isinstance(v, bool) or not isinstance(v, float):
                raise RuleError("a number compares with a number", lit.col)
        elif vt.kind == "date":
            if not isinstance(v, dt.date):
                raise RuleError("a date compares with a date written d'YYYY-MM-DD'", lit.col)
        elif not isinstance(v, str):  # text
            raise RuleError("text compares with a quoted value", lit.col)

    def compare(self, node: Compare) -> None:
        left, right = node.left, node.right
        if isinstance(left, Literal_) and isinstance(right, Name):
            left, right = right, left
        lt = self.operand_type(left)
        if isinstance(right, Name):
            rt = self.lookup(right.name, right.col)
            if rt.kind != lt.kind:
                raise RuleError(f"cannot compare a {lt.kind} with a {rt.kind}", node.col)
        elif isinstance(right, Literal_):
            self.check_literal(lt, right, node.col)
        else:
            raise RuleError("compare a field or question with a value", node.col)
        if node.op in {"<", "<=", ">", ">="} and lt.kind not in {"number", "date"}:
            raise RuleError(f"'{node.op}' needs numbers or dates, not a {lt.kind}", node.col)
        if lt.kind == "multi":
            raise RuleError("use 'has' to test a multiple-choice answer", node.col)


class _Evaluator:
    def __init__(self, lookup: Callable[[str], Value], answered: Callable[[str], bool],
                 is_na: Callable[[str], bool]) -> None:
        self.lookup = lookup
        self.answered = answered
        self.is_na = is_na

    def value(self, node: Node) -> Value:
        if isinstance(node, Literal_):
            return node.value
        if isinstance(node, Name):
            return self.lookup(node.name)
        return self.truth(node)

    def truth(self, node: Node) -> Truth:
        if isinstance(node, BoolOp):
            results = [self.truth(op) for op in node.operands]
            if node.op == "and":
                return False if False in results else (None if None in results else True)
            return True if True in results else (None if None in results else False)
        if isinstance(node, Not):
            t = self.truth(node.operand)
            return None if t is None else not t
        if isinstance(node, Call):
            return self.answered(node.arg) if node.func == "answered" else self.is_na(node.arg)
        if isinstance(node, Name):
            v = self.lookup(node.name)
            return None if v is None else bool(v)
        if isinstance(node, Literal_):
            return bool(node.value)
        if isinstance(node, Member):
            v = self.value(node.operand)
            if v is None:
                return None
            inside = any(v == c.value for c in node.choices)
            return not inside if node.negated else inside
        if isinstance(node, Has):
            v = self.value(node.operand)
            if v is None:
                return None
            return isinstance(v, frozenset) and node.value.value in v
        assert isinstance(node, Compare)
        left, right = self.value(node.left), self.value(node.right)
        if left is None or right is None:
            return None
        return _OPS[node.op](left, right)


_OPS: dict[str, Callable[[object, object], bool]] = {
    "==": lambda a, b: a == b,
    "!=": lambda a, b: a != b,
    "<": lambda a, b: a < b,  # type: ignore[operator]
    "<=": lambda a, b: a <= b,  # type: ignore[operator]
    ">": lambda a, b: a > b,  # type: ignore[operator]
    ">=": lambda a, b: a >= b,  # type: ignore[operator]
}
