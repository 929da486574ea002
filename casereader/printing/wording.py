"""Words for printing: rules as readable instructions, answers and header values as labels.

``charging_route == 'area' and not victim_letter_required`` prints as
“Charging decision made by is “Area” and Victim letter required is No”; in Welsh (``lang="cy"``) each
condition reads “FIELD: VALUE” (“Math o waith achos: un o “Llys y Goron””). Pure functions of core objects.
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
from casereader.core.questionset import FieldType, Question, QuestionSet, ScaleKind, reasons_in, text_in

_COMPARE = {
    "en": {"==": "{lhs} is {rhs}", "!=": "{lhs} is not {rhs}", "<": "{lhs} is less than {rhs}",
           "<=": "{lhs} is at most {rhs}", ">": "{lhs} is more than {rhs}", ">=": "{lhs} is at least {rhs}"},
    "cy": {"==": "{lhs}: {rhs}", "!=": "{lhs}: nid {rhs}", "<": "{lhs}: llai na {rhs}",
           "<=": "{lhs}: dim mwy na {rhs}", ">": "{lhs}: mwy na {rhs}", ">=": "{lhs}: o leiaf {rhs}"},
}
_COMPARE_DATE = {
    "en": {"<": "{lhs} is before {rhs}", "<=": "{lhs} is on or before {rhs}", ">": "{lhs} is after {rhs}",
           ">=": "{lhs} is on or after {rhs}"},
    "cy": {"<": "{lhs}: cyn {rhs}", "<=": "{lhs}: ar {rhs} neu cyn hynny", ">": "{lhs}: ar ôl {rhs}",
           ">=": "{lhs}: ar {rhs} neu ar ôl hynny"},
}
# Rule phrases other than comparisons. Welsh uses "FIELD: VALUE", which reads naturally whatever the field.
_PHRASES = {
    "en": {"and": "and", "or": "or", "not": "not ({inner})", "yes": "Yes", "no": "No",
           "flag": "{name} is {value}", "answered": "{name} is answered", "not answered": "{name} is not answered",
           "na": "{name} is marked N/A", "not na": "{name} is not marked N/A", "in": "{lhs} is one of {values}",
           "not in": "{lhs} is not one of {values}", "has": "{lhs} includes {value}"},
    "cy": {"and": "a", "or": "neu", "not": "nid ({inner})", "yes": "Ie", "no": "Na",
           "flag": "{name}: {value}", "answered": "{name}: wedi'i ateb", "not answered": "{name}: heb ei ateb",
           "na": "{name}: wedi'i farcio'n Dd/B", "not na": "{name}: heb ei farcio'n Dd/B",
           "in": "{lhs}: un o {values}", "not in": "{lhs}: dim un o {values}", "has": "{lhs}: yn cynnwys {value}"},
}
_WELSH_MONTHS = ("Ionawr", "Chwefror", "Mawrth", "Ebrill", "Mai", "Mehefin", "Gorffennaf", "Awst", "Medi",
                 "Hydref", "Tachwedd", "Rhagfyr")


def quoted(text: str) -> str:
    return f"“{text}”"


def format_number(value: float) -> str:
    return str(int(value)) if float(value).is_integer() else f"{value:g}"


def day_text(value: dt.date, lang: str = "en") -> str:
    """"20 November 2026", or in Welsh "20 Tachwedd 2026"."""
    month = _WELSH_MONTHS[value.month - 1] if lang == "cy" else value.strftime("%B")
    return f"{value.day} {month} {value.year}"


def yes_no(value: bool, lang: str = "en") -> str:
    return _PHRASES[lang]["yes" if value else "no"]


class RuleWords:
    """Turns the parsed rules of one question set into plain English (``lang="en"``) or Welsh (``"cy"``)."""

    def __init__(self, qs: QuestionSet, lang: str = "en") -> None:
        self.qs = qs
        self.lang = lang
        self.phrase = _PHRASES[lang]

    def name(self, name: str) -> str:
        field = self.qs.header_index.get(name)
        if field is not None:
            return text_in(field, "label", self.lang)
        return name

    def _is_flag(self, node: Node) -> bool:
        if isinstance(node, Name):
            field = self.qs.header_index.get(node.name)
            return field is not None and field.type == FieldType.FLAG
        return False

    def value_label(self, name: str | None, value: object) -> str:
        if isinstance(value, bool):
            return yes_no(value, self.lang)
        if isinstance(value, float):
            return format_number(value)
        if isinstance(value, dt.date):
            return day_text(value, self.lang)
        text = str(value)
        if name is not None:
            if name in self.qs.header_index:
                opt = self.qs.header_index[name].option(text)
            elif name in self.qs.question_index:
                opt = self.qs.scale_of(name).option(text)
            else:
                opt = None
            if opt is not None:
                return quoted(text_in(opt, "label", self.lang))
        return quoted(text)

    def _join(self, op: str, parts: list[str]) -> str:
        word = self.phrase[op]
        out = parts[0]
        for part in parts[1:]:
            # Welsh "a" (and) becomes "ac" before a vowel
            joiner = "ac" if word == "a" and part[:1].lower() in "aeiouwyâêîôûŵŷ" else word
            out += f" {joiner} {part}"
        return out

    def _call(self, call: Call, negated: bool) -> str:
        key = ("not " if negated else "") + ("answered" if call.func == "answered" else "na")
        return self.phrase[key].format(name=self.name(call.arg))

    def words(self, node: Node, *, nested: bool = False) -> str:
        p = self.phrase
        if isinstance(node, BoolOp):
            joined = self._join(node.op, [self.words(o, nested=True) for o in node.operands])
            return f"({joined})" if nested else joined
        if isinstance(node, Not):
            if isinstance(node.operand, Name) and self._is_flag(node.operand):
                return p["flag"].format(name=self.name(node.operand.name), value=p["no"])
            inner = node.operand
            if isinstance(inner, Compare) and inner.op in ("==", "!="):
                return self._compare(Compare("!=" if inner.op == "==" else "==", inner.left, inner.right, inner.col))
            if isinstance(inner, Member):
                return self.words(Member(not inner.negated, inner.operand, inner.choices, inner.col))
            if isinstance(inner, Call):
                return self._call(inner, negated=True)
            return p["not"].format(inner=self.words(inner))
        if isinstance(node, Name):
            if self._is_flag(node):
                return p["flag"].format(name=self.name(node.name), value=p["yes"])
            return self.name(node.name)
        if isinstance(node, Literal_):
            return self.value_label(None, node.value)
        if isinstance(node, Call):
            return self._call(node, negated=False)
        if isinstance(node, Compare):
            return self._compare(node)
        if isinstance(node, Member):
            ref = node.operand.name if isinstance(node.operand, Name) else None
            values = ", ".join(self.value_label(ref, c.value) for c in node.choices)
            return p["not in" if node.negated else "in"].format(lhs=self.words(node.operand, nested=True),
                                                                 values=values)
        if isinstance(node, Has):
            ref = node.operand.name if isinstance(node.operand, Name) else None
            return p["has"].format(lhs=self.words(node.operand, nested=True),
                                   value=self.value_label(ref, node.value.value))
        return str(node)

    def _compare(self, node: Compare) -> str:
        left, right = node.left, node.right
        if isinstance(left, Literal_) and isinstance(right, Name):
            flipped = {"<": ">", "<=": ">=", ">": "<", ">=": "<="}.get(node.op, node.op)
            return self._compare(Compare(flipped, right, left, node.col))
        ref = left.name if isinstance(left, Name) else None
        is_date = isinstance(right, Literal_) and isinstance(right.value, dt.date)
        table = _COMPARE_DATE[self.lang] if is_date and node.op in _COMPARE_DATE[self.lang] else _COMPARE[self.lang]
        lhs = self.name(left.name) if isinstance(left, Name) else self.words(left, nested=True)
        rhs = self.value_label(ref, right.value) if isinstance(right, Literal_) else self.words(right, nested=True)
        return table.get(node.op, "{lhs} " + node.op + " {rhs}").format(lhs=lhs, rhs=rhs)

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
        return self._join("and", parts) if parts else ""

    def section_condition(self, section_id: str) -> str:
        rule = compiled(self.qs).section_rules.get(section_id)
        return "" if rule is None else self.words(rule.tree)

    def question_condition(self, question_id: str) -> str:
        rule = compiled(self.qs).applies.get(question_id)
        return "" if rule is None else self.words(rule.tree)


def rule_words(qs: QuestionSet, lang: str = "en") -> RuleWords:
    return RuleWords(qs, lang)


def header_value_text(qs: QuestionSet, field_id: str, value: HeaderValue, lang: str = "en") -> str:
    """A case header value as the inspector would read it (option label, Yes/No, date)."""
    if value is None or value == "":
        return ""
    field = qs.header_index.get(field_id)
    if field is None:
        return str(value)
    if field.type == FieldType.FLAG:
        return yes_no(bool(value), lang)
    if field.type == FieldType.NUMBER and isinstance(value, (int, float)):
        return format_number(float(value))
    if field.type == FieldType.CHOICE:
        opt = field.option(str(value))
        return text_in(opt, "label", lang) if opt is not None else str(value)
    return str(value)


def answer_text(qs: QuestionSet, question_id: str, answer: Answer | None, lang: str = "en") -> str:
    """A short description of an answer: its label(s), value, or "N/A" (empty when unanswered)."""
    if answer is None or not answer.given:
        return ""
    if answer.na:
        reason = na_reason_text(qs.question(question_id), answer.na_reason, lang)
        return ("Dd/B" if lang == "cy" else "N/A") + (f" ({reason})" if reason else "")
    scale = qs.scale_of(question_id)
    if scale.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
        values = answer.value if isinstance(answer.value, tuple) else (str(answer.value),)
        labels = []
        for v in values:
            opt = scale.option(v)
            labels.append(text_in(opt, "label", lang) if opt is not None else v)
        return ", ".join(labels)
    if isinstance(answer.value, float):
        return format_number(answer.value)
    return str(answer.value)


def na_reason_text(question: Question, reason: str, lang: str = "en") -> str:
    """A stored (English) N/A reason in ``lang``: the set's Welsh for one of its reasons, else as given."""
    if reason in question.na.reasons:
        return reasons_in(question.na, lang)[question.na.reasons.index(reason)]
    return reason
