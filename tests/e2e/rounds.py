"""A first round trip through the command line that several end-to-end tests start from."""

from __future__ import annotations

from tests.e2e.test_sync_loop import MARKS_1, Loop


def marked_and_sent(loop: Loop) -> str:
    """Pack, pack import, enrol, MARKS_1 imported, a full bundle exported and imported at the centre."""
    inspection = loop.setup()
    assert loop.inspector("marks", "import", inspection, loop.file("m1.csv", MARKS_1))[0] == 0
    first = loop.tmp / "b1.crbundle"
    assert loop.inspector("bundle", "export", inspection, "--out", first)[0] == 0
    assert loop.central("import", first)[0] == 0
    return inspection
