"""The review loop through the command line across two data folders (issue 19): the centre opens three
queries and sends them in a query pack; the inspector answers one with a changed mark and one with text, and
exports; the centre imports, closes one and re-opens one; a second round trip closes all. Audit rows on both
sides show every transition."""

from __future__ import annotations

import json
import re
import sqlite3
from pathlib import Path

import jsonschema
import openpyxl
from pypdf import PdfReader

from tests.e2e.rounds import marked_and_sent
from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)


def _id(out: str) -> str:
    return re.search(r"query ([0-9a-f-]{36}) opened", out).group(1)  # type: ignore[union-attr]


def rows(path: Path, sql: str, *params: object) -> list[tuple[object, ...]]:
    con = sqlite3.connect(path)
    try:
        return con.execute(sql, params).fetchall()
    finally:
        con.close()


class Review:
    def __init__(self, loop: Loop, inspection: str) -> None:  # noqa: F811
        self.loop, self.inspection, self.n = loop, inspection, 0

    def query_pack(self) -> Path:
        self.n += 1
        path = self.loop.tmp / f"queries-{self.n}.crpack"
        code, out, err = self.loop.central("query", "pack", self.inspection, "--out", path,
                                           "--passphrase-file", self.loop.pw)
        assert code == 0, err
        code, out, err = self.loop.inspector("pack", "import", path)
        assert code == 0, err
        assert "query pack of inspection" in out
        return path

    def bundle_back(self) -> str:
        path = self.loop.tmp / f"answers-{self.n}.crbundle"
        code, out, err = self.loop.inspector("bundle", "export", self.inspection, "--out", path, "--since-last")
        assert code == 0, err
        code, out, err = self.loop.central("import", path)
        assert code == 0, err
        return out

    def states(self) -> dict[str, str]:
        return dict(rows(self.loop.centre / "central.sqlite", "SELECT id, state FROM central_query"))  # type: ignore


def expected_steps(mark_q: str, text_q: str, case_q: str) -> list[tuple[str, str]]:
    """Every transition of the three queries of a review round trip: one answered with a changed mark and
    closed; one answered, re-opened, answered again and closed; one on the whole case answered and closed."""
    return sorted([(mark_q, "opened"), (mark_q, "answered"), (mark_q, "closed"),
                   (text_q, "opened"), (text_q, "answered"), (text_q, "reopened"), (text_q, "answered"),
                   (text_q, "closed"), (case_q, "opened"), (case_q, "answered"), (case_q, "closed")])


def audited_steps(loop: Loop) -> tuple[list[tuple[str, str]], list[tuple[str, str, str]]]:  # noqa: F811
    """The review transitions in the centre's audit log, and in the laptop's (with who made each)."""
    central = rows(loop.centre / "central.sqlite", "SELECT key, new FROM central_audit WHERE device_id = "
                   "'centre-review' ORDER BY seq")
    local = rows(loop.laptop / "casereader.sqlite", "SELECT key, new, actor FROM audit_event WHERE kind = 'review'")
    return (sorted((json.loads(str(new))["query_id"], str(key)) for key, new in central),
            sorted((json.loads(str(new))["query_id"], str(key), str(actor)) for key, new, actor in local))


def test_queries_answered_closed_reopened_and_closed_again(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    review = Review(loop, inspection)
    code, out, err = loop.central("query", "open", inspection, "--case", "URN001", "--question", "PC-03", "--text",
                                  "PC-03 partially, but the note says charging was late: please review", "--by",
                                  "Lee Lead")
    assert code == 0, err
    mark_q = _id(out)
    code, out, err = loop.central("query", "open", inspection, "--case", "URN002", "--question", "VW-01", "--text",
                                  "Were witnesses warned in time?", "--by", "Lee Lead")
    assert code == 0, err
    text_q = _id(out)
    code, out, err = loop.central("query", "open", inspection, "--case", "URN001", "--text",
                                  "Is the file complete?", "--by", "Lee Lead")
    assert code == 0, err
    case_q = _id(out)
    assert review.states() == {mark_q: "open", text_q: "open", case_q: "open"}

    review.query_pack()
    code, out, err = loop.inspector("query", "list", inspection)
    assert code == 0, err
    assert [line.split()[1] for line in out.splitlines()] == ["open"] * 3
    assert "URN001 PC-03" in out and "(whole case)" in out
    before = rows(loop.laptop / "casereader.sqlite", "SELECT count(*) FROM audit_event")
    for bad, says in (("brilliant", "brilliant"), ("", "--mark needs a value")):
        code, out, err = loop.inspector("query", "answer", inspection, mark_q[:8], "--text", "x", "--mark", bad)
        assert code == 2 and says in err and err.count("\n") == 1 and "Traceback" not in err, err
    code, _, err = loop.inspector("query", "answer", inspection, case_q[:8], "--text", "x", "--mark", "fully")
    assert code == 2 and "on the whole case" in err
    code, _, err = loop.inspector("query", "answer", inspection, mark_q[:8], "--text", "  ")
    assert code == 2 and "needs some text" in err
    assert rows(loop.laptop / "casereader.sqlite", "SELECT count(*) FROM audit_event") == before
    code, out, err = loop.inspector("query", "answer", inspection, mark_q[:8], "--text", "Agreed, changed",
                                    "--mark", "not")
    assert code == 0, err
    assert "now not" in out
    code, out, err = loop.inspector("query", "answer", inspection, text_q, "--text", "Yes, warned the day before")
    assert code == 0, err
    assert "imported" in review.bundle_back()

    assert review.states() == {mark_q: "answered", text_q: "answered", case_q: "open"}
    answers = loop.central_answers()
    pc03 = [v for (case_id, qid), v in answers.items() if qid == "PC-03"]
    assert pc03 and pc03[0][0] == "not" and pc03[0][3] == "CANARY-e2e-4411 charging was late"  # comment kept
    code, out, err = loop.central("query", "close", mark_q[:8], "--note", "thanks", "--by", "Lee Lead")
    assert code == 0, err
    code, out, err = loop.central("query", "reopen", text_q[:8], "--text", "Which day exactly?", "--by", "Lee Lead")
    assert code == 0, err
    code, out, err = loop.central("query", "list", inspection, "--state", "open")
    assert code == 0, err
    assert text_q[:8] in out and case_q[:8] in out and mark_q[:8] not in out

    # the second round trip: a closed query can no longer be answered; the other two are, then closed
    review.query_pack()
    code, out, err = loop.inspector("query", "answer", inspection, mark_q[:8], "--text", "one more thing")
    assert code == 2 and "closed by Lee Lead" in err and err.count("\n") == 1
    assert loop.inspector("query", "answer", inspection, text_q[:8], "--text", "The 3rd of May")[0] == 0
    assert loop.inspector("query", "answer", inspection, case_q[:8], "--text", "Yes, complete")[0] == 0
    review.bundle_back()
    for q in (text_q, case_q):
        assert loop.central("query", "close", q[:8], "--by", "Lee Lead")[0] == 0
    assert review.states() == {mark_q: "closed", text_q: "closed", case_q: "closed"}
    review.query_pack()  # the laptop learns they are closed
    code, out, err = loop.inspector("query", "list", inspection)
    assert [line.split()[1] for line in out.splitlines()] == ["closed"] * 3

    # every transition in the audit logs of both sides
    steps, local_steps = audited_steps(loop)
    assert steps == expected_steps(mark_q, text_q, case_q)
    assert [(q, key) for q, key, _ in local_steps] == steps
    changed = rows(loop.laptop / "casereader.sqlite", "SELECT reason FROM audit_event WHERE kind = 'answer' AND "
                   "key = 'PC-03' ORDER BY seq DESC LIMIT 1")
    assert changed == [(f"query {mark_q}",)]
    # the laptop's own audit rows travelled in its bundles too
    sent = rows(loop.centre / "central.sqlite", "SELECT count(*) FROM central_audit WHERE kind = 'review' AND "
                "device_id != 'centre-review'")
    assert sent[0][0] >= 8

    # the query counts in the report, in every format, and the gate (all closed: no query blocks)
    for fmt in ("json", "csv", "xlsx", "pdf"):
        out_file = loop.tmp / f"report.{fmt}"
        code, out, err = loop.central("report", "--area", "Wessex", "--all-cases", "--format", fmt, "--out", out_file)
        assert code == 0, err
    doc = json.loads((loop.tmp / "report.json").read_text(encoding="utf-8"))
    schema = json.loads((Path(__file__).resolve().parents[2] / "docs" / "report.schema.json").read_text())
    jsonschema.validate(doc, schema)
    by = {(q["group"], q["key"]): q for q in doc["queries"]}
    assert (by[("inspection", inspection)]["open"], by[("inspection", inspection)]["closed"]) == (0, 3)
    assert by[("area", "Wessex")]["closed"] == 3 and by[("question", "(case)")]["closed"] == 1
    assert by[("question", "PC-03")]["median_days_to_close"] is not None
    assert "queries,question,PC-03" in (loop.tmp / "report.csv").read_text(encoding="utf-8")
    assert "Queries" in openpyxl.load_workbook(loop.tmp / "report.xlsx").sheetnames
    assert "Queries on marks" in "".join(p.extract_text() for p in PdfReader(loop.tmp / "report.pdf").pages)
    code, out, err = loop.central("report", "--area", "Wessex", "--all-cases", "--format", "pdf", "--lang", "both",
                                  "--out", loop.tmp / "report-cy.pdf")
    assert code == 0, err
    welsh = " ".join("".join(p.extract_text() for p in PdfReader(loop.tmp / "report-cy.pdf").pages).split())
    assert "Ymholiadau ar farciau / Queries on marks" in welsh
    code, out, err = loop.central("report", "--area", "Wessex", "--format", "json", "--out", loop.tmp / "f.json",
                                  "--final")
    assert code != 0 and "query" not in err.split("blockers")[0].lower()


def test_an_open_query_blocks_the_final_report(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    code, out, err = loop.central("query", "open", inspection, "--case", "URN002", "--question", "VW-01", "--text",
                                  "Check VW-01")
    assert code == 0, err
    code, _, err = loop.central("report", "--area", "Wessex", "--format", "json", "--out", loop.tmp / "f.json",
                                "--final")
    assert code != 0 and f"query {_id(out)[:8]} on case URN002 question VW-01 is open, not closed" in err
    assert not (loop.tmp / "f.json").exists()


def test_query_packs_travel_through_the_sync_folder(loop: Loop) -> None:  # noqa: F811
    inspection = marked_and_sent(loop)
    folder = loop.tmp / "shared"
    folder.mkdir()
    assert loop.inspector("sync", "set-folder", folder)[0] == 0
    code, out, err = loop.central("query", "open", inspection, "--case", "URN002", "--question", "VW-01", "--text",
                                  "Check VW-01")
    assert code == 0, err
    query_id = _id(out)
    assert loop.central("query", "pack", inspection, "--out", folder / "queries.crpack", "--passphrase-file",
                        loop.pw)[0] == 0
    code, out, err = loop.inspector("sync", "run")
    assert code == 0, err
    assert "queries.crpack: 1 new review event(s)" in out and "1 query(ies) open" in out
    assert loop.inspector("query", "answer", inspection, query_id[:8], "--text", "checked")[0] == 0
    code, out, err = loop.inspector("sync", "run")
    assert code == 0 and "incremental bundle" in out, err
    code, out, err = loop.central("watch", folder, "--once")
    assert code == 0, err
    assert dict(rows(loop.centre / "central.sqlite", "SELECT id, state FROM central_query")) == {query_id: "answered"}

