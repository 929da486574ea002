"""Enrolling inspectors' devices: from a public key file the inspector sends, or a pending device's id."""

from __future__ import annotations

import base64
import binascii
import json
import re
from pathlib import Path

from casereader.central.errors import CentralError
from casereader.central.store import CentralStore, Device

MAX_KEY_FILE = 64 * 1024
_DEVICE_ID = re.compile(r"^[0-9a-f]{32}$")


def public_key_from_file(path: Path) -> tuple[bytes, str | None]:
    """The raw Ed25519 public key in ``path`` (as ``casereader sync device --out`` writes it, or raw, hex or
    base64) and the device id the file claims, if any."""
    try:
        raw = path.read_bytes()[: MAX_KEY_FILE + 1]
    except OSError as exc:
        raise CentralError(f"cannot read {path}: {exc.strerror or exc}") from None
    if len(raw) > MAX_KEY_FILE:
        raise CentralError(f"{path}: too large for a device key file")
    if len(raw) == 32:
        return raw, None
    try:
        text = raw.decode("utf-8").strip()
    except UnicodeDecodeError:
        raise CentralError(f"{path}: not a device public key file") from None
    claimed = None
    if text.startswith("{"):
        try:
            doc = json.loads(text)
            text, claimed = str(doc["public_key"]), str(doc.get("device_id") or "") or None
        except (ValueError, KeyError, TypeError):
            raise CentralError(f"{path}: expected JSON with 'public_key' (base64) and 'device_id'") from None
    key = _decode_key(text)
    if key is None:
        raise CentralError(f"{path}: not a device public key (expected 32 bytes, as hex or base64)")
    return key, claimed


def _decode_key(text: str) -> bytes | None:
    if "PRIVATE KEY" in text:
        raise CentralError("this is a PRIVATE device key: send only the public key file "
                           "(casereader sync device --out FILE)")
    for decode in (bytes.fromhex, lambda t: base64.b64decode(t, validate=True)):
        try:
            key = decode(text)
        except (ValueError, binascii.Error):
            continue
        if len(key) == 32:
            return key
    return None


def enrol_from_argument(store: CentralStore, argument: str, name: str = "") -> Device:
    """Enrol the device a key file names, or accept the pending device with id ``argument``."""
    from casereader.bundles.crypto import device_id_of

    path = Path(argument)
    if path.is_file():
        key, claimed = public_key_from_file(path)
        device_id = device_id_of(key)
        if claimed is not None and claimed != device_id:
            raise CentralError(f"{path}: the device id {claimed} does not belong to its public key")
        return store.enrol(device_id, key, name)
    if not _DEVICE_ID.match(argument):
        raise CentralError(f"{argument} is neither a key file nor a device id (32 hex characters)")
    found = store.device(argument)
    if found is None:
        raise CentralError(f"unknown device {argument}: enrol it from its public key file "
                           "(the inspector runs casereader sync device --out FILE)")
    return store.accept(argument, name)
