"""The centre's public keys as this installation trusts them: pinned on the first sample-pack import."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from casereader.bundles import CentralPublic
    from casereader.storage import LocalStore

CENTRAL_SETTING = "sync.central"


def pinned_central(store: LocalStore) -> CentralPublic | None:
    from casereader.bundles import CentralPublic

    raw = store.get_setting(CENTRAL_SETTING)
    if not raw:
        return None
    return CentralPublic.from_json(json.loads(raw), f"setting {CENTRAL_SETTING}")


def pin_central(store: LocalStore, central: CentralPublic) -> None:
    store.set_setting(CENTRAL_SETTING, json.dumps(central.to_json(), sort_keys=True))
