"""``casereader marks import|export`` through the real command line: all or nothing, row and column named."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from cli_runner import CliRunner
from openpyxl import Workbook, load_workbook

from casereader.core.inspection import CaseStatus

FORMS = Path(__file__).resolve().parents[1] / "core" / "data"
SAMPLE = ("reference,casework_type,charging_route,victim_letter_required\n"
          "C1,MC,area,yes\nC2,CC,police,no\nC3,RASSO,area,no\nC4,MC,cpsd,no\n")
LONG = "case_ref,question_id,answer,na_reason,comment\n"
GOOD_LONG = (LONG + "C1,PC-03,partially,,\"=HYPERLINK(\"\"http://evil\"\")\"\nC1,PC-04,Fully meeting,,\n"
             "C1,DI-02,N/A,no unused material,\nC1,VW-01,not,,-3 days late\nC1,VW-06,yes,,\nC1,VW-07,fully,,\n"
             "C2,DI-02,fully,,\nC2,VW-01,na,,witnesses not needed\nC3,PC-03,N/A,,\n")

Dump = tuple[dict[str, dict[str, dict[str, object]]], int]


class Cli(CliRunner):
    def dump(self, inspection: str) -> Dump:
        """Every answer of every case, and the number of audit events."""
        with self.store() as store:
            answers = {c.reference: {q: a.to_json() for q, a in store.get_case(c.id).state.answers.items()}
                       for c in store.list_cases(inspection)}
            return answers, len(store.audit_events(inspection))

    def backups(self) -> list[str]:
        folder = self.data / "backups"
        return sorted(p.name for p in folder.iterdir()) if folder.is_dir() else []


@pytest.fixture
def cli(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Cli:
    monkeypatch.setenv("CASEREADER_FORMS_DIR", str(FORMS))
    monkeypatch.delenv("CASEREADER_DATA_DIR", raising=False)
    return Cli(tmp_path / "data", capsys)


def new_inspection(cli: Cli, tmp_path: Path) -> str:
    ident = cli.ok("inspection", "create", "--form", "worked-example", "--area", "Mersey-Cheshire",
                   "--round", "follow-up").strip()
    sample = tmp_path / "sample.csv"
    sample.write_text(SAMPLE)
    cli.ok("sample", "import", ident, str(sample))
    return ident


@pytest.fixture
def marked(cli: Cli, tmp_path: Path) -> str:
    """An inspection of four cases with some marks already imported."""
    ident = new_inspection(cli, tmp_path)
    f = tmp_path / "first.csv"
    f.write_text(LONG + "C1,PC-03,partially,,a week late\nC4,VW-01,fully,,\n")
    cli.ok("marks", "import", ident, str(f))
    return ident


def xlsx(rows: list[list[object]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    for row in rows:
        ws.append(row)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def broken_xlsx() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as z:
        z.writestr("xl/workbook.xml", "<workbook")
    return buf.getvalue()


BAD = [
    ("unknown column", "m.csv", (LONG.strip() + ",score\nC1,PC-04,fully,,,2\n").encode(),
     ["row 1, column score: unknown column; the long format has case_ref, question_id, answer, na_reason, comment"]),
    ("unknown question id", "m.csv", (LONG + "C1,PC-04,fully,,\nC1,PC-99,fully,,\n").encode(),
     ["row 3, column question_id: unknown question id 'PC-99' in worked-example@1"]),
    ("value not on the scale", "m.csv", (LONG + "C1,PC-04,excellent,,\n").encode(),
     ["row 2, column answer: PC-04: 'excellent' is not on the scale (fully, partially, not)"]),
    ("inapplicable question", "m.csv", (LONG + "C2,PC-04,fully,,\nC2,VW-06,yes,,\n").encode(),
     ["row 2, column answer: PC-04 does not apply to case 'C2' (section 'Pre-charge' applies only if "
      "charging_route == 'area')",
      "row 3, column answer: VW-06 does not apply to case 'C2' (it applies only if victim_letter_required)"]),
    ("duplicate row", "m.csv", (LONG + "C1,PC-04,fully,,\nC1,DI-02,fully,,\nC1,PC-04,not,,x\n").encode(),
     ["row 4, column question_id: duplicate row: case 'C1' question PC-04 is also on row 2"]),
    ("bad encoding", "m.csv", (LONG + "C1,PC-04,fully,,\nC1,DI-02,fully,,caf").encode() + b"\xe9\n",
     ["row 3: byte 0xE9 at character 20 is not UTF-8 text; save the file as 'CSV UTF-8' and try again"]),
    ("empty file", "m.csv", b"", ["the file is empty"]),
    ("header only", "m.xlsx", xlsx([["case_ref", "question_id", "answer"]]),
     ["the file has a header row but no data rows"]),
    ("unknown case reference", "m.csv", (LONG + "C1,PC-04,fully,,\nC9,DI-02,fully,,\n").encode(),
     ["row 3, column case_ref: unknown case reference 'C9': it is not in this inspection"]),
    ("N/A not allowed", "m.csv", (LONG + "C1,PC-04,n/a,,\n").encode(),
     ["row 2, column answer: PC-04: this question cannot be marked not applicable"]),
    ("missing required comment", "m.xlsx",
     xlsx([["case_ref", "question_id", "answer", "comment"], ["C3", "PC-03", "Not meeting", None]]),
     ["row 2, column comment: PC-03: a comment (the evidence for the mark) is required for 'Not meeting'"]),
    ("N/A reason not allowed", "m.csv", (LONG + "C1,DI-02,N/A,lost,\n").encode(),
     ["row 2, column na_reason: DI-02: 'lost' is not one of the N/A reasons"]),
    ("malformed XLSX", "m.xlsx", broken_xlsx(), ["not a readable XLSX workbook"]),
    ("not a spreadsheet", "m.xlsx", b"case_ref,question_id,answer\nC1,PC-04,fully\n",
     ["not an XLSX workbook (the file is damaged or is not a spreadsheet)"]),
    ("wrong extension", "m.txt", (LONG + "C1,PC-04,fully,,\n").encode(),
     ["unsupported file type '.txt': use a .csv or .xlsx file"]),
    ("formula cell", "m.xlsx", xlsx([["case_ref", "PC-04"], ["C1", "=IF(1,\"fully\")"]]),
     ["row 2, column PC-04: the cell holds a formula; paste values only and try again"]),
    ("locked case", "m.csv", (LONG + "C4,DI-02,fully,,\n").encode(), ["row 2, column case_ref: case 'C4' is locked"]),
    ("wide: unknown column", "w.csv", b"case_ref,PC-04,Score\nC1,fully,3\n",
     ["row 1, column Score: unknown column: no question 'Score' in worked-example@1"]),
    ("wide: inapplicable because of another answer", "w.csv", b"case_ref,VW-06,VW-07\nC1,no,fully\n",
     ["row 2, column VW-07: VW-07 does not apply to case 'C1' (it applies only if VW-06 == 'yes')"]),
]


@pytest.mark.parametrize(("kind", "name", "raw", "expected"), BAD, ids=[b[0] for b in BAD])
def test_bad_marks_files_import_nothing(kind: str, name: str, raw: bytes, expected: list[str], cli: Cli,
                                        marked: str, tmp_path: Path) -> None:
    with cli.store() as store:
        c4 = store.find_case(marked, "C4")
        assert c4 is not None
        store.set_status(c4.id, CaseStatus.LOCKED, "lead")
    before, backups = cli.dump(marked), cli.backups()
    f = tmp_path / name
    f.write_bytes(raw)
    code, out, err = cli("marks", "import", marked[:5], str(f))
    assert code == 1 and out == ""
    lines = err.splitlines()
    wanted = [f"{f}:{e}" if e.startswith("row") else f"{f}: {e}" for e in expected]
    assert len(lines) == len(wanted) + 1, err
    assert all(line.startswith(w) for line, w in zip(lines, wanted)), err
    count = len(lines) - 1
    assert lines[-1] == f"casereader: error: {count} problem{'s' if count != 1 else ''} found; nothing was imported"
    assert cli.dump(marked) == before
    assert cli.backups() == backups


def test_long_import_saves_every_answer_with_backup_and_inspector(cli: Cli, tmp_path: Path) -> None:
    ident = new_inspection(cli, tmp_path)
    f = tmp_path / "marks.csv"
    f.write_text(GOOD_LONG)
    out = cli.ok("marks", "import", ident, str(f), "--inspector", "Ann Inspector")
    assert out.startswith(f"imported 9 answers for 3 cases from {f} (long format; backup: casereader-")
    assert any("before-marks-import" in b for b in cli.backups())
    answers, _ = cli.dump(ident)
    assert answers["C1"]["PC-03"] == {"value": "partially", "na": False, "na_reason": "",
                                      "comment": '=HYPERLINK("http://evil")'}
    assert answers["C1"]["DI-02"] == {"value": None, "na": True, "na_reason": "No unused material", "comment": ""}
    assert answers["C1"]["PC-04"]["value"] == "fully"
    assert answers["C3"] == {"PC-03": {"value": None, "na": True, "na_reason": "", "comment": ""}}
    assert answers["C4"] == {}
    with cli.store() as store:
        c1 = store.find_case(ident, "C1")
        assert c1 is not None
        events = store.history(c1.id, "PC-03")
        assert c1.summary.answered == 6 and c1.summary.status == CaseStatus.IN_PROGRESS
    assert [(e.actor, e.reason) for e in events] == [("Ann Inspector", "imported from marks.csv")]


def test_import_replaces_earlier_answers_and_keeps_others(cli: Cli, marked: str, tmp_path: Path) -> None:
    f = tmp_path / "w.xlsx"
    f.write_bytes(xlsx([["case_ref", "PC-03", "PC-03_comment", "DI-02"], ["C1", "Fully meeting", "", ""],
                        ["C4", None, None, "not"]]))
    assert "(wide format;" in cli.ok("marks", "import", marked, str(f))
    answers, _ = cli.dump(marked)
    assert answers["C1"] == {"PC-03": {"value": "fully", "na": False, "na_reason": "", "comment": ""}}
    assert answers["C4"]["VW-01"]["value"] == "fully" and answers["C4"]["DI-02"]["value"] == "not"


@pytest.mark.parametrize("wide", [False, True])
@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_export_then_import_into_a_fresh_inspection_round_trips(cli: Cli, tmp_path: Path, suffix: str,
                                                                 wide: bool) -> None:
    source = new_inspection(cli, tmp_path)
    f = tmp_path / "marks.csv"
    f.write_text(GOOD_LONG)
    cli.ok("marks", "import", source, str(f))
    out = tmp_path / f"export{suffix}"
    cli.ok("marks", "export", source, "--out", str(out), *(["--wide"] if wide else []))
    target = new_inspection(cli, tmp_path)
    cli.ok("marks", "import", target, str(out))
    assert cli.dump(target)[0] == cli.dump(source)[0]


def test_csv_export_is_escaped_against_formula_injection(cli: Cli, tmp_path: Path) -> None:
    ident = new_inspection(cli, tmp_path)
    f = tmp_path / "marks.csv"
    f.write_text(GOOD_LONG)
    cli.ok("marks", "import", ident, str(f))
    out = tmp_path / "out.csv"
    assert cli.ok("marks", "export", ident, "--out", str(out)).strip() == f"wrote 9 rows (long format) to {out}"
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0] == "case_ref,question_id,answer,na_reason,comment"
    assert "C1,PC-03,partially,,\"'=HYPERLINK(\"\"http://evil\"\")\"" in text
    assert "C1,VW-01,not,,'-3 days late" in text
    cells = [c for line in text.splitlines() for c in line.split(",")]
    assert not any(c.lstrip('"').startswith(("=", "+", "-", "@")) for c in cells)


def test_xlsx_export_has_a_frozen_header_and_text_cells(cli: Cli, tmp_path: Path) -> None:
    ident = new_inspection(cli, tmp_path)
    f = tmp_path / "marks.csv"
    f.write_text(GOOD_LONG)
    cli.ok("marks", "import", ident, str(f))
    out = tmp_path / "wide.xlsx"
    assert "wrote 4 rows (wide format)" in cli.ok("marks", "export", ident, "--out", str(out), "--wide")
    ws = load_workbook(out).active
    assert ws is not None
    assert ws.freeze_panes == "A2"
    header = [c.value for c in ws[1]]
    assert header[:4] == ["case_ref", "PC-03", "PC-03_na_reason", "PC-03_comment"]
    row = {h: c for h, c in zip(header, ws[2])}
    assert row["case_ref"].value == "C1" and row["PC-03_comment"].value == '=HYPERLINK("http://evil")'
    assert row["PC-03_comment"].data_type == "s"
    assert [ws.cell(r, 1).value for r in range(2, 6)] == ["C1", "C2", "C3", "C4"]


def test_export_errors(cli: Cli, marked: str, tmp_path: Path) -> None:
    code, _, err = cli("marks", "export", marked, "--out", str(tmp_path / "x.json"))
    assert code == 2 and "must end in .csv or .xlsx" in err
    code, _, err = cli("marks", "export", marked, "--out", str(tmp_path / "no" / "x.csv"))
    assert code == 2 and "does not exist" in err


def test_marks_for_reserve_and_withdrawn_cases_are_refused(cli: Cli, tmp_path: Path) -> None:
    ident = cli.ok("inspection", "create", "--form", "worked-example", "--area", "A", "--round", "baseline").strip()
    src = tmp_path / "list.csv"
    src.write_text("reference,casework_type,charging_route\n" + "".join(f"M{i},MC,area\n" for i in range(6)))
    cli.ok("sample", "draw", ident, "--from", str(src), "--quota", "MC=2", "--seed", "4", "--reserves", "1")
    with cli.store() as store:
        cases = store.list_cases(ident)
    sampled = [c.reference for c in cases if not c.reserve]
    spare = next(c.reference for c in cases if c.reserve)
    cli.ok("sample", "replace", ident, "--case", sampled[0], "--reason", "sealed")
    other = next(c for c in [f"M{i}" for i in range(6)] if c not in {*sampled, spare})
    f = tmp_path / "m.csv"
    f.write_text(LONG + f"{sampled[0]},VW-01,fully,,\n{spare},VW-01,fully,,\n{other},VW-01,fully,,\n")
    code, _, err = cli("marks", "import", ident, str(f))
    assert code == 1
    assert f"{f}:row 2, column case_ref: case '{sampled[0]}' was withdrawn from the sample (sealed)" in err
    assert f"{f}:row 4, column case_ref: unknown case reference '{other}'" in err
    assert "row 3" not in err
