"""Sign-off by a reviewer through the command line (issue 19): refused for the case's own marker and for a
case that is not complete; an edit after sign-off, arriving in the next bundle, clears it and flags the case
"changed since review" — in ``central query list``, on the laptop (from the next query pack) and in the
publication gate."""

from __future__ import annotations

import sqlite3

from tests.e2e.test_case_lifecycle import MARKS
from tests.e2e.test_sync_loop import Loop, loop  # noqa: F401  (the fixture)

HEADER = MARKS.splitlines()[0]


def _review_row(loop: Loop) -> list[tuple[object, ...]]:  # noqa: F811
    con = sqlite3.connect(loop.centre / "central.sqlite")
    try:
        return con.execute("SELECT signed_by, changed_since_review FROM central_case_review").fetchall()
    finally:
        con.close()


def test_reviewer_cannot_sign_off_own_case_and_an_edit_clears_the_signoff(loop: Loop) -> None:  # noqa: F811
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m.csv", MARKS), "--inspector", "Ann")[0] == 0
    assert loop.inspector("marks", "import", inspection, loop.file("m2.csv", HEADER + "\nURN001,VW-07,fully,,\n"),
                          "--inspector", "Ann")[0] == 0
    assert loop.inspector("case", "complete", inspection, "--case", "URN001", "--inspector", "Ann")[0] == 0
    first = loop.tmp / "b1.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", first)[0] == 0
    assert loop.central("import", first)[0] == 0

    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Ann")
    assert code == 2 and "a reviewer cannot sign off a case they marked" in err and err.count("\n") == 1
    code, out, err = loop.central("signoff", inspection, "--case", "URN002", "--reviewer", "Lee Lead")
    assert code == 2 and "not complete" in err
    assert _review_row(loop) == []
    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead")
    assert code == 0, err
    assert _review_row(loop) == [("Lee Lead", 0)]
    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead")
    assert code == 2 and "already signed off" in err

    # the laptop learns of the sign-off; the inspector then re-opens the case and changes a mark
    pack = loop.tmp / "q1.crpack"
    assert loop.central("query", "pack", inspection, "--out", pack, "--passphrase-file", loop.pw)[0] == 0
    assert loop.inspector("pack", "import", pack)[0] == 0
    code, out, err = loop.inspector("query", "list", inspection)
    assert code == 0 and "case URN001: signed off by Lee Lead on " in out, err
    assert loop.inspector("case", "reopen", inspection, "--case", "URN001", "--reason", "PC-03 re-read")[0] == 0
    assert loop.inspector("marks", "import", inspection, loop.file("m3.csv", HEADER + "\nURN001,PC-03,fully,,\n"),
                          "--inspector", "Ann")[0] == 0
    assert loop.inspector("case", "complete", inspection, "--case", "URN001", "--inspector", "Ann")[0] == 0
    code, out, err = loop.inspector("query", "list", inspection)
    assert "case URN001: changed since review (signed off by Lee Lead" in out  # seen on the laptop at once
    second = loop.tmp / "b2.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", second, "--since-last")[0] == 0
    assert loop.central("import", second)[0] == 0

    assert _review_row(loop) == [("Lee Lead", 1)]
    code, out, err = loop.central("query", "list", inspection)
    assert code == 0 and "case URN001" in out and "changed since review" in out
    code, out, err = loop.central("report", "--area", "Wessex", "--format", "json", "--out", loop.tmp / "r.json",
                                  "--final")
    assert code != 0 and "changed since review" in err
    con = sqlite3.connect(loop.centre / "central.sqlite")
    try:
        invalidated = con.execute("SELECT count(*) FROM central_audit WHERE device_id = 'centre-review' AND "
                                  "key = 'signoff_invalidated'").fetchone()[0]
    finally:
        con.close()
    assert invalidated == 1
    # signing off again after the change is allowed
    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead")
    assert code == 0, err
    assert _review_row(loop) == [("Lee Lead", 0)]
    # a sign-off can be withdrawn (with a reason), once
    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead", "--clear",
                                  "signed the wrong case")
    assert code == 0, err
    assert _review_row(loop) == []
    code, out, err = loop.central("signoff", inspection, "--case", "URN001", "--reviewer", "Lee Lead", "--clear",
                                  "again")
    assert code == 2 and "nothing to clear" in err

