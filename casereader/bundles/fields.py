"""The field types every strict bundle document shares (ids, digests, keys, stamps, bounded text), the strict
base model, and the central keys a pack or query pack names: one definition for packs, bundles, receipts and
the review loop's documents."""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, StringConstraints

from casereader.bundles import limits as L

Id = Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_ID, pattern=r"^[A-Za-z0-9][A-Za-z0-9_.:@-]*$")]
Uuid = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")]
Sha256 = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{64}$")]
DeviceId = Annotated[str, StringConstraints(pattern=r"^[0-9a-f]{32}$")]
Stamp = Annotated[str, StringConstraints(max_length=40, pattern=r"^$|^\d{4}-\d\d-\d\d[T ][0-9:.+\-Z]*$")]
Text = Annotated[str, StringConstraints(max_length=L.MAX_TEXT)]
Comment = Annotated[str, StringConstraints(max_length=L.MAX_COMMENT)]
AuditValue = Annotated[str, StringConstraints(max_length=L.MAX_AUDIT_VALUE)]
Key32 = Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9+/]{43}=$")]
Choice = Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_ID)]
AnswerValue = Annotated[str, StringConstraints(max_length=L.MAX_COMMENT)] | float | \
    Annotated[list[Choice], Field(max_length=L.MAX_CHOICES)] | None


class Strict(BaseModel):
    model_config = ConfigDict(strict=True, extra="forbid", frozen=True, allow_inf_nan=False)


class CentralKeysRef(Strict):
    signing_public: Key32
    encryption_public: Key32
    fingerprint: Sha256
