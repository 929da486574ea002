"""The checks of a question set that a schema cannot make: every scale, theme, measure and rule name exists,
rule value names and types are right, rules form no cycle, scored questions have points, ids are unique."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import Any

from casereader.core.compiled import rule_types
from casereader.core.expressions import RuleError, ValueType, parse_rule, rule_names
from casereader.core.located import Located, Path_, Problem
from casereader.core.questionset import FieldType, QuestionSet, ScaleKind


def _q_path(qs: QuestionSet, qid: str) -> Path_:
    for si, s in enumerate(qs.sections):
        for qi, q in enumerate(s.questions):
            if q.id == qid:
                return ("sections", si, "questions", qi)
    return ()


def _duplicates(ids: Iterable[str]) -> Iterator[str]:
    seen: set[str] = set()
    for i in ids:
        if i in seen:
            yield i
        seen.add(i)


def _duplicate_positions(items: list[str | None]) -> Iterator[tuple[int, str]]:
    seen: set[str] = set()
    for i, item in enumerate(items):
        if item is None:
            continue
        if item in seen:
            yield i, item
        seen.add(item)


def cross_check(qs: QuestionSet, where: Located) -> Iterator[Problem]:
    # unique ids
    for dup in _duplicates(h.id for h in qs.header):
        yield where.problem(("header",), f"duplicate header field id '{dup}'", dup)
    for dup in _duplicates(s.id for s in qs.scales):
        yield where.problem(("scales",), f"duplicate scale id '{dup}'", dup)
    for dup in _duplicates(t.id for t in qs.themes):
        yield where.problem(("themes",), f"duplicate theme id '{dup}'", dup)
    for dup in _duplicates(m.id for m in qs.measures):
        yield where.problem(("measures",), f"duplicate measure id '{dup}'", dup)
    for dup in _duplicates(s.id for s in qs.sections):
        yield where.problem(("sections",), f"duplicate section id '{dup}'", dup)
    header_ids = {h.id for h in qs.header}
    seen_q: set[str] = set()
    for si, s in enumerate(qs.sections):
        for qi, q in enumerate(s.questions):
            if q.id in seen_q:
                yield where.problem(("sections", si, "questions", qi, "id"), f"duplicate question id '{q.id}'")
            if q.id in header_ids:
                yield where.problem(("sections", si, "questions", qi, "id"),
                                    f"question id '{q.id}' is also a header field id")
            seen_q.add(q.id)

    # header fields and scales
    for hi, h in enumerate(qs.header):
        if h.type == FieldType.CHOICE and not h.options:
            yield where.problem(("header", hi), "a choice field needs options")
        if h.type != FieldType.CHOICE and h.options:
            yield where.problem(("header", hi, "options"), f"a {h.type} field takes no options")
        for oi, dup in _duplicate_positions([o.value for o in h.options]):
            yield where.problem(("header", hi, "options", oi), f"duplicate option value '{dup}'", h.id)
    for si, sc in enumerate(qs.scales):
        choice = sc.kind in (ScaleKind.SINGLE, ScaleKind.MULTIPLE)
        if choice and len(sc.options) < 2:
            yield where.problem(("scales", si), "a choice scale needs at least two options")
        if not choice and sc.options:
            yield where.problem(("scales", si, "options"), f"a {sc.kind} scale takes no options")
        for oi, dup in _duplicate_positions([o.value for o in sc.options]):
            yield where.problem(("scales", si, "options", oi), f"duplicate option value '{dup}'", sc.id)
        for oi, dup in _duplicate_positions([o.key for o in sc.options]):
            yield where.problem(("scales", si, "options", oi), f"two options use the key '{dup}'", sc.id)
        if sc.minimum is not None and sc.maximum is not None and sc.minimum > sc.maximum:
            yield where.problem(("scales", si, "minimum"), "minimum is greater than maximum")

    themes = {t.id for t in qs.themes}
    measures = {m.id for m in qs.measures}
    types = rule_types(qs)
    # questions whose scale is unknown (already reported): a rule naming one is not reported again as naming
    # an unknown id, or as mistyped
    unscaled = frozenset(q.id for q in qs.questions if q.scale not in qs.scale_index)
    deps: dict[str, frozenset[str]] = {}
    for si, s in enumerate(qs.sections):
        if s.theme is not None and s.theme not in themes:
            yield where.problem(("sections", si, "theme"), f"unknown theme '{s.theme}'", s.id)
        section_names: frozenset[str] = frozenset()
        if s.applies_if is not None:
            try:
                section_names = parse_rule(s.applies_if, types).names
            except RuleError as exc:
                if not rule_names(s.applies_if) & unscaled:
                    yield where.problem(("sections", si, "applies_if"), f"applies_if: {exc}", s.id)
        for qi, q in enumerate(s.questions):
            base: Path_ = ("sections", si, "questions", qi)
            yield from _check_question(qs, q, base, where, themes, measures, types, s.theme)
            names: set[str] = set(section_names)
            for attr in ("applies_if", "valid_if"):
                text = getattr(q, attr)
                if text is None:
                    continue
                try:
                    self_type = types.get(q.id) if attr == "valid_if" else None
                    rule = parse_rule(text, {k: v for k, v in types.items() if k != q.id},
                                      self_name=q.id if attr == "valid_if" else None, self_type=self_type)
                    names |= rule.names - {q.id} if attr == "valid_if" else rule.names
                except RuleError as exc:
                    if rule_names(text) & (unscaled if attr == "valid_if" else unscaled - {q.id}):
                        continue
                    msg = str(exc)
                    if attr == "applies_if" and f"'{q.id}'" in msg and "unknown" in msg:
                        msg = f"a question's applies_if cannot refer to the question itself ({exc})"
                    yield where.problem((*base, attr), f"{attr}: {msg}")
            deps[q.id] = frozenset(n for n in names if n in qs.question_index)
    yield from _cycles(qs, deps, where)


def _check_question(qs: QuestionSet, q: Any, base: Path_, where: Located, themes: set[str],
                    measures: set[str], types: dict[str, ValueType], section_theme: str | None
                    ) -> Iterator[Problem]:
    scale = qs.scale_index.get(q.scale)
    if scale is None:
        known = ", ".join(s.id for s in qs.scales)
        yield where.problem((*base, "scale"), f"unknown scale '{q.scale}' (known: {known})")
        return
    theme = q.theme if q.theme is not None else section_theme
    if q.theme is not None and q.theme not in themes:
        yield where.problem((*base, "theme"), f"unknown theme '{q.theme}'")
    for m in q.measures:
        if m not in measures:
            yield where.problem((*base, "measures"), f"unknown measure '{m}'")
    if q.measures and theme is None:
        yield where.problem((*base, "measures"), "a scored question needs a theme (its own or its section's)")
    values = set(scale.values)
    for v in q.comment_required_for:
        if v not in values:
            yield where.problem((*base, "comment_required_for"), f"'{v}' is not a value of scale '{scale.id}'")
    if q.points is not None:
        if scale.kind != ScaleKind.SINGLE:
            yield where.problem((*base, "points"), "points apply only to single-choice scales")
        for v in q.points:
            if v not in values:
                yield where.problem((*base, "points"), f"points given for '{v}', which is not on scale '{scale.id}'")
        for v in values - set(q.points):
            yield where.problem((*base, "points"), f"no points given for '{v}'")
        for v, pts in q.points.items():
            if pts < 0 or pts > 100:
                yield where.problem((*base, "points"), f"points for '{v}' must be between 0 and 100")
    if q.measures:
        if scale.kind != ScaleKind.SINGLE:
            yield where.problem((*base, "measures"), f"a scored question needs a single-choice scale, not {scale.kind}")
        elif q.points is None and any(o.points is None for o in scale.options):
            yield where.problem((*base, "measures"), f"scored, but scale '{scale.id}' gives no points to some answers")
        elif qs.max_points(q.id) <= 0:
            yield where.problem((*base, "measures"), "scored, but no answer earns any points")
    if q.na.reasons and not q.na.allowed:
        yield where.problem((*base, "na"), "N/A reasons are listed but N/A is not allowed")
    if q.na.reasons_cy and len(q.na.reasons_cy) != len(q.na.reasons):
        yield where.problem((*base, "na", "reasons_cy"), f"reasons_cy has {len(q.na.reasons_cy)} entries but "
                            f"reasons has {len(q.na.reasons)}: give the Welsh of each reason, in the same order")
    if q.valid_if is not None and not q.valid_message:
        yield where.problem((*base, "valid_if"), "valid_if needs a valid_message to show the inspector")


def _cycles(qs: QuestionSet, deps: dict[str, frozenset[str]], where: Located) -> Iterator[Problem]:
    white, grey, black = 0, 1, 2
    colour = dict.fromkeys(deps, white)
    reported: set[frozenset[str]] = set()
    for start in deps:
        if colour[start] != white:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(deps[start])))]
        colour[start] = grey
        trail = [start]
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = black
                stack.pop()
                trail.pop()
                continue
            if colour.get(child) == grey:
                cycle = [*trail[trail.index(child):], child]
                key = frozenset(cycle)
                if key not in reported:
                    reported.add(key)
                    yield where.problem((*_q_path(qs, child), "applies_if"),
                                        "rules form a cycle: " + " -> ".join(cycle), child)
            elif colour.get(child) == white:
                colour[child] = grey
                trail.append(child)
                stack.append((child, iter(sorted(deps[child]))))
