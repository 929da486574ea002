"""The review loop's documents: review events (in query packs and marks bundles) and the query pack itself.

Strict like every other document (see :mod:`casereader.bundles.models`); the event fields are those of
:class:`casereader.core.review.ReviewEvent`, in one schema (``ReviewEventDoc``, a TypedDict) for the query
pack and the marks payload alike.
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import ConfigDict, Field, StringConstraints, model_validator
from typing_extensions import TypedDict

from casereader.bundles import limits as L
from casereader.bundles.fields import CentralKeysRef, Comment, Id, Sha256, Strict, Uuid

At = Annotated[str, StringConstraints(max_length=40, pattern=r"^\d{4}-\d\d-\d\dT[0-9:.+\-Z]*$")]
Origin = Annotated[str, StringConstraints(pattern=r"^(centre|[0-9a-f]{32})$")]
Name = Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_TEXT)]
Kind = Literal["opened", "answered", "closed", "reopened", "signed_off", "signoff_cleared"]
MAX_EVENTS = 100_000


class ReviewEventDoc(TypedDict):
    __pydantic_config__ = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)  # type: ignore[misc]
    id: Uuid
    inspection_id: Id
    case_id: Uuid
    kind: Kind
    at: At
    actor: Name
    origin: Origin
    query_id: NotRequired[Uuid | None]
    question_id: NotRequired[Id | None]
    text: NotRequired[Comment]
    mark: NotRequired[Comment | None]
    checksum: NotRequired[Sha256 | None]


ReviewEventDocs = Annotated[list[ReviewEventDoc], Field(max_length=MAX_EVENTS)]


class QueryPackPayload(Strict):
    """A query pack's content (centre → inspector): every review event the centre holds for one inspection."""

    inspection_id: Id
    central: CentralKeysRef
    events: ReviewEventDocs

    @model_validator(mode="after")
    def _consistent(self) -> QueryPackPayload:
        seen: set[str] = set()
        for e in self.events:
            if e["inspection_id"] != self.inspection_id:
                raise ValueError(f"event {e['id']} belongs to inspection {e['inspection_id']}, not "
                                 f"{self.inspection_id}")
            if e["id"] in seen:
                raise ValueError(f"event {e['id']} appears more than once")
            seen.add(e["id"])
        return self


class QueryPackManifest(Strict):
    format: Literal["casereader-query-pack"]
    format_version: Literal[1]
    app_version: Annotated[str, StringConstraints(max_length=40)]
    pack_id: Uuid
    created_at: Annotated[str, StringConstraints(max_length=40)]
    central: CentralKeysRef
    inspection_id: Id
    events: Annotated[int, Field(ge=0)]
    content_sha256: Sha256
    content_size: Annotated[int, Field(ge=0)]
