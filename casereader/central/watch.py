"""Importing bundle files: one at a time with a receipt, or every new one arriving in a folder."""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import select

from casereader import files
from casereader.central.errors import CentralError
from casereader.central.importer import ImportResult, import_bundle
from casereader.central.schema import WatchedFileRecord
from casereader.central.store import CentralStore, utc_now

if TYPE_CHECKING:
    from casereader.bundles import CentralKeys

BUNDLE_SUFFIX = ".crbundle"
RECEIPT_SUFFIX = ".crreceipt"
MAX_FILE_BYTES = 200 * 1024 * 1024


def receipt_path(bundle: Path, receipts: Path | None = None) -> Path:
    name = bundle.name.removesuffix(BUNDLE_SUFFIX) + RECEIPT_SUFFIX
    return (receipts or bundle.parent) / name


def read_bounded(path: Path) -> bytes:
    try:
        return files.read_bounded(path, MAX_FILE_BYTES)
    except OSError as exc:
        raise CentralError(f"cannot read: {exc.strerror or exc}") from None
    except files.TooLarge:
        raise CentralError(f"larger than {MAX_FILE_BYTES // (1024 * 1024)} MB: not a marks bundle") from None


def import_file(store: CentralStore, keys: CentralKeys, path: Path,
                receipts: Path | None = None) -> tuple[bool, list[str]]:
    """Import one bundle file and write its receipt. Returns (succeeded, lines to print)."""
    from casereader.bundles import BundleError, write_receipt

    try:
        result = import_bundle(store, read_bounded(path), keys)
    except CentralError as exc:
        return False, [f"{path}: refused: {exc}"]
    lines = [f"{path}: {result.summary()}"] + [f"  conflict: {c}" for c in result.conflicts]
    if result.manifest is not None:
        target = receipt_path(path, receipts)
        try:
            status = ("already-imported" if result.status == "already imported"
                      else "imported-with-conflicts" if result.conflicts else "imported")
            data = write_receipt(result.manifest, keys, status=status)
            target.parent.mkdir(parents=True, exist_ok=True)
            files.write_atomic(target, data)  # fsynced, then renamed, like every other writer
            lines.append(f"  receipt: {target}")
        except (BundleError, OSError) as exc:
            lines.append(f"  warning: the bundle was imported but its receipt could not be written to {target}: {exc}")
    return True, lines


def scan_once(store: CentralStore, keys: CentralKeys, folder: Path, *, out: Callable[[str], None],
              err: Callable[[str], None], reported: set[tuple[str, str]] | None = None) -> int:
    """Import every bundle in ``folder`` not processed before. Returns the number that failed.

    Imported files are recorded (by name and content hash) and not looked at again; refused ones are
    retried on the next pass (a device may have been accepted meanwhile) but reported only once.
    """
    reported = set() if reported is None else reported
    failed = 0
    files = sorted((p for p in folder.iterdir() if p.name.endswith(BUNDLE_SUFFIX) and p.is_file()),
                   key=lambda p: (p.stat().st_mtime, p.name))
    with store.sessions() as s:
        done = {(p, h) for p, h in s.execute(select(WatchedFileRecord.path, WatchedFileRecord.sha256))}
    for path in files:
        try:
            sha = hashlib.sha256(read_bounded(path)).hexdigest()
        except CentralError as exc:
            err(f"{path}: refused: {exc}")
            failed += 1
            continue
        if (path.name, sha) in done:
            continue
        ok, lines = import_file(store, keys, path)
        if not ok:
            failed += 1
            if (path.name, sha) not in reported:
                reported.add((path.name, sha))
                for line in lines:
                    err(line)
            continue
        for line in lines:
            out(line)
        with store.transaction() as s:
            s.merge(WatchedFileRecord(path=path.name, sha256=sha, result=lines[0][:500], processed_at=utc_now()))
    return failed


def watch(store: CentralStore, keys: CentralKeys, folder: Path, *, once: bool, interval: float,
          out: Callable[[str], None], err: Callable[[str], None]) -> int:
    reported: set[tuple[str, str]] = set()
    if once:
        return 1 if scan_once(store, keys, folder, out=out, err=err, reported=reported) else 0
    out(f"watching {folder} for *{BUNDLE_SUFFIX} every {interval:g} s (Ctrl+C to stop)")
    while True:
        if folder.is_dir():
            scan_once(store, keys, folder, out=out, err=err, reported=reported)
        time.sleep(interval)


__all__ = ["ImportResult", "import_file", "receipt_path", "scan_once", "watch"]
