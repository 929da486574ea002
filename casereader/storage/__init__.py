"""The local store: inspections, case samples and marks in SQLite — durable, audited, migratable.

``from casereader.storage import LocalStore``; nothing above this package ever holds an ORM object.
Importing this package does no work (SQLAlchemy is imported, nothing is opened or created).
"""

from casereader.storage.backups import BackupInfo
from casereader.storage.rebinding import OrphanedAnswer, RebindReport
from casereader.storage.store import LocalStore

__all__ = ["BackupInfo", "LocalStore", "OrphanedAnswer", "RebindReport"]
