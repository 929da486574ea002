"""``casereader pack import``, ``casereader bundle export|verify|purge``, ``casereader sync ...``: the
inspector's side of sync."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

from casereader.cli.context import CliError, Context, local_store

if TYPE_CHECKING:
    pass


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    pk = sub.add_parser("pack", help="sample packs from the centre")
    ps = pk.add_subparsers(dest="pack_command", required=True, metavar="COMMAND")
    im = ps.add_parser("import", help="verify a sample pack and create its inspection on this laptop, or a "
                       "query pack and take in its queries")
    im.add_argument("file", metavar="FILE")
    im.set_defaults(func=cmd_pack_import)

    bd = sub.add_parser("bundle", help="marks bundles for the centre")
    bs = bd.add_subparsers(dest="bundle_command", required=True, metavar="COMMAND")
    ex = bs.add_parser("export", help="export an inspection's marks as a signed, encrypted bundle")
    ex.add_argument("inspection", metavar="INSPECTION")
    ex.add_argument("--out", required=True, metavar="FILE")
    ex.add_argument("--since-last", action="store_true", help="only the cases changed since the last export")
    ex.set_defaults(func=cmd_export)
    ve = bs.add_parser("verify", help="check a bundle's integrity and signature without decrypting it")
    ve.add_argument("file", metavar="FILE")
    ve.set_defaults(func=cmd_verify)
    pu = bs.add_parser("purge", help="delete an inspection from this laptop once the centre has confirmed it")
    pu.add_argument("inspection", metavar="INSPECTION")
    pu.add_argument("--receipt", metavar="FILE", help="a receipt file (default: receipts already picked up)")
    pu.add_argument("--yes", action="store_true", help="do not ask for confirmation (needed without a terminal)")
    pu.set_defaults(func=cmd_purge)

    sy = sub.add_parser("sync", help="the shared sync folder and this device's key")
    ss = sy.add_subparsers(dest="sync_command", required=True, metavar="COMMAND")
    sf = ss.add_parser("set-folder", help="the shared or synchronised folder bundles and receipts travel through")
    sf.add_argument("folder", metavar="DIR")
    sf.set_defaults(func=cmd_set_folder)
    sr = ss.add_parser("run", help="export changed inspections to the folder; pick up packs and receipts")
    sr.set_defaults(func=cmd_sync_run)
    sd = ss.add_parser("device", help="show this device's id; write its public key for enrolment")
    sd.add_argument("--out", metavar="FILE", help="write the public key file the centre enrols")
    sd.set_defaults(func=cmd_device)


def _read(path: Path, what: str) -> bytes:
    from casereader.bundles.limits import MAX_BUNDLE_BYTES
    from casereader.files import TooLarge, read_bounded

    try:
        return read_bounded(path, MAX_BUNDLE_BYTES)
    except OSError as exc:
        raise CliError(f"cannot read {what} {path}: {exc.strerror or exc}") from None
    except TooLarge:
        raise CliError(f"{path}: larger than any {what} can be") from None


def cmd_pack_import(ctx: Context) -> int:
    from casereader.bundles.query_packs import is_query_pack
    from casereader.sync.packs import import_pack

    path = Path(ctx.args.file)
    data = _read(path, "sample pack")
    if is_query_pack(data):
        return _query_pack_import(ctx, path, data)
    with local_store(ctx) as store:
        done = import_pack(store, data, actor=ctx.actor, display=path.name)
    insp = done.inspection
    ctx.out(f"{path}: inspection {insp.id} — {insp.title} ({insp.form_key}, {insp.area}, {insp.round.value}): "
            f"{done.cases} case(s)" + (f" and {done.reserve} reserve(s)" if done.reserve else ""))
    if done.first_contact:
        ctx.out(f"trusting the centre's key {done.fingerprint} from now on (check it with the centre)")
    return 0


def _query_pack_import(ctx: Context, path: Path, data: bytes) -> int:
    from casereader.sync.reviews import import_query_pack

    with local_store(ctx) as store:
        done = import_query_pack(store, data, actor=ctx.actor, display=path.name)
    ctx.out(f"{path}: query pack of inspection {done.inspection_id}: {done.new} new of {done.events} event(s); "
            f"{done.open_queries} query(ies) open")
    return 0


def cmd_export(ctx: Context) -> int:
    from casereader.sync.device import device_key
    from casereader.sync.folder import write_export

    out = Path(ctx.args.out)
    with local_store(ctx) as store:
        insp = store.get_inspection(ctx.args.inspection)
        done = write_export(store, insp.id, device_key(ctx.paths.ensure()), out, since_last=ctx.args.since_last)
    if done is None:
        ctx.out(f"nothing has changed in inspection {insp.id} since the last export; no bundle written")
        return 0
    ctx.out(f"{out}: {done.kind} bundle {done.sequence} of inspection {insp.id}, {len(done.manifest.cases)} "
            f"case(s), {done.manifest.audit_chain.events} audit event(s)")
    return 0


def cmd_verify(ctx: Context) -> int:
    from casereader.bundles import BundleError, verify_bundle

    path = Path(ctx.args.file)
    data = _read(path, "marks bundle")
    try:
        m = verify_bundle(data, display=path.name)
    except BundleError as exc:
        raise CliError(str(exc), code=1) from None
    ctx.out(f"{path}: intact, signed by device {m.device.id}")
    ctx.out(f"  bundle {m.bundle_id} ({m.kind}, sequence {m.sequence}"
            + (f" after {m.previous_sequence}" if m.previous_sequence else "") + f"), created {m.created_at}")
    ctx.out(f"  inspection {m.inspection_id}, question set {m.question_set.id}@{m.question_set.version} "
            f"(sha256 {m.question_set.hash[:12]}…)")
    ctx.out(f"  {len(m.cases)} case(s); audit chain {m.audit_chain.events} event(s), head {m.audit_chain.head[:16]}…")
    ctx.out(f"  encrypted for centre {m.central_fingerprint[:16]}… (not decrypted)")
    return 0


def cmd_purge(ctx: Context) -> int:
    from casereader.sync.device import device_key
    from casereader.sync.folder import purge

    with local_store(ctx) as store:
        receipt = _read(Path(ctx.args.receipt), "receipt") if ctx.args.receipt else None
        device_id = device_key(ctx.paths.ensure()).device_id
        message = purge(store, ctx.args.inspection, receipt=receipt, actor=ctx.actor, device_id=device_id,
                        confirm=None if ctx.args.yes else _confirm)
    ctx.out(message)
    return 0


def _confirm(what: str) -> bool:
    """Ask on the terminal; without one (a script), refuse: such a caller says --yes."""
    if not sys.stdin.isatty():
        raise CliError(f"purging would {what}: confirm with --yes")
    return input(f"This will {what}. Purge? [y/N] ").strip().lower() in ("y", "yes")


def cmd_set_folder(ctx: Context) -> int:
    from casereader.sync.folder import FOLDER_SETTING

    folder = Path(ctx.args.folder).expanduser().absolute()
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder (create it, or connect the drive, first)")
    with local_store(ctx) as store:
        store.set_setting(FOLDER_SETTING, str(folder))
    ctx.out(f"sync folder: {folder}")
    return 0


def cmd_sync_run(ctx: Context) -> int:
    from casereader.sync.device import device_key
    from casereader.sync.folder import run_sync

    with local_store(ctx) as store:
        lines, failed = run_sync(store, device_key(ctx.paths.ensure()), actor=ctx.actor)
    for line in lines:
        ctx.out(line)
    return 1 if failed else 0


def cmd_device(ctx: Context) -> int:
    from casereader.sync.device import device_key, public_key_document

    key = device_key(ctx.paths.ensure())
    ctx.out(f"device id: {key.device_id}")
    if ctx.args.out:
        out = Path(ctx.args.out)
        try:
            out.write_text(public_key_document(key), encoding="utf-8")
        except OSError as exc:
            raise CliError(f"cannot write {out}: {exc.strerror or exc}") from None
        ctx.out(f"public key written to {out}: send it to the centre (casereader central enrol {out.name})")
    return 0
