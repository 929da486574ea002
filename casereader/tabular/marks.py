"""Marks from a spreadsheet, long (one row per answer) or wide (one row per case), checked in full
against the question set and each case's applicability before anything is saved."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Literal

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.engine import CaseEngine
from casereader.core.inspection import CaseStatus, CaseSummary
from casereader.core.outcome import IssueCode
from casereader.core.questionset import QuestionSet
from casereader.tabular.problems import ProblemList
from casereader.tabular.table import Table, unknown_columns
from casereader.tabular.values import NaReasonError, parse_answer

CASE_REF = "case_ref"
QUESTION_ID = "question_id"
ANSWER = "answer"
NA_REASON = "na_reason"
COMMENT = "comment"
LONG_COLUMNS = (CASE_REF, QUESTION_ID, ANSWER, NA_REASON, COMMENT)
COMMENT_SUFFIX = "_comment"
NA_REASON_SUFFIX = "_na_reason"
MAX_COMMENT = 20_000

Format = Literal["long", "wide"]


@dataclass(frozen=True)
class CaseTarget:
    """What the importer must know of a case in the inspection. ``blocked`` says why it takes no marks."""

    reference: str
    header: Mapping[str, HeaderValue] = field(default_factory=dict)
    answers: Mapping[str, Answer] = field(default_factory=dict)
    blocked: str = ""


def case_target(summary: CaseSummary, state: CaseState) -> CaseTarget:
    """The import target for a stored case: withdrawn, reserve, complete and locked cases take no marks."""
    blocked = ""
    if summary.withdrawn_reason:
        blocked = f"was withdrawn from the sample ({summary.withdrawn_reason})"
    elif summary.reserve:
        blocked = "is a reserve, not in the sample (bring it in with 'casereader sample replace')"
    elif summary.status == CaseStatus.LOCKED:
        blocked = "is locked"
    elif summary.status == CaseStatus.COMPLETE:
        blocked = "is complete (reopen it first: casereader case reopen)"
    return CaseTarget(summary.reference, state.header, state.answers, blocked)


@dataclass(frozen=True)
class ImportedAnswer:
    row: int
    case_ref: str
    question_id: str
    answer: Answer


@dataclass(frozen=True)
class MarksImport:
    """A checked import: every answer to save, in file order."""

    format: Format
    answers: tuple[ImportedAnswer, ...]

    def by_case(self) -> dict[str, dict[str, Answer]]:
        grouped: dict[str, dict[str, Answer]] = {}
        for a in self.answers:
            grouped.setdefault(a.case_ref, {})[a.question_id] = a.answer
        return grouped


@dataclass
class _Cells:
    """Where one answer came from: its row and the columns its parts are in."""

    row: int
    case_ref: str
    qid: str
    answer: str
    na_reason: str
    comment: str
    answer_col: str
    na_col: str
    comment_col: str


def detect_format(table: Table) -> Format:
    return "long" if table.column(QUESTION_ID) is not None else "wide"


def read_marks(table: Table, qs: QuestionSet, cases: Mapping[str, CaseTarget]) -> MarksImport:
    """Check every row of ``table``; return the answers to save or raise TabularError listing all problems."""
    problems = ProblemList(table.file, table.problems)
    fmt = detect_format(table)
    if table.column(CASE_REF) is None:
        problems.add(1, None, f"no '{CASE_REF}' column: expected the long format ({', '.join(LONG_COLUMNS)}) "
                              f"or the wide one ({CASE_REF} and one column per question id)")
        problems.raise_if_any()
    cells = _long_cells(table, qs, problems) if fmt == "long" else _wide_cells(table, qs, problems)
    found = _check_cases(cells, cases, problems)
    answers = _parse(cells, qs, problems)
    _check_rules(answers, cells, qs, found, problems)
    if not answers and not problems.all:
        problems.add(None, None, "the file holds no marks to import")
    problems.raise_if_any()
    return MarksImport(fmt, tuple(ImportedAnswer(c.row, found[c.case_ref].reference, c.qid, a)
                                  for c, a in answers))


def _suggest(name: str, known: list[str]) -> str:
    close = difflib.get_close_matches(name, known, n=1, cutoff=0.75)
    return f" (did you mean '{close[0]}'?)" if close else ""


def _question_id(qs: QuestionSet, text: str) -> str | None:
    if text in qs.question_index:
        return text
    return next((q for q in qs.question_index if q.lower() == text.lower()), None)


def _long_cells(table: Table, qs: QuestionSet, problems: ProblemList) -> list[_Cells]:
    for c in unknown_columns(table, LONG_COLUMNS):
        problems.add(1, c, f"unknown column{_suggest(c.lower(), list(LONG_COLUMNS))}; the long format has "
                           + ", ".join(LONG_COLUMNS))
    if table.column(ANSWER) is None:
        problems.add(1, None, f"no '{ANSWER}' column (the long format has {', '.join(LONG_COLUMNS)})")
    if problems:
        return []
    col = {name: table.column(name) or name for name in LONG_COLUMNS}
    out: list[_Cells] = []
    seen: dict[tuple[str, str], int] = {}
    for row in table.rows:
        ref, raw_qid = row.get(col[CASE_REF]), row.get(col[QUESTION_ID])
        if not ref:
            problems.add(row.number, col[CASE_REF], "the case reference is blank")
        qid = _question_id(qs, raw_qid)
        if not raw_qid:
            problems.add(row.number, col[QUESTION_ID], "the question id is blank")
        elif qid is None:
            problems.add(row.number, col[QUESTION_ID], f"unknown question id '{raw_qid}' in {qs.key}"
                         + _suggest(raw_qid, list(qs.question_index)))
        if not ref or qid is None:
            continue
        key = (ref.lower(), qid)
        if key in seen:
            problems.add(row.number, col[QUESTION_ID], f"duplicate row: case '{ref}' question {qid} is "
                                                       f"also on row {seen[key]}")
            continue
        seen[key] = row.number
        out.append(_Cells(row.number, ref, qid, row.get(col[ANSWER]), row.get(table.column(NA_REASON)),
                          row.get(table.column(COMMENT)), col[ANSWER], col[NA_REASON], col[COMMENT]))
    return out


def _wide_layout(table: Table, qs: QuestionSet, problems: ProblemList) -> dict[str, dict[str, str]]:
    """question id -> {"answer"|"na_reason"|"comment": column name} for the columns present."""
    layout: dict[str, dict[str, str]] = {}
    for c in table.columns:
        if c.lower() == CASE_REF:
            continue
        part, base = ANSWER, c
        for suffix, name in ((COMMENT_SUFFIX, COMMENT), (NA_REASON_SUFFIX, NA_REASON)):
            if c.lower().endswith(suffix):
                part, base = name, c[: -len(suffix)]
                break
        qid = _question_id(qs, base)
        if qid is None:
            problems.add(1, c, f"unknown column: no question '{base}' in {qs.key}"
                               + _suggest(base, list(qs.question_index)))
            continue
        layout.setdefault(qid, {})[part] = c
    return layout


def _wide_cells(table: Table, qs: QuestionSet, problems: ProblemList) -> list[_Cells]:
    layout = _wide_layout(table, qs, problems)
    ref_col = table.column(CASE_REF) or CASE_REF
    out: list[_Cells] = []
    seen: dict[str, int] = {}
    order = sorted(layout, key=lambda q: list(qs.question_index).index(q))
    for row in table.rows:
        ref = row.get(ref_col)
        if not ref:
            problems.add(row.number, ref_col, "the case reference is blank")
            continue
        if ref.lower() in seen:
            problems.add(row.number, ref_col, f"duplicate row: case '{ref}' is also on row {seen[ref.lower()]}")
            continue
        seen[ref.lower()] = row.number
        for qid in order:
            cols = layout[qid]
            names = {part: cols.get(part, qid + {ANSWER: "", NA_REASON: NA_REASON_SUFFIX,
                                                 COMMENT: COMMENT_SUFFIX}[part])
                     for part in (ANSWER, NA_REASON, COMMENT)}
            texts = {part: row.get(cols.get(part)) for part in names}
            if any(texts.values()):
                out.append(_Cells(row.number, ref, qid, texts[ANSWER], texts[NA_REASON], texts[COMMENT],
                                  names[ANSWER], names[NA_REASON], names[COMMENT]))
    return out


def _check_cases(cells: list[_Cells], cases: Mapping[str, CaseTarget],
                 problems: ProblemList) -> dict[str, CaseTarget]:
    """Match each row's reference to a case (exactly, else ignoring case); report unknown or blocked ones."""
    lowered = {ref.lower(): t for ref, t in cases.items()}
    found: dict[str, CaseTarget] = {}
    reported: set[tuple[int, str]] = set()
    for c in cells:
        target = cases.get(c.case_ref) or lowered.get(c.case_ref.lower())
        col = CASE_REF
        if (c.row, c.case_ref) in reported:
            continue
        if target is None:
            reported.add((c.row, c.case_ref))
            problems.add(c.row, col, f"unknown case reference '{c.case_ref}': it is not in this inspection")
        elif target.blocked:
            reported.add((c.row, c.case_ref))
            problems.add(c.row, col, f"case '{target.reference}' {target.blocked}")
        else:
            found[c.case_ref] = target
    return found


def _parse(cells: list[_Cells], qs: QuestionSet, problems: ProblemList) -> list[tuple[_Cells, Answer]]:
    out: list[tuple[_Cells, Answer]] = []
    for c in cells:
        if not (c.answer or c.na_reason or c.comment):
            problems.add(c.row, c.answer_col, f"{c.qid}: no answer, N/A or comment")
            continue
        if len(c.comment) > MAX_COMMENT:
            problems.add(c.row, c.comment_col, f"{c.qid}: the comment is longer than {MAX_COMMENT} characters")
            continue
        try:
            answer = parse_answer(qs, c.qid, c.answer, c.na_reason, c.comment)
        except ValueError as exc:
            problems.add(c.row, c.na_col if isinstance(exc, NaReasonError) else c.answer_col, f"{c.qid}: {exc}")
            continue
        out.append((c, answer))
    return out


def _why_not(qs: QuestionSet, qid: str) -> str:
    section = qs.section_of[qid]
    rules = []
    if section.applies_if:
        rules.append(f"section '{section.title}' applies only if {section.applies_if}")
    if qs.question(qid).applies_if:
        rules.append(f"it applies only if {qs.question(qid).applies_if}")
    return "; ".join(rules) or "it is not on this case's form"


def _check_rules(answers: list[tuple[_Cells, Answer]], cells: list[_Cells], qs: QuestionSet,
                 found: Mapping[str, CaseTarget], problems: ProblemList) -> None:
    """Applicability and validity, judged on each case's header with its saved and imported answers."""
    per_case: dict[str, list[tuple[_Cells, Answer]]] = {}
    for c, a in answers:
        if c.case_ref in found:
            per_case.setdefault(c.case_ref, []).append((c, a))
    for ref, items in per_case.items():
        target = found[ref]
        state = CaseState(dict(target.header), dict(target.answers))
        for c, a in items:
            state = state.with_answer(c.qid, a)
        engine = CaseEngine(qs, state)
        for c, a in items:
            for issue in engine.check(c.qid, a).issues:
                if issue.code == IssueCode.NOT_APPLICABLE:  # say which case and why not
                    problems.add(c.row, c.answer_col, f"{c.qid} does not apply to case '{target.reference}' "
                                                      f"({_why_not(qs, c.qid)})")
                    continue
                if issue.code == IssueCode.EVIDENCE_REQUIRED:
                    col = c.comment_col
                elif issue.code == IssueCode.NA_REASON_UNKNOWN:
                    col = c.na_col
                else:
                    col = c.answer_col
                problems.add(c.row, col, f"{c.qid}: {issue.message}")

