"""A question set compiled once: its rules parsed, its dependency graph and its applicability memoised.

There is exactly one :class:`CompiledSet` per :class:`QuestionSet` object, kept on the object itself, and
one question-set object per content hash (the loader's bounded cache): so every engine, the store, the
bundle validator, the printer and the centre share the same rules, and no other layer keeps a cache of
question sets or re-derives which names gate applicability.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from casereader.core.answers import Answer
from casereader.core.expressions import Rule, ValueType, parse_rule
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind

# Distinct gate-value combinations whose applicability is remembered per set; past this the memo restarts.
APPLICABILITY_MEMO = 4096

StateKey = tuple[Hashable, ...]


def rule_types(qs: QuestionSet) -> dict[str, ValueType]:
    """The type of every name a rule in this set may use: header fields and questions."""
    types: dict[str, ValueType] = {}
    for h in qs.header:
        kind = {FieldType.CHOICE: "choice", FieldType.FLAG: "flag", FieldType.TEXT: "text",
                FieldType.DATE: "date", FieldType.NUMBER: "number"}[h.type]
        types[h.id] = ValueType(kind, frozenset(o.value for o in h.options))  # type: ignore[arg-type]
    for q in qs.questions:
        scale = qs.scale_index.get(q.scale)
        if scale is None:
            continue
        kind = {ScaleKind.SINGLE: "choice", ScaleKind.MULTIPLE: "multi", ScaleKind.TEXT: "text",
                ScaleKind.DATE: "date", ScaleKind.NUMBER: "number"}[scale.kind]
        types[q.id] = ValueType(kind, frozenset(scale.values))  # type: ignore[arg-type]
    return types


def typed_key(value: Any) -> Hashable:
    """A value with its type, so that ``True``, ``1`` and ``1.0`` are different keys."""
    if isinstance(value, list):
        value = tuple(value)
    return value.__class__, value


class CompiledSet:
    """A question set with its rules parsed once and the facts derived from them."""

    def __init__(self, qs: QuestionSet) -> None:
        self.qs = qs
        types = rule_types(qs)
        self.section_rules: dict[str, Rule] = {
            s.id: parse_rule(s.applies_if, types) for s in qs.sections if s.applies_if
        }
        self.applies: dict[str, Rule] = {}
        self.valid: dict[str, Rule] = {}
        for q in qs.questions:
            others = {k: v for k, v in types.items() if k != q.id}
            if q.applies_if:
                self.applies[q.id] = parse_rule(q.applies_if, others)
            if q.valid_if:
                self.valid[q.id] = parse_rule(q.valid_if, others, self_name=q.id, self_type=types.get(q.id))
        self.order = tuple(q.id for q in qs.questions)
        self.position = {qid: i for i, qid in enumerate(self.order)}
        gates: frozenset[str] = frozenset().union(
            *(r.names for r in (*self.section_rules.values(), *self.applies.values())))
        # The dependency graph: the names any applicability rule reads. Changing anything else leaves every
        # question's applicability as it was.
        self.gates = gates
        self.header_gates = tuple(sorted(n for n in gates if n in qs.header_index))
        self.answer_gates = tuple(sorted(n for n in gates if n in qs.question_index and n not in qs.header_index))
        self._applicable: dict[StateKey, frozenset[str]] = {}

    def state_key(self, header: Mapping[str, Any], answers: Mapping[str, Any]) -> StateKey:
        """What applicability depends on: the gating header values and the gating answers (value, N/A).

        ``answers`` maps ids to :class:`Answer` objects or to their JSON objects (as bundles carry them)."""
        parts: list[Hashable] = [typed_key(header.get(n)) for n in self.header_gates]
        for n in self.answer_gates:
            a = answers.get(n)
            if a is None:
                parts.append(None)
            elif isinstance(a, Answer):
                parts.append((typed_key(a.value), a.na))
            else:
                parts.append((typed_key(a.get("value")), bool(a.get("na", False))))
        return tuple(parts)

    def applicable(self, key: StateKey, compute: Callable[[], frozenset[str]]) -> frozenset[str]:
        """The applicable questions for a state with this :meth:`state_key`, computed once per key."""
        found = self._applicable.get(key)
        if found is None:
            if len(self._applicable) >= APPLICABILITY_MEMO:
                self._applicable.clear()
            found = self._applicable[key] = compute()
        return found


_SLOT = "_compiled_set"


def compiled(qs: QuestionSet) -> CompiledSet:
    """The compiled form of ``qs``: built on first use and kept on the set object itself, in its instance
    dictionary as ``functools.cached_property`` keeps a value (pydantic ignores such entries in equality
    and dumps). A ``model_copy`` carries its original's, so the owner is checked."""
    found = qs.__dict__.get(_SLOT)
    if not isinstance(found, CompiledSet) or found.qs is not qs:
        found = CompiledSet(qs)
        qs.__dict__[_SLOT] = found
    return found

