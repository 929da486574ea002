"""``casereader case complete|reopen|history`` through the real command line, and a flow driven only by the
command line — centre and inspector in two data folders — whose report counts the completed case without
``--all-cases``."""

from __future__ import annotations

import json

from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)

MARKS = """case_ref,question_id,answer,na_reason,comment
URN001,PC-03,partially,,charging was late
URN001,PC-04,fully,,
URN001,DI-02,fully,,
URN001,VW-01,fully,,
URN001,VW-06,yes,,
"""


def test_complete_reopen_history_and_a_report_without_all_cases(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    code, _, err = loop.inspector("marks", "import", inspection, loop.file("m.csv", MARKS), "--inspector", "Ann")
    assert code == 0, err

    code, out, err = loop.inspector("case", "complete", inspection, "--case", "URN001")
    assert code == 1 and out == ""
    assert "Case URN001 is not complete:" in err and "VW-07: required and not answered" in err
    code, _, err = loop.inspector("case", "complete", inspection, "--case", "URN002")
    assert code == 1 and "PC-03" not in err  # only what applies to URN002 is listed
    code, _, err = loop.inspector("case", "complete", inspection, "--case", "NOPE")
    assert code == 2 and f"no case 'NOPE' in inspection {inspection}" in err

    code, _, err = loop.inspector("marks", "import", inspection, loop.file("m2.csv", MARKS.splitlines()[0]
                                                                          + "\nURN001,VW-07,fully,,\n"))
    assert code == 0, err
    code, out, err = loop.inspector("case", "complete", inspection, "--case", "URN001")
    assert code == 0, err
    assert "case URN001 is complete" in out
    code, out, _ = loop.inspector("case", "complete", inspection, "--case", "URN001")
    assert code == 0 and "already complete" in out

    code, _, err = loop.inspector("case", "reopen", inspection, "--case", "URN001", "--reason", "  ")
    assert code == 2 and "--reason must say why" in err
    code, _, err = loop.inspector("case", "reopen", inspection, "--case", "URN002", "--reason", "x")
    assert code == 2 and "nothing to reopen" in err
    code, out, err = loop.inspector("case", "reopen", inspection, "--case", "URN001", "--reason", "PC-03 re-read")
    assert code == 0 and "reopened (PC-03 re-read)" in out, err
    code, _, err = loop.inspector("marks", "import", inspection, loop.file("m3.csv", MARKS.splitlines()[0]
                                                                          + "\nURN001,PC-03,fully,,on time\n"))
    assert code == 0, err
    code, out, err = loop.inspector("case", "complete", inspection, "--case", "URN001", "--inspector", "Bea")
    assert code == 0, err

    code, out, err = loop.inspector("case", "history", inspection, "--case", "URN001", "--question", "PC-03")
    assert code == 0, err
    lines = out.splitlines()
    assert lines[0].split() == ["when", "who", "what", "old", "new", "reason"]
    assert len(lines) == 3
    assert " Ann " in lines[1] and "answer PC-03" in lines[1] and 'partially "charging was late"' in lines[1]
    assert 'partially "charging was late"  fully "on time"' in lines[2] and "imported from m3.csv" in lines[2]
    code, out, err = loop.inspector("case", "history", inspection, "--case", "URN001")
    statuses = [line for line in out.splitlines() if " status " in f" {line} "]
    assert [s.split()[3:5] for s in statuses] == [["not_started", "in_progress"], ["in_progress", "complete"],
                                                  ["complete", "in_progress"], ["in_progress", "complete"]]
    assert "PC-03 re-read" in statuses[2] and " Bea " in statuses[3]
    code, out, _ = loop.inspector("case", "history", inspection, "--case", "URN003", "--question", "VW-01")
    assert code == 0 and "no changes recorded for VW-01 on case URN003" in out

    bundle = loop.tmp / "b.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", bundle)[0] == 0
    code, _, err = loop.central("import", bundle)
    assert code == 0, err
    report = loop.tmp / "r.json"
    code, _, err = loop.central("report", "--format", "json", "--out", report)
    assert code == 0, err
    doc = json.loads(report.read_text())
    assert "case status: complete, locked" in doc["selection"]["filters"]
    assert doc["groups"] == [{"key": {"casework_type": "MC"}, "label": "Magistrates' courts", "cases": 1}]
