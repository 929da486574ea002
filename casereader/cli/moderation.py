"""``casereader central moderation draw|compare|disagreements|resolve|calibrate|calibration|window``.

Registered under ``central`` by :func:`register_moderation` (called from ``casereader.cli.central``).
"""

from __future__ import annotations

import argparse
import hashlib
import json
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereader.cli.central import DB_ENV, PASSPHRASE_ENV, keys_dir, load_keys, open_store
from casereader.cli.context import CliError, Context

if TYPE_CHECKING:
    from casereader.central.store import CentralStore
    from casereader.moderation.consistency import AgreementRow
    from casereader.moderation.pairs import PairDetail


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    """The moderation commands live under ``casereader central``: see :func:`register_moderation`."""


def register_moderation(central_sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = central_sub.add_parser("moderation", help="blind second marking, agreement, agreed marks, calibration")
    ms = p.add_subparsers(dest="moderation_command", required=True, metavar="COMMAND")

    def add(name: str, help: str, func: Callable[[Context], int], *, keys: bool = False) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = ms.add_parser(name, help=help)
        sp.add_argument("--db", metavar="URL", help=f"central store URL (default: {DB_ENV} or "
                        "sqlite:///DATA-DIR/central.sqlite)")
        if keys:
            sp.add_argument("--passphrase-file", metavar="FILE", help=f"file holding the central key passphrase "
                            f"(default: {PASSPHRASE_ENV}, else prompt)")
        sp.set_defaults(func=func)
        return sp

    dr = add("draw", "draw cases for blind second marking and write one sample pack per second inspector", cmd_draw,
             keys=True)
    dr.add_argument("inspection", metavar="INSPECTION")
    dr.add_argument("--fraction", type=float, default=0.1,
                    help="share of each inspector's cases marked complete (default 0.1)")
    dr.add_argument("--seed", type=int, required=True, help="random seed: the same seed gives the same draw")
    dr.add_argument("--min-per-type", type=int, default=1, metavar="N", help="at least N per casework type")
    dr.add_argument("--inspector", action="append", default=[], metavar="NAME",
                    help="also a second marker (default: the inspectors who marked the inspection)")
    dr.add_argument("--out-dir", required=True, metavar="DIR")
    for name, help, func in (("compare", "agreement of first and second marks", cmd_compare),
                             ("disagreements", "first and second marks that differ, side by side", cmd_disagreements)):
        sp = add(name, help, func)
        sp.add_argument("inspection", metavar="INSPECTION")
        sp.add_argument("--format", choices=["text", "json"], default="text")
        if name == "disagreements":
            sp.add_argument("--all", action="store_true", help="include disagreements already resolved")
    rs = add("resolve", "record the agreed mark of one question of a second-marked case", cmd_resolve)
    rs.add_argument("inspection", metavar="INSPECTION")
    rs.add_argument("--case", required=True, metavar="REF")
    rs.add_argument("--question", required=True, metavar="QID")
    rs.add_argument("--mark", required=True, metavar="VALUE", help="an option value or label, or n/a")
    rs.add_argument("--na-reason", default="", metavar="R")
    rs.add_argument("--comment", default="", metavar="C")
    rs.add_argument("--reason", required=True, metavar="TEXT", help="why this is the agreed mark")
    rs.add_argument("--moderator", metavar="NAME", help="default: CASEREADER_INSPECTOR or the login name")
    ca = add("calibrate", "issue the same training case(s) to every inspector", cmd_calibrate, keys=True)
    ca.add_argument("--form", required=True, metavar="ID[@VERSION]")
    ca.add_argument("--case-file", required=True, metavar="TRAINING.csv",
                    help="a 'reference' column and header fields, like a sample file")
    ca.add_argument("--inspector", action="append", default=[], required=True, metavar="NAME")
    ca.add_argument("--out-dir", required=True, metavar="DIR")
    ca.add_argument("--area", default="Calibration", metavar="NAME")
    ca.add_argument("--round", default="baseline", choices=["baseline", "follow-up"])
    cb = add("calibration", "where and how the team's calibration marks differ", cmd_calibration)
    cb.add_argument("group", metavar="INSPECTION_OR_GROUP")
    cb.add_argument("--format", choices=["text", "json"], default="text")
    wi = add("window", "open the moderation window: draw second marking, resolve disagreements, agreement",
             cmd_window)
    wi.add_argument("inspection", nargs="?", metavar="INSPECTION", help="the marking inspection to open on")
    wi.add_argument("--moderator", metavar="NAME", help="default: CASEREADER_INSPECTOR or the login name")


def _run(ctx: Context, work: Callable[[CentralStore], Any]) -> Any:

    store = open_store(ctx)
    try:
        return work(store)
    finally:
        store.close()


def cmd_draw(ctx: Context) -> int:
    from casereader.central.second_marking import draw, draw_status

    a = ctx.args
    if not 0 < a.fraction <= 1:
        raise CliError(f"--fraction {a.fraction}: give a share above 0 and at most 1, e.g. 0.1")
    if a.min_per_type < 0:
        raise CliError("--min-per-type must be 0 or more")
    keys = load_keys(ctx)
    issued, status = _run(ctx, lambda store: (
        draw(store, keys, a.inspection, fraction=a.fraction, seed=a.seed, min_per_type=a.min_per_type,
             out_dir=Path(a.out_dir), team=a.inspector), draw_status(store, a.inspection)))
    ctx.out(f"eligible cases (marked complete) per casework type: {status.eligible_text()}")
    for item in issued:
        ctx.out(f"{item.path}: second marking by {item.inspector}, inspection {item.inspection_id}, "
                f"{len(item.cases)} case(s)")
        for _new, _orig, ref, first in item.cases:
            ctx.out(f"  {ref}  first marked by {first}  ->  second marked by {item.inspector}")
    return 0


def _pct(v: float | None) -> str:
    return "-" if v is None else f"{v:.1f}%"


def _k(v: float | None) -> str:
    return "-" if v is None else f"{v:.3f}"


def _line(r: AgreementRow, width: int) -> str:
    return (f"{r.key:<{width}}  {r.pairs:>5}  {_pct(r.exact_percent):>7}  {_pct(r.within_one_percent):>10}  "
            f"{_k(r.kappa):>6}  {_k(r.weighted_kappa):>14}")


def cmd_compare(ctx: Context) -> int:
    from casereader.central.moderation import consistency

    info, section = _run(ctx, lambda store: consistency(store, ctx.args.inspection))
    if ctx.args.format == "json":
        ctx.out(json.dumps({"inspection": info.id, **section.to_json()}, indent=2, ensure_ascii=False))
        return 0
    ctx.out(f"Second marking of {info.title or info.id} ({info.id}): {section.overall.pairs} pair(s) of marks on "
            f"{section.cases} case(s); {section.disagreements} differ, {section.resolutions} resolved")
    if not section.overall.pairs:
        ctx.out("no pairs yet: import the second inspectors' bundles (casereader central import)")
        return 0
    width = max(12, *(len(r.key) for r in (*section.questions, *section.inspectors)))
    head = f"{'':<{width}}  {'pairs':>5}  {'exact':>7}  {'within one':>10}  {'kappa':>6}  {'weighted kappa':>14}"
    ctx.out("\nPer question (least consistent first)")
    ctx.out(head)
    for r in section.questions:
        ctx.out(_line(r, width))
    ctx.out("\nPer inspector (first marker)")
    ctx.out(head)
    for r in section.inspectors:
        ctx.out(_line(r, width))
    ctx.out(_line(section.overall, width))
    ctx.out("\nAgreement statistics (pairs where either mark is N/A excluded; 95% confidence intervals)")
    for title, rows in (("question", section.questions), ("inspector pair (first -> second)",
                                                          section.inspector_pairs), ("overall", (section.overall,))):
        for r in rows:
            if r.statistics is None:
                continue
            first, _, second = r.key.partition(" → ")
            names = (first, second) if second else ("first marker", "second marker")
            ctx.out(f"\n{title} {r.key}" + (f": {r.label}" if r.label not in (r.key, "") else ""))
            for name, value, interval in r.statistics.lines(*names):
                ctx.out(f"  {name:<32} {value:>24}  {interval}".rstrip())
    return 0


def _mark(label: str, m: Any) -> str:
    text = f"{label} {m.shown or '-'} by {m.inspector or '?'}"
    return text + (f" — “{m.comment}”" if m.comment else "")


def _show(ctx: Context, p: PairDetail) -> None:
    ctx.out(f"{p.reference}  {p.question_id}")
    ctx.out("  " + _mark("first: ", p.first))
    ctx.out("  " + _mark("second:", p.second))
    if p.resolution:
        r = p.resolution
        ctx.out(f"  agreed: {r.mark.shown} by {r.moderator} at {r.resolved_at} — reason: {r.reason}")


def cmd_disagreements(ctx: Context) -> int:
    from casereader.central.moderation import disagreements

    rows: list[PairDetail] = _run(ctx, lambda store: disagreements(store, ctx.args.inspection,
                                                                   include_resolved=ctx.args.all))
    if ctx.args.format == "json":
        ctx.out(json.dumps([p.to_json() for p in rows], indent=2, ensure_ascii=False))
        return 0
    if not rows:
        ctx.out("no disagreements" + ("" if ctx.args.all else " left to resolve"))
    for p in rows:
        _show(ctx, p)
    return 0


def cmd_resolve(ctx: Context) -> int:
    from casereader.central.moderation import resolve

    a = ctx.args
    done: PairDetail = _run(ctx, lambda store: resolve(
        store, a.inspection, a.case, a.question, a.mark, reason=a.reason, moderator=a.moderator or ctx.actor,
        na_reason=a.na_reason, comment=a.comment))
    ctx.out(f"agreed mark recorded for {done.reference} {done.question_id}: "
            f"{done.resolution.mark.shown if done.resolution else '-'} (first and second marks kept)")
    _show(ctx, done)
    return 0


def cmd_calibrate(ctx: Context) -> int:
    from casereader.central.calibration import calibrate
    from casereader.central.packs import read_sample

    a = ctx.args
    try:
        qs = ctx.catalogue.find(a.form)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    path = ctx.catalogue.files[(qs.id, qs.version)]
    form = path.read_bytes()
    if qs.content_hash and hashlib.sha256(form).hexdigest() != qs.content_hash:
        raise CliError(f"{path} changed while it was being read; try again")
    sample = read_sample(Path(a.case_file), qs)
    keys = load_keys(ctx)
    group, issued = _run(ctx, lambda store: calibrate(store, keys, qs, form, path.name, sample, a.inspector,
                                                      out_dir=Path(a.out_dir), area=a.area, round=a.round))
    ctx.out(f"calibration group {group}: {len(sample)} training case(s) for {len(issued)} inspector(s)")
    for item in issued:
        ctx.out(f"{item.path}: {item.inspector}, inspection {item.inspection_id}")
    return 0


def cmd_calibration(ctx: Context) -> int:
    from casereader.central.calibration import calibration_marks
    from casereader.moderation.sampling import calibration_table

    group, marks = _run(ctx, lambda store: calibration_marks(store, ctx.args.group))
    rows = calibration_table(marks)
    if ctx.args.format == "json":
        ctx.out(json.dumps({"group": group, "markers": sorted({m[0] for m in marks}), "rows": [
            {"case": r.case_reference, "question": r.question_id, "counts": r.counts, "modal": r.modal,
             "agreeing": r.agreeing, "markers": r.markers, "agreement_percent": round(r.agreement_percent, 1),
             "differing": [{"inspector": i, "mark": v} for i, v in r.differing]} for r in rows]},
            indent=2, ensure_ascii=False))
        return 0
    markers = sorted({m[0] for m in marks})
    ctx.out(f"calibration group {group}: {len(markers)} inspector(s) with marks ({', '.join(markers) or 'none'})")
    for r in rows:
        where = "; ".join(f"{i}: {v}" for i, v in r.differing) or "all agree"
        ctx.out(f"{r.case_reference}  {r.question_id}  {r.agreeing}/{r.markers} ({r.agreement_percent:.0f}%) "
                f"mark {r.modal}  —  {where}")
    return 0


def cmd_window(ctx: Context) -> int:
    from casereader.central.errors import CentralError
    from casereader.central.moderation import find_inspection

    def chosen(store: CentralStore) -> str | None:
        if not ctx.args.inspection:
            return None
        info = find_inspection(store, ctx.args.inspection)
        if info.purpose == "second_marking" and info.source_inspection_id:
            return info.source_inspection_id
        if info.purpose != "marking":
            raise CentralError(f"inspection {info.id} is a {info.purpose} inspection: see casereader central "
                               "moderation calibration")
        return info.id

    store = open_store(ctx)
    url = store.url
    try:
        inspection = chosen(store)
    finally:
        store.close()

    from casereader.ui.app import application
    from casereader.ui.centre.moderation_window import ModerationWindow

    app = application()
    window = ModerationWindow(url, inspection, moderator=ctx.args.moderator or ctx.actor,
                              keys_dir=keys_dir(ctx))
    window.show()
    try:
        return int(app.exec())
    finally:
        window.close()
