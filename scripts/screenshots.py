"""Render the app's main screens to PNG, offscreen: ``python scripts/screenshots.py OUTDIR``.

Builds the demo inspection in a temporary data folder, then grabs the welcome screen, the main window
with a case in progress, the case summary and the shortcut overlay.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SIZE = (1440, 900)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("outdir", type=Path)
    parser.add_argument("--scale", type=float, default=1.0, help="device pixel ratio to render at (e.g. 2)")
    args = parser.parse_args(argv)
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    if args.scale != 1.0:
        os.environ["QT_SCALE_FACTOR"] = str(args.scale)

    from PySide6.QtCore import QCoreApplication, QEventLoop
    from PySide6.QtGui import QFont, QFontDatabase
    from PySide6.QtWidgets import QWidget

    from casereader.core.inspection import CaseStatus
    from casereader.demo import ensure_demo
    from casereader.paths import resolve
    from casereader.storage import LocalStore
    from casereader.ui.app import application
    from casereader.ui.main_window import MainWindow
    from casereader.ui.style import apply_style
    from casereader.ui.summary_dialog import SummaryDialog

    app = application()
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
    with tempfile.TemporaryDirectory() as tmp:
        paths = resolve(Path(tmp) / "data").ensure()
        store = LocalStore.open(paths.database, backups_dir=paths.backups)
        try:
            window = MainWindow(store, paths)
            window.resize(*SIZE)
            window.show_welcome()
            window.show()
            save(window, "welcome.png")

            inspection = ensure_demo(store, [paths.forms])
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
            if target:
                earlier = engine.previous_question(target)
                window.form.focus_question(target)
                settle()
                if earlier:
                    window.form.scroller.ensureWidgetVisible(window.form.questions[earlier], 0, 20)
            save(window, "main-window.png")

            dialog = SummaryDialog(session, window)
            dialog.resize(980, 680)
            dialog.show()
            dialog.tabs.setCurrentIndex(1)
            save(dialog, "case-summary.png")
            dialog.tabs.setCurrentIndex(0)
            save(dialog, "case-summary-scores.png")
            dialog.close()

            window.overlay.open_overlay()
            save(window, "shortcuts.png")
            window.overlay.close_overlay()
            window.close()
        finally:
            store.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
