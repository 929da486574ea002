"""The report's consistency section: figures per question, per inspector and overall, and its rows."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.core.answers import Answer
from casereader.core.loader import load_question_set
from casereader.moderation.agreement import MarkPair
from casereader.moderation.consistency import ROW_HEADER, answer_text, build_consistency, mark_text, scales_of
from casereader.moderation.pairs import Mark, agreed_answer, stored_answer

FORM = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
FPN = ("fully", "partially", "not")
SCALES = {"Q-ORD": (FPN, True), "Q-YN": (("yes", "no"), False), "Q-TEXT": ((), False)}


def pairs_from_table(qid: str, cats: tuple[str, ...], table: list[list[int]], inspector: str) -> list[MarkPair]:
    out = []
    for i, row in enumerate(table):
        for j, n in enumerate(row):
            out += [MarkPair(f"{qid}-{i}{j}-{k}", qid, inspector, "Zed", cats[i], cats[j]) for k in range(n)]
    return out


# Gwet's cont3x3abstractors as an ordinal question; Wikipedia's 2x2 example as a yes/no question
GWET = [[13, 0, 0], [0, 20, 7], [0, 4, 56]]
WIKI = [[20, 5], [10, 15]]


def test_per_question_figures_match_published_examples() -> None:
    pairs = pairs_from_table("Q-ORD", FPN, GWET, "Ann") + pairs_from_table("Q-YN", ("yes", "no"), WIKI, "Bob")
    section = build_consistency(pairs, SCALES, resolutions=3, labels={"Q-ORD": "Ordinal question"})
    rows = {r.key: r for r in section.questions}
    ordinal, yn = rows["Q-ORD"], rows["Q-YN"]
    assert (ordinal.pairs, ordinal.exact, ordinal.within_one, ordinal.label) == (100, 89, 100, "Ordinal question")
    assert ordinal.kappa == pytest.approx(0.7964094, abs=5e-4)
    # linear agreement weights 1, 0.5, 0: po = 0.945, pe = 0.6499 (irrCAC's cont3x3abstractors marginals)
    assert ordinal.weighted_kappa == pytest.approx((0.945 - 0.6499) / (1 - 0.6499), abs=5e-4)
    assert ordinal.exact_percent == pytest.approx(89.0) and ordinal.within_one_percent == pytest.approx(100.0)
    assert (yn.pairs, yn.exact, yn.within_one, yn.weighted_kappa) == (50, 35, None, None)
    assert yn.kappa == pytest.approx(0.400, abs=5e-4)
    assert [r.key for r in section.questions] == ["Q-YN", "Q-ORD"]  # 70% before 89%: least consistent first
    # one inspector per question here, so the inspector rows equal the question rows
    assert {r.key: (r.pairs, r.exact, r.kappa) for r in section.inspectors} == \
        {"Ann": (100, 89, ordinal.kappa), "Bob": (50, 35, yn.kappa)}
    assert section.resolutions == 3 and section.disagreements == 11 + 15 and section.cases == 150


def test_pooled_rows_across_scales_and_na() -> None:
    pairs = [MarkPair("c1", "Q-ORD", "Ann", "Bob", "fully", "fully"),
             MarkPair("c1", "Q-YN", "Ann", "Bob", "yes", "no"),
             MarkPair("c2", "Q-ORD", "Ann", "Bob", "fully", "not"),
             MarkPair("c2", "Q-YN", "Ann", "Bob", "no", "no"),
             MarkPair("c3", "Q-ORD", "Ann", "Bob", mark_text(None, True), mark_text(None, True)),
             MarkPair("c3", "Q-TEXT", "Ann", "Bob", "late", "late")]
    section = build_consistency(pairs, SCALES)
    ann = section.inspectors[0]
    assert (ann.pairs, ann.exact, ann.ordinal_pairs) == (6, 4, 3)
    # within one on the ordinal question only: fully/fully and N/A/N/A yes, fully/not no
    assert ann.within_one == 2 and ann.within_one_percent == pytest.approx(200 / 3)
    assert ann.weighted_kappa is None  # several scales: no common weighting
    # kappa over scale-qualified categories of the pairs on a scale (N/A and free text do not enter the table):
    # (Q-ORD fully, fully), (Q-ORD fully, not), (Q-YN yes, no), (Q-YN no, no): po = 2/4
    # first-marker margins: ORD:fully 2/4, YN:yes 1/4, YN:no 1/4; second: ORD:fully 1/4, ORD:not 1/4, YN:no 2/4
    pe = (2 / 4) * (1 / 4) + (1 / 4) * 0 + (1 / 4) * (2 / 4)
    assert ann.kappa == pytest.approx((0.5 - pe) / (1 - pe))
    text = next(r for r in section.questions if r.key == "Q-TEXT")
    assert (text.pairs, text.exact, text.kappa, text.within_one) == (1, 1, None, None)
    assert section.overall.pairs == 6 and section.disagreements == 2


def test_rows_and_json_for_the_report_outputs() -> None:
    pairs = pairs_from_table("Q-ORD", FPN, GWET, "Ann")
    section = build_consistency(pairs, SCALES, resolutions=1)
    rows = section.to_rows()
    assert rows[0] == ROW_HEADER
    assert [r[0] for r in rows[1:]] == ["question", "inspector", "overall"]
    assert rows[1][3:] == (100, 89.0, 100.0, round(section.questions[0].kappa or 0, 3),
                           round(section.questions[0].weighted_kappa or 0, 3))
    doc = section.to_json()
    assert doc["pairs"] == 100 and doc["resolutions"] == 1 and doc["questions"][0]["exact_percent"] == 89.0
    assert doc["questions"][0]["kappa"] == pytest.approx(0.796, abs=1e-9)
    empty = build_consistency([], SCALES)
    assert empty.overall.pairs == 0 and empty.overall.exact_percent is None and empty.to_rows()[-1][4] is None


def test_scales_of_question_set_and_marks() -> None:
    qs = load_question_set(FORM)
    scales = scales_of(qs)
    assert scales["PC-04"] == (FPN, True)
    assert scales["VW-06"] == (("yes", "no"), True)
    assert agreed_answer(qs, "VW-01", "Partially meeting") == Answer("partially")
    assert agreed_answer(qs, "DI-02", "N/A", na_reason="No unused material") == Answer(None, True, "No unused material")
    with pytest.raises(ValueError, match="question ZZ is not in worked-example@1"):
        agreed_answer(qs, "ZZ", "fully")
    with pytest.raises(ValueError, match="empty"):
        agreed_answer(qs, "VW-01", "  ")
    assert answer_text(Answer(None, True)) == "n/a" and answer_text(Answer(("a", "b"))) == '["a", "b"]'
    assert answer_text(Answer(3.0)) == "3"
    assert stored_answer(qs, "VW-01", Mark("fully", comment="c")) == Answer("fully", comment="c")
    assert Mark(None, True, "No unused material").shown == "N/A (No unused material)"
