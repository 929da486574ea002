"""The whole moderation flow through the command line across three data folders (centre, ann, bob):
first marking → draw → blind second marking on the other inspector's laptop → compare → disagreements →
resolve; then calibration. Figures are recomputed here from the marks the test typed, not read back."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import jsonschema
import pytest
from moderation_flow import CANARY, FPN, Flow, first_marks, second_marks
from openpyxl import load_workbook
from pypdf import PdfReader
from sqlalchemy import func, select

from casereader.central.moderation import AUDIT_DEVICE, consistency_across, effective_answers, marking_only
from casereader.central.queries import Selection, build_report
from casereader.central.schema import (
    AssignmentRecord,
    CentralAnswerRecord,
    CentralAuditRecord,
    CentralCaseRecord,
    CentralInspectionRecord,
    ResolutionRecord,
)
from casereader.storage import LocalStore

QUESTIONS = ("PC-03", "PC-04", "VW-01", "DI-02")
KEYS = ("pairs", "exact", "within_one", "exact_percent", "within_one_percent", "kappa", "weighted_kappa")


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    moderation_env.setenv("CASEREADER_INSPECTOR", "lead")
    return Flow(tmp_path)


def cohen(pairs: list[tuple[str, str]], weights: str = "none") -> float | None:
    """Cohen's kappa written out from its definition, over the pairs where both marks are on the scale."""
    on = [(a, b) for a, b in pairs if a in FPN and b in FPN]
    n = len(on)
    if not n:
        return None
    first, second = Counter(a for a, _ in on), Counter(b for _, b in on)

    def w(a: str, b: str) -> float:
        return float(a == b) if weights == "none" else 1 - abs(FPN.index(a) - FPN.index(b)) / 2

    po = sum(w(a, b) for a, b in on) / n
    pe = sum(w(a, b) * first[a] * second[b] for a in FPN for b in FPN) / (n * n)
    return None if pe >= 1 else (po - pe) / (1 - pe)


def expected_row(pairs: list[tuple[str, str]]) -> dict[str, object]:
    exact = sum(a == b for a, b in pairs)
    within = sum(a == b or (a in FPN and b in FPN and abs(FPN.index(a) - FPN.index(b)) <= 1) for a, b in pairs)
    k, wk = cohen(pairs), cohen(pairs, "linear")
    return {"pairs": len(pairs), "exact": exact, "within_one": within,
            "exact_percent": round(100 * exact / len(pairs), 1),
            "within_one_percent": round(100 * within / len(pairs), 1),
            "kappa": None if k is None else round(k, 3), "weighted_kappa": None if wk is None else round(wk, 3)}


def central_rows(flow: Flow, role: str) -> list[tuple]:
    store = flow.open_store()
    try:
        with store.sessions() as s:
            return sorted((r.case_id, r.question_id, r.value, r.na, r.na_reason, r.comment, r.inspector)
                          for r in s.scalars(select(CentralAnswerRecord).where(CentralAnswerRecord.role == role)))
    finally:
        store.close()


def test_draw_blind_second_marking_compare_and_resolve(flow: Flow) -> None:
    flow.first_round()
    out = flow.draw(seed=11)
    # 50% of each inspector's four cases, at least one per casework type, each to the other inspector
    assert sorted(flow.packs) == ["ann", "bob"] and len(flow.drawn) == 4
    for who in ("ann", "bob"):
        mine = [r for r, (first, _) in flow.drawn.items() if first == who]
        assert len(mine) == 2 and {flow.index(r) % 2 for r in mine} == {0, 1}  # MC and CC
        assert all(flow.drawn[r][1] != who for r in mine)
    assert "first marked by ann  ->  second marked by bob" in out

    # reproducible: the same seed on a copy of the centre draws the same cases
    code, _, err = flow.central("moderation", "draw", flow.inspection, "--seed", "11", "--out-dir", flow.tmp / "x")
    assert code != 0 and "already drawn" in err and not (flow.tmp / "x").exists()

    # blind: the pack carries no first marks, and the second inspector's copy starts with no answers
    for who, pack in flow.packs.items():
        assert CANARY.encode() not in pack.read_bytes()
        flow.at(who, "pack", "import", pack)
        local = LocalStore.open(flow.folders[who] / "casereader.sqlite")
        try:
            cases = local.list_cases(flow.second[who])
            assert sorted(c.reference for c in cases) == sorted(r for r, (_, s) in flow.drawn.items() if s == who)
            assert all(not local.get_case(c.id).state.answers for c in cases)
        finally:
            local.close()
    for who in flow.packs:
        refs = sorted(r for r, (_, second) in flow.drawn.items() if second == who)
        flow.mark_and_send(who, flow.second[who], refs, {r: second_marks(flow.index(r)) for r in refs},
                           f"second-{who}")

    # compare: every figure recomputed from the marks typed above
    pairs = {q: [(first_marks(flow.index(r))[q][0], second_marks(flow.index(r))[q][0]) for r in sorted(flow.drawn)]
             for q in QUESTIONS}
    code, out, err = flow.central("moderation", "compare", flow.inspection, "--format", "json")
    assert code == 0, err
    got = json.loads(out)
    assert got["pairs"] == 16 and got["cases"] == 4
    differing = sum(a != b for ps in pairs.values() for a, b in ps)
    assert got["disagreements"] == differing and got["resolutions"] == 0
    for row in got["questions"]:
        assert {k: row[k] for k in KEYS} == expected_row(pairs[row["key"]]), row["key"]
    order = [(r["exact_percent"], r["within_one_percent"]) for r in got["questions"]]
    assert order == sorted(order)  # least consistent first
    for row in got["inspectors"]:
        theirs = [pq for q in QUESTIONS for r, pq in zip(sorted(flow.drawn), pairs[q])
                  if flow.drawn[r][0] == row["key"]]
        assert {k: row[k] for k in KEYS} == expected_row(theirs), row["key"]
    everything = [p for q in QUESTIONS for p in pairs[q]]
    assert {k: got["overall"][k] for k in KEYS} == expected_row(everything)

    store = flow.open_store()
    try:  # what the report's consistency section is built from: the same figures
        assert {"inspection": flow.inspection, **consistency_across(store, [flow.inspection]).to_json()} == got
    finally:
        store.close()
    code, out, err = flow.central("moderation", "compare", flow.inspection)
    assert code == 0 and "Per question (least consistent first)" in out and "Per inspector" in out

    # disagreements: both marks side by side with their comments
    code, out, err = flow.central("moderation", "disagreements", flow.inspection)
    assert code == 0, err
    assert out.count("  first: ") == differing
    odd = next(r for r in sorted(flow.drawn) if flow.index(r) % 2 == 1)
    first_vw, second_vw = first_marks(flow.index(odd))["VW-01"][0], second_marks(flow.index(odd))["VW-01"][0]
    assert f"{odd}  VW-01\n  first:  {first_vw} by {flow.drawn[odd][0]}\n" \
           f"  second: {second_vw} by {flow.drawn[odd][1]} — “second marker: warned late”" in out

    # resolve: the agreed mark is stored next to the untouched first and second marks, with an audit event
    firsts = central_rows(flow, "first")
    code, out, err = flow.central("moderation", "resolve", flow.inspection, "--case", odd, "--question", "VW-01",
                                  "--mark", "Partially meeting", "--reason", "witness warned two days late",
                                  "--moderator", "Lead Inspector")
    assert code == 0, err
    assert f"agreed mark recorded for {odd} VW-01: partially" in out
    assert central_rows(flow, "first") == firsts
    store = flow.open_store()
    try:
        with store.sessions() as s:
            original = s.scalar(select(CentralCaseRecord.id).join(CentralInspectionRecord).where(
                CentralInspectionRecord.id == flow.inspection, CentralCaseRecord.reference == odd))
            agreed = s.get(CentralAnswerRecord, (original, "VW-01", "agreed"))
            assert agreed is not None and (agreed.value, agreed.na, agreed.inspector, agreed.applicable) == \
                ("partially", False, "Lead Inspector", True)
            res = s.get(ResolutionRecord, (original, "VW-01"))
            assert res is not None
            assert (res.first_value, res.second_value, res.value, res.reason) == \
                (first_vw, second_vw, "partially", "witness warned two days late")
            first_row = s.get(CentralAnswerRecord, (original, "VW-01", "first"))
            assert first_row is not None and first_row.value == first_vw
            copy = s.scalar(select(AssignmentRecord.second_case_id).where(
                AssignmentRecord.original_case_id == original))
            second_row = s.get(CentralAnswerRecord, (copy, "VW-01", "first"))
            assert second_row is not None and second_row.value == second_vw
            audit = s.scalars(select(CentralAuditRecord).where(CentralAuditRecord.device_id == AUDIT_DEVICE)).all()
            assert [(a.case_id, a.kind, a.key, a.actor, a.reason) for a in audit] == \
                [(original, "agreed_mark", "VW-01", "Lead Inspector", "witness warned two days late")]
            new = json.loads(audit[0].new or "{}")
            assert (new["value"], new["first"]["value"], new["second"]["value"]) == ("partially", first_vw, second_vw)

            # what reports count: marking inspections only, each case once, the agreed mark replacing the first
            eff = effective_answers()
            counted = s.execute(select(eff.c.case_id, eff.c.question_id, eff.c.value, eff.c.role)
                                .join(CentralCaseRecord, eff.c.case_id == CentralCaseRecord.id)
                                .join(CentralInspectionRecord).where(marking_only())).all()
            assert len(counted) == len(flow.refs) * 4 == len({(c, q) for c, q, _, _ in counted})
            assert {(v, r) for c, q, v, r in counted if (c, q) == (original, "VW-01")} == {("partially", "agreed")}
            cases = s.scalar(select(func.count()).select_from(CentralCaseRecord).join(CentralInspectionRecord)
                             .where(marking_only()))
            assert cases == len(flow.refs)
    finally:
        store.close()

    # the published figures themselves: each case once, the agreed mark in place of the first mark
    store = flow.open_store()
    try:
        report = build_report(store.engine, (), Selection(statuses=()))
    finally:
        store.close()
    assert report.cases[()] == len(flow.refs)
    dist = report.distribution("VW-01")
    assert dist is not None
    expected = Counter(first_marks(flow.index(r))["VW-01"][0] for r in flow.refs if r != odd)
    expected["partially"] += 1
    assert {o.value: o.figure.numerator for o in dist.options if o.figure.numerator} == dict(expected)

    # the report's consistency section, in every output format
    for fmt in ("json", "csv", "xlsx", "pdf"):
        out_file = flow.tmp / f"report.{fmt}"
        code, out, err = flow.central("report", "--all-cases", "--format", fmt, "--out", out_file)
        assert code == 0, err
        if fmt == "json":
            doc = json.loads(out_file.read_text())
            schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())
            jsonschema.validate(doc, schema, cls=jsonschema.Draft202012Validator)  # statistics included
            section = doc["consistency"]
            assert section["overall"]["statistics"]["n"] > 0 and "gwet_ac1" in section["overall"]["statistics"]
            assert section["pairs"] == 16 and section["resolutions"] == 1
            assert {q["key"] for q in section["questions"]} == set(QUESTIONS)
        elif fmt == "csv":
            rows = [r for r in csv.DictReader(out_file.open()) if r["table"] == "consistency"]
            assert {r["id"] for r in rows if r["kind"] == "question"} == set(QUESTIONS)
            assert any(r["kind"] == "overall" and r["n"] == "16" for r in rows)
        elif fmt == "xlsx":
            ws = load_workbook(out_file)["Consistency"]
            assert [c.value for c in ws[1]][:4] == ["part", "key", "label", "pairs"]
            assert ws.cell(2, 5).number_format == "0.0%"
        else:
            text = "".join(p.extract_text() for p in PdfReader(out_file).pages)
            assert "Marking consistency" in text and "Weighted" in text

    code, out, err = flow.central("moderation", "disagreements", flow.inspection)
    assert out.count("  first: ") == differing - 1 and f"{odd}  VW-01" not in out
    code, out, err = flow.central("moderation", "disagreements", flow.inspection, "--all")
    assert "  agreed: partially by Lead Inspector" in out and "reason: witness warned two days late" in out
    code, out, err = flow.central("moderation", "compare", flow.inspection, "--format", "json")
    assert json.loads(out)["resolutions"] == 1

    # an N/A agreed mark with its reason; re-resolving keeps both events in the audit trail
    even = next(r for r in sorted(flow.drawn) if flow.index(r) % 4 == 0)
    code, out, err = flow.central("moderation", "resolve", flow.inspection, "--case", even, "--question", "DI-02",
                                  "--mark", "n/a", "--na-reason", "No unused material", "--reason", "none existed")
    assert code == 0, err
    code, out, err = flow.central("moderation", "resolve", flow.inspection, "--case", even, "--question", "DI-02",
                                  "--mark", "fully", "--reason", "schedule found later")
    assert code == 0, err
    store = flow.open_store()
    try:
        with store.sessions() as s:
            events = s.scalars(select(CentralAuditRecord).where(CentralAuditRecord.device_id == AUDIT_DEVICE)
                               .order_by(CentralAuditRecord.seq)).all()
            assert [e.seq for e in events] == [1, 2, 3] and events[2].actor == "lead"
            assert json.loads(events[2].old or "{}")["na_reason"] == "No unused material"
    finally:
        store.close()
    assert central_rows(flow, "first") == firsts


def test_bad_resolutions_are_refused_and_change_nothing(flow: Flow) -> None:
    flow.first_round()
    flow.draw(seed=3)
    flow.second_round()
    undrawn = next(r for r in flow.refs if r not in flow.drawn)
    drawn = sorted(flow.drawn)[0]
    before = flow.open_store()
    dump = before.dump_hash()
    before.close()
    for args, message in (
        (("--case", drawn, "--question", "VW-01", "--mark", "sometimes"),
         "question VW-01: 'sometimes' is not on the scale"),
        (("--case", drawn, "--question", "XX-99", "--mark", "fully"), "question XX-99 is not in worked-example@1"),
        (("--case", undrawn, "--question", "VW-01", "--mark", "fully"), f"case {undrawn} question VW-01"),
        (("--case", drawn, "--question", "PC-04", "--mark", "n/a"), "cannot be marked not applicable"),
        (("--case", drawn, "--question", "VW-01", "--mark", "fully", "--na-reason", "x"), "only for a mark of n/a"),
    ):
        code, _, err = flow.central("moderation", "resolve", flow.inspection, *args, "--reason", "r")
        assert code != 0 and message in err and "Traceback" not in err, err
    code, _, err = flow.central("moderation", "resolve", flow.inspection, "--case", drawn, "--question", "VW-01",
                                "--mark", "fully", "--reason", "  ")
    assert code != 0 and "reason" in err
    code, _, err = flow.central("moderation", "compare", "ffffffff")
    assert code != 0 and "no inspection ffffffff" in err
    code, _, err = flow.central("moderation", "draw", flow.second["ann"], "--seed", "1", "--out-dir", flow.tmp)
    assert code != 0 and "second-marking inspection" in err
    after = flow.open_store()
    assert after.dump_hash() == dump
    after.close()


TRAINING = "reference,casework_type,charging_route,victim_letter_required\nTRN001,MC,area,no\nTRN002,CC,police,no\n"


def test_calibration_flow(flow: Flow) -> None:
    flow.first_round()
    code, out, err = flow.central("moderation", "calibrate", "--form", "worked-example@1", "--case-file",
                                  flow.file("training.csv", TRAINING), "--inspector", "ann", "--inspector", "bob",
                                  "--out-dir", flow.tmp / "calibration")
    assert code == 0, err
    group = out.split()[2].rstrip(":")
    packs = sorted((flow.tmp / "calibration").glob("calibration-*.crpack"))
    assert [p.name.split("-")[1] for p in packs] == ["ann", "bob"]
    marks = {"ann": {"TRN001": {"PC-04": ("fully", ""), "VW-01": ("partially", "")},
                     "TRN002": {"VW-01": ("fully", ""), "DI-02": ("fully", "")}},
             "bob": {"TRN001": {"PC-04": ("fully", ""), "VW-01": ("not", "")},
                     "TRN002": {"VW-01": ("fully", ""), "DI-02": ("n/a", "")}}}
    ids = {}
    for who, pack in zip(("ann", "bob"), packs):
        out = flow.at(who, "pack", "import", pack)
        ids[who] = out.split("inspection ")[1].split()[0].rstrip(":,")
        flow.mark_and_send(who, ids[who], ["TRN001", "TRN002"], marks[who], f"calibration-{who}", frozenset())
    store = flow.open_store()
    try:
        with store.sessions() as s:
            calib = s.scalars(select(CentralInspectionRecord).where(CentralInspectionRecord.purpose == "calibration"))
            assert {(r.calibration_group, tuple(r.inspectors)) for r in calib} == {(group, ("ann",)),
                                                                                   (group, ("bob",))}
            references = s.scalars(select(CentralCaseRecord.reference).join(CentralInspectionRecord).where(
                CentralInspectionRecord.purpose == "calibration")).all()
            assert sorted(references) == ["TRN001", "TRN001", "TRN002", "TRN002"]  # same cases, distinct ids
            counted = s.scalar(select(func.count()).select_from(CentralCaseRecord).join(CentralInspectionRecord)
                               .where(marking_only()))
            assert counted == len(flow.refs)  # calibration never counts in the figures
    finally:
        store.close()
    for ref in (group, group[:8], ids["bob"]):
        code, out, err = flow.central("moderation", "calibration", ref)
        assert code == 0, err
        assert "2 inspector(s) with marks (ann, bob)" in out
        assert "TRN001  VW-01  1/2 (50%) mark not  —  ann: partially" in out
        assert "TRN002  DI-02  1/2 (50%) mark fully  —  bob: n/a" in out
        assert "TRN001  PC-04  2/2 (100%) mark fully  —  all agree" in out
        assert out.index("TRN001  VW-01") < out.index("TRN001  PC-04")  # where they differ comes first
    code, out, err = flow.central("moderation", "calibration", group, "--format", "json")
    rows = {(r["case"], r["question"]): r for r in json.loads(out)["rows"]}
    assert rows[("TRN002", "VW-01")]["counts"] == {"fully": 2}
    code, _, err = flow.central("moderation", "calibrate", "--form", "worked-example@1", "--case-file",
                                flow.file("t2.csv", TRAINING), "--inspector", "ann", "--out-dir", flow.tmp / "c2")
    assert code != 0 and "at least two inspectors" in err and not list((flow.tmp / "c2").glob("*"))
