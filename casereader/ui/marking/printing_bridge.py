"""Marking sheets from the app: the open case (Ctrl+P) or every case (a cancellable background job), in the
interface language (a Welsh interface prints Welsh sheets, as ``casereader sheet --lang cy`` does).

Cases are read from the store on the GUI thread; the job only lays out PDFs (pure ReportLab work).
"""

from __future__ import annotations

import importlib.util
import re
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication

from casereader.paths import Paths
from casereader.ui.marking.session import MarkingSession
from casereader.ui.translation import current_language
from casereader.ui.workers import Cancelled, Job, Progress

SHEETS_MODULE = "casereader.printing.sheets"


def available() -> bool:
    """Whether the printing package (ReportLab sheets) is installed in this build."""
    try:
        return importlib.util.find_spec(SHEETS_MODULE) is not None
    except ModuleNotFoundError:
        return False


def sheets_folder(paths: Paths, session: MarkingSession) -> Path:
    name = re.sub(r"[^A-Za-z0-9_.-]+", "-", f"{session.inspection.area}-{session.inspection.round.value}").strip("-")
    return paths.data_dir / "sheets" / (name or session.inspection.id)


def print_case(session: MarkingSession, paths: Paths) -> Path:
    """Write the open case's sheet to the sheets folder and return the PDF's path."""
    from casereader.printing.options import SheetOptions
    from casereader.printing.sheets import SheetError, render_case_sheet

    case = session.case
    if case is None:
        raise RuntimeError("no case is open")
    case = session.store.get_case(case.id)
    folder = sheets_folder(paths, session)
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / (re.sub(r"[^A-Za-z0-9_.-]+", "-", case.reference) + ".pdf")
    try:
        render_case_sheet(session.qs, session.inspection, case, target,
                          options=SheetOptions(language=current_language()))
    except SheetError as exc:
        raise RuntimeError(str(exc)) from exc
    return target


def print_all_job(session: MarkingSession, paths: Paths) -> tuple[Job, Path]:
    """A job writing one PDF per case into the sheets folder (reads the cases now, on this thread)."""
    cases = [session.store.get_case(c.id) for c in session.cases() if not c.withdrawn_reason]
    qs, inspection = session.qs, session.inspection
    folder = sheets_folder(paths, session)
    language = current_language()  # read here: the job runs on another thread

    def job(progress: Progress, cancelled: Callable[[], bool]) -> int:
        from casereader.printing.options import SheetOptions
        from casereader.printing.sheets import PrintCancelled, render_batch

        folder.mkdir(parents=True, exist_ok=True)

        def report(done: int, total: int) -> bool:
            progress(done, total, QCoreApplication.translate("PrintingBridge", "{0} of {1} sheets").format(done, total))
            return not cancelled()

        try:
            render_batch(qs, inspection, cases, None, per_case_dir=folder, progress=report,
                         options=SheetOptions(language=language))
        except PrintCancelled as exc:
            raise Cancelled(str(exc)) from exc
        return len(cases)

    return job, folder
