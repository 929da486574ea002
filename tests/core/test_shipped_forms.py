"""The question sets shipped in forms/: they load, and their rules and scores behave as documented.

Expected figures come from methodology.md §6.2 (worked example) and the AAP composite report's Annex C.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from decimal import Decimal
from pathlib import Path

import pytest

from casereader.core.answers import Answer, CaseState, HeaderValue
from casereader.core.catalogue import Catalogue
from casereader.core.engine import CaseEngine
from casereader.core.loader import load_question_set
from casereader.core.outcome import IssueCode
from casereader.core.questionset import QuestionSet, ScaleKind
from casereader.core.scoring import Score, round_1dp

FORMS = Path(__file__).resolve().parents[2] / "forms"
FILES = sorted(FORMS.glob("*.yaml"))


@pytest.fixture(scope="module")
def sets() -> dict[str, QuestionSet]:
    return {qs.key: qs for qs in (load_question_set(p) for p in FILES)}


@pytest.fixture(scope="module")
def aip(sets: dict[str, QuestionSet]) -> QuestionSet:
    return sets["aip-casework@2021.1"]


@pytest.fixture(scope="module")
def aip2(sets: dict[str, QuestionSet]) -> QuestionSet:
    return sets["aip-casework@2023.1"]


@pytest.fixture(scope="module")
def aap(sets: dict[str, QuestionSet]) -> QuestionSet:
    return sets["aap-casework@2016.1"]


@pytest.fixture(scope="module")
def da(sets: dict[str, QuestionSet]) -> QuestionSet:
    return sets["da-thematic@2024.1"]


def case(qs: QuestionSet, header: Mapping[str, HeaderValue], answers: Mapping[str, Answer] | None = None
         ) -> CaseEngine:
    return CaseEngine(qs, CaseState(dict(header), dict(answers or {})))


def themes_applying(e: CaseEngine) -> set[str | None]:
    return {e.qs.theme_of(q) for q in e.applicable}


# ------------------------------------------------------------------ every shipped set


def test_the_four_shipped_sets_load_and_the_catalogue_finds_them(sets: dict[str, QuestionSet]) -> None:
    assert set(sets) == {"aip-casework@2021.1", "aip-casework@2023.1", "aap-casework@2016.1", "da-thematic@2024.1"}
    cat = Catalogue([FORMS])
    assert cat.problems == []
    assert cat.find("aip-casework").version == "2023.1"
    assert cat.find("aip-casework@2021.1").key == "aip-casework@2021.1"


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_file_name_matches_id_and_every_question_has_guidance(path: Path) -> None:
    qs = load_question_set(path)
    assert path.stem.startswith(qs.id)
    assert qs.note.strip(), "every shipped set says where its wording comes from"
    missing = [q.id for q in qs.questions if not q.guidance.strip()]
    assert missing == []


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_every_choice_option_has_a_unique_key_and_default_points(path: Path) -> None:
    qs = load_question_set(path)
    for scale in qs.scales:
        if scale.kind not in (ScaleKind.SINGLE, ScaleKind.MULTIPLE):
            continue
        keys = [o.key for o in scale.options]
        assert None not in keys, f"{scale.id}: an option without a key"
        assert len(set(keys)) == len(keys), f"{scale.id}: duplicate keys {keys}"
    fpn, yn = qs.scale_index["fpn"], qs.scale_index["yn"]
    assert [(o.value, o.key, o.points) for o in fpn.options] == [
        ("fully", "1", 2), ("partially", "2", 1), ("not", "3", 0)]
    assert [(o.value, o.key, o.points) for o in yn.options] == [("yes", "y", 2), ("no", "n", 0)]


@pytest.mark.parametrize("path", FILES, ids=lambda p: p.name)
def test_partial_or_failing_marks_need_evidence(path: Path) -> None:
    qs = load_question_set(path)
    for q in qs.questions:
        if q.scale == "fpn" and q.measures:
            assert set(q.comment_required_for) == {"partially", "not"}, q.id


# ------------------------------------------------------------------ AIP 2021.1


def test_aip_counts_and_reconstructed_note(aip: QuestionSet) -> None:
    assert "reconstructed" in aip.note.lower()
    by_prefix = Counter(q.id.split("-")[0] for q in aip.questions)
    assert by_prefix == {"CX": 2, "PC": 17, "PR": 10, "PT": 6, "DI": 8, "VW": 9}
    assert [q.id for q in aip.questions if q.id.startswith("PC") and not q.id.endswith("CPSD")] == [
        f"PC-0{i}" for i in range(1, 10)]
    assert {m.id for m in aip.measures} >= {"added_value", "grip", "code_compliance"}
    assert {q.id for q in aip.questions if "code_compliance" in q.measures} == {"PC-01", "PR-03"}


def test_aip_needs_at_most_three_header_fields(aip: QuestionSet) -> None:
    required = [h.id for h in aip.header if h.required]
    assert required == ["casework_type", "charging_route", "outcome"]
    flags = {h.id for h in aip.header if not h.required}
    assert {"domestic_abuse", "hate_crime", "youth_defendant", "vcl_required"} <= flags


def test_police_charged_mc_case_gets_no_precharge_and_no_ptph_questions(aip: QuestionSet) -> None:
    e = case(aip, {"casework_type": "MC", "charging_route": "police", "outcome": "conviction_after_trial"})
    assert not themes_applying(e) & {"T1", "T1D", "T3"}
    assert not any(q.startswith(("PC-", "PT-")) for q in e.applicable)
    assert {"PR-01", "PR-05", "DI-02"} <= set(e.applicable)


def test_area_and_cpsd_charged_cases_get_their_own_precharge_questions(aip: QuestionSet) -> None:
    area = case(aip, {"casework_type": "CC", "charging_route": "area", "outcome": "guilty_plea_late"})
    cpsd = case(aip, {"casework_type": "CC", "charging_route": "cpsd", "outcome": "guilty_plea_late"})
    assert {q for q in area.applicable if q.startswith("PC-")} == {f"PC-0{i}" for i in range(1, 9)}
    assert {q for q in cpsd.applicable if q.startswith("PC-")} == {f"PC-0{i}-CPSD" for i in range(1, 9)}
    assert "T1" not in themes_applying(cpsd) and "T1D" in themes_applying(cpsd)
    rasso = case(aip, {"casework_type": "RASSO", "charging_route": "area", "outcome": "live"})
    assert rasso.is_applicable("PC-09") and not area.is_applicable("PC-09")


def test_cpsd_precharge_marks_never_reach_the_areas_scores(aip: QuestionSet) -> None:
    header = {"casework_type": "MC", "charging_route": "cpsd", "outcome": "guilty_plea_first"}
    answers = {q.id: Answer("no" if q.scale == "yn" else "not", comment="evidence")
               for q in aip.questions if q.id.endswith("-CPSD")}
    scores = case(aip, header, answers).scores
    assert scores.by_measure["added_value"].answers == 0
    assert scores.by_measure["grip"].answers == 0
    assert scores.by_measure["code_compliance"].answers == 0
    assert scores.by_measure["cpsd_precharge"] == Score(0, 16, 8)
    assert scores.by_measure["cpsd_code_compliance"] == Score(0, 2, 1)
    assert "T1" not in scores.by_theme


def test_ptph_only_in_crown_court_and_rasso(aip: QuestionSet) -> None:
    for ctype, expected in (("MC", False), ("CC", True), ("RASSO", True)):
        e = case(aip, {"casework_type": ctype, "charging_route": "police", "outcome": "live"})
        assert all(e.is_applicable(f"PT-0{i}") is expected for i in range(1, 7)), ctype
        assert e.is_applicable("PR-01") is (ctype == "MC")


def test_mc_disclosure_only_where_a_not_guilty_plea_was_entered(aip: QuestionSet) -> None:
    def disclosure(header: dict[str, HeaderValue]) -> bool:
        return case(aip, {"casework_type": "MC", "charging_route": "police", **header}).is_applicable("DI-02")

    assert not disclosure({"outcome": "guilty_plea_first"})
    assert not disclosure({"outcome": "discontinued"})
    assert disclosure({"outcome": "discontinued", "not_guilty_plea": True})
    for outcome in ("guilty_plea_late", "conviction_after_trial", "acquittal_after_trial"):
        assert disclosure({"outcome": outcome}), outcome
    cc = case(aip, {"casework_type": "CC", "charging_route": "police", "outcome": "guilty_plea_first"})
    assert cc.is_applicable("DI-02") and cc.is_applicable("DI-07")


def test_vcl_letter_chain_hides_and_restores(aip: QuestionSet) -> None:
    header = {"casework_type": "MC", "charging_route": "police", "outcome": "discontinued"}
    e = case(aip, header)
    assert not e.is_applicable("VW-06")
    e, _ = e.with_header("vcl_required", True)
    assert e.is_applicable("VW-06") and not e.is_applicable("VW-07") and not e.is_applicable("VW-08")
    e, change = e.with_answer("VW-06", Answer("yes"))
    assert e.is_applicable("VW-07") and e.is_applicable("VW-08")
    e, _ = e.with_answer("VW-07", Answer("fully"))
    e, change = e.with_answer("VW-06", Answer("no", comment="no letter on file"))
    assert change.hidden == ("VW-07", "VW-08") and "VW-07" in e.excluded
    e, change = e.with_answer("VW-06", Answer("yes"))
    assert change.restored == ("VW-07",)
    assert not e.is_applicable("VW-05"), "orders on sentence only follow a conviction"


def test_aip_reproduces_the_worked_example_of_methodology_6_2(aip: QuestionSet) -> None:
    na = Answer(na=True)
    files: list[tuple[dict[str, HeaderValue], dict[str, str | Answer]]] = [
        ({"charging_route": "area", "outcome": "conviction_after_trial"},
         {"PC-03": "fully", "PC-04": "partially", "DI-02": "not", "VW-01": "fully"}),
        ({"charging_route": "police", "outcome": "conviction_after_trial"}, {"DI-02": "fully", "VW-01": "partially"}),
        ({"charging_route": "cpsd", "outcome": "conviction_after_trial"},
         {"PC-03-CPSD": na, "PC-04-CPSD": na, "DI-02": "partially", "VW-01": "fully"}),
        ({"charging_route": "area", "outcome": "guilty_plea_first"},
         {"PC-03": "partially", "PC-04": "fully", "DI-02": na, "VW-01": na}),
    ]
    by_measure: dict[str, Score] = {}
    by_theme: dict[str, Score] = {}
    for header, marks in files:
        answers = {q: (m if isinstance(m, Answer) else Answer(m, comment="evidence")) for q, m in marks.items()}
        scores = case(aip, {"casework_type": "MC", **header}, answers).scores
        for target, source in ((by_measure, scores.by_measure), (by_theme, scores.by_theme)):
            for k, s in source.items():
                target[k] = target.get(k, Score()) + s
    assert (by_measure["added_value"].points, by_measure["added_value"].max_points) == (6, 10)
    assert by_measure["added_value"].percent_1dp == Decimal("60.0")
    assert by_measure["grip"].percent_1dp == Decimal("80.0")
    assert by_theme["T1"].percent_1dp == Decimal("75.0")
    assert by_theme["T4"].percent_1dp == Decimal("50.0")
    assert by_theme["T5"].percent_1dp == Decimal("83.3")


# ------------------------------------------------------------------ AIP 2023.1 and crosswalk


def test_2023_crosswalk_targets_exist_and_are_comparable(aip: QuestionSet, aip2: QuestionSet) -> None:
    assert aip2.id == aip.id and aip2.version == "2023.1"
    targets = {}
    for q in aip2.questions:
        for version, target in q.crosswalk.items():
            assert version == "2021.1", q.id
            assert target in aip.question_index, f"{q.id} -> {target}"
            assert aip.question(target).scale == q.scale and aip.question(target).measures == q.measures
            targets[q.id] = target
    uncompared = [q.id for q in aip2.questions if not q.crosswalk]
    assert uncompared == ["PR-11"]
    assert set(targets.values()) == set(aip.question_index), "every baseline question is followed up"
    assert aip2.question("PR-09").text != aip.question("PR-09").text


# ------------------------------------------------------------------ AAP 2016-19 (Annex C)

ANNEX_C = {
    "Code compliance of charging decisions": ["CH-01"],
    "Police charge complied with the Director's Guidance": ["CH-02", "CH-03"],
    "Area post-charge decisions Code compliant": ["RV-01"],
    "MG3 quality (four aspects)": ["MG-01", "MG-02", "MG-03", "MG-04"],
    "MG3 overall rating": ["MG-05"],
    "Initial review required, carried out, timely": ["RV-02", "RV-03", "RV-04"],
    "Plea decisions and bases of plea": ["PL-01", "PL-02", "PL-03"],
    "National File Standard": ["PF-01"],
    "Main police file failing": ["PF-02"],
    "Prosecutor raised non-compliance": ["PF-03"],
    "File submitted in time": ["PF-04"],
    "Anticipated plea (police, MG3)": ["PL-04", "PL-05"],
    "First hearing prepared and effective": ["PG-01", "PG-02"],
    "Responsible for ineffective first hearing": ["PG-03"],
    "Grip after the first hearing": ["PG-04"],
    "Court orders and directions in time": ["PG-05"],
    "Timely discontinuance": ["PG-06"],
    "Police disclosure compliance": ["DP-01"],
    "Main police disclosure failing": ["DP-02"],
    "Prosecutor disclosure (initial, record sheet, continuing)": ["DS-01", "DS-02", "DS-03"],
    "Complete failure to disclose": ["DS-04"],
    "Victim letter required, sent, late": ["VL-01", "VL-02", "VL-03"],
    "Victim letter quality": ["VL-04"],
}


def test_every_annex_c_measure_has_its_questions(aap: QuestionSet) -> None:
    used = [qid for ids in ANNEX_C.values() for qid in ids]
    assert sorted(used) == sorted(aap.question_index), "each question reproduces one Annex C figure"
    text = (FORMS / "aap-casework-2016.yaml").read_text(encoding="utf-8")
    assert all(f"-> {ids[0]}" in text for ids in ANNEX_C.values()), "the file's header table lists them"
    assert {h.id for h in aap.header} == {"court", "charging_body", "outcome", "sensitive", "police_force",
                                          "youth_defendant"}
    assert aap.header_index["sensitive"].option("none") is not None
    assert {s.id: s.kind for s in aap.scales}["rating"] == ScaleKind.SINGLE
    assert [o.value for o in aap.scale_index["responsible"].options] == [
        "defence", "police", "cps", "court", "probation"]


BASE = {"court": "MC", "charging_body": "police", "outcome": "guilty_plea", "sensitive": "none",
        "police_force": "kent"}


@pytest.mark.parametrize(("question", "header", "answers", "expected"), [
    ("CH-02", {"charging_body": "police"}, {}, True),
    ("CH-02", {"charging_body": "cpsd"}, {}, False),
    ("CH-03", {}, {"CH-02": "no"}, True),
    ("CH-03", {}, {"CH-02": "yes"}, False),
    ("MG-01", {"charging_body": "area"}, {}, True),
    ("MG-05", {"charging_body": "police"}, {}, False),
    ("PL-05", {"charging_body": "police"}, {}, False),
    ("RV-03", {}, {"RV-02": "no"}, False),
    ("RV-04", {}, {"RV-02": "yes", "RV-03": "yes"}, True),
    ("RV-04", {}, {"RV-02": "yes", "RV-03": "no"}, False),
    ("PL-02", {}, {"PL-01": "none"}, False),
    ("PL-03", {}, {"PL-01": "pleas"}, False),
    ("PL-03", {}, {"PL-01": "both"}, True),
    ("PF-02", {}, {"PF-01": "fully"}, False),
    ("PF-03", {}, {"PF-01": "not"}, True),
    ("PG-03", {}, {"PG-02": "no"}, True),
    ("PG-03", {}, {"PG-02": "yes"}, False),
    ("PG-06", {"outcome": "discontinued"}, {}, True),
    ("PG-06", {"outcome": "acquittal_after_trial"}, {}, False),
    ("DP-02", {}, {"DP-01": "partially"}, True),
    ("DS-04", {}, {"DS-01": "fully", "DS-03": "fully"}, False),
    ("DS-04", {}, {"DS-01": "fully", "DS-03": "not"}, True),
    ("VL-04", {}, {"VL-01": "yes", "VL-02": "no"}, False),
    ("VL-03", {}, {"VL-01": "yes", "VL-02": "yes"}, True),
])
def test_aap_denominators(aap: QuestionSet, question: str, header: dict[str, HeaderValue],
                          answers: dict[str, str], expected: bool) -> None:
    e = case(aap, {**BASE, **header}, {q: Answer(v, comment="evidence") for q, v in answers.items()})
    assert e.is_applicable(question) is expected


def distribution(engines: Iterable[CaseEngine], qid: str) -> dict[str, Decimal | None]:
    """Per-answer percentages over the files where the question applies and was answered (not N/A)."""
    given = [e.answer(qid) for e in engines if e.is_applicable(qid)]
    values = Counter(str(a.value) for a in given if a is not None and not a.na)
    total = sum(values.values())
    return {v: round_1dp(100.0 * n / total) for v, n in values.items()}


def test_aap_reproduces_annex_c_victim_letters_and_first_hearings(aap: QuestionSet) -> None:
    # 1,830 files; 311 needed a letter: 232 sent (34 late; quality 95 / 89 / 48 fully / partially / not),
    # 79 not sent. 397 ineffective first hearings: defence 178, police 106, CPS 93, court 17, probation 3.
    quality = ["fully"] * 95 + ["partially"] * 89 + ["not"] * 48
    letters = ([{"VL-01": "no"}] * 1519 + [{"VL-01": "yes", "VL-02": "no"}] * 79
               + [{"VL-01": "yes", "VL-02": "yes", "VL-03": "yes" if i < 34 else "no", "VL-04": q}
                  for i, q in enumerate(quality)])
    parties = ["defence"] * 178 + ["police"] * 106 + ["cps"] * 93 + ["court"] * 17 + ["probation"] * 3
    hearings = [{"PG-02": "yes"}] * (1830 - 397) + [{"PG-02": "no", "PG-03": p} for p in parties]
    engines = [case(aap, BASE, {q: Answer(v, comment="evidence") for q, v in {**a, **b}.items()})
               for a, b in zip(letters, hearings, strict=True)]
    assert len(engines) == 1830
    assert sum(e.is_applicable("VL-02") for e in engines) == 311
    assert distribution(engines, "VL-02") == {"yes": Decimal("74.6"), "no": Decimal("25.4")}
    assert distribution(engines, "VL-03")["yes"] == Decimal("14.7")
    assert distribution(engines, "VL-04") == {"fully": Decimal("40.9"), "partially": Decimal("38.4"),
                                              "not": Decimal("20.7")}
    assert sum(e.is_applicable("PG-03") for e in engines) == 397
    assert distribution(engines, "PG-03") == {"defence": Decimal("44.8"), "police": Decimal("26.7"),
                                              "cps": Decimal("23.4"), "court": Decimal("4.3"),
                                              "probation": Decimal("0.8")}


@pytest.mark.parametrize(("body", "compliant", "total", "expected"), [
    ("cpsd", 885, 932, "95.0"), ("area", 265, 277, "95.7"), ("police", 578, 621, "93.1")])
def test_aap_charging_code_compliance_measure_matches_annex_c(aap: QuestionSet, body: str, compliant: int,
                                                               total: int, expected: str) -> None:
    yes = case(aap, {**BASE, "charging_body": body}, {"CH-01": Answer("yes")}).scores.by_measure
    no = case(aap, {**BASE, "charging_body": body}, {"CH-01": Answer("no", comment="evidence")}).scores.by_measure
    pooled = Score()
    for _ in range(compliant):
        pooled = pooled + yes["charging_code_compliance"]
    for _ in range(total - compliant):
        pooled = pooled + no["charging_code_compliance"]
    assert pooled.answers == total and pooled.percent_1dp == Decimal(expected)


# ------------------------------------------------------------------ domestic abuse thematic


def test_da_set_uses_every_kind_of_answer(da: QuestionSet) -> None:
    kinds = {da.scale_of(q.id).kind for q in da.questions}
    assert kinds == {ScaleKind.SINGLE, ScaleKind.MULTIPLE, ScaleKind.DATE, ScaleKind.NUMBER, ScaleKind.TEXT}


def test_da_time_limit_dates_must_be_in_order(da: QuestionSet) -> None:
    e = case(da, {"casework_type": "MC", "outcome": "guilty_plea"}, {"DA-01": Answer("yes")})
    assert {"DA-02", "DA-03", "DA-04", "DA-05"} <= set(e.applicable)
    e, _ = e.with_answer("DA-02", Answer("2023-03-01"))
    assert [i.message for i in e.answer_issues("DA-04", Answer("2023-02-01"))] == [
        "Proceedings cannot start before the offence date."]
    assert e.answer_issues("DA-04", Answer("2023-08-01")) == ()
    e, change = e.with_answer("DA-01", Answer("no"))
    assert change.hidden == ("DA-02", "DA-03", "DA-04", "DA-05")


def test_da_evidence_none_stands_alone(da: QuestionSet) -> None:
    e = case(da, {"casework_type": "MC", "outcome": "guilty_plea"})
    assert e.answer_issues("DA-08", Answer(("none", "bwv"))) != []
    assert e.answer_issues("DA-08", Answer(("call_999", "bwv"))) == ()
    (issue,) = e.answer_issues("DA-10", Answer(31.0))
    assert (issue.code, issue.params["minimum"], issue.params["maximum"]) == (IssueCode.OUT_OF_RANGE, 0, 30)
    assert issue.refuses_save and issue.message == "must be between 0 and 30"


@pytest.mark.parametrize(("outcome", "newton", "applies"), [
    ("conviction_after_trial", None, {"DA-11", "DA-12"}),
    ("guilty_plea", True, {"DA-11", "DA-12"}),
    ("guilty_plea", None, {"DA-12"}),
    ("no_evidence_offered", None, {"DA-13"}),
    ("acquittal_after_trial", None, {"DA-13"}),
    ("discontinued", None, set()),
])
def test_da_vps_and_restraining_orders_follow_the_outcome(da: QuestionSet, outcome: str, newton: bool | None,
                                                          applies: set[str]) -> None:
    e = case(da, {"casework_type": "CC", "outcome": outcome, "newton_hearing": newton})
    assert {q for q in ("DA-11", "DA-12", "DA-13") if e.is_applicable(q)} == applies
