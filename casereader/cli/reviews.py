"""``casereader query list|answer`` (the laptop) and ``casereader central query ...|signoff`` (the centre):
the review loop from the command line (see docs/sync.md)."""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereader.cli.context import CliError, Context, local_store

if TYPE_CHECKING:
    from casereader.core.review import QueryState


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("query", help="the centre's queries on this laptop's marks: list and answer them")
    qs = p.add_subparsers(dest="query_command", required=True, metavar="COMMAND")
    ls = qs.add_parser("list", help="an inspection's queries (import them with 'casereader pack import')")
    ls.add_argument("inspection", metavar="INSPECTION")
    ls.set_defaults(func=cmd_list)
    an = qs.add_parser("answer", help="answer a query: text, and optionally a changed mark (audited)")
    an.add_argument("inspection", metavar="INSPECTION")
    an.add_argument("query", metavar="QUERY_ID")
    an.add_argument("--text", required=True, metavar="T")
    an.add_argument("--mark", metavar="VALUE", help="change the query's question's answer to VALUE (e.g. fully, "
                    "n/a) before answering")
    an.add_argument("--inspector", metavar="NAME", help="who answers (default: CASEREADER_INSPECTOR or the login)")
    an.set_defaults(func=cmd_answer)


def register_central(cs: argparse._SubParsersAction, add: Any) -> None:  # type: ignore[type-arg]
    """``central query open|list|close|reopen|pack`` and ``central signoff`` (``add`` adds --db)."""
    q = cs.add_parser("query", help="queries on marks, sent to the inspectors in query packs")
    qs = q.add_subparsers(dest="central_query_command", required=True, metavar="COMMAND")

    def sub(name: str, help: str, func: Any, *, passphrase: bool = False) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = qs.add_parser(name, help=help)
        add(sp, passphrase)
        sp.set_defaults(func=func)
        return sp

    op = sub("open", "open a query on a case or one of its marks", cmd_central_open)
    op.add_argument("inspection", metavar="INSPECTION")
    op.add_argument("--case", required=True, metavar="REF")
    op.add_argument("--question", metavar="QID", help="the question the query is on (default: the whole case)")
    op.add_argument("--text", required=True, metavar="T")
    op.add_argument("--by", metavar="NAME", help="who opens it (default: CASEREADER_INSPECTOR or the login)")
    ls = sub("list", "list queries with their state", cmd_central_list)
    ls.add_argument("inspection", nargs="?", metavar="INSPECTION")
    ls.add_argument("--state", choices=["open", "answered", "closed"])
    cl = sub("close", "close a query", cmd_central_close)
    cl.add_argument("query", metavar="QUERY_ID")
    cl.add_argument("--note", default="", metavar="T")
    cl.add_argument("--by", metavar="NAME")
    ro = sub("reopen", "re-open an answered or closed query", cmd_central_reopen)
    ro.add_argument("query", metavar="QUERY_ID")
    ro.add_argument("--text", required=True, metavar="T")
    ro.add_argument("--by", metavar="NAME")
    pk = sub("pack", "write the signed query pack of an inspection for its inspectors", cmd_central_pack,
             passphrase=True)
    pk.add_argument("inspection", metavar="INSPECTION")
    pk.add_argument("--out", required=True, metavar="FILE")
    so = cs.add_parser("signoff", help="sign a complete case off as its reviewer (not its marker)")
    add(so, False)
    so.add_argument("inspection", metavar="INSPECTION")
    so.add_argument("--case", required=True, metavar="REF")
    so.add_argument("--reviewer", required=True, metavar="NAME")
    so.add_argument("--clear", metavar="REASON", help="withdraw the case's sign-off instead, saying why")
    so.set_defaults(func=cmd_central_signoff)


def _line(q: QueryState, reference: str) -> str:
    on = q.question_id or "(whole case)"
    text = f"{q.id[:8]} {q.state:<8} {reference} {on}: {q.text}"
    if q.answer:
        text += f" | answer ({q.answered_by}): {q.answer}" + (f" [mark now {q.mark}]" if q.mark else "")
    if q.state == "closed":
        text += f" | closed by {q.closed_by}" + (f": {q.note}" if q.note else "")
    elif q.note:
        text += f" | re-opened: {q.note}"
    if q.rejected:
        text += f" | {len(q.rejected)} step(s) did not apply"
    return text


def cmd_list(ctx: Context) -> int:
    from casereader.sync.reviews import case_signoff

    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        refs = {c.id: c.reference for c in store.list_cases(insp.id)}
        queries = store.queries(insp.id)
        signed = sorted({e.case_id for e in store.review_events(insp.id) if e.kind == "signed_off"},
                        key=lambda cid: refs.get(cid, cid))
        signoffs = [case_signoff(store, cid) for cid in signed]
    if not queries:
        ctx.out(f"no queries in inspection {insp.id}")
    for q in queries:
        ctx.out(_line(q, refs.get(q.case_id, q.case_id)))
    for so in signoffs:
        ref = refs.get(so.case_id, so.case_id)
        if so.holds:
            ctx.out(f"case {ref}: signed off by {so.signed_by} on {so.signed_at[:10]}")
        elif so.changed_since_review:
            ctx.out(f"case {ref}: changed since review (signed off by {so.signed_by} on {so.signed_at[:10]})")
    return 0


def cmd_answer(ctx: Context) -> int:
    from casereader.sync.device import device_key
    from casereader.sync.reviews import answer_query

    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        mark = None
        if ctx.args.mark is not None:
            mark = _mark(store.question_set(insp.id), store.queries(insp.id), ctx.args.query, ctx.args.mark)
        q = answer_query(store, insp.id, ctx.args.query, ctx.args.text, actor=ctx.actor,
                         origin=device_key(ctx.paths.ensure()).device_id, mark=mark)
    ctx.out(f"query {q.id[:8]} answered" + (f"; the mark of {q.question_id} is now {q.mark}" if q.mark else ""))
    return 0


def _mark(qs: Any, queries: list[QueryState], ref: str, text: str) -> Any:
    """The answer ``--mark`` gives the query's question (None for an unknown query: answering refuses it)."""
    from casereader.tabular.values import parse_answer

    found = [q for q in queries if ref.strip() and q.id.startswith(ref.strip().lower())]
    if len(found) != 1:
        return None
    if found[0].question_id is None:
        raise CliError(f"query {found[0].id[:8]} is on the whole case, not one question: answer it without --mark")
    if not text.strip():
        raise CliError("--mark needs a value, e.g. fully or n/a (to leave the mark as it is, leave --mark out)")
    try:
        return parse_answer(qs, found[0].question_id, text)
    except (ValueError, KeyError) as exc:
        raise CliError(f"--mark {text!r}: {exc}") from None


# -- the centre ----------------------------------------------------------------------------------------
def _central(ctx: Context, work: Any) -> Any:
    """``work(store)`` on the central store, opened for it and closed after (its CentralError reaches main)."""
    from casereader.cli.central import open_store

    store = open_store(ctx)
    try:
        return work(store)
    finally:
        store.close()


def _by(ctx: Context) -> str:
    return str(ctx.args.by).strip() if getattr(ctx.args, "by", None) and str(ctx.args.by).strip() else ctx.actor


def cmd_central_open(ctx: Context) -> int:
    from casereader.central.reviews import open_query

    a = ctx.args
    q = _central(ctx, lambda st: open_query(st, a.inspection, a.case, a.question, a.text, _by(ctx)))
    ctx.out(f"query {q.id} opened on case {a.case}" + (f", question {q.question_id}" if q.question_id else ""))
    return 0


def cmd_central_list(ctx: Context) -> int:
    from casereader.central.reviews import changed_since_review, list_queries

    a = ctx.args
    rows, changed = _central(ctx, lambda st: (list_queries(st, a.inspection, a.state),
                                              changed_since_review(st, a.inspection)))
    if not rows:
        ctx.out("no queries" + (f" {a.state}" if a.state else ""))
    for r in rows:
        ctx.out(_line(r.query, r.reference) + (" | CHANGED SINCE REVIEW" if r.changed_since_review else ""))
    for inspection_id, reference in changed:
        ctx.out(f"case {reference} of inspection {inspection_id[:8]}: changed since review (sign-off cleared)")
    return 0


def cmd_central_close(ctx: Context) -> int:
    from casereader.central.reviews import close_query

    q = _central(ctx, lambda st: close_query(st, ctx.args.query, _by(ctx), ctx.args.note))
    ctx.out(f"query {q.id[:8]} closed")
    return 0


def cmd_central_reopen(ctx: Context) -> int:
    from casereader.central.reviews import reopen_query

    q = _central(ctx, lambda st: reopen_query(st, ctx.args.query, ctx.args.text, _by(ctx)))
    ctx.out(f"query {q.id[:8]} re-opened")
    return 0


def cmd_central_pack(ctx: Context) -> int:
    from casereader.central.reviews import issue_query_pack
    from casereader.cli.central import load_keys

    out = Path(ctx.args.out)
    keys = load_keys(ctx)
    inspection_id, count = _central(ctx, lambda st: issue_query_pack(st, keys, ctx.args.inspection, out))
    ctx.out(f"{out}: query pack of inspection {inspection_id}, {count} event(s)")
    return 0


def cmd_central_signoff(ctx: Context) -> int:
    from casereader.central.reviews import clear_signoff, sign_off

    a = ctx.args
    if a.clear is not None:
        _central(ctx, lambda st: clear_signoff(st, a.inspection, a.case, a.reviewer, a.clear))
        ctx.out(f"the sign-off of case {a.case} was withdrawn by {a.reviewer.strip()}")
        return 0
    done = _central(ctx, lambda st: sign_off(st, a.inspection, a.case, a.reviewer))
    ctx.out(f"case {a.case} signed off by {done.signed_by}")
    return 0
