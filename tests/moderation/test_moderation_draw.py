"""Drawing second marking from the moderation window (pytest-qt, offscreen) on a central store built through the
command line; and ``casereader central moderation window``."""

from __future__ import annotations

from pathlib import Path

import pytest
from moderation_flow import Flow, first_marks, second_marks
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QLabel, QLineEdit
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from casereader.central.schema import CentralInspectionRecord
from casereader.central.second_marking import draw_status
from casereader.ui.centre.moderation_draw import DrawDialog
from casereader.ui.centre.moderation_window import ModerationWindow

pytestmark = pytest.mark.usefixtures("qt_warnings_fail")


@pytest.fixture
def flow(tmp_path: Path, moderation_env: pytest.MonkeyPatch) -> Flow:
    return Flow(tmp_path)


def open_window(qtbot: QtBot, flow: Flow, inspection: str | None = None) -> ModerationWindow:
    window = ModerationWindow(flow.url, inspection, moderator="Lead Inspector",
                              keys_dir=flow.folders["centre"] / "central-keys")
    qtbot.addWidget(window)
    window.show()
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window, timeout=3000)
    return window


def dump(flow: Flow) -> str:
    store = flow.open_store()
    try:
        return store.dump_hash()
    finally:
        store.close()


def test_the_window_draws_what_the_command_line_draws(qtbot: QtBot, flow: Flow) -> None:
    flow.first_round()
    # the command line draws on a copy of the centre, the window on the centre itself: same state, same seed
    copy = flow.centre_copy("centre-copy")
    code, out, err = flow.run("--data-dir", copy, "central", "moderation", "draw", flow.inspection, "--fraction",
                              "0.5", "--seed", "4242", "--out-dir", flow.tmp / "cli-packs",
                              "--passphrase-file", flow.pw)
    assert code == 0, err
    cli_packs, _cli_second, cli_drawn = Flow.parse_draw(out)

    window = open_window(qtbot, flow, flow.inspection[:8])
    assert window.inspection_id == flow.inspection
    assert window.summary.text().startswith("Second marking not drawn yet: 8 cases marked complete at the centre "
                                            "(per casework type: CC 4, MC 4; 0 part-marked case(s) not eligible)")
    assert window.draw_button.isEnabled() and window.draw_button.accessibleName() == "Draw second marking"
    dialog = flow.draw_in_window(qtbot, window, seed=4242, percent="50", out_dir=flow.tmp / "window-packs",
                                 close=False)
    assert isinstance(dialog, DrawDialog)
    assert dialog.fraction.value() == 50.0 and dialog.min_per_type.value() == 1
    assert dialog.passphrase.echoMode() == QLineEdit.EchoMode.Password and dialog.passphrase.text() == ""
    # the same cases to the same second inspectors, each never their own first marker
    assert flow.drawn == cli_drawn and len(flow.drawn) == 4
    assert all(first != second for first, second in flow.drawn.values())
    assert sorted(flow.packs) == sorted(cli_packs) == ["ann", "bob"]
    assert sorted(p.name.split("-")[2] for p in flow.packs.values()) == ["ann", "bob"]
    assert all(p.parent == flow.tmp / "window-packs" and p.is_file() for p in flow.packs.values())
    # the result panel lists who second-marks which case and the packs, as the command prints them
    shown = dialog.result_view.toPlainText()
    assert dialog.result_view.isVisible() and shown.startswith("Seed 4242: 4 cases drawn for 2 second inspectors")
    assert "Eligible per casework type: CC 4, MC 4; 0 part-marked case(s) not eligible." in dialog.about.text()
    assert "Eligible cases (marked complete) per casework type: CC 4, MC 4; 0 part-marked" in shown
    for ref, (first, second) in flow.drawn.items():
        assert f"  {ref}  first marked by {first}  ->  second marked by {second}" in shown
    assert all(str(p) in shown for p in flow.packs.values())
    # the window is refreshed: the summary counts the draw, and drawing again is offered no more
    assert window.summary.text().startswith("4 cases drawn for second marking (seed 4242), 4 awaiting second marks")
    assert not window.draw_button.isEnabled() and not window.draw_action.isEnabled()
    assert window.message.text() == "Second marking drawn: 2 packs written."
    dialog.activateWindow()  # (under load the offscreen platform may not have activated it yet)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.close_button, timeout=3000)
    assert dialog.close_button.text() == "Close"
    qtbot.keyClick(dialog.close_button, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not dialog.isVisible())

    # the packs are ordinary sample packs: the second inspectors import them, mark blind and send bundles back
    flow.second_round()
    window.refresh()
    store = flow.open_store()
    try:
        status = draw_status(store, flow.inspection)
    finally:
        store.close()
    assert (status.drawn, status.returned, status.awaiting, status.seed) == (4, 4, 0, 4242)
    expected = sum(first_marks(flow.index(r))[q][0] != second_marks(flow.index(r))[q][0]
                   for r in flow.drawn for q in first_marks(flow.index(r)))
    assert window.table.rowCount() == expected > 0
    assert window.summary.text().startswith("4 cases drawn for second marking (seed 4242), 0 awaiting second marks; "
                                            "16 pairs on 4 cases")
    window.close()


def test_draw_refusals_change_nothing(qtbot: QtBot, flow: Flow) -> None:
    flow.first_round()
    window = open_window(qtbot, flow)
    assert window.inspection_id == flow.inspection  # the only marking inspection
    before = dump(flow)

    # a wrong passphrase: said in the dialog, which stays open with its options; no pack, no change
    out = flow.tmp / "window-packs"
    dialog = flow.draw_in_window(qtbot, window, seed=7, out_dir=out, passphrase="not the passphrase", must_draw=False)
    assert "wrong passphrase" in dialog.message.text() and dialog.isVisible()
    assert dialog.issued == [] and not flow.drawn and not out.exists() and dump(flow) == before
    assert QApplication.focusWidget() is dialog.passphrase and dialog.draw_button.isEnabled()

    # no output folder: asked for, focus on the field
    dialog.passphrase.setText("correct horse battery staple")
    dialog.out_dir.clear()
    assert dialog.start() is False
    assert dialog.message.text() == "Choose the output folder for the packs."
    assert QApplication.focusWidget() is dialog.out_dir
    # a file where the folder should be
    (flow.tmp / "a-file").write_text("x")
    dialog.out_dir.setText(str(flow.tmp / "a-file"))
    assert dialog.start() is False and "is a file" in dialog.message.text()
    # no passphrase
    dialog.out_dir.setText(str(out))
    dialog.passphrase.clear()
    assert dialog.start() is False and dialog.message.text() == "Give the central key passphrase."
    assert dump(flow) == before and not out.exists()

    # drawn meanwhile at the command line: the dialog says so and writes nothing
    flow.draw(seed=3)
    after_cli = dump(flow)
    dialog.passphrase.setText("correct horse battery staple")
    assert dialog.start() is True
    qtbot.waitUntil(lambda: dialog.task is not None and not dialog.task.running, timeout=20000)
    assert "already drawn" in dialog.message.text() and dialog.issued == []
    assert not out.exists() and dump(flow) == after_cli
    dialog.reject()
    window.refresh()
    assert not window.draw_button.isEnabled() and "seed 3" in window.draw_button.toolTip()
    window.close()


def test_an_inspection_with_no_marked_cases_cannot_be_drawn(qtbot: QtBot, flow: Flow) -> None:
    flow.issue_sample()
    window = open_window(qtbot, flow)
    assert window.summary.text().startswith("Second marking not drawn yet: 0 cases marked complete")
    before = dump(flow)
    dialog = flow.draw_in_window(qtbot, window, out_dir=flow.tmp / "packs", must_draw=False)
    assert "has no cases marked complete at the centre yet" in dialog.message.text()
    assert dialog.issued == [] and not (flow.tmp / "packs").exists() and dump(flow) == before
    assert "nobody yet" in dialog.about.text()
    window.close()


def test_the_dialog_is_labelled_for_keyboard_and_screen_readers(qtbot: QtBot, flow: Flow) -> None:
    flow.first_round()
    window = open_window(qtbot, flow)
    dialog = window.open_draw_dialog()
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    seed = dialog.seed.text()
    assert seed.isdigit() and len(seed) == 6  # a random seed, shown, that can be changed
    assert dialog.fraction.value() == 10.0 and dialog.min_per_type.value() == 1 and dialog.extra.text() == ""
    labels = {label.text(): label.buddy() for label in dialog.findChildren(QLabel) if label.buddy() is not None}
    assert labels == {"&Fraction of each inspector's cases:": dialog.fraction,
                      "&Minimum per casework type:": dialog.min_per_type, "&Seed:": dialog.seed,
                      "&Extra second inspectors:": dialog.extra, "&Output folder:": dialog.out_dir,
                      "Central key &passphrase:": dialog.passphrase}
    for widget in (*dialog.inputs, dialog.close_button, dialog.result_view, dialog.message):
        assert widget.accessibleName(), widget
    assert dialog.draw_button.isDefault()
    # mnemonics move the focus: Alt+P to the passphrase
    qtbot.waitUntil(lambda: QApplication.activeWindow() is dialog, timeout=3000)
    assert QApplication.focusWidget() is dialog.fraction  # the first option has the focus
    qtbot.keyClick(dialog.fraction, Qt.Key.Key_P, Qt.KeyboardModifier.AltModifier)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is dialog.passphrase, timeout=3000)
    # extra second inspectors: comma-separated names, each once
    dialog.extra.setText("carol, dave;carol ,")
    from casereader.ui.centre.moderation_draw import names

    assert names(dialog.extra.text()) == ["carol", "dave"]
    qtbot.keyClick(dialog.passphrase, Qt.Key.Key_Escape)
    qtbot.waitUntil(lambda: not dialog.isVisible())
    window.close()
    # not told where the keys are: those beside the SQLite central store, as in the centre's data folder
    plain = ModerationWindow(flow.url)
    qtbot.addWidget(plain)
    assert plain.keys_dir == flow.folders["centre"] / "central-keys"
    plain.close()


def test_extra_second_inspectors_share_the_load(qtbot: QtBot, flow: Flow) -> None:
    flow.first_round()
    window = open_window(qtbot, flow)
    dialog = flow.draw_in_window(qtbot, window, seed=5, percent="100", extra="carol")
    assert not dialog.isVisible() and QApplication.activeWindow() is window  # closed by the helper
    assert len(flow.drawn) == 8 and "carol" in flow.packs
    seconds = [second for _, second in flow.drawn.values()]
    assert set(seconds) == {"ann", "bob", "carol"} and all(f != s for f, s in flow.drawn.values())
    window.close()


# -- casereader central moderation window -----------------------------------------------------------------------
def run_window(flow: Flow, monkeypatch: pytest.MonkeyPatch, *args: object) -> tuple[int, str, list[tuple]]:
    """Run the command with the event loop replaced: what the window showed while it would have run."""
    seen: list[tuple] = []

    def exec_(*_a: object) -> int:
        for w in QApplication.topLevelWidgets():
            if isinstance(w, ModerationWindow) and w.isVisible():
                seen.append((w.windowTitle(), w.inspection_id, w.moderator.text(), w.keys_dir,
                             w.summary.text()))
        return 0

    monkeypatch.setattr(QApplication, "exec", exec_)
    code, _out, err = flow.run("--data-dir", flow.folders["centre"], "central", "moderation", "window", *args)
    return code, err, seen


def test_the_window_command_opens_the_window(qtbot: QtBot, flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    flow.first_round()
    flow.draw()
    keys = flow.folders["centre"] / "central-keys"
    code, err, seen = run_window(flow, monkeypatch, flow.inspection[:8], "--moderator", "Lead")
    assert code == 0, err
    assert len(seen) == 1 and seen[0][:4] == ("Moderation", flow.inspection, "Lead", keys)
    assert seen[0][4].startswith("4 cases drawn for second marking (seed 11), 4 awaiting second marks")
    # a second-marking inspection opens its marking inspection; --db names the store; no inspection: the drawn one
    code, err, seen = run_window(flow, monkeypatch, flow.second["ann"], "--db", flow.url)
    assert code == 0 and seen[0][1] == flow.inspection, err
    monkeypatch.setenv("CASEREADER_INSPECTOR", "lead-from-env")
    code, err, seen = run_window(flow, monkeypatch)
    assert code == 0 and seen[0][1:3] == (flow.inspection, "lead-from-env"), err


def test_the_window_command_refuses_bad_input(qtbot: QtBot, flow: Flow, monkeypatch: pytest.MonkeyPatch) -> None:
    missing = flow.tmp / "nowhere" / "central.sqlite"
    for args, message in (
        (("--db", f"sqlite:///{missing}"), f"no central store at {missing}"),
        (("--db", "nosuchdb://x"), "cannot open central store"),
    ):
        code, err, seen = run_window(flow, monkeypatch, *args)
        assert code != 0 and message in err and "Traceback" not in err and not seen, err
    flow.first_round()
    code, err, seen = run_window(flow, monkeypatch, "ffffffff")
    assert code != 0 and "no inspection ffffffff in the central store" in err and not seen
    training = flow.file("training.csv", "reference,casework_type,charging_route,victim_letter_required\n"
                                         "TRN001,MC,area,no\n")
    code, _, err = flow.central("moderation", "calibrate", "--form", "worked-example@1", "--case-file", training,
                                "--inspector", "ann", "--inspector", "bob", "--out-dir", flow.tmp / "calibration")
    assert code == 0, err
    calibration = flow.open_store()
    try:
        with calibration.sessions() as s:
            iid = s.scalars(select(CentralInspectionRecord.id).where(
                CentralInspectionRecord.purpose == "calibration")).first()
    finally:
        calibration.close()
    code, err, seen = run_window(flow, monkeypatch, iid)
    assert code != 0 and "is a calibration inspection" in err and not seen
