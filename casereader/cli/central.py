"""``casereader central init|enrol|devices|accept|pack|import|watch|conflicts``: the centre's side of sync (``central
query ...`` and ``central signoff``: casereader.cli.reviews)."""

from __future__ import annotations

import argparse
import getpass
import hashlib
import os
import secrets
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Any

from casereader.cli.context import CliError, Context

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys
    from casereader.central.store import CentralStore

PASSPHRASE_ENV = "CASEREADER_CENTRAL_PASSPHRASE"
DB_ENV = "CASEREADER_CENTRAL_DB"


def register(sub: argparse._SubParsersAction) -> None:  # type: ignore[type-arg]
    p = sub.add_parser("central", help="the centre: keys, devices, sample packs, bundle import")
    cs = p.add_subparsers(dest="central_command", required=True, metavar="COMMAND")

    def add(name: str, help: str, func: Any, *, db: bool = True, passphrase: bool = False) -> argparse.ArgumentParser:
        sp: argparse.ArgumentParser = cs.add_parser(name, help=help)
        if db:
            sp.add_argument("--db", metavar="URL", help=f"central store URL (default: {DB_ENV} or "
                            "sqlite:///DATA-DIR/central.sqlite; postgresql+psycopg://... accepted)")
        if passphrase:
            sp.add_argument("--passphrase-file", metavar="FILE", help=f"file holding the central key passphrase "
                            f"(default: {PASSPHRASE_ENV}, else prompt)")
        sp.set_defaults(func=func)
        return sp

    add("init", "create the central store and the central key pair", cmd_init, passphrase=True)
    en = add("enrol", "enrol an inspector's device (a public key file, or the id of a pending device)", cmd_enrol)
    en.add_argument("device", metavar="DEVICE_ID_OR_KEYFILE")
    en.add_argument("--name", default="", help="who or what the device is, e.g. the inspector's name")
    add("devices", "list enrolled, pending and revoked devices", cmd_devices)
    ac = add("accept", "accept a pending device seen in a refused bundle", cmd_accept)
    ac.add_argument("device", metavar="DEVICE_ID")
    ac.add_argument("--name", default="")
    pk = add("pack", "issue a signed sample pack for a new inspection", cmd_pack, passphrase=True)
    pk.add_argument("--form", required=True, metavar="ID[@VERSION]")
    pk.add_argument("--area", required=True, metavar="NAME")
    pk.add_argument("--round", required=True, choices=["baseline", "follow-up"])
    pk.add_argument("--sample", required=True, metavar="FILE.csv", help="a 'reference' column and header fields")
    pk.add_argument("--out", required=True, metavar="PACK")
    pk.add_argument("--inspector", action="append", default=[], metavar="NAME")
    pk.add_argument("--title", default="")
    pk.add_argument("--quota", metavar="S=N,...", help="draw the sample from --sample (a list of finalised cases) "
                    "as 'sample draw' does, e.g. MC=40,CC=30,RASSO=20")
    pk.add_argument("--seed", type=int, metavar="N", help="with --quota: random seed (chosen and printed if omitted)")
    pk.add_argument("--reserves", type=int, default=0, metavar="K", help="with --quota: reserve cases per stratum, "
                    "issued in the pack for 'sample replace'")
    pk.add_argument("--stratify-by", default="casework_type", metavar="FIELD", help="with --quota (default "
                    "casework_type)")
    im = add("import", "import marks bundles (each whole or not at all)", cmd_import, passphrase=True)
    im.add_argument("files", nargs="+", metavar="FILE")
    im.add_argument("--receipts", metavar="DIR", help="write receipts here (default: next to each bundle)")
    wa = add("watch", "import bundles as they arrive in a folder", cmd_watch, passphrase=True)
    wa.add_argument("folder", metavar="DIR")
    wa.add_argument("--once", action="store_true", help="process what is there now and exit")
    wa.add_argument("--interval", type=float, default=30.0, metavar="S")
    al = add("allow", "accept an inspection's bundles in another version of its question set (after "
             "'inspection migrate')", lambda ctx: __import__("casereader.cli.allow", fromlist=["x"]).cmd_allow(ctx))
    al.add_argument("inspection", metavar="INSPECTION")
    al.add_argument("--form", required=True, metavar="ID@VERSION")
    al.add_argument("--reason", default="", metavar="TEXT")
    co = add("conflicts", "list conflicts found on import", cmd_conflicts)
    co.add_argument("--all", action="store_true", help="include resolved conflicts")
    __import__("casereader.cli.moderation", fromlist=["register_moderation"]).register_moderation(cs)

    def options(sp: argparse.ArgumentParser, with_passphrase: bool) -> None:
        sp.add_argument("--db", metavar="URL", help=f"central store URL (default: {DB_ENV} or "
                        "sqlite:///DATA-DIR/central.sqlite)")
        if with_passphrase:
            sp.add_argument("--passphrase-file", metavar="FILE", help="file holding the central key passphrase")
    __import__("casereader.cli.reviews", fromlist=["register_central"]).register_central(cs, options)
    __import__("casereader.cli.reporting", fromlist=["register"]).register(cs)


# -- helpers -----------------------------------------------------------------------------------------------
def keys_dir(ctx: Context) -> Path:
    from casereader.central.keys import central_keys_dir

    return central_keys_dir(ctx.paths.data_dir)


def passphrase(ctx: Context, *, confirm: bool = False) -> str:
    name = getattr(ctx.args, "passphrase_file", None)
    if name:
        try:
            text = Path(name).read_text(encoding="utf-8").splitlines()
        except (OSError, UnicodeDecodeError) as exc:
            raise CliError(f"cannot read passphrase file {name}: {exc}") from None
        if not text or not text[0]:
            raise CliError(f"passphrase file {name} is empty")
        return text[0]
    env = os.environ.get(PASSPHRASE_ENV)
    if env:
        return env
    if not sys.stdin.isatty():
        raise CliError(f"the central key passphrase is needed: use --passphrase-file FILE or set {PASSPHRASE_ENV}")
    first = getpass.getpass("Central key passphrase: ")
    if confirm and getpass.getpass("Repeat the passphrase: ") != first:
        raise CliError("the passphrases do not match")
    if not first:
        raise CliError("the passphrase is empty")
    return first


def open_store(ctx: Context, *, create: bool = False) -> CentralStore:
    from casereader.central.store import CentralStore, default_url

    url = getattr(ctx.args, "db", None) or os.environ.get(DB_ENV) or default_url(ctx.paths.data_dir)
    try:
        return CentralStore.open(url, create=create)
    except OSError as exc:  # e.g. the folder of an SQLite URL cannot be made
        raise CliError(f"cannot open central store {_shown(url)}: {exc.strerror or exc}") from None


def load_keys(ctx: Context) -> CentralKeys:
    """The central keys of the data folder, unlocked with the passphrase (file, environment or prompt)."""
    from casereader.central.keys import load_central_keys

    return load_central_keys(keys_dir(ctx), lambda: passphrase(ctx))


# -- commands ----------------------------------------------------------------------------------------------
def cmd_init(ctx: Context) -> int:
    from casereader.bundles import BundleError, CentralKeys

    folder = keys_dir(ctx)
    if folder.is_dir() and any(folder.iterdir()):
        ctx.out(f"central keys already in {folder} (kept)")
        store = open_store(ctx, create=True)
    else:
        # The keys are made in a folder of their own and moved into place only once the store is open, so a
        # refused init leaves neither keys nor store behind.
        secret = passphrase(ctx, confirm=True)
        try:
            folder.parent.mkdir(parents=True, exist_ok=True)
            staging = Path(tempfile.mkdtemp(prefix=".central-keys-", dir=folder.parent))
        except OSError as exc:
            raise CliError(f"cannot create the central keys in {folder}: {exc.strerror or exc}") from None
        try:
            try:
                CentralKeys.generate().save(staging, secret.encode("utf-8"))
            except (BundleError, OSError) as exc:
                raise CliError(f"cannot create the central keys in {folder}: {exc}") from None
            store = open_store(ctx, create=True)
            try:
                if folder.is_dir():
                    folder.rmdir()  # empty (checked above)
                staging.rename(folder)
            except OSError as exc:
                store.close()
                raise CliError(f"cannot create the central keys in {folder}: {exc.strerror or exc}") from None
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        ctx.out(f"central keys created in {folder}")
    ctx.out(f"central store ready: {_shown(store.url)}")
    store.close()
    return 0


def cmd_enrol(ctx: Context) -> int:
    from casereader.central.devices import enrol_from_argument

    store = open_store(ctx)
    try:
        device = enrol_from_argument(store, ctx.args.device, ctx.args.name)
    finally:
        store.close()
    ctx.out(f"enrolled device {device.id}" + (f" ({device.name})" if device.name else ""))
    return 0


def cmd_devices(ctx: Context) -> int:
    store = open_store(ctx)
    devices = store.devices()
    store.close()
    if not devices:
        ctx.out("no devices")
        return 0
    for d in devices:
        note = "  (accept with: casereader central accept " + d.id + ")" if d.status == "pending" else ""
        ctx.out(f"{d.id}  {d.status:<8}  {d.name or '-'}  first seen {d.first_seen}{note}")
    return 0


def cmd_accept(ctx: Context) -> int:

    store = open_store(ctx)
    try:
        device = store.accept(ctx.args.device, ctx.args.name)
    finally:
        store.close()
    ctx.out(f"accepted device {device.id}")
    return 0


def cmd_pack(ctx: Context) -> int:
    from casereader.central.packs import issue_pack, read_sample
    from casereader.core.inspection import Round

    try:
        qs = ctx.catalogue.find(ctx.args.form)
    except KeyError as exc:
        raise CliError(str(exc.args[0])) from None
    path = ctx.catalogue.files[(qs.id, qs.version)]
    form_bytes = path.read_bytes()
    if qs.content_hash and hashlib.sha256(form_bytes).hexdigest() != qs.content_hash:
        raise CliError(f"{path} changed while it was being read; try again")
    out = Path(ctx.args.out)
    a, drew = ctx.args, ""
    reserves: list[tuple[str, dict[str, Any]]] = []
    if a.quota is None and (a.reserves or a.seed is not None):
        raise CliError("--reserves and --seed draw the sample from a list of cases: give --quota too")
    if a.reserves < 0:
        raise CliError("--reserves must be 0 or more")
    if a.quota is None:
        sample = read_sample(Path(a.sample), qs)
    else:
        from casereader.central.packs import draw_pack_sample

        seed = a.seed if a.seed is not None else secrets.randbelow(2**31)
        sample, reserves, drew = draw_pack_sample(Path(a.sample), qs, a.quota, seed, a.reserves, a.stratify_by)
    keys = load_keys(ctx)
    store = open_store(ctx)
    try:
        issued = issue_pack(store, keys, qs, form_bytes, area=ctx.args.area, round=Round(ctx.args.round),
                            sample=sample, inspectors=ctx.args.inspector, title=ctx.args.title, out=out,
                            filename=path.name, source=str(path), reserves=reserves)
    finally:
        store.close()
    if drew:
        ctx.out(drew)
    ctx.out(f"{out}: sample pack for inspection {issued.inspection_id} ({qs.key}, {ctx.args.area}, "
            f"{ctx.args.round}), {len(issued.case_ids) - len(reserves)} case(s)"
            + (f" and {len(reserves)} reserve(s)" if reserves else ""))
    return 0


def cmd_import(ctx: Context) -> int:
    from casereader.central.watch import import_file

    keys = load_keys(ctx)
    store = open_store(ctx)
    receipts = Path(ctx.args.receipts) if ctx.args.receipts else None
    failed = 0
    try:
        for name in ctx.args.files:
            ok, lines = import_file(store, keys, Path(name), receipts)
            failed += not ok
            for line in lines:
                (ctx.out if ok else _err)(line)
    finally:
        store.close()
    return 1 if failed else 0


def cmd_watch(ctx: Context) -> int:
    from casereader.central.watch import watch

    folder = Path(ctx.args.folder)
    if not folder.is_dir():
        raise CliError(f"{folder} is not a folder")
    keys = load_keys(ctx)
    store = open_store(ctx)
    try:
        return watch(store, keys, folder, once=ctx.args.once, interval=max(ctx.args.interval, 0.1),
                     out=ctx.out, err=_err)
    finally:
        store.close()


def cmd_conflicts(ctx: Context) -> int:
    from casereader.central.conflicts import list_conflicts

    store = open_store(ctx)
    try:
        rows = list_conflicts(store, include_resolved=ctx.args.all)
    finally:
        store.close()
    if not rows:
        ctx.out("no conflicts")
        return 0
    for line in rows:
        ctx.out(line)
    return 0


def _err(line: str) -> None:
    print(line, file=sys.stderr)


def _shown(url: str) -> str:
    from casereader.central.store import _safe_url

    return _safe_url(url)
