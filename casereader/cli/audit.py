"""``casereader audit verify``: recompute the local audit log's hash chain."""

from __future__ import annotations

import argparse
import sys

from casereader.cli.context import CliError, Context, local_store

TAMPERED = 1  # exit status when the chain does not hold


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("audit", help="check the local audit log")
    ps = p.add_subparsers(dest="audit_command", required=True, metavar="COMMAND")
    v = ps.add_parser("verify", help="recompute the audit log's hash chain; exit 1 if any event was changed, "
                      "removed or inserted behind its triggers")
    v.set_defaults(func=cmd_verify)


def cmd_verify(ctx: Context) -> int:
    from casereader.storage import chain

    with local_store(ctx) as store:
        count, heads, breaks = chain.verify_rows(store.audit_rows())
        breaks += store.exported_chain_breaks()
    for b in breaks:
        print(str(b), file=sys.stderr)
    if breaks:
        raise CliError(f"{ctx.paths.database}: the audit log does not verify ({len(breaks)} break(s) in "
                       f"{count} event(s)); it was changed behind its triggers", TAMPERED)
    ctx.out(f"audit log intact: {count} event(s) in {len(heads)} chain(s)")
    for inspection_id, (seq, value) in sorted(heads.items(), key=lambda kv: kv[1][0]):
        ctx.out(f"  {inspection_id or '(no inspection)'}: head {value[:16]}… at event {seq}")
    return 0
