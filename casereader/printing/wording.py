"""Words for printing: rules as readable instructions, answers and header values as labels.

``charging_route == 'area' and not victim_letter_required`` prints as
“Charging decision made by is “Area” and Victim letter required is No”. Pure functions of core objects.
"""

from __future__ import annotations

import datetime as dt

from casereader.core.answers import Answer, HeaderValue
from casereader.core.engine import compiled
from casereader.core.expressions import (
    BoolOp,
    Call,
    Compare,
    Has,
    Literal_,
    Member,
    Name,
    Node,
    Not,
)
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind

_COMPARE = {"==": "is", "!=": "is not", "<": "is less than", "<=": "is at most", ">": "is more than",
            ">=": "is at least"}
_COMPARE_DATE = {"<": "is before", "<=": "is on or before", ">": "is after", ">=": "is on or after"}


def quoted(text: str) -> str:
    return f"“{text}”"


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


class RuleWords:
    """Turns the parsed rules of one question set into plain English."""

    def __init__(self, qs: QuestionSet) -> None:
        self.qs = qs

    def name(self, name: str) -> str:
        field = self.qs.header_index.get(name)
        if field is not None:
            return field.label
        return name

    def _is_flag(self, node: Node) -> bool:
        if isinstance(node, Name):
            field = self.qs.header_index.get(node.name)
            return field is not None and field.type == FieldType.FLAG
        return False

    def value_label(self, name: str | None, value: object) -> str:
        if isinstance(value, bool):
            return "Yes" if value else "No"
        if isinstance(value, float):
            return format_number(value)
        if isinstance(value, dt.date):
            return value.strftime("%-d %B %Y")
        text = str(value)
        if name is not None:
            if name in self.qs.header_index:
                opt = self.qs.header_index[name].option(text)
            elif name in self.qs.question_index:
                opt = self.qs.scale_of(name).option(text)
            else:
                opt = None
            if opt is not None:
                return quoted(opt.label)
        return quoted(text)

    def words(self, node: Node, *, nested: bool = False) -> str:
        if isinstance(node, BoolOp):
            joined = f" {node.op} ".join(self.words(o, nested=True) for o in node.operands)
            return f"({joined})" if nested else joined
        if isinstance(node, Not):
            if isinstance(node.operand, Name) and self._is_flag(node.operand):
                return f"{self.name(node.operand.name)} is No"
            inner = node.operand
            if isinstance(inner, Compare) and inner.op in ("==", "!="):
                return self._compare(Compare("!=" if inner.op == "==" else "==", inner.left, inner.right, inner.col))
            if isinstance(inner, Member):
                return self.words(Member(not inner.negated, inner.operand, inner.choices, inner.col))
            if isinstance(inner, Call):
                return f"{self.name(inner.arg)} is not " + ("answered" if inner.func == "answered" else "marked N/A")
            return f"not ({self.words(inner)})"
        if isinstance(node, Name):
            if self._is_flag(node):
                return f"{self.name(node.name)} is Yes"
            return self.name(node.name)
        if isinstance(node, Literal_):
            return self.value_label(None, node.value)
        if isinstance(node, Call):
            return f"{self.name(node.arg)} is " + ("answered" if node.func == "answered" else "marked N/A")
        if isinstance(node, Compare):
            return self._compare(node)
        if isinstance(node, Member):
            ref = node.operand.name if isinstance(node.operand, Name) else None
            values = ", ".join(self.value_label(ref, c.value) for c in node.choices)
            verb = "is not one of" if node.negated else "is one of"
            return f"{self.words(node.operand, nested=True)} {verb} {values}"
        if isinstance(node, Has):
            ref = node.operand.name if isinstance(node.operand, Name) else None
            return f"{self.words(node.operand, nested=True)} includes {self.value_label(ref, node.value.value)}"
        return str(node)

    def _compare(self, node: Compare) -> str:
        left, right = node.left, node.right
        if isinstance(left, Literal_) and isinstance(right, Name):
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(node.op, node.op)
            return self._compare(Compare(flipped, right, left, node.col))
        ref = left.name if isinstance(left, Name) else None
        is_date = isinstance(right, Literal_) and isinstance(right.value, dt.date)
        verb = (_COMPARE_DATE if is_date else _COMPARE).get(node.op, _COMPARE.get(node.op, node.op))
        lhs = self.name(left.name) if isinstance(left, Name) else self.words(left, nested=True)
        rhs = self.value_label(ref, right.value) if isinstance(right, Literal_) else self.words(right, nested=True)
        return f"{lhs} {verb} {rhs}"

    def rule(self, text: str | None, tree: Node | None) -> str:
        """A rule in words; the raw text when the tree is not available."""
        if tree is None:
            return text or ""
        return self.words(tree)

    def conditions(self, question_id: str) -> str:
        """Everything that must hold for a question to apply (its section's rule and its own), in words."""
        cs = compiled(self.qs)
        section = self.qs.section_of[question_id]
        parts = []
        srule = cs.section_rules.get(section.id)
        if srule is not None:
            parts.append(self.words(srule.tree, nested=True))
        qrule = cs.applies.get(question_id)
        if qrule is not None:
            parts.append(self.words(qrule.tree, nested=True))
        return " and ".join(parts)

    def section_condition(self, section_id: str) -> str:
        rule = compiled(self.qs).section_rules.get(section_id)
        return "" if rule is None else self.words(rule.tree)

    def question_condition(self, question_id: str) -> str:
        rule = compiled(self.qs).applies.get(question_id)
        return "" if rule is None else self.words(rule.tree)


def rule_words(qs: QuestionSet) -> RuleWords:
    return RuleWords(qs)


def header_value_text(qs: QuestionSet, field_id: str, value: HeaderValue) -> str:
    """A case header value as the inspector would read it (option label, Yes/No, date)."""
    if value is None or value == "":
        return ""
    field = qs.header_index.get(field_id)
    if field is None:
        return str(value)
    if field.type == FieldType.FLAG:
        return "Yes" if value else "No"
    if field.type == FieldType.NUMBER and isinstance(value, (int, float)):
        return format_number(float(value))
    if field.type == FieldType.CHOICE:
        opt = field.option(str(value))
        return opt.label if opt is not None else str(value)
    return str(value)


def answer_text(qs: QuestionSet, question_id: str, answer: Answer | None) -> str:
    """A short description of an answer: its label(s), value, or "N/A" (empty when unanswered)."""
    if answer is None or not answer.given:
        return ""
    if answer.na:
        return "N/A" + (f" ({answer.na_reason})" if answer.na_reason else "")
    scale = qs.scale_of(question_id)
    if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
        values = answer.value if isinstance(answer.value, tuple) else (str(answer.value),)
        labels = []
        for v in values:
            opt = scale.option(v)
            labels.append(opt.label if opt is not None else v)
        return ", ".join(labels)
    if isinstance(answer.value, float):
        return format_number(answer.value)
    return str(answer.value)
