"""Aggregation: from answer counts to measures, themes, scored questions and answer distributions.

Pure functions. Because points belong to answer values, ``count x points`` is exact: a measure over a
hundred thousand cases needs only the few thousand (group, Area, question, value) counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from decimal import Decimal

from casereader.core.answers import value_from_text
from casereader.core.questionset import FieldType, Question, QuestionSet, ScaleKind
from casereader.reports.counts import CountData
from casereader.reports.model import (
    AreaScore,
    Distribution,
    Figure,
    OptionShare,
    Report,
    Rounding,
    ScoreRow,
)

Group = tuple[str, ...]
_Acc = dict[tuple[Group, str, str], list[int]]  # (group, area, id) -> [points, max points, answers]


def aggregate(data: CountData, rounding: Rounding | None = None) -> Report:
    """The whole report model for the counts: every measure, theme, scored question and distribution."""
    rounding = rounding or Rounding()
    sets = _ordered_sets(data.forms.values())
    area_cases: dict[tuple[Group, str], int] = defaultdict(int)
    for c in data.cases:
        area_cases[(c.group, c.area)] += c.count
    measures: _Acc = defaultdict(lambda: [0, 0, 0])
    themes: _Acc = defaultdict(lambda: [0, 0, 0])
    questions: _Acc = defaultdict(lambda: [0, 0, 0])
    values: dict[tuple[Group, str, str], dict[str, int]] = defaultdict(lambda: defaultdict(int))
    answered: dict[tuple[Group, str, str], list[int]] = defaultdict(lambda: [0, 0])  # [answered, na]
    scoring = _Scoring(data.forms)
    for a in data.answers:
        info = scoring.info(a.form_hash, a.question_id)
        if info is None:
            continue
        key = (a.group, a.area, a.question_id)
        if a.na:
            answered[key][1] += a.count
            continue
        if a.value is None or a.value == "":
            continue
        answered[key][0] += a.count
        for v in _choices(a.value, info.multiple):
            values[key][v] += a.count
        pts = info.points.get(a.value) if not info.multiple else None
        if pts is None:
            continue
        for acc, ids in ((questions, (a.question_id,)), (measures, info.measures), (themes, info.themes)):
            for id_ in ids:
                cell = acc[(a.group, a.area, id_)]
                cell[0] += pts * a.count
                cell[1] += info.max_points * a.count
                cell[2] += a.count
    areas = data.areas
    groups = data.groups
    titles = _titles(sets)
    return Report(
        by=data.by,
        group_labels=_group_labels(data.by, sets),
        forms=tuple(qs.key for qs in sets),
        areas=areas,
        groups=groups,
        cases={g: sum(n for (gg, _), n in area_cases.items() if gg == g) for g in groups},
        measures=_score_rows("measure", measures, titles["measure"], groups, area_cases, rounding),
        themes=_score_rows("theme", themes, titles["theme"], groups, area_cases, rounding),
        questions=_score_rows("question", questions, titles["question"], groups, area_cases, rounding),
        distributions=_distributions(values, answered, sets, groups, areas, rounding),
        rounding=rounding,
        selection=dict(data.selection),
        question_sets=tuple(sets),
    )


class _Info:
    __slots__ = ("max_points", "measures", "multiple", "points", "themes")

    def __init__(self, qs: QuestionSet, q: Question) -> None:
        scale = qs.scale_of(q.id)
        self.multiple = scale.kind == ScaleKind.MULTIPLE
        self.points: dict[str, int] = {}
        for o in scale.options:
            p = qs.points_for(q.id, o.value)
            if p is not None:
                self.points[o.value] = p
        self.max_points = qs.max_points(q.id)
        self.measures: tuple[str, ...] = q.measures
        theme = qs.theme_of(q.id)
        # As the case engine scores: a theme counts only the questions that feed a measure.
        self.themes: tuple[str, ...] = (theme,) if (theme is not None and q.measures) else ()


class _Scoring:
    def __init__(self, forms: Mapping[str, QuestionSet]) -> None:
        self.forms = forms
        self.cache: dict[tuple[str, str], _Info | None] = {}

    def info(self, form_hash: str, qid: str) -> _Info | None:
        key = (form_hash, qid)
        if key not in self.cache:
            qs = self.forms.get(form_hash)
            q = qs.question_index.get(qid) if qs is not None else None
            self.cache[key] = _Info(qs, q) if (qs is not None and q is not None) else None
        return self.cache[key]


def _choices(value: str, multiple: bool) -> Iterable[str]:
    if not multiple:
        return (value,)
    try:
        parsed = value_from_text(value, multiple=True)
    except ValueError:
        return (value,)
    return parsed if isinstance(parsed, tuple) else (str(parsed),)


def _ordered_sets(sets: Iterable[QuestionSet]) -> list[QuestionSet]:
    unique = {qs.content_hash or qs.key: qs for qs in sets}
    return sorted(unique.values(), key=lambda qs: (qs.id, _version_key(qs.version)))


def _version_key(version: str) -> tuple[tuple[int, str], ...]:
    return tuple((int(p), "") if p.isdigit() else (-1, p) for p in version.replace("-", ".").split("."))


def _titles(sets: list[QuestionSet]) -> dict[str, dict[str, str]]:
    """Titles by id, in declaration order; the newest question set's wording wins."""
    out: dict[str, dict[str, str]] = {"measure": {}, "theme": {}, "question": {}}
    for qs in sets:
        out["measure"].update({m.id: m.title for m in qs.measures})
        out["theme"].update({t.id: t.title for t in qs.themes})
        out["question"].update({q.id: q.text for q in qs.questions})
    return out


def _group_labels(by: tuple[str, ...], sets: list[QuestionSet]) -> dict[str, dict[str, str]]:
    labels: dict[str, dict[str, str]] = {f: {"": "(not recorded)"} for f in by}
    for qs in sets:
        for f in by:
            h = qs.header_index.get(f)
            if h is None:
                continue
            if h.type == FieldType.FLAG:
                labels[f].update({"yes": f"{h.label}: yes", "no": f"{h.label}: no"})
            labels[f].update({o.value: o.label for o in h.options})
    return labels


def _score_rows(kind: str, acc: _Acc, titles: Mapping[str, str], groups: tuple[Group, ...],
                area_cases: Mapping[tuple[Group, str], int], rounding: Rounding) -> tuple[ScoreRow, ...]:
    index: dict[tuple[str, Group], list[tuple[str, list[int]]]] = defaultdict(list)
    for (g, area, id_), v in acc.items():
        index[(id_, g)].append((area, v))
    present = {id_ for (id_, _) in index}
    order = [i for i in titles if i in present] + sorted(present - set(titles))
    rows = []
    for id_ in order:
        for g in groups:
            cells = sorted(index.get((id_, g), ()))
            if not cells:
                continue
            rows.append(score_row(kind, id_, titles.get(id_, id_), g,
                                  [(area, v[0], v[1], v[2], area_cases.get((g, area), 0)) for area, v in cells],
                                  rounding))
    return tuple(rows)


def score_row(kind: str, id_: str, title: str, group: Group,
              cells: list[tuple[str, int, int, int, int]], rounding: Rounding) -> ScoreRow:
    """A row from per-Area (area, points, max points, answers, cases): pooled, mean of Areas, spread."""
    areas = tuple(AreaScore(area, Figure.of(p, m, n, rounding), c) for area, p, m, n, c in cells)
    pooled = Figure.of(sum(c[1] for c in cells), sum(c[2] for c in cells), sum(c[3] for c in cells), rounding)
    scored = [(a.figure.exact, a) for a in areas if a.figure.exact is not None]
    mean_exact: Decimal | None = None
    strongest = weakest = None
    gap = None
    if scored:
        mean_exact = sum((e for e, _ in scored), Decimal(0)) / len(scored)
        strongest = max(scored, key=lambda ea: ea[0])[1]
        weakest = min(scored, key=lambda ea: ea[0])[1]
        if strongest.figure.published is not None and weakest.figure.published is not None:
            gap = strongest.figure.published - weakest.figure.published
    return ScoreRow(kind, id_, title, group, pooled,
                    rounding.apply(mean_exact) if mean_exact is not None else None, mean_exact, areas,
                    sum(c[4] for c in cells), strongest, weakest, gap)


def _distributions(values: Mapping[tuple[Group, str, str], Mapping[str, int]],
                   answered: Mapping[tuple[Group, str, str], list[int]], sets: list[QuestionSet],
                   groups: tuple[Group, ...], areas: tuple[str, ...], rounding: Rounding) -> tuple[Distribution, ...]:
    labels: dict[str, dict[str, str]] = {}
    texts: dict[str, tuple[str, str | None]] = {}
    for qs in sets:
        for q in qs.questions:
            if qs.scale_of(q.id).kind not in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
                continue
            labels.setdefault(q.id, {}).update({o.value: o.label for o in qs.scale_of(q.id).options})
            texts[q.id] = (q.text, qs.theme_of(q.id))
    present = {qid for (_, _, qid) in answered}
    out: list[Distribution] = []
    for qid in [q for q in texts if q in present]:
        for g in groups:
            national: dict[str, int] = defaultdict(int)
            n_total = [0, 0]
            per_area = []
            for area in areas:
                key = (g, area, qid)
                if key not in answered:
                    continue
                counts = values.get(key, {})
                for v, c in counts.items():
                    national[v] += c
                n_total[0] += answered[key][0]
                n_total[1] += answered[key][1]
                per_area.append(_distribution(qid, texts[qid], g, area, counts, answered[key], labels[qid], rounding))
            if per_area:
                out.append(_distribution(qid, texts[qid], g, None, national, n_total, labels[qid], rounding))
                out.extend(per_area)
    return tuple(out)


def _distribution(qid: str, text: tuple[str, str | None], group: Group, area: str | None,
                  counts: Mapping[str, int], n: list[int], labels: Mapping[str, str],
                  rounding: Rounding) -> Distribution:
    order = list(labels) + sorted(v for v in counts if v not in labels)
    options = tuple(OptionShare(v, labels.get(v, v), Figure.of(counts.get(v, 0), n[0], n[0], rounding))
                    for v in order)
    return Distribution(qid, text[0], text[1], group, area, n[0], n[1], options)


def pool_groups(rows: Iterable[ScoreRow], rounding: Rounding | None = None) -> tuple[ScoreRow, ...]:
    """Rows of several groups summed into one row per id (points and answers add up exactly)."""
    cells: dict[str, dict[str, list[int]]] = {}
    titles: dict[str, tuple[str, str]] = {}
    for r in rows:
        titles[r.id] = (r.kind, r.title)
        per_area = cells.setdefault(r.id, {})
        for a in r.areas:
            c = per_area.setdefault(a.area, [0, 0, 0, 0])
            c[0] += a.figure.numerator
            c[1] += a.figure.denominator
            c[2] += a.figure.n
            c[3] += a.cases
    return tuple(score_row(titles[i][0], i, titles[i][1], (),
                           [(area, v[0], v[1], v[2], v[3]) for area, v in sorted(per_area.items())],
                           rounding or Rounding())
                 for i, per_area in cells.items())
