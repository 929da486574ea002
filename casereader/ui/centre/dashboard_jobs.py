"""The central dashboard's background jobs, plain functions run by :class:`~casereader.ui.workers.BackgroundTask`:
load one round and one question-set version, and export the selection as a draft or (gated) final report."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication as Q

from casereader.reports.model import Report
from casereader.ui.workers import Cancelled, Progress

ALL = ""
EXPORT_FORMATS = {".pdf": "pdf", ".xlsx": "xlsx", ".csv": "csv", ".json": "json"}


@dataclass(frozen=True)
class Filters:
    round: str = ALL  # ALL: the latest round
    question_set: str = ALL  # "id@version"; ALL: the newest in the round
    casework_type: str = ALL
    area: str = ALL


@dataclass(frozen=True)
class Loaded:
    report: Report
    selection: Any  # casereader.central.queries.Selection
    rounds: list[str]
    question_sets: list[str]
    areas: list[str]
    casework_types: list[str]
    by: list[str] = field(default_factory=list)


def load(url: str, filters: Filters, progress: Progress, cancelled: Any) -> Loaded:
    """Count and aggregate one round and one question-set version (a BackgroundTask job)."""
    from casereader.central import queries
    from casereader.central.store import CentralStore

    store = CentralStore.open(url)
    try:
        engine = store.engine
        progress(1, 4, Q.translate("DashboardJobs", "Reading the central store…"))
        rounds = queries.rounds(engine)
        if not rounds:
            raise queries.QueryError("the central store holds no marking inspection yet")
        round_ = filters.round if filters.round in rounds else rounds[-1]
        versions = queries.coverage(engine, queries.Selection(rounds=(round_,), statuses=())).question_sets
        if not versions:
            raise queries.QueryError(f"the {round_} round has no cases at the centre yet")
        chosen = filters.question_set if filters.question_set in versions else versions[-1]
        form_id, _, version = chosen.partition("@")
        sel = queries.Selection(rounds=(round_,), form_id=form_id, form_version=version,
                                areas=(filters.area,) if filters.area else ())
        if cancelled():
            raise Cancelled
        forms = queries.load_forms(engine, sel)
        by = ["casework_type"] if forms and all("casework_type" in qs.header_index for qs in forms.values()) else []
        progress(2, 4, Q.translate("DashboardJobs", "Counting answers…"))
        report = queries.build_report(engine, by, sel)
        progress(4, 4, "")
        return Loaded(report, sel, rounds, versions, queries.areas(engine),
                      queries.field_values(engine, "casework_type"), by)
    finally:
        store.close()


def export(url: str, loaded: Loaded, path: Path, final: bool, fonts_dir: Path | None, progress: Progress,
           cancelled: Any, *, lang: str = "en") -> list[str]:
    """Write the dashboard's selection as a report file; with ``final``, only if the publication gate passes;
    a PDF's fixed text in ``lang``. Returns the blockers' lines (nothing written) or [] (written)."""
    from casereader.central.publication import gated_report
    from casereader.central.store import CentralStore
    from casereader.reports.document import DRAFT, FINAL
    from casereader.reports.exporters import write_report

    store = CentralStore.open(url)
    try:
        progress(1, 3, Q.translate("DashboardJobs", "Checking the evidence base…") if final
                 else Q.translate("DashboardJobs", "Building the report…"))
        report, found = gated_report(store, loaded.by, loaded.selection, final=final)
    finally:
        store.close()
    if found:
        return [b.line for b in found]
    if cancelled():
        raise Cancelled
    progress(2, 3, Q.translate("DashboardJobs", "Writing…"))
    meta = {"title": "Casework quality report", "generated_at": _now(), "publication": FINAL if final else DRAFT,
            "grouped_by": ",".join(report.by) or "(all cases)"}
    if path.suffix.lower() == ".pdf":
        from casereader.printing.report_pdf import write_report_pdf

        write_report_pdf(report, path, meta=meta, fonts_dir=fonts_dir, lang=lang)
    else:
        write_report(EXPORT_FORMATS[path.suffix.lower()], report, path, meta)
    return []


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")
