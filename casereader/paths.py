"""The one place that knows where things live: data folder, database, backups, keys, forms, resources.

Overridable by ``--data-dir`` (passed in as ``data_dir``) and the environment variables
``CASEREADER_DATA_DIR`` and ``CASEREADER_FORMS_DIR``. Nothing here touches the disk until asked.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from pathlib import Path

APP_ID = "casereader"


def _bundle_root() -> Path:
    """Where shipped files (forms/, resources/) are: the frozen app's folder or the source checkout."""
    frozen = getattr(sys, "_MEIPASS", None)
    if frozen:
        return Path(frozen)
    return Path(__file__).resolve().parent.parent


@dataclass(frozen=True)
class Paths:
    data_dir: Path
    shipped_root: Path

    @property
    def database(self) -> Path:
        return self.data_dir / "casereader.sqlite"

    @property
    def backups(self) -> Path:
        return self.data_dir / "backups"

    @property
    def keys(self) -> Path:
        return self.data_dir / "keys"

    @property
    def user_forms(self) -> Path:
        return self.data_dir / "forms"

    @property
    def logs(self) -> Path:
        return self.data_dir / "logs"

    @property
    def settings(self) -> Path:
        return self.data_dir / "settings.json"

    @property
    def ui_settings(self) -> Path:
        """The marking app's window geometry and splitters (QSettings, INI format): kept per computer."""
        return self.data_dir / "window.ini"

    @property
    def forms(self) -> Path:
        env = os.environ.get("CASEREADER_FORMS_DIR")
        return Path(env) if env else self.shipped_root / "forms"

    @property
    def resources(self) -> Path:
        return self.shipped_root / "resources"

    @property
    def fonts(self) -> Path:
        return self.resources / "fonts"

    @property
    def icons(self) -> Path:
        return self.resources / "icons"

    def ensure(self) -> Paths:
        """Create the data folder and its subfolders (only when the app actually starts)."""
        for d in (self.data_dir, self.backups, self.keys, self.logs):
            d.mkdir(parents=True, exist_ok=True)
        return self


def resolve(data_dir: str | os.PathLike[str] | None = None) -> Paths:
    """Resolve paths: explicit argument, then ``CASEREADER_DATA_DIR``, then the platform's data folder."""
    if data_dir is None:
        data_dir = os.environ.get("CASEREADER_DATA_DIR") or None
    if data_dir is None:
        from platformdirs import user_data_dir

        data_dir = user_data_dir(APP_ID, appauthor=False)
    return Paths(Path(data_dir).expanduser().resolve(), _bundle_root())
