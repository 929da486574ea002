"""The report as a JSON document (shape: docs/report.schema.json) and as one long tidy table."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from casereader.reports.model import METHOD, AreaScore, Distribution, Report, ScoreRow, Travel

FORMAT = "casereader-report"
FORMAT_VERSION = 2  # 2: the publication stamp; the selection block names rounds, question sets, Areas, filters
DRAFT = "DRAFT"
FINAL = "final"
DRAFT_NOTE = ("DRAFT: not for publication. The publication checks were not run or not passed "
              "(casereader central report --final).")
FINAL_NOTE = "Final: every publication check passed when this report was written."

TIDY_COLUMNS = ("table", "kind", "id", "title", "group", "group_label", "scope", "area", "value", "value_label",
                "numerator", "denominator", "n", "percent", "percent_exact", "baseline", "follow_up", "change",
                "direction", "arrow", "method", "within_one_percent", "kappa", "weighted_kappa", "open", "answered",
                "closed", "median_days_to_close", "publication")


def num(d: Decimal | None) -> float | None:
    return None if d is None else float(d)


def publication(meta: Mapping[str, Any] | None) -> str:
    """``final`` only when the writer was told the publication gate passed; anything else is a draft."""
    return FINAL if (meta or {}).get("publication") == FINAL else DRAFT


def publication_note(meta: Mapping[str, Any] | None) -> str:
    return FINAL_NOTE if publication(meta) == FINAL else DRAFT_NOTE


def group_dict(report: Report, group: tuple[str, ...]) -> dict[str, str]:
    return dict(zip(report.by, group))


def to_document(report: Report, meta: Mapping[str, Any] | None = None) -> dict[str, Any]:
    """Everything in the report as plain JSON values; every figure carries its numerator, denominator and n."""
    doc: dict[str, Any] = {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "publication": {"status": publication(meta), "note": publication_note(meta)},
        "meta": dict(meta or {}),
        "selection": dict(report.selection),
        "by": list(report.by),
        "forms": list(report.forms),
        "areas": list(report.areas),
        "method": {**METHOD, "rounding": report.rounding.describe()},
        "groups": [{"key": group_dict(report, g), "label": report.group_label(g), "cases": report.cases.get(g, 0)}
                   for g in report.groups],
        "measures": [_score(report, r) for r in report.measures],
        "themes": [_score(report, r) for r in report.themes],
        "questions": [_score(report, r) for r in report.questions],
        "distributions": [_distribution(report, d) for d in report.distributions],
        "comparison": None,
        "consistency": None if report.consistency is None else report.consistency.to_json(),
        "queries": [q.to_json() for q in report.queries],
    }
    if report.comparison is not None:
        c = report.comparison
        doc["comparison"] = {"baseline": c.baseline, "follow_up": c.follow_up, "rule": dict(c.rule),
                             "rows": [_travel(report, t) for t in c.rows]}
    return doc


def _extreme(a: AreaScore | None) -> dict[str, Any] | None:
    return None if a is None else {"area": a.area, "percent": num(a.figure.published), "n": a.figure.n}


def _score(report: Report, r: ScoreRow) -> dict[str, Any]:
    return {
        "kind": r.kind, "id": r.id, "title": r.title, "group": group_dict(report, r.group),
        "group_label": report.group_label(r.group), "cases": r.cases, "method": "points over maximum points",
        "national": {
            "pooled": {**r.pooled.to_dict(), "method": "pooled"},
            "mean_of_areas": {"percent": num(r.mean_of_areas), "percent_exact": num(r.mean_of_areas_exact),
                              "areas": sum(1 for a in r.areas if a.figure.exact is not None),
                              "method": "mean of Areas"},
        },
        "areas": [a.to_dict() for a in r.areas],
        "strongest": _extreme(r.strongest), "weakest": _extreme(r.weakest), "gap_pp": num(r.gap_pp),
    }


def _distribution(report: Report, d: Distribution) -> dict[str, Any]:
    return {
        "question_id": d.question_id, "text": d.text, "theme": d.theme, "group": group_dict(report, d.group),
        "group_label": report.group_label(d.group), "area": d.area, "answered": d.answered, "na": d.na,
        "method": "answers of each value over applicable questions answered (N/A excluded)",
        "options": [{"value": o.value, "label": o.label, "count": o.figure.numerator,
                     "percent": num(o.figure.published), "percent_exact": num(o.figure.exact)} for o in d.options],
    }


def _travel(report: Report, t: Travel) -> dict[str, Any]:
    return {"kind": t.kind, "id": t.id, "title": t.title, "group": group_dict(report, t.group),
            "group_label": report.group_label(t.group), "scope": t.scope, "area": t.area,
            "baseline": num(t.baseline), "follow_up": num(t.follow_up), "change": num(t.change),
            "direction": t.direction, "arrow": t.arrow, "baseline_n": t.baseline_n, "follow_up_n": t.follow_up_n,
            "note": t.note}


def tidy_rows(report: Report, meta: Mapping[str, Any] | None = None) -> list[dict[str, Any]]:
    """One long table: the selection block first, then a row per figure (score, Area score, answer share,
    direction) with its method; every row carries the publication stamp (DRAFT or final)."""
    rows: list[dict[str, Any]] = [{"table": "publication", "id": publication(meta), "title": publication_note(meta)}]
    rows += [{"table": "selection", "id": k, "title": v} for k, v in report.selection.items()]
    for r in (*report.measures, *report.themes, *report.questions):
        base = {"table": "score", "kind": r.kind, "id": r.id, "title": r.title, "group": _gkey(report, r.group),
                "group_label": report.group_label(r.group)}
        rows.append({**base, "scope": "pooled", **_fig(r.pooled.numerator, r.pooled.denominator, r.pooled.n,
                                                        r.pooled.published, r.pooled.exact),
                     "method": "points over maximum points; pooled"})
        rows.append({**base, "scope": "mean_of_areas", "n": len(r.areas), "percent": num(r.mean_of_areas),
                     "percent_exact": num(r.mean_of_areas_exact),
                     "method": "points over maximum points; mean of Areas"})
        for a in r.areas:
            f = a.figure
            rows.append({**base, "scope": "area", "area": a.area,
                         **_fig(f.numerator, f.denominator, f.n, f.published, f.exact),
                         "method": "points over maximum points; Area"})
    for d in report.distributions:
        for o in d.options:
            f = o.figure
            rows.append({"table": "distribution", "kind": "question", "id": d.question_id, "title": d.text,
                         "group": _gkey(report, d.group), "group_label": report.group_label(d.group),
                         "scope": "area" if d.area else "pooled", "area": d.area or "", "value": o.value,
                         "value_label": o.label, **_fig(f.numerator, f.denominator, f.n, f.published, f.exact),
                         "method": "answers of the value over applicable questions answered (N/A excluded)"})
    if report.comparison is not None:
        for t in report.comparison.rows:
            rows.append({"table": "direction", "kind": t.kind, "id": t.id, "title": t.title,
                         "group": _gkey(report, t.group), "group_label": report.group_label(t.group),
                         "scope": t.scope, "area": t.area or "", "n": t.follow_up_n, "baseline": num(t.baseline),
                         "follow_up": num(t.follow_up), "change": num(t.change), "direction": t.direction,
                         "arrow": t.arrow, "method": report.comparison.rule.get("figures", "")})
    if report.consistency is not None:
        for part, key, label, pairs, exact, within, kappa, wkappa in report.consistency.to_rows()[1:]:
            rows.append({"table": "consistency", "kind": part, "id": key, "title": label, "n": pairs,
                         "percent": exact, "within_one_percent": within, "kappa": kappa, "weighted_kappa": wkappa,
                         "method": "blind second marking: exact agreement; within one category; Cohen's kappa "
                                   "(weighted: linear)"})
    for q in report.queries:
        rows.append({"table": "queries", "kind": q.group, "id": q.key, "n": q.open + q.answered + q.closed,
                     **q.to_json(), "method": "queries on marks: open, answered, closed; median days from opening "
                                              "to closing of the closed ones"})
    stamp = publication(meta)
    return [{**{c: row.get(c, "") for c in TIDY_COLUMNS}, "publication": stamp} for row in rows]


def _gkey(report: Report, group: tuple[str, ...]) -> str:
    return ";".join(f"{f}={v}" for f, v in zip(report.by, group))


def _fig(numerator: int, denominator: int, n: int, published: Decimal | None,
         exact: Decimal | None) -> dict[str, Any]:
    return {"numerator": numerator, "denominator": denominator, "n": n, "percent": num(published),
            "percent_exact": None if exact is None else round(float(exact), 6)}
