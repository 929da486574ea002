"""A sample of cases from a spreadsheet: read and checked against the question set's header fields,
or drawn at random, stratified to quotas, from a list of finalised cases, reproducibly from a seed."""

from __future__ import annotations

import json
import random
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from casereader.core.answers import HeaderValue
from casereader.core.inspection import CaseSummary
from casereader.core.questionset import FieldType, QuestionSet
from casereader.tabular.problems import ProblemList
from casereader.tabular.table import Table, unknown_columns
from casereader.tabular.values import _choices, _match_option, header_text, parse_header_value

REFERENCE = "reference"
DEFAULT_STRATUM = "casework_type"
MAX_REFERENCE = 100
_REFERENCE_OK = re.compile(r"^[^\x00-\x1f\x7f]+$")


@dataclass(frozen=True)
class SampleCase:
    """One case row: its reference, its header values and any other columns (kept as text)."""

    row: int
    reference: str
    header: dict[str, HeaderValue]
    other: dict[str, str] = field(default_factory=dict)


def read_sample(table: Table, qs: QuestionSet, *, other_columns: bool = False,
                existing: Iterable[str] = ()) -> list[SampleCase]:
    """Rows of ``table`` as cases, every value checked; raises TabularError listing every problem.

    Columns are ``reference`` and header field ids of ``qs``; other columns are an error unless
    ``other_columns`` (a list of finalised cases may carry outcome, dates and so on). References in
    ``existing`` (cases already in the inspection) are refused, ignoring case.
    """
    problems = ProblemList(table.file, table.problems)
    ref_col = table.column(REFERENCE)
    if ref_col is None:
        problems.add(1, None, f"no '{REFERENCE}' column (columns found: {', '.join(table.columns)})")
    fields = {f.id: f for f in qs.header}
    by_column = {c: fields[k] for k in fields if (c := table.column(k)) is not None}
    if not other_columns:
        for c in unknown_columns(table, [REFERENCE, *fields]):
            problems.add(1, c, f"unknown column; expected '{REFERENCE}' and the header fields of {qs.key}: "
                               + ", ".join(fields))
    problems.raise_if_any()
    assert ref_col is not None
    cases: list[SampleCase] = []
    first_row: dict[str, int] = {}
    taken = {ref.lower(): ref for ref in existing}
    for row in table.rows:
        ref = row.get(ref_col)
        if not ref:
            problems.add(row.number, ref_col, "the case reference is blank")
        elif len(ref) > MAX_REFERENCE or not _REFERENCE_OK.match(ref):
            problems.add(row.number, ref_col, f"not a usable case reference (at most {MAX_REFERENCE} "
                                              "characters, no control characters)")
        elif ref.lower() in taken:
            problems.add(row.number, ref_col, f"case '{taken[ref.lower()]}' is already in this inspection")
        elif ref.lower() in first_row:
            problems.add(row.number, ref_col, f"case '{ref}' is listed twice (also row {first_row[ref.lower()]})")
        else:
            first_row[ref.lower()] = row.number
        header: dict[str, HeaderValue] = {}
        for column, f in by_column.items():
            try:
                value = parse_header_value(f, row.get(column))
            except ValueError as exc:
                problems.add(row.number, column, str(exc))
                continue
            if value is not None:
                header[f.id] = value
        other = {c: row.get(c) for c in table.columns if c != ref_col and c not in by_column}
        cases.append(SampleCase(row.number, ref, header, other))
    problems.raise_if_any()
    return cases


def parse_quota(text: str) -> dict[str, int]:
    """``MC=40,CC=30,RASSO=20`` -> ``{"MC": 40, ...}``; ``ValueError`` naming the faulty part."""
    quota: dict[str, int] = {}
    parts = [p.strip() for p in text.split(",")]
    if not text.strip():
        raise ValueError("the quota is empty; write it as STRATUM=COUNT,... e.g. MC=40,CC=30,RASSO=20")
    for part in parts:
        name, eq, count = (s.strip() for s in part.partition("="))
        if not eq or not name:
            raise ValueError(f"quota part '{part}' is not STRATUM=COUNT (e.g. MC=40,CC=30,RASSO=20)")
        if not count.isdigit() or int(count) < 1:
            raise ValueError(f"quota part '{part}': the count must be a whole number of at least 1")
        if name.lower() in {k.lower() for k in quota}:
            raise ValueError(f"quota names stratum '{name}' twice")
        quota[name] = int(count)
    return quota


@dataclass(frozen=True)
class Stratum:
    name: str
    available: int
    chosen: tuple[SampleCase, ...]
    reserves: tuple[SampleCase, ...]


@dataclass(frozen=True)
class SampleDraw:
    """The outcome of a draw: per stratum the chosen cases and the reserves, in the order drawn."""

    seed: int
    stratify_by: str
    reserves_per_stratum: int
    strata: tuple[Stratum, ...]

    @property
    def chosen(self) -> list[SampleCase]:
        return [c for s in self.strata for c in s.chosen]

    @property
    def reserves(self) -> list[SampleCase]:
        return [c for s in self.strata for c in s.reserves]

    def record(self) -> dict[str, object]:
        """What to keep with the inspection so the draw can be checked and repeated."""
        return {
            "seed": self.seed, "stratify_by": self.stratify_by, "reserves": self.reserves_per_stratum,
            "quota": {s.name: len(s.chosen) for s in self.strata},
            "chosen": {s.name: [c.reference for c in s.chosen] for s in self.strata},
            "reserve_order": {s.name: [c.reference for c in s.reserves] for s in self.strata},
        }


def stratum_of(case: SampleCase, stratify_by: str) -> str:
    if stratify_by in case.header:
        return header_text(case.header[stratify_by])
    value = next((v for k, v in case.other.items() if k.lower() == stratify_by.lower()), "")
    return value


def _resolve_quota(quota: Mapping[str, int], stratify_by: str, qs: QuestionSet,
                   cases: Sequence[SampleCase]) -> dict[str, int]:
    f = qs.header_index.get(stratify_by)
    resolved: dict[str, int] = {}
    if f is not None and f.type == FieldType.CHOICE:
        for name, count in quota.items():
            value = _match_option(f.options, name)
            if value is None:
                raise ValueError(f"quota names '{name}', which is not a value of {stratify_by} "
                                 f"({_choices(f.options)})")
            resolved[value] = count
    else:
        present = {stratum_of(c, stratify_by) for c in cases}
        for name, count in quota.items():
            match = next((p for p in sorted(present) if p.lower() == name.lower()), name)
            resolved[match] = count
    if len(resolved) != len(quota):
        raise ValueError("the quota names the same stratum twice (by value and by label)")
    return resolved


def draw_sample(cases: Sequence[SampleCase], quota: Mapping[str, int], seed: int, *, qs: QuestionSet,
                reserves: int = 0, stratify_by: str = DEFAULT_STRATUM, file: str = "the list") -> SampleDraw:
    """Draw ``quota[s]`` cases and ``reserves`` reserves from each stratum ``s``.

    Reproducible: one ``random.Random(seed)`` draws from each stratum in turn (strata in sorted order,
    cases sorted by reference), so the same list, quota and seed give the same sample whatever the
    order of the rows in the file. ``ValueError`` says which strata have too few cases.
    """
    if reserves < 0:
        raise ValueError("--reserves must be 0 or more")
    if stratify_by not in qs.header_index and not any(
            k.lower() == stratify_by.lower() for c in cases[:1] for k in c.other):
        raise ValueError(f"{file} has no column '{stratify_by}' to stratify by")
    resolved = _resolve_quota(quota, stratify_by, qs, cases)
    ordered = sorted(cases, key=lambda c: c.reference)
    pools: dict[str, list[SampleCase]] = {name: [] for name in resolved}
    for case in ordered:
        key = stratum_of(case, stratify_by)
        if key in pools:
            pools[key].append(case)
    short = [f"stratum {name}: {len(pools[name])} case{'s' if len(pools[name]) != 1 else ''} in {file}, "
             f"{need} needed + {reserves} reserve{'s' if reserves != 1 else ''}"
             for name, need in resolved.items() if len(pools[name]) < need + reserves]
    if short:
        raise ValueError("not enough cases to draw the sample: " + "; ".join(short))
    rng = random.Random(seed)
    strata = []
    for name in sorted(resolved):
        picked = rng.sample(pools[name], resolved[name] + reserves)
        strata.append(Stratum(name, len(pools[name]), tuple(picked[: resolved[name]]),
                              tuple(picked[resolved[name]:])))
    return SampleDraw(seed, stratify_by, reserves, tuple(strata))


def stratum_label(header: Mapping[str, HeaderValue], field_id: str) -> str:
    """A case's stratum as shown and recorded: its header value as text, or ``(none)``."""
    value = header.get(field_id)
    return "(none)" if value is None or value == "" else header_text(value)


def parse_draw_record(text: str | None) -> dict[str, object]:
    """The draw record kept with an inspection (see :meth:`SampleDraw.record`); ``{}`` if none or unreadable."""
    try:
        found = json.loads(text) if text else {}
    except ValueError:
        return {}
    return found if isinstance(found, dict) else {}


def next_reserve(case: CaseSummary, cases: Sequence[CaseSummary], record: Mapping[str, object]) -> CaseSummary | None:
    """The unused reserve to replace ``case`` with: the next one drawn in its stratum.

    With a draw record, reserves come in the order the draw picked them, in the stratum the case was drawn
    from; without one (an imported sample), the first unused reserve with the same stratum value.
    """
    unused = [c for c in cases if c.reserve and not c.withdrawn_reason]
    field_id = str(record.get("stratify_by", DEFAULT_STRATUM))
    order, chosen = record.get("reserve_order"), record.get("chosen")
    if isinstance(order, dict) and isinstance(chosen, dict):
        stratum = next((k for k, refs in {**order, **chosen}.items()
                        if isinstance(refs, list) and case.reference in refs), None)
        refs = order.get(stratum or stratum_label(case.header, field_id), [])
        by_ref = {c.reference: c for c in unused}
        return next((by_ref[r] for r in refs if r in by_ref), None)
    mine = stratum_label(case.header, field_id)
    return next((c for c in unused if stratum_label(c.header, field_id) == mine), None)
