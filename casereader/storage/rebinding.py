"""What moving an inspection to another version of its question set changes: the rebind report."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from casereader.core.answers import Answer
from casereader.core.questionset import QuestionSet


@dataclass(frozen=True)
class OrphanedAnswer:
    """An answer that no longer fits the new version: its question was removed or its value is invalid."""

    case_id: str
    reference: str
    question_id: str
    why: str


@dataclass(frozen=True)
class RebindReport:
    """Questions added, removed and changed between the old and new version, and answers left orphaned."""

    inspection_id: str
    old_key: str
    old_hash: str
    new_key: str
    new_hash: str
    added: tuple[str, ...]
    removed: tuple[str, ...]
    changed: tuple[str, ...]
    orphaned: tuple[OrphanedAnswer, ...]
    applied: bool

    @property
    def unchanged(self) -> bool:
        return self.old_hash == self.new_hash

    def summary(self) -> str:
        return (f"{self.old_key} -> {self.new_key}: {len(self.added)} added, {len(self.removed)} removed, "
                f"{len(self.changed)} changed, {len(self.orphaned)} orphaned answer(s)")

    def lines(self) -> list[str]:
        out = [self.summary()]
        out += [f"added: {q}" for q in self.added]
        out += [f"removed: {q}" for q in self.removed]
        out += [f"changed: {q}" for q in self.changed]
        out += [f"orphaned: {o.reference} {o.question_id} ({o.why})" for o in self.orphaned]
        return out


def question_changes(old: QuestionSet, new: QuestionSet) -> tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]:
    """(added, removed, changed) question ids; a question changed if its definition or its scale did."""
    old_ids, new_ids = set(old.question_index), set(new.question_index)
    added = tuple(q.id for q in new.questions if q.id not in old_ids)
    removed = tuple(q.id for q in old.questions if q.id not in new_ids)
    changed = tuple(
        q.id for q in new.questions
        if q.id in old_ids and (q != old.question(q.id) or new.scale_of(q.id) != old.scale_of(q.id)
                                or new.section_of[q.id].applies_if != old.section_of[q.id].applies_if)
    )
    return added, removed, changed


def orphaned_answers(new: QuestionSet, cases: Iterable[tuple[str, str, Mapping[str, Answer]]],
                     problems_of: Callable[[str, str, Answer], list[str]]) -> tuple[OrphanedAnswer, ...]:
    """Answers (per case id, reference, answers) whose question is gone or whose value ``problems_of`` refuses."""
    found: list[OrphanedAnswer] = []
    for case_id, reference, answers in cases:
        for qid, answer in sorted(answers.items()):
            if qid not in new.question_index:
                found.append(OrphanedAnswer(case_id, reference, qid, "question removed"))
                continue
            errors = problems_of(case_id, qid, answer)
            if errors:
                found.append(OrphanedAnswer(case_id, reference, qid, "; ".join(errors)))
    return tuple(found)
