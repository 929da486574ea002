"""The form engine: for a question set and a case state, everything the form needs to know.

Which questions apply, which are required and unanswered, whether an answer is valid, where to go
next, whether the case is complete and its points per measure and theme. Pure and immutable: a change
gives a new engine, so every derived fact is recomputed from the state and never stored.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from casereader.core.answers import Answer, AnswerValue, CaseState, HeaderValue, parse_date, parse_number
from casereader.core.compiled import CompiledSet, compiled
from casereader.core.expressions import Value
from casereader.core.outcome import Issue, IssueCode, Outcome
from casereader.core.questionset import FieldType, Question, QuestionSet, ScaleKind
from casereader.core.scoring import CaseScores, Score

__all__ = ["CaseEngine", "Change", "CompiledSet", "Issue", "IssueCode", "Outcome", "case_engine",
           "coerce_answer_value", "compiled"]


@dataclass(frozen=True)
class Change:
    """What an edit did to the form: questions that stopped or started applying."""

    hidden: tuple[str, ...]
    restored: tuple[str, ...]


class CaseEngine:
    """Derived facts about one case. Construct it from a question set and a :class:`CaseState`.

    ``locked`` names the case's status when it takes no change at all (complete or locked, see
    :attr:`CaseStatus.lock`); every change is then refused with :attr:`IssueCode.LOCKED`.
    """

    def __init__(self, qs: QuestionSet, state: CaseState, *, locked: str = "") -> None:
        self.qs = qs
        self.state = state
        self.locked = locked
        self.compiled = compiled(qs)
        self._applicable: dict[str, bool] = {}

    # ------------------------------------------------------------ applicability

    def _header_value(self, field_id: str) -> Value:
        raw = self.state.header.get(field_id)
        ftype = self.qs.header_index[field_id].type
        if ftype == FieldType.FLAG:
            return bool(raw)  # a flag nobody ticked is "no", not "unknown"
        if raw is None or raw == "":
            return None
        if ftype == FieldType.NUMBER:
            try:
                return float(raw)
            except (TypeError, ValueError):
                return None
        if ftype == FieldType.DATE:
            return parse_date(str(raw))
        return str(raw)

    def _answer_value(self, qid: str) -> Value:
        if not self._evaluate_applicable(qid):
            return None
        ans = self.state.answers.get(qid)
        if ans is None or ans.na or ans.value in (None, "", ()):
            return None
        kind = self.qs.scale_of(qid).kind
        if kind == ScaleKind.MULTIPLE:
            return frozenset(ans.value) if isinstance(ans.value, tuple) else frozenset({str(ans.value)})
        if kind == ScaleKind.NUMBER:
            return ans.value if isinstance(ans.value, float) else None
        if kind == ScaleKind.DATE:
            return parse_date(str(ans.value))
        return str(ans.value)

    def _lookup(self, name: str) -> Value:
        if name in self.qs.header_index:
            return self._header_value(name)
        return self._answer_value(name)

    def _answered(self, name: str) -> bool:
        if name in self.qs.header_index:
            return self._header_value(name) is not None
        return self._answer_value(name) is not None

    def _is_na(self, name: str) -> bool:
        ans = self.state.answers.get(name)
        return bool(ans and ans.na and self._evaluate_applicable(name))

    def is_applicable(self, qid: str) -> bool:
        """Whether the question applies to this case (its section's and its own rule are true)."""
        return qid in self.applicable_set

    @cached_property
    def applicable_set(self) -> frozenset[str]:
        """The applicable questions, from the compiled set's memo when a case with the same gating values
        has been seen (applicability depends on nothing else)."""
        c = self.compiled
        key = c.state_key(self.state.header, self.state.answers)
        return c.applicable(key, lambda: frozenset(q for q in c.order if self._evaluate_applicable(q)))

    def _evaluate_applicable(self, qid: str) -> bool:
        if qid in self._applicable:
            return self._applicable[qid]
        self._applicable[qid] = False  # guards against re-entry; cycles are refused at load
        section = self.qs.section_of[qid]
        ok = True
        srule = self.compiled.section_rules.get(section.id)
        if srule is not None:
            ok = srule.evaluate(self._lookup, self._answered, self._is_na) is True
        rule = self.compiled.applies.get(qid)
        if ok and rule is not None:
            ok = rule.evaluate(self._lookup, self._answered, self._is_na) is True
        self._applicable[qid] = ok
        return ok

    @cached_property
    def applicable(self) -> tuple[str, ...]:
        """Ids of the applicable questions, in form order."""
        found = self.applicable_set
        return tuple(qid for qid in self.compiled.order if qid in found)

    @cached_property
    def excluded(self) -> dict[str, Answer]:
        """Answers kept but excluded because their question no longer applies."""
        return {qid: a for qid, a in self.state.answers.items()
                if qid in self.qs.question_index and a.given and not self.is_applicable(qid)}

    def answer(self, qid: str) -> Answer | None:
        return self.state.answers.get(qid)

    def is_answered(self, qid: str) -> bool:
        ans = self.state.answers.get(qid)
        return bool(ans and ans.given)

    # ------------------------------------------------------------ the outcome contract

    def check(self, qid: str, answer: Answer | None) -> Outcome:
        """What giving ``answer`` to ``qid`` (or clearing it, with None) would meet: see :mod:`outcome`."""
        if qid not in self.qs.question_index:
            return Outcome((Issue(IssueCode.UNKNOWN_QUESTION, qid),))
        if self.locked:
            return Outcome((Issue(IssueCode.LOCKED, qid, {"status": self.locked}),))
        if answer is None or not (answer.given or answer.comment):
            return Outcome()
        if not self.is_applicable(qid):
            return Outcome((Issue(IssueCode.NOT_APPLICABLE, qid),))
        return Outcome(self.answer_issues(qid, answer))

    def check_header(self, field_id: str, value: HeaderValue) -> Outcome:
        """What setting header field ``field_id`` to ``value`` (None or "" clears it) would meet."""
        if field_id not in self.qs.header_index:
            return Outcome((Issue(IssueCode.UNKNOWN_FIELD, field_id),))
        if self.locked:
            return Outcome((Issue(IssueCode.LOCKED, field_id, {"status": self.locked}),))
        return Outcome(self.header_issues(field_id, value))

    def check_complete(self) -> Outcome:
        """What stops the case being complete: every issue of the header and of the applicable questions."""
        return Outcome(self.issues)

    def answer_issues(self, qid: str, answer: Answer) -> tuple[Issue, ...]:
        """The issues of ``answer``'s own value for ``qid`` (applicability and locking aside)."""
        q = self.qs.question(qid)
        scale = self.qs.scale_of(qid)
        if answer.na:
            found: list[Issue] = []
            if not q.na.allowed:
                found.append(Issue(IssueCode.NA_NOT_ALLOWED, qid))
            elif q.na.reasons and answer.na_reason and answer.na_reason not in q.na.reasons:
                found.append(Issue(IssueCode.NA_REASON_UNKNOWN, qid,
                                   {"reason": answer.na_reason, "allowed": tuple(q.na.reasons)}))
            if answer.value not in (None, "", ()):
                found.append(Issue(IssueCode.NA_WITH_VALUE, qid))
            return tuple(found)
        value = answer.value
        if value in (None, "", ()):
            return ()
        wrong = _value_issue(qid, scale.kind, scale.values, scale.minimum, scale.maximum, value)
        if wrong is not None:
            return (wrong,)
        if isinstance(value, str) and value in q.comment_required_for and not answer.comment.strip():
            option = scale.option(value)
            return (Issue(IssueCode.EVIDENCE_REQUIRED, qid,
                          {"value": value, "label": option.label if option else value}),)
        rule = self.compiled.valid.get(qid)
        if rule is not None:
            trial = CaseEngine(self.qs, self.state.with_answer(qid, answer))
            if rule.evaluate(trial._lookup, trial._answered, trial._is_na) is False:
                return (Issue(IssueCode.RULE_FAILED, qid, {"text": q.valid_message}),)
        return ()

    def header_issues(self, field_id: str, value: HeaderValue) -> tuple[Issue, ...]:
        """The issues of ``value``'s type for header field ``field_id`` (an empty value has none)."""
        f = self.qs.header_index.get(field_id)
        if f is None:
            return (Issue(IssueCode.UNKNOWN_FIELD, field_id),)
        if value is None or value == "":
            return ()
        if f.type == FieldType.CHOICE and str(value) not in {o.value for o in f.options}:
            return (Issue(IssueCode.NOT_AN_OPTION, field_id,
                          {"value": value, "allowed": tuple(o.value for o in f.options)}),)
        if f.type == FieldType.FLAG and not isinstance(value, bool):
            return (Issue(IssueCode.NOT_YES_NO, field_id, {"value": value}),)
        if f.type == FieldType.NUMBER and (isinstance(value, bool) or not isinstance(value, (int, float))):
            return (Issue(IssueCode.NOT_A_NUMBER, field_id, {"value": value}),)
        if f.type == FieldType.DATE and parse_date(str(value)) is None:
            return (Issue(IssueCode.NOT_A_DATE, field_id, {"value": value}),)
        return ()

    @cached_property
    def issues(self) -> tuple[Issue, ...]:
        """Every issue that stops the case being complete: missing header, missing or invalid answers."""
        found: list[Issue] = []
        for f in self.qs.header:
            value = self.state.header.get(f.id)
            if f.required and f.type != FieldType.FLAG and (value is None or value == ""):
                found.append(Issue(IssueCode.REQUIRED, f.id, {"label": f.label}))
            found.extend(self.header_issues(f.id, value))
        for qid in self.applicable:
            q = self.qs.question(qid)
            ans = self.state.answers.get(qid)
            if ans is None or not ans.given:
                if q.required:
                    found.append(Issue(IssueCode.REQUIRED, qid))
                continue
            found.extend(self.answer_issues(qid, ans))
        return tuple(found)

    @cached_property
    def missing_required(self) -> tuple[str, ...]:
        return tuple(qid for qid in self.applicable
                     if self.qs.question(qid).required and not self.is_answered(qid))

    @property
    def is_complete(self) -> bool:
        return not self.issues

    @property
    def progress(self) -> tuple[int, int]:
        """(answered, applicable) questions."""
        return sum(1 for qid in self.applicable if self.is_answered(qid)), len(self.applicable)

    # ------------------------------------------------------------ navigation

    def next_question(self, after: str | None, *, unanswered: bool = False) -> str | None:
        """The next applicable question after ``after`` (the first when None); None at the end."""
        start = -1 if after is None else self.compiled.position[after]
        for qid in self.applicable:
            if self.compiled.position[qid] > start and (not unanswered or not self.is_answered(qid)):
                return qid
        return None

    def previous_question(self, before: str) -> str | None:
        pos = self.compiled.position[before]
        earlier = [qid for qid in self.applicable if self.compiled.position[qid] < pos]
        return earlier[-1] if earlier else None

    def first_incomplete(self) -> str | None:
        """The first applicable question with a problem (unanswered required or invalid), if any."""
        targets = {i.target for i in self.issues}
        return next((qid for qid in self.applicable if qid in targets), None)

    # ------------------------------------------------------------ edits

    def with_answer(self, qid: str, answer: Answer | None) -> tuple[CaseEngine, Change]:
        """A new engine with the answer set (or cleared), and which questions that hid or restored."""
        new = CaseEngine(self.qs, self.state.with_answer(qid, answer), locked=self.locked)
        return new, self._change_to(new)

    def with_header(self, field_id: str, value: HeaderValue) -> tuple[CaseEngine, Change]:
        new = CaseEngine(self.qs, self.state.with_header(field_id, value), locked=self.locked)
        return new, self._change_to(new)

    def _change_to(self, new: CaseEngine) -> Change:
        before, after = set(self.applicable), set(new.applicable)
        order = self.compiled.position
        hidden = tuple(sorted(before - after, key=order.__getitem__))
        restored = tuple(sorted((after - before) & {q for q in new.state.answers if new.is_answered(q)},
                                key=order.__getitem__))
        return Change(hidden, restored)

    # ------------------------------------------------------------ scoring

    @cached_property
    def scores(self) -> CaseScores:
        """Points per measure and per theme. N/A and inapplicable questions count in neither part."""
        by_measure: dict[str, Score] = {m.id: Score() for m in self.qs.measures}
        by_theme: dict[str, Score] = {}
        for qid in self.applicable:
            q = self.qs.question(qid)
            if not q.measures:
                continue
            pts = self.points(q)
            if pts is None:
                continue
            earned, maximum = pts
            one = Score(earned, maximum, 1)
            for m in q.measures:
                by_measure[m] = by_measure[m] + one
            theme = self.qs.theme_of(qid)
            if theme is not None:
                by_theme[theme] = by_theme.get(theme, Score()) + one
        return CaseScores(by_measure, by_theme)

    def points(self, q: Question) -> tuple[int, int] | None:
        """(points earned, maximum points) for a scored, answered, applicable question; else None."""
        ans = self.state.answers.get(q.id)
        if ans is None or ans.na or not isinstance(ans.value, str):
            return None
        pts = self.qs.points_for(q.id, ans.value)
        if pts is None:
            return None
        return pts, self.qs.max_points(q.id)


def _value_issue(qid: str, kind: ScaleKind, values: tuple[str, ...], minimum: float | None,
                 maximum: float | None, value: AnswerValue) -> Issue | None:
    """Whether ``value`` fits the scale: the first issue, or None."""
    if kind == ScaleKind.SINGLE:
        if not isinstance(value, str) or value not in values:
            return Issue(IssueCode.NOT_ON_SCALE, qid, {"value": value, "allowed": values})
    elif kind == ScaleKind.MULTIPLE:
        items = value if isinstance(value, tuple) else (value,)
        bad = [v for v in items if v not in values]
        if bad:
            return Issue(IssueCode.NOT_ON_SCALE, qid, {"value": bad[0], "allowed": values})
        if len(set(items)) != len(items):
            return Issue(IssueCode.DUPLICATE_CHOICE, qid, {"value": value})
    elif kind == ScaleKind.NUMBER:
        if isinstance(value, bool) or not isinstance(value, float) or not math.isfinite(value):
            return Issue(IssueCode.NOT_A_NUMBER, qid, {"value": value})
        if (minimum is not None and value < minimum) or (maximum is not None and value > maximum):
            return Issue(IssueCode.OUT_OF_RANGE, qid, {"value": value, "minimum": minimum, "maximum": maximum})
    elif kind == ScaleKind.DATE:
        if not isinstance(value, str) or parse_date(value) is None:
            return Issue(IssueCode.NOT_A_DATE, qid, {"value": value})
    elif kind == ScaleKind.TEXT and not isinstance(value, str):
        return Issue(IssueCode.NOT_TEXT, qid, {"value": value})
    return None


def coerce_answer_value(qs: QuestionSet, qid: str, text: str) -> AnswerValue:
    """Turn typed or imported text into the value type the question's scale stores. Raises ValueError."""
    scale = qs.scale_of(qid)
    text = text.strip()
    if text == "":
        return None
    if scale.kind == ScaleKind.NUMBER:
        return parse_number(text)
    if scale.kind == ScaleKind.MULTIPLE:
        return tuple(p.strip() for p in text.replace(";", "|").split("|") if p.strip())
    if scale.kind == ScaleKind.SINGLE:
        by_label = {o.label.lower(): o.value for o in scale.options}
        return by_label.get(text.lower(), text)
    return text


def case_engine(qs: QuestionSet, header: Mapping[str, HeaderValue], answers: Mapping[str, Answer]) -> CaseEngine:
    """Convenience constructor."""
    return CaseEngine(qs, CaseState(dict(header), dict(answers)))
