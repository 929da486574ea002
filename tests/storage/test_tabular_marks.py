"""Marks files, long and wide: every answer checked against the question set and applicability."""

from __future__ import annotations

from pathlib import Path

import pytest

from casereader.core.answers import Answer, CaseState
from casereader.core.loader import load_question_set
from casereader.core.questionset import QuestionSet
from casereader.tabular import CaseTarget, MarksImport, TabularError, read_marks, read_table_bytes
from casereader.tabular.export import csv_bytes, long_sheet, wide_sheet, xlsx_bytes

FORM = Path(__file__).resolve().parents[1] / "core" / "data" / "worked-example.yaml"
LONG = "case_ref,question_id,answer,na_reason,comment\n"


@pytest.fixture(scope="module")
def qs() -> QuestionSet:
    return load_question_set(FORM)


@pytest.fixture
def cases() -> dict[str, CaseTarget]:
    return {
        "C1": CaseTarget("C1", {"casework_type": "MC", "charging_route": "area", "victim_letter_required": True}),
        "C2": CaseTarget("C2", {"casework_type": "CC", "charging_route": "police"},
                         {"VW-01": Answer("fully")}),
        "C3": CaseTarget("C3", {"casework_type": "RASSO", "charging_route": "area"}, blocked="is locked"),
    }


def load(text: str, qs: QuestionSet, cases: dict[str, CaseTarget], name: str = "marks.csv") -> MarksImport:
    return read_marks(read_table_bytes(text.encode(), ".csv", name), qs, cases)


def problems(text: str, qs: QuestionSet, cases: dict[str, CaseTarget]) -> list[str]:
    with pytest.raises(TabularError) as info:
        load(text, qs, cases)
    return [str(p) for p in info.value.problems]


def test_long_format_with_labels_na_and_comments(qs: QuestionSet, cases: dict[str, CaseTarget]) -> None:
    got = load(LONG + "C1,PC-03,Fully meeting,,\n"
                      "c1,pc-04,PARTIALLY,,MG3 thin on strategy\n"
                      "C1,DI-02,N/A,no unused material,\n"
                      "C1,VW-06,Yes,,\n"
                      "C1,VW-07,not,,letter 3 weeks late\n"
                      "C2,VW-01,na,,\n", qs, cases)
    assert got.format == "long"
    assert got.by_case() == {
        "C1": {"PC-03": Answer("fully"), "PC-04": Answer("partially", comment="MG3 thin on strategy"),
               "DI-02": Answer(None, na=True, na_reason="No unused material"), "VW-06": Answer("yes"),
               "VW-07": Answer("not", comment="letter 3 weeks late")},
        "C2": {"VW-01": Answer(None, na=True)},
    }
    assert [a.row for a in got.answers] == [2, 3, 4, 5, 6, 7]


def test_wide_format(qs: QuestionSet, cases: dict[str, CaseTarget]) -> None:
    got = load("case_ref,PC-03,PC-03_comment,DI-02,DI-02_na_reason,VW-01\n"
               "C1,partially,late by a week,n/a,Guilty plea at first hearing,\n"
               "C2,,,fully,,Not meeting\n", qs, cases)
    assert got.format == "wide"
    assert got.by_case() == {
        "C1": {"PC-03": Answer("partially", comment="late by a week"),
               "DI-02": Answer(None, na=True, na_reason="Guilty plea at first hearing")},
        "C2": {"DI-02": Answer("fully"), "VW-01": Answer("not")},
    }


BAD_LONG = [
    ("unknown column", LONG.strip() + ",notes\nC1,PC-03,fully,,,x\n",
     ["marks.csv:row 1, column notes: unknown column; the long format has case_ref, question_id, answer, "
      "na_reason, comment"]),
    ("unknown question id", LONG + "C1,PC-3,fully,,\n",
     ["marks.csv:row 2, column question_id: unknown question id 'PC-3' in worked-example@1 "
      "(did you mean 'PC-03'?)"]),
    ("value not on the scale", LONG + "C1,PC-03,mostly,,\n",
     ["marks.csv:row 2, column answer: PC-03: 'mostly' is not on the scale (fully, partially, not)"]),
    ("inapplicable question", LONG + "C2,PC-04,fully,,\n",
     ["marks.csv:row 2, column answer: PC-04 does not apply to case 'C2' (section 'Pre-charge' applies only "
      "if charging_route == 'area')"]),
    ("duplicate row", LONG + "C1,PC-03,fully,,\nC1,PC-03,not,,why\n",
     ["marks.csv:row 3, column question_id: duplicate row: case 'C1' question PC-03 is also on row 2"]),
    ("unknown case reference", LONG + "C9,PC-03,fully,,\n",
     ["marks.csv:row 2, column case_ref: unknown case reference 'C9': it is not in this inspection"]),
    ("N/A not allowed", LONG + "C1,PC-04,N/A,,\n",
     ["marks.csv:row 2, column answer: PC-04: this question cannot be marked not applicable"]),
    ("missing required comment", LONG + "C1,PC-03,partially,,\n",
     ["marks.csv:row 2, column comment: PC-03: a comment (the evidence for the mark) is required for "
      "'Partially meeting'"]),
    ("N/A reason not on the list", LONG + "C1,DI-02,N/A,file lost,\n",
     ["marks.csv:row 2, column na_reason: DI-02: 'file lost' is not one of the N/A reasons"]),
    ("N/A reason with an answer", LONG + "C1,DI-02,fully,No unused material,\n",
     ["marks.csv:row 2, column na_reason: DI-02: an N/A reason is given but the answer 'fully' is not N/A"]),
    ("locked case", LONG + "C3,PC-03,fully,,\n",
     ["marks.csv:row 2, column case_ref: case 'C3' is locked"]),
    ("empty answer row", LONG + "C1,PC-03,,,\n",
     ["marks.csv:row 2, column answer: PC-03: no answer, N/A or comment"]),
    ("blank reference and question", LONG + ",PC-03,fully,,\nC1,,fully,,\n",
     ["marks.csv:row 2, column case_ref: the case reference is blank",
      "marks.csv:row 3, column question_id: the question id is blank"]),
    ("inapplicable because of another imported answer", LONG + "C1,VW-06,no,,\nC1,VW-07,fully,,\n",
     ["marks.csv:row 3, column answer: VW-07 does not apply to case 'C1' (it applies only if VW-06 == 'yes')"]),
    ("no answer column", "case_ref,question_id\nC1,PC-03\n",
     ["marks.csv:row 1: no 'answer' column (the long format has case_ref, question_id, answer, na_reason, "
      "comment)"]),
    ("no case_ref column", "case,PC-03\nC1,fully\n",
     ["marks.csv:row 1: no 'case_ref' column: expected the long format (case_ref, question_id, answer, "
      "na_reason, comment) or the wide one (case_ref and one column per question id)"]),
]


@pytest.mark.parametrize(("kind", "text", "expected"), BAD_LONG, ids=[b[0] for b in BAD_LONG])
def test_bad_marks_name_row_and_column(kind: str, text: str, expected: list[str], qs: QuestionSet,
                                       cases: dict[str, CaseTarget]) -> None:
    assert problems(text, qs, cases) == expected


def test_wide_format_problems(qs: QuestionSet, cases: dict[str, CaseTarget]) -> None:
    found = problems("case_ref,PC-03,PC03_comment,VW-01,Notes\nC1,fully,,partly,\nC1,,,fully,\n", qs, cases)
    assert found == [
        "marks.csv:row 1, column Notes: unknown column: no question 'Notes' in worked-example@1",
        "marks.csv:row 1, column PC03_comment: unknown column: no question 'PC03' in worked-example@1 "
        "(did you mean 'PC-03'?)",
        "marks.csv:row 2, column VW-01: VW-01: 'partly' is not on the scale (fully, partially, not)",
        "marks.csv:row 3, column case_ref: duplicate row: case 'C1' is also on row 2",
    ]
    found = problems("case_ref,PC-03,VW-01\nC1,fully,partly\nC1,,fully\nC2,,\n", qs, cases)
    assert found == [
        "marks.csv:row 2, column VW-01: VW-01: 'partly' is not on the scale (fully, partially, not)",
        "marks.csv:row 3, column case_ref: duplicate row: case 'C1' is also on row 2",
    ]
    assert problems("case_ref,PC-03\nC1,partially\n", qs, cases) == [
        "marks.csv:row 2, column PC-03_comment: PC-03: a comment (the evidence for the mark) is required for "
        "'Partially meeting'"]


def test_file_without_marks_is_refused(qs: QuestionSet, cases: dict[str, CaseTarget]) -> None:
    assert problems("case_ref,PC-03,VW-01\nC1,,\nC2,,\n", qs, cases) == ["marks.csv: the file holds no marks to import"]


def test_many_problems_are_listed_fifty_then_counted(qs: QuestionSet, cases: dict[str, CaseTarget]) -> None:
    rows = "".join(f"X{i},PC-03,fully,,\n" for i in range(70))
    with pytest.raises(TabularError) as info:
        load(LONG + rows, qs, cases)
    lines = info.value.report().splitlines()
    assert len(lines) == 51
    assert lines[0] == "marks.csv:row 2, column case_ref: unknown case reference 'X0': it is not in this inspection"
    assert lines[-1] == "... and 20 more problems (70 in all)"


def states(got: MarksImport, cases: dict[str, CaseTarget]) -> list[tuple[str, CaseState]]:
    by_case = got.by_case()
    return [(ref, CaseState(dict(t.header), {**t.answers, **by_case.get(ref, {})})) for ref, t in cases.items()
            if not t.blocked]


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
@pytest.mark.parametrize("shape", ["long", "wide"])
def test_export_then_import_gives_the_same_answers(suffix: str, shape: str, qs: QuestionSet,
                                                    cases: dict[str, CaseTarget]) -> None:
    got = load(LONG + "C1,PC-03,partially,,=cmd|' /C calc'!A0\nC1,PC-04,fully,,\nC1,DI-02,N/A,No unused material,"
                      "\"two\nlines, and commas\"\nC1,VW-06,yes,,\nC1,VW-07,fully,,- late by a day\nC2,DI-02,not,,"
                      "@none\n", qs, cases)
    before = states(got, cases)
    sheet = (long_sheet if shape == "long" else wide_sheet)(qs, before)
    raw = csv_bytes(sheet) if suffix == ".csv" else xlsx_bytes(sheet)
    empty = {ref: CaseTarget(t.reference, t.header) for ref, t in cases.items() if not t.blocked}
    again = read_marks(read_table_bytes(raw, suffix, "export" + suffix), qs, empty)
    assert again.format == shape
    after = [(ref, CaseState(dict(empty[ref].header), again.by_case().get(ref, {}))) for ref, _ in before]
    assert after == before


def test_wide_export_of_cases_without_marks_is_a_template(qs: QuestionSet) -> None:
    columns, rows = wide_sheet(qs, [("C1", CaseState({"charging_route": "area"}))])
    assert columns[:4] == ["case_ref", "PC-03", "PC-03_na_reason", "PC-03_comment"]
    assert "PC-04_na_reason" not in columns and "PC-04_comment" in columns
    assert rows == [["C1"] + [""] * (len(columns) - 1)]
