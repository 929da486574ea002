"""Render the app's main screens to PNG, offscreen: ``python scripts/screenshots.py OUTDIR``.

In a temporary data folder: the start page, the inspector chooser, an inspection with no cases yet, then the
demo inspection — the main window with a case in progress at 1440x900 and at 1024x700, a completed case
(read-only), the case summary and the shortcut overlay — the same in Welsh (``*-cy.png``: the start page, a
case at both sizes, the summary and the overlay, switched live as Settings ▸ Language does) — and the main
window at 1024x700 at 200 % scale (rendered by a second run of this script with ``--scale 2``, since the
scale is fixed when Qt starts). The pictures are in English first whatever the computer's language.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1440, 900)
SMALL = (1024, 700)


class RecordingDialogs:
    """Keeps what the app would have said (title, text), to render it as a message box."""

    def __init__(self) -> None:
        self.said: list[tuple[str, str]] = []

    def warn(self, _parent: object, title: str, text: str) -> None:
        self.said.append((title, text))


def qtkey(widget: object) -> None:
    """Press Delete on ``widget`` (a stray key on a completed case: refused, with the notice)."""
    from PySide6.QtCore import Qt
    from PySide6.QtTest import QTest

    QTest.keyClick(widget, Qt.Key.Key_Delete)  # type: ignore[arg-type]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", type=float, default=1.0,
                        help="device pixel ratio to render at (e.g. 2): only the main window at 1024x700")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QWidget

    from casereader.core.inspection import CaseStatus, Round
    from casereader.core.loader import load_question_set
    from casereader.demo import ensure_demo
    from casereader.paths import resolve
    from casereader.storage import LocalStore
    from casereader.ui.app import application
    from casereader.ui.contrast import dark_sample
    from casereader.ui.dialogs import Dialogs
    from casereader.ui.inspector_chooser import InspectorChooser
    from casereader.ui.marking.case_intake import CaseIntake
    from casereader.ui.marking.main_window import MainWindow
    from casereader.ui.marking.summary_dialog import SummaryDialog
    from casereader.ui.marking.who import inspector_key
    from casereader.ui.style import apply_style
    from casereader.ui.translation import install_language

    app = application()
    install_language(app, "en")  # the computer's remembered language does not change the pictures
    fonts = ROOT / "resources" / "fonts"
    families = [QFontDatabase.applicationFontFamilies(QFontDatabase.addApplicationFont(str(f)))
                for f in sorted(fonts.glob("DejaVuSans*.ttf"))]
    if any(families) and QFontDatabase.families() == [f for fam in families for f in fam]:
        app.setFont(QFont("DejaVu Sans", 10))  # offscreen with no system fonts: use the bundled ones
        apply_style(app)

    def settle() -> None:
        for _ in range(5):
            QCoreApplication.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)

    def save(widget: QWidget, name: str) -> None:
        settle()
        target = args.outdir / name
        widget.grab().save(str(target))
        print(target)

    args.outdir.mkdir(parents=True, exist_ok=True)
    scaled = args.scale != 1.0
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        store = LocalStore.open(paths.database, backups_dir=paths.backups)
        try:
            window = MainWindow(store, paths, dialogs=Dialogs())
            window.resize(*SIZE)
            if not scaled:
                window.show_welcome()
                window.show()
                save(window, "welcome.png")
                chooser = InspectorChooser(["A. Inspector", "B. Inspector", "C. Lead Inspector"], "B. Inspector")
                chooser.show()
                save(chooser, "inspector-chooser.png")
                chooser.close()

                aip = paths.forms / "aip-casework-2021.1.yaml"
                empty = store.create_inspection(load_question_set(aip), area="Wessex", round=Round.FOLLOW_UP,
                                                form_bytes=aip.read_bytes(), inspectors=["A. Inspector"])
                window.open_inspection(empty.id)
                save(window, "empty-inspection.png")
                sample = Path(tmp) / "sample.csv"
                sample.write_text("reference,casework_type,charging_route\nWS0001,MC,area\nWS0002,Crown,area\n"
                                  "WS0003,CC,police\n", encoding="utf-8")
                refusal = RecordingDialogs()
                CaseIntake(store, empty.id, "A. Inspector", refusal, window).import_sample(sample)
                if refusal.said:
                    from PySide6.QtWidgets import QMessageBox

                    box = QMessageBox(QMessageBox.Icon.Warning, refusal.said[0][0], refusal.said[0][1],
                                      QMessageBox.StandardButton.Ok, window)
                    box.show()
                    save(box, "sample-import-refused.png")
                    box.close()

            inspection = ensure_demo(store, [paths.forms])
            store.set_setting(inspector_key(inspection.id), inspection.inspectors[0])
            window.open_inspection(inspection.id)
            session = window.session
            assert session is not None and window.form is not None
            cases = session.cases()
            part = [c for c in cases if c.status == CaseStatus.IN_PROGRESS and c.header.get("casework_type") == "CC"]
            chosen = max(part or cases, key=lambda c: (c.answered, c.reference))
            window.open_case(chosen.id)
            engine = session.engine
            assert engine is not None
            target = engine.next_question(None, unanswered=True)
            for size, name in ((SMALL, "main-window-1024x700-200pct.png"),) if scaled else (
                    (SIZE, "main-window.png"), (SMALL, "main-window-1024x700.png")):
                window.resize(*size)
                window.show()
                if target:
                    earlier = engine.previous_question(target)
                    window.form.focus_question(target)
                    settle()
                    if earlier:
                        window.form.scroller.ensureWidgetVisible(window.form.questions[earlier], 0, 20)
                save(window, name)
            if scaled:
                window.close()
                return 0

            done = next((c for c in cases if c.status == CaseStatus.COMPLETE), None)

            def read_only_summary_overlay(suffix: str) -> None:
                """A completed case after a stray Delete on its first detail (refused, and why: the longest
                notice), the case summary and the shortcut overlay."""
                if done is not None:
                    window.resize(*SMALL)
                    window.open_case(done.id)
                    window.activateWindow()
                    window.form.focus_header()
                    settle()
                    qtkey(window.form.header.widget(window.form.header.stops[0]))
                    save(window, f"complete-case-read-only{suffix}.png")
                    window.open_case(chosen.id)
                window.resize(*SIZE)
                dialog = SummaryDialog(session, window)
                dialog.resize(980, 680)
                dialog.show()
                dialog.tabs.setCurrentIndex(1)
                save(dialog, f"case-summary{suffix}.png")
                if not suffix:
                    dialog.tabs.setCurrentIndex(0)
                    save(dialog, "case-summary-scores.png")
                dialog.close()
                window.overlay.open_overlay()
                save(window, f"shortcuts{suffix}.png")
                window.overlay.close_overlay()

            read_only_summary_overlay("")

            # the print path (File ▸ Print case sheet, Ctrl+P): the sheet the app writes for the open case, its
            # first page as the inspector sees it in the PDF viewer the app opens
            from casereader.ui.marking import printing_bridge

            sheet = printing_bridge.print_case(session, paths)
            subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(sheet),
                            str(args.outdir / "case-sheet")], check=True)
            print(args.outdir / "case-sheet.png")

            install_language(app, "cy")  # as Settings ▸ Language does, without remembering it on this computer
            settle()
            window.show_welcome()
            save(window, "welcome-cy.png")
            chooser = InspectorChooser(["A. Inspector", "B. Inspector", "C. Lead Inspector"], "B. Inspector")
            chooser.show()
            save(chooser, "inspector-chooser-cy.png")
            chooser.close()
            window.open_inspection(inspection.id)
            window.open_case(chosen.id)
            for size, name in ((SIZE, "main-window-cy.png"), (SMALL, "main-window-1024x700-cy.png")):
                window.resize(*size)
                if target:
                    window.form.focus_question(target)
                save(window, name)
            read_only_summary_overlay("-cy")
            install_language(app, "en")
            settle()

            light = app.palette()  # the same window on a dark desktop palette, made accessible as the app does
            app.setPalette(dark_sample(light))
            apply_style(app)
            window.resize(*SMALL)
            if target:
                window.form.focus_question(target)
            save(window, "main-window-dark.png")
            app.setPalette(light)
            apply_style(app)
            window.close()
        finally:
            store.close()
    if not scaled:  # the 200 % picture: Qt's scale is fixed at start, so in a second run
        env = {**os.environ, "QT_SCALE_FACTOR": "2"}
        subprocess.run([sys.executable, __file__, str(args.outdir), "--scale", "2"], check=True, env=env)
    return 0


if __name__ == "__main__":
    sys.exit(main())
