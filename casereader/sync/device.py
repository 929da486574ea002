"""This installation's device key: created on first use in the keys folder, never leaves the laptop."""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import TYPE_CHECKING

from casereader.paths import Paths

if TYPE_CHECKING:
    from casereader.bundles import DeviceKey

DEVICE_KEY_FILE = "device-key.pem"


def device_key_path(paths: Paths) -> Path:
    return paths.keys / DEVICE_KEY_FILE


def device_key(paths: Paths) -> DeviceKey:
    """The device's Ed25519 key, generated and saved (owner-only) the first time it is needed."""
    from casereader.bundles import DeviceKey

    path = device_key_path(paths)
    if path.exists():
        return DeviceKey.load(path)
    key = DeviceKey.generate()
    key.save(path)
    return key


def public_key_document(key: DeviceKey) -> str:
    """What the inspector sends the centre to be enrolled (``casereader central enrol FILE``)."""
    doc = {"device_id": key.device_id, "public_key": base64.b64encode(key.public_bytes()).decode("ascii")}
    return json.dumps(doc, indent=2) + "\n"
