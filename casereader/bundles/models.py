"""The documents inside packs, bundles and receipts: strict pydantic models, and the marks payload's TypedDicts.

Strict types (no "1" for 1, no 1 for true), no extra fields, a length limit on every string and list.
A marks payload has one schema, :class:`PayloadDoc` (plain JSON objects validated by :data:`PAYLOAD_DOC`);
its values are checked against the question set separately (:func:`casereader.bundles.validation.validate_doc`).
"""

from __future__ import annotations

from typing import Annotated, Literal, NotRequired

from pydantic import (
    AfterValidator,
    ConfigDict,
    Field,
    StringConstraints,
    TypeAdapter,
    model_validator,
)
from typing_extensions import TypedDict

from casereader.bundles import limits as L
from casereader.bundles.fields import (
    AnswerValue,
    AuditValue,
    CentralKeysRef,
    Comment,
    DeviceId,
    Id,
    Key32,
    Sha256,
    Stamp,
    Strict,
    Text,
    Uuid,
)
from casereader.bundles.review_models import ReviewEventDocs

HeaderValue = Annotated[str, StringConstraints(max_length=L.MAX_TEXT)] | bool | float | None
Role = Literal["first", "second"]
Status = Literal["not_started", "in_progress", "complete", "locked"]


class InspectionInfo(Strict):
    id: Id
    title: Text = ""
    programme: Text = ""
    area: Text
    round: Literal["baseline", "follow-up"]
    form_id: Id
    form_version: Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_ID)]
    form_hash: Sha256
    inspectors: Annotated[list[Text], Field(max_length=L.MAX_INSPECTORS)] = []


class QuestionSetRef(Strict):
    id: Id
    version: Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_ID)]
    hash: Sha256


class DeviceRef(Strict):
    id: DeviceId
    public_key: Key32


class AuditChain(Strict):
    previous_head: Sha256
    head: Sha256
    events: Annotated[int, Field(ge=0)]
    first_seq: Annotated[int, Field(ge=0)] | None
    last_seq: Annotated[int, Field(ge=0)] | None
    # the device's own audit-log chain (casereader.core.auditchain) after the last event sent: the centre
    # recomputes it from the events and refuses a bundle whose events do not lead to it ("" before 0.x)
    record_head: Annotated[str, StringConstraints(pattern=r"^([0-9a-f]{64})?$")] = ""


class PayloadRef(Strict):
    sha256: Sha256
    size: Annotated[int, Field(ge=0, le=L.MAX_PAYLOAD_PLAINTEXT_BYTES)]
    compression: Literal["zlib"]
    encryption: Literal["X25519-HKDF-SHA256-AES-256-GCM"]
    encrypted_size: Annotated[int, Field(ge=0)]


class Manifest(Strict):
    """The plain, signed description of a marks bundle. Holds no names, references or marks."""

    format: Literal["casereader-marks"]
    format_version: Literal[1]
    app_version: Annotated[str, StringConstraints(max_length=40)]
    bundle_id: Uuid
    created_at: Stamp
    device: DeviceRef
    central_fingerprint: Sha256
    inspection_id: Id
    question_set: QuestionSetRef
    kind: Literal["full", "incremental"]
    sequence: Annotated[int, Field(ge=1, le=2**62)]
    previous_sequence: Annotated[int, Field(ge=1, le=2**62)] | None
    audit_chain: AuditChain
    cases: Annotated[dict[Uuid, Sha256], Field(max_length=L.MAX_CASES)]
    payload: PayloadRef

    @model_validator(mode="after")
    def _sequence(self) -> Manifest:
        if self.previous_sequence is not None and self.previous_sequence >= self.sequence:
            raise ValueError("previous_sequence must be below sequence")
        if self.kind == "incremental" and self.previous_sequence is None:
            raise ValueError("an incremental bundle must name its previous sequence")
        return self


class SampleCase(Strict):
    id: Uuid
    reference: Text
    header: Annotated[dict[Id, HeaderValue], Field(max_length=L.MAX_HEADER_FIELDS)] = {}
    reserve: bool = False


class SecondMarking(Strict):
    case_id: Uuid
    inspector: Text
    blind: Literal[True] = True


class FormFile(Strict):
    filename: Annotated[str, StringConstraints(min_length=1, max_length=200, pattern=r"^[^/\\\x00]+$")]
    content_b64: Annotated[str, StringConstraints(max_length=L.MAX_FORM_BYTES * 4 // 3 + 4)]
    sha256: Sha256


class PackPayload(Strict):
    """A sample pack's content (centre → inspector). Holds the sample and the form, never marks."""

    form: FormFile
    inspection: InspectionInfo
    cases: Annotated[list[SampleCase], Field(max_length=L.MAX_CASES)]
    inspectors: Annotated[list[Text], Field(max_length=L.MAX_INSPECTORS)] = []
    second_marking: Annotated[list[SecondMarking], Field(max_length=L.MAX_CASES)] | None = None
    central: CentralKeysRef

    @model_validator(mode="after")
    def _consistent(self) -> PackPayload:
        if self.form.sha256 != self.inspection.form_hash:
            raise ValueError("the form's sha256 differs from the inspection's form_hash")
        ids = [c.id for c in self.cases]
        if len(ids) != len(set(ids)):
            raise ValueError("a case appears more than once in the sample")
        known = set(ids)
        for item in self.second_marking or ():
            if item.case_id not in known:
                raise ValueError(f"second marking names case {item.case_id}, which is not in the sample")
        return self


class PackManifest(Strict):
    format: Literal["casereader-pack"]
    format_version: Literal[1]
    app_version: Annotated[str, StringConstraints(max_length=40)]
    pack_id: Uuid
    created_at: Stamp
    central: CentralKeysRef
    inspection_id: Id
    question_set: QuestionSetRef
    content_sha256: Sha256
    content_size: Annotated[int, Field(ge=0)]


class Receipt(Strict):
    """The centre's signed word that it holds a bundle (and which case versions it holds)."""

    format: Literal["casereader-receipt"]
    format_version: Literal[1]
    receipt_id: Uuid
    issued_at: Stamp
    status: Literal["imported", "already-imported", "imported-with-conflicts"]
    central_fingerprint: Sha256
    bundle_id: Uuid
    manifest_sha256: Sha256
    device_id: DeviceId
    inspection_id: Id
    kind: Literal["full", "incremental"]
    sequence: Annotated[int, Field(ge=1)]
    audit_chain_head: Sha256
    cases: Annotated[dict[Uuid, Sha256], Field(max_length=L.MAX_CASES)]


# -- The marks payload (inspector → centre), the one schema of a case's marks in a bundle ------------------
# TypedDicts: pydantic-core validates a whole payload in one pass and hands back plain dicts and lists (no
# model instances), which is what the exporter writes and the importer merges. A ``NotRequired`` field may be
# absent; readers take its default with ``.get`` (value None, na False, strings "", header/answers {}, audit
# [], status "not_started", role "first", reserve False). The checks across fields are the ``AfterValidator``s.

_DICT = ConfigDict(strict=True, extra="forbid", allow_inf_nan=False)


class InspectionDoc(TypedDict):
    __pydantic_config__ = _DICT  # type: ignore[misc]
    id: Id
    title: NotRequired[Text]
    programme: NotRequired[Text]
    area: Text
    round: Literal["baseline", "follow-up"]
    form_id: Id
    form_version: Annotated[str, StringConstraints(min_length=1, max_length=L.MAX_ID)]
    form_hash: Sha256
    inspectors: NotRequired[Annotated[list[Text], Field(max_length=L.MAX_INSPECTORS)]]


class AnswerDoc(TypedDict):
    __pydantic_config__ = _DICT  # type: ignore[misc]
    value: NotRequired[AnswerValue]
    na: NotRequired[bool]
    na_reason: NotRequired[Text]
    comment: NotRequired[Comment]
    inspector: NotRequired[Text]
    updated_at: NotRequired[Stamp]


class AuditDoc(TypedDict):
    __pydantic_config__ = _DICT  # type: ignore[misc]
    seq: Annotated[int, Field(ge=0, le=2**62)]
    at: Stamp
    actor: Text
    case_id: Uuid | None
    kind: Id
    key: NotRequired[Annotated[str, StringConstraints(max_length=L.MAX_ID)]]
    old: NotRequired[AuditValue | None]
    new: NotRequired[AuditValue | None]
    reason: NotRequired[Comment]


class CaseDoc(TypedDict):
    __pydantic_config__ = _DICT  # type: ignore[misc]
    id: Uuid
    reference: Text
    header: NotRequired[Annotated[dict[Id, HeaderValue], Field(max_length=L.MAX_HEADER_FIELDS)]]
    status: NotRequired[Status]
    inspector: NotRequired[Text]
    updated_at: NotRequired[Stamp]
    answers: NotRequired[Annotated[dict[Id, AnswerDoc], Field(max_length=L.MAX_ANSWERS)]]
    audit: NotRequired[Annotated[list[AuditDoc], Field(max_length=L.MAX_AUDIT_PER_CASE)]]
    role: NotRequired[Role]
    reserve: NotRequired[bool]
    withdrawn_reason: NotRequired[Text]


def _case_doc_checks(case: CaseDoc) -> CaseDoc:
    for event in case.get("audit", ()):
        if event["case_id"] != case["id"]:
            raise ValueError(f"audit event {event['seq']} belongs to case {event['case_id']}, not {case['id']}")
    return case


def _payload_doc_checks(doc: PayloadDoc) -> PayloadDoc:
    ids = [c["id"] for c in doc["cases"]]
    if len(ids) != len(set(ids)):
        seen: set[str] = set()
        for case_id in ids:
            if case_id in seen:
                raise ValueError(f"case {case_id} appears more than once")
            seen.add(case_id)
    seqs = [e["seq"] for e in doc.get("audit", ())]
    for c in doc["cases"]:
        seqs.extend(e["seq"] for e in c.get("audit", ()))
    if len(seqs) != len(set(seqs)):
        raise ValueError("two audit events share a sequence number")
    return doc


class PayloadDoc(TypedDict):
    """What an inspector's device sends: the inspection and its marked cases with their audit trail, the
    inspection-level audit events, and (optional, absent when there are none) its answers to the centre's
    queries (see docs/sync.md)."""

    __pydantic_config__ = _DICT  # type: ignore[misc]
    inspection: InspectionDoc
    cases: Annotated[list[Annotated[CaseDoc, AfterValidator(_case_doc_checks)]], Field(max_length=L.MAX_CASES)]
    audit: NotRequired[Annotated[list[AuditDoc], Field(max_length=L.MAX_AUDIT_PER_CASE)]]
    reviews: NotRequired[ReviewEventDocs]


PAYLOAD_DOC: TypeAdapter[PayloadDoc] = TypeAdapter(Annotated[PayloadDoc, AfterValidator(_payload_doc_checks)])
