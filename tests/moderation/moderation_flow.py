"""The moderation flow driven through the command line across three data folders: the centre, inspector A
(ann) and inspector B (bob). Shared by the CLI flow tests and the window test."""

from __future__ import annotations

import contextlib
import io
import re
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from casereader.central.second_marking import IssuedCopy
from casereader.central.store import CentralStore
from casereader.cli.main import main
from casereader.storage import LocalStore

DATA = Path(__file__).resolve().parents[1] / "core" / "data"
CANARY = "CANARY-first-mark-7731"
TYPES = ["MC", "CC", "MC", "CC"]
FPN = ["fully", "partially", "not"]


def first_marks(index: int) -> dict[str, tuple[str, str]]:
    """The first marks of case ``index`` (1-based): question -> (answer, comment)."""
    pc04 = FPN[index % 3]
    vw01 = FPN[(index + 1) % 3]
    di02 = "n/a" if index % 4 == 0 else "fully"
    return {"PC-03": ("fully", ""), "PC-04": (pc04, f"{CANARY} evidence for {pc04}"), "VW-01": (vw01, ""),
            "DI-02": (di02, "")}


def second_marks(index: int) -> dict[str, tuple[str, str]]:
    """The blind second marks: one category lower on VW-01 for odd cases; on every fourth case DI-02
    answered where the first marker said N/A and PC-04 'not' (or 'fully' against 'not'); on other even
    cases DI-02 'partially' against 'fully'."""
    marks = {q: (v, "") for q, (v, _) in first_marks(index).items()}
    if index % 2 == 1:
        v = marks["VW-01"][0]
        marks["VW-01"] = (FPN[min(FPN.index(v) + 1, 2)], "second marker: warned late")
    if index % 4 == 0:
        marks["DI-02"] = ("fully", "second marker: there was unused material")
        pc04 = marks["PC-04"][0]
        marks["PC-04"] = ("fully" if pc04 == "not" else "not", "second marker: no case strategy")
    elif index % 2 == 0:
        marks["DI-02"] = ("partially", "second marker: schedule incomplete")
    return marks


def marks_csv(refs: list[str], marks_of: dict[str, dict[str, tuple[str, str]]]) -> str:
    lines = ["case_ref,question_id,answer,na_reason,comment"]
    for ref in refs:
        for qid, (value, comment) in marks_of[ref].items():
            reason = "No unused material" if value == "n/a" else ""
            lines.append(f"{ref},{qid},{value},{reason},{comment}")
    return "\n".join(lines) + "\n"


@dataclass
class Flow:
    tmp: Path
    pw: Path = field(init=False)
    refs: list[str] = field(default_factory=lambda: [f"URN{i:03d}" for i in range(1, 9)])
    inspection: str = ""
    second: dict[str, str] = field(default_factory=dict)  # second inspector -> second-marking inspection id
    drawn: dict[str, tuple[str, str]] = field(default_factory=dict)  # reference -> (first, second inspector)
    packs: dict[str, Path] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.pw = self.tmp / "pw.txt"
        self.pw.write_text("correct horse battery staple\n")
        self.folders = {"centre": self.tmp / "centre", "ann": self.tmp / "ann", "bob": self.tmp / "bob"}

    @property
    def url(self) -> str:
        return f"sqlite:///{self.folders['centre'] / 'central.sqlite'}"

    def index(self, ref: str) -> int:
        return int(ref[3:])

    def owner(self, ref: str) -> str:
        return "ann" if self.index(ref) <= 4 else "bob"

    def run(self, *args: object) -> tuple[int, str, str]:
        out, err = io.StringIO(), io.StringIO()
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main([str(a) for a in args])
        return code, out.getvalue(), err.getvalue()

    def ok(self, *args: object) -> str:
        code, out, err = self.run(*args)
        assert code == 0, f"{args}: {err}"
        return out

    def central(self, *args: object) -> tuple[int, str, str]:
        keyed = args[0] in ("init", "pack", "import") or args[:2] in (("moderation", "draw"),
                                                                     ("moderation", "calibrate"))
        extra = ["--passphrase-file", self.pw] if keyed else []
        return self.run("--data-dir", self.folders["centre"], "central", *args, *extra)

    def at(self, who: str, *args: object) -> str:
        return self.ok("--data-dir", self.folders[who], *args)

    def file(self, name: str, text: str) -> Path:
        path = self.tmp / name
        path.write_text(text, encoding="utf-8")
        return path

    def open_store(self) -> CentralStore:
        return CentralStore.open(self.url)

    # -- the flow ------------------------------------------------------------------------------------------
    def mark_and_send(self, who: str, inspection: str, refs: list[str],
                      marks_of: dict[str, dict[str, tuple[str, str]]], name: str,
                      complete: frozenset[str] | None = None) -> None:
        """Import the marks of ``refs`` on ``who``'s laptop, mark those cases complete (all of them, or only
        ``complete``; the others stay part-marked), export a bundle and import it at the centre."""
        self.at(who, "marks", "import", inspection, self.file(f"{name}.csv", marks_csv(refs, marks_of)),
                "--inspector", who)
        local = LocalStore.open(self.folders[who] / "casereader.sqlite")
        try:
            for case in local.list_cases(inspection):
                if case.reference in refs and (complete is None or case.reference in complete):
                    local.set_status(case.id, "complete", who)
        finally:
            local.close()
        bundle = self.tmp / f"{name}.crbundle"
        self.at(who, "bundle", "export", inspection, "--out", bundle)
        code, out, err = self.central("import", bundle)
        assert code == 0 and "imported" in out, err

    def first_round(self, part_marked: frozenset[str] = frozenset()) -> None:
        """Both inspectors mark their cases and send them; the cases in ``part_marked`` are left unfinished."""
        pack = self.issue_sample()
        for who in ("ann", "bob"):
            out = self.at(who, "pack", "import", pack)
            self.inspection = re.search(r"inspection ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
            self.at(who, "sync", "device", "--out", self.tmp / f"{who}.device")
            assert self.central("enrol", self.tmp / f"{who}.device", "--name", who)[0] == 0
        for who in ("ann", "bob"):
            mine = [r for r in self.refs if self.owner(r) == who]
            self.mark_and_send(who, self.inspection, mine, {r: first_marks(self.index(r)) for r in mine},
                               f"first-{who}", frozenset(mine) - part_marked)

    def draw(self, seed: int = 11) -> str:
        code, out, err = self.central("moderation", "draw", self.inspection, "--fraction", "0.5", "--seed", seed,
                                      "--out-dir", self.tmp / "packs")
        assert code == 0, err
        for m in re.finditer(r"^(\S+\.crpack): second marking by (\w+), inspection ([0-9a-f-]{36})", out, re.M):
            self.packs[m.group(2)], self.second[m.group(2)] = Path(m.group(1)), m.group(3)
        for m in re.finditer(r"^  (URN\d+)  first marked by (\w+)  ->  second marked by (\w+)$", out, re.M):
            self.drawn[m.group(1)] = (m.group(2), m.group(3))
        return out

    def second_round(self) -> None:
        for who, pack in self.packs.items():
            self.at(who, "pack", "import", pack)
            refs = sorted(r for r, (_, second) in self.drawn.items() if second == who)
            self.mark_and_send(who, self.second[who], refs, {r: second_marks(self.index(r)) for r in refs},
                               f"second-{who}")

    # -- drawing from the moderation window, and comparing with the command line ------------------------------
    def issue_sample(self) -> Path:
        """The centre's keys and the sample pack for ann and bob, nothing marked yet (the start of first_round)."""
        assert self.central("init")[0] == 0
        sample = "reference,casework_type,charging_route,victim_letter_required\n" + "".join(
            f"{ref},{TYPES[(self.index(ref) - 1) % 4]},area,no\n" for ref in self.refs)
        pack = self.tmp / "wessex.crpack"
        code, out, err = self.central("pack", "--form", "worked-example@1", "--area", "Wessex", "--round", "baseline",
                                      "--sample", self.file("sample.csv", sample), "--out", pack,
                                      "--inspector", "ann", "--inspector", "bob")
        assert code == 0, err
        self.inspection = re.search(r"inspection ([0-9a-f-]{36})", out).group(1)  # type: ignore[union-attr]
        return pack

    def centre_copy(self, name: str) -> Path:
        """A copy of the centre's data folder (central store and keys), e.g. to draw twice from the same state."""
        target = self.tmp / name
        shutil.copytree(self.folders["centre"], target)
        return target

    @staticmethod
    def parse_draw(out: str) -> tuple[dict[str, Path], dict[str, str], dict[str, tuple[str, str]]]:
        """(second inspector -> pack, second inspector -> second-marking inspection, reference -> (first,
        second inspector)) from the output of ``central moderation draw``."""
        packs, second, drawn = {}, {}, {}
        for m in re.finditer(r"^(\S+\.crpack): second marking by (\w+), inspection ([0-9a-f-]{36})", out, re.M):
            packs[m.group(2)], second[m.group(2)] = Path(m.group(1)), m.group(3)
        for m in re.finditer(r"^  (URN\d+)  first marked by (\w+)  ->  second marked by (\w+)$", out, re.M):
            drawn[m.group(1)] = (m.group(2), m.group(3))
        return packs, second, drawn

    def record_draw(self, issued: Sequence[IssuedCopy]) -> None:
        """Remember a draw made in the window as :meth:`draw` does from the command's output, so that
        :meth:`second_round` can follow."""
        for item in issued:
            self.packs[item.inspector], self.second[item.inspector] = item.path, item.inspection_id
            for _new, _orig, ref, first in item.cases:
                self.drawn[ref] = (first, item.inspector)

    def draw_in_window(self, qtbot: Any, window: Any, *, seed: int = 11, percent: str = "50", extra: str = "",
                       out_dir: Path | None = None, passphrase: str | None = None, close: bool = True,
                       must_draw: bool = True) -> Any:
        """Draw second marking from a shown ModerationWindow by keyboard only: Ctrl+D, type each field, Tab to the
        next, Return. Waits for the draw, records it (:meth:`record_draw`) and, if ``close``, closes the dialog
        with Return on its Close button so the window is active again; returns the dialog. The window must have
        been opened with ``keys_dir=flow.folders["centre"] / "central-keys"``. If the draw is refused (wrong
        passphrase, nothing marked, ...) the test fails with the dialog's message, unless ``must_draw`` is
        false: then the dialog is returned open, showing the message, and nothing is recorded."""
        from PySide6.QtCore import Qt
        from PySide6.QtWidgets import QApplication

        def focused() -> Any:
            return QApplication.focusWidget()

        def fill(widget: Any, text: str | None) -> None:
            qtbot.waitUntil(lambda: focused() is widget, timeout=3000)
            if text is not None:
                qtbot.keyClick(widget, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
                qtbot.keyClick(widget, Qt.Key.Key_Delete)
                qtbot.keyClicks(widget, text)
            qtbot.keyClick(widget, Qt.Key.Key_Tab)

        window.activateWindow()
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        before = window.draw_dialog
        qtbot.keyClick(focused() or window, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.draw_dialog is not before and window.draw_dialog.isVisible(), timeout=3000)
        dialog = window.draw_dialog
        fill(dialog.fraction, percent)
        fill(dialog.min_per_type, None)
        fill(dialog.seed, str(seed))
        fill(dialog.extra, extra)
        fill(dialog.out_dir, str(out_dir or self.tmp / "window-packs"))
        fill(dialog.browse, None)
        qtbot.waitUntil(lambda: focused() is dialog.passphrase, timeout=3000)
        secret = self.pw.read_text().splitlines()[0] if passphrase is None else passphrase
        qtbot.keyClicks(dialog.passphrase, secret)
        qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Return)
        qtbot.waitUntil(lambda: bool(dialog.issued) or (dialog.task is not None and not dialog.task.running),
                        timeout=20000)
        assert dialog.issued or not must_draw, f"the draw was refused: {dialog.message.text()}"
        self.record_draw(dialog.issued)
        if close and dialog.issued:
            qtbot.waitUntil(lambda: focused() is dialog.close_button, timeout=3000)
            qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
            qtbot.waitUntil(lambda: not dialog.isVisible(), timeout=3000)
            window.activateWindow()
            qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
        return dialog


def build(tmp: Path) -> Flow:
    """Centre, A and B through first marking, the draw and blind second marking (nothing resolved)."""
    flow = Flow(tmp)
    flow.first_round()
    flow.draw()
    flow.second_round()
    return flow


LABELS = {"fully": "Fully meeting", "partially": "Partially meeting", "not": "Not meeting"}


def expected_disagreements(drawn: dict[str, tuple[str, str]]) -> set[tuple[str, ...]]:
    """Every disagreement the typed marks make, as the moderation window's table shows it: case, question,
    first mark (label), first comment, second mark (label), second comment."""
    expected = set()
    for ref in drawn:
        first, second = first_marks(int(ref[3:])), second_marks(int(ref[3:]))
        for qid in first:
            if first[qid][0] != second[qid][0]:
                a, b = first[qid][0], second[qid][0]
                expected.add((ref, qid, LABELS.get(a, "N/A (No unused material)" if a == "n/a" else a), first[qid][1],
                              LABELS.get(b, b), second[qid][1]))
    return expected
