"""Turning spreadsheet text into header values and answers, and answers back into text."""

from __future__ import annotations

import datetime as dt

from casereader.core.answers import Answer, AnswerValue, HeaderValue, parse_number
from casereader.core.engine import coerce_answer_value
from casereader.core.questionset import FieldType, HeaderField, Option, QuestionSet, ScaleKind

NA_WORDS = ("n/a", "na", "not applicable")
NA_TEXT = "N/A"
MULTIPLE_SEPARATOR = "|"
_TRUE = {"yes", "y", "true", "1", "x"}
_FALSE = {"no", "n", "false", "0"}


def _match_option(options: tuple[Option, ...], text: str) -> str | None:
    """The option value ``text`` names: its value exactly, or its value or label in any case."""
    for o in options:
        if o.value == text:
            return o.value
    lowered = text.lower()
    for o in options:
        if o.value.lower() == lowered or o.label.lower() == lowered:
            return o.value
    return None


def _choices(options: tuple[Option, ...]) -> str:
    return ", ".join(o.value if o.label == o.value else f"{o.value} ({o.label})" for o in options)


def parse_date(text: str) -> dt.date | None:
    """An ISO date (2024-03-31) or a UK one (31/03/2024)."""
    text = text.strip()
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        pass
    try:
        return dt.datetime.strptime(text, "%d/%m/%Y").date()
    except ValueError:
        return None


def parse_header_value(field: HeaderField, text: str) -> HeaderValue:
    """The stored value of a header field from its cell text; ``ValueError`` with a clear message if bad."""
    text = text.strip()
    if text == "":
        return None
    if field.type == FieldType.CHOICE:
        value = _match_option(field.options, text)
        if value is None:
            raise ValueError(f"'{text}' is not one of: {_choices(field.options)}")
        return value
    if field.type == FieldType.FLAG:
        lowered = text.lower()
        if lowered in _TRUE:
            return True
        if lowered in _FALSE:
            return False
        raise ValueError(f"'{text}' is not yes or no")
    if field.type == FieldType.NUMBER:
        return parse_number(text)
    if field.type == FieldType.DATE:
        day = parse_date(text)
        if day is None:
            raise ValueError(f"'{text}' is not a date (YYYY-MM-DD or DD/MM/YYYY)")
        return day.isoformat()
    return text


def header_text(value: HeaderValue) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return number_text(value)
    return str(value)


def number_text(value: float) -> str:
    return str(int(value)) if value.is_integer() and abs(value) < 1e15 else repr(value)


def is_na_text(text: str) -> bool:
    return text.strip().lower() in NA_WORDS


class NaReasonError(ValueError):
    """The N/A reason cell is what is wrong (not the answer cell)."""


def parse_answer(qs: QuestionSet, qid: str, answer: str, na_reason: str = "", comment: str = "") -> Answer:
    """An :class:`Answer` from spreadsheet cells. Raises ``ValueError`` for text that is no value at all.

    ``N/A``, ``na`` or ``not applicable`` (any case) mean not applicable, unless the scale has an option
    of that name; a blank answer with an N/A reason is not applicable too. Option labels are accepted
    in any case. Whether the answer is allowed for the question is the engine's decision.
    """
    q = qs.question(qid)
    scale = qs.scale_of(qid)
    answer, na_reason, comment = answer.strip(), na_reason.strip(), comment.strip()
    options_match = bool(answer) and _match_option(scale.options, answer) is not None
    if (is_na_text(answer) and not options_match) or (answer == "" and na_reason):
        reason = na_reason
        if reason and q.na.reasons:
            reason = next((r for r in q.na.reasons if r.lower() == reason.lower()), reason)
        return Answer(value=None, na=True, na_reason=reason, comment=comment)
    if na_reason:
        raise NaReasonError(f"an N/A reason is given but the answer '{answer}' is not N/A")
    value: AnswerValue
    if scale.kind == ScaleKind.SINGLE:
        value = _match_option(scale.options, answer) or coerce_answer_value(qs, qid, answer)
    elif scale.kind == ScaleKind.MULTIPLE:
        parts = coerce_answer_value(qs, qid, answer) or ()
        assert isinstance(parts, tuple)
        value = tuple(_match_option(scale.options, p) or p for p in parts) or None
    elif scale.kind == ScaleKind.DATE and answer:
        day = parse_date(answer)
        value = day.isoformat() if day else answer
    else:
        value = coerce_answer_value(qs, qid, answer)
    return Answer(value=value, na=False, na_reason="", comment=comment)


def answer_text(answer: Answer) -> str:
    """The answer cell for an answer: N/A, an option value, values joined by ``|``, a number or text."""
    if answer.na:
        return NA_TEXT
    value = answer.value
    if value is None:
        return ""
    if isinstance(value, tuple):
        return MULTIPLE_SEPARATOR.join(value)
    if isinstance(value, float):
        return number_text(value)
    return str(value)
