"""``casereader central report``: aggregated figures as JSON, CSV, XLSX or PDF.

``register(central_sub)`` is called by :mod:`casereader.cli.central` with its subparsers.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from casereader.cli.context import CliError, Context

FORMATS = ("json", "csv", "xlsx", "pdf")


def register(central_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = central_sub.add_parser(
        "report", help="added value, grip, themes, Areas and direction of travel as JSON, CSV, XLSX or PDF",
        description="Aggregate the central store's marks. Every figure states its method (points over maximum "
                    "points; national pooled and mean of Areas) and carries its sample size.")
    p.add_argument("--db", metavar="URL", help="central store URL (default: CASEREADER_CENTRAL_DB or "
                   "sqlite:///DATA-DIR/central.sqlite; postgresql+psycopg://... accepted)")
    p.add_argument("--by", metavar="FIELD,...", help="group by case header fields and/or round, inspection, "
                   "inspector, programme (default: casework_type when every question set has it; Area is always "
                   "a dimension)")
    p.add_argument("--compare", metavar="BASELINE", help="a round (e.g. baseline) or an inspection id (or unique "
                   "prefix): the report shows the other round(s) and the direction of travel against it")
    p.add_argument("--form", metavar="ID[@VERSION]", help="only inspections marked on this question set")
    p.add_argument("--round", action="append", default=[], metavar="ROUND", help="only this round (repeatable)")
    p.add_argument("--area", action="append", default=[], metavar="AREA", help="only this Area (repeatable)")
    p.add_argument("--where", action="append", default=[], metavar="FIELD=VALUE",
                   help="only cases whose header field has this value (repeatable)")
    p.add_argument("--all-cases", action="store_true", help="include cases not yet complete (default: complete "
                   "and locked cases only)")
    p.add_argument("--threshold", default="1.0", metavar="PP", help="direction of travel: change in percentage "
                   "points needed for improved/declined (default 1.0; smaller is static)")
    p.add_argument("--on", choices=["published", "exact"], default="published",
                   help="compare the published (rounded) figures or the exact ones (default published)")
    p.add_argument("--decimals", type=int, default=1, metavar="N", help="decimal places of published figures")
    p.add_argument("--final", action="store_true", help="the report for publication: refused, listing every "
                   "blocker, unless every sampled case is complete or replaced with a reason, every mark that needs "
                   "an evidence note has one, no import conflict is unresolved, second marking is complete to the "
                   "drawn quota and no disagreement is open. Without it the report is stamped DRAFT")
    p.add_argument("--title", default="", help="report title (PDF and metadata)")
    p.add_argument("--format", choices=FORMATS, help="output format (default: from the --out extension)")
    p.add_argument("--lang", choices=("en", "cy", "both"), default="en",
                   help="language of the PDF's fixed text (headings, labels, method, notes): English (default), "
                   "Welsh, or both (bilingual, Welsh first); the data formats carry no fixed text")
    p.add_argument("--out", required=True, metavar="FILE", help="file to write")
    p.set_defaults(func=cmd_report)
    d = central_sub.add_parser("dashboard", help="open the central dashboard: scores by Area for one round and "
                               "question-set version at a time, with draft or final (gated) export")
    d.add_argument("--db", metavar="URL", help="central store URL (default: CASEREADER_CENTRAL_DB or "
                   "sqlite:///DATA-DIR/central.sqlite; postgresql+psycopg://... accepted)")
    d.set_defaults(func=cmd_dashboard)


def cmd_dashboard(ctx: Context) -> int:
    from casereader.cli.central import open_store

    store = open_store(ctx)  # checks the URL and that the store exists before any window opens
    url = store.url
    store.close()

    from casereader.ui.app import application
    from casereader.ui.centre.dashboard import CentralDashboard

    app = application()
    window = CentralDashboard(url, fonts_dir=ctx.paths.fonts)
    window.resize(1200, 760)
    window.show()
    try:
        return int(app.exec())
    finally:
        window.close()


def _options(ctx: Context) -> dict[str, Any]:
    a = ctx.args
    fmt = a.format or Path(a.out).suffix.lower().lstrip(".")
    if fmt not in FORMATS:
        raise CliError(f"--out {a.out}: cannot tell the format from the extension; use --format "
                       + "|".join(FORMATS))
    if a.lang != "en" and fmt != "pdf":
        raise CliError(f"--lang {a.lang}: only the PDF has fixed text to print in Welsh; {fmt} is data "
                       "(use --format pdf)")
    try:
        threshold = Decimal(a.threshold)
    except InvalidOperation:
        raise CliError(f"--threshold {a.threshold}: not a number of percentage points") from None
    if threshold <= 0:
        raise CliError(f"--threshold {a.threshold}: must be greater than 0")
    if not 0 <= a.decimals <= 4:
        raise CliError(f"--decimals {a.decimals}: must be between 0 and 4")
    where: dict[str, str] = {}
    for item in a.where:
        field, sep, value = item.partition("=")
        if not sep or not field.strip():
            raise CliError(f"--where {item}: expected FIELD=VALUE")
        where[field.strip()] = value.strip()
    form_id, _, version = (a.form or "").partition("@")
    by = None if a.by is None else [f.strip() for f in a.by.split(",") if f.strip()]
    return {"format": fmt, "threshold": threshold, "where": where, "form_id": form_id or None,
            "form_version": version or None, "by": by}


def cmd_report(ctx: Context) -> int:
    from sqlalchemy.exc import SQLAlchemyError

    from casereader.central.publication import gated_report
    from casereader.central.queries import Selection, load_forms
    from casereader.cli.central import open_store
    from casereader.reports.direction import DirectionRule
    from casereader.reports.document import DRAFT, FINAL
    from casereader.reports.model import Rounding

    opts = _options(ctx)
    a = ctx.args
    sel = Selection(rounds=tuple(a.round), form_id=opts["form_id"], form_version=opts["form_version"],
                    areas=tuple(a.area), where=opts["where"], statuses=() if a.all_cases else ("complete", "locked"))
    rounding = Rounding(places=a.decimals)
    rule = DirectionRule(threshold=opts["threshold"], on=a.on, rounding=rounding)
    store = open_store(ctx)
    try:
        by = opts["by"]
        if by is None:
            forms = load_forms(store.engine, sel)
            by = ["casework_type"] if forms and all("casework_type" in qs.header_index
                                                    for qs in forms.values()) else []
        _check_fields(by, sel, store.engine)
        report, found = gated_report(store, by, sel, compare_with=a.compare, rule=rule, rounding=rounding,
                                     final=a.final)
    except SQLAlchemyError as exc:
        raise CliError(f"cannot read the central store {_shown(store.url)}: {getattr(exc, 'orig', None) or exc}"
                       ) from None
    finally:
        store.close()
    if found:  # every blocker on a line of its own, then the one closing error line
        for blocker in found:
            print(blocker.line, file=sys.stderr)
        many = "s stand" if len(found) != 1 else " stands"
        raise CliError(f"{len(found)} blocker{many} in the way of a final report (listed above); "
                       "nothing was written")
    meta = {"title": a.title or "Casework quality report", "database": _shown(store.url),
            "generated_at": _now(), "grouped_by": ",".join(report.by) or "(all cases)",
            "publication": FINAL if a.final else DRAFT}
    out = Path(a.out)
    _write_atomically(out, lambda tmp: _write(opts["format"], report, tmp, meta, ctx))
    ctx.out(f"{out}: {opts['format']} report ({meta['publication']}), {sum(report.cases.values())} cases, "
            f"{len(report.areas)} Areas, rounds {report.selection.get('rounds', '')}"
            + (" reported separately" if "round" in report.by else "")
            + f", {len(report.measures)} measure rows" + (f", compared with {a.compare}" if a.compare else ""))
    return 0


def _check_fields(by: list[str], sel: Any, engine: Any) -> None:
    from casereader.central.queries import BUILT_IN, load_forms

    forms = load_forms(engine, sel)
    known = set(BUILT_IN) | {h.id for qs in forms.values() for h in qs.header}
    for f in [*by, *sel.where]:
        if f not in known:
            raise CliError(f"unknown field '{f}': use a case header field of the question set "
                           f"({', '.join(sorted(known - set(BUILT_IN)))}) or one of {', '.join(sorted(BUILT_IN))}")


def _write(fmt: str, report: Any, path: Path, meta: dict[str, str], ctx: Context) -> None:
    from casereader.reports.exporters import write_report

    if fmt != "pdf":
        write_report(fmt, report, path, meta)
    else:
        from casereader.printing.report_pdf import write_report_pdf

        write_report_pdf(report, path, meta=meta, fonts_dir=ctx.paths.fonts, lang=ctx.args.lang)


def _write_atomically(out: Path, write: Any) -> None:
    if out.parent and not out.parent.exists():
        raise CliError(f"--out {out}: folder {out.parent} does not exist")
    fd, name = tempfile.mkstemp(prefix=".report-", suffix=out.suffix, dir=out.parent)
    os.close(fd)
    tmp = Path(name)
    try:
        write(tmp)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)
        os.replace(tmp, out)
    except OSError as exc:
        raise CliError(f"cannot write {out}: {exc}") from None
    finally:
        tmp.unlink(missing_ok=True)


def _now() -> str:
    import datetime as dt

    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    try:
        return make_url(url).render_as_string(hide_password=True)
    except Exception:  # an unparseable URL is shown only by its scheme
        return url.split(":", 1)[0] + ":..."
