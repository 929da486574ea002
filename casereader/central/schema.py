"""Tables of the central store (SQLite by default, PostgreSQL by URL). SQLAlchemy 2 typed ORM.

Shared contract between bundle import (which writes) and reports (which read). Answers keep the
applicability the engine computed at import, so aggregation can count with plain SQL.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class CentralBase(DeclarativeBase):
    pass


class SchemaVersionRecord(CentralBase):
    """The central store's schema version (one row): see casereader.central.versioning."""

    __tablename__ = "central_schema"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version: Mapped[int] = mapped_column(Integer)
    upgraded_at: Mapped[str] = mapped_column(String(40), default="")


class DeviceRecord(CentralBase):
    """An inspector installation's signing key; bundles are accepted only from enrolled devices."""

    __tablename__ = "central_device"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # fingerprint of the public key
    public_key: Mapped[bytes] = mapped_column(LargeBinary)  # raw Ed25519 public key, 32 bytes
    name: Mapped[str] = mapped_column(String(200), default="")
    status: Mapped[str] = mapped_column(String(16), default="pending")  # pending | enrolled | revoked
    first_seen: Mapped[str] = mapped_column(String(40), default="")
    enrolled_at: Mapped[str] = mapped_column(String(40), default="")


class FormRecord(CentralBase):
    """The exact bytes of every question-set version an inspection was marked against."""

    __tablename__ = "central_form"
    form_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[str] = mapped_column(String(50))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class CentralInspectionRecord(CentralBase):
    __tablename__ = "central_inspection"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    programme: Mapped[str] = mapped_column(String(100), default="")
    area: Mapped[str] = mapped_column(String(100))
    round: Mapped[str] = mapped_column(String(16))  # baseline | follow-up
    form_id: Mapped[str] = mapped_column(String(100))
    form_version: Mapped[str] = mapped_column(String(50))
    form_hash: Mapped[str] = mapped_column(ForeignKey("central_form.form_hash"))
    inspectors: Mapped[list[Any]] = mapped_column(JSON, default=list)
    created_at: Mapped[str] = mapped_column(String(40), default="")
    # moderation: marking | second_marking | calibration; only 'marking' inspections count in reports
    purpose: Mapped[str] = mapped_column(String(16), default="marking", server_default="marking")
    source_inspection_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)  # second marking
    calibration_group: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)  # calibration


class AllowedFormRecord(CentralBase):
    """Another question-set version an inspection's bundles may come in (after ``inspection migrate`` on the
    laptops), allowed by ``central allow``; the first such bundle moves the inspection to that version."""

    __tablename__ = "central_allowed_form"
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), primary_key=True)
    form_hash: Mapped[str] = mapped_column(ForeignKey("central_form.form_hash"), primary_key=True)
    allowed_at: Mapped[str] = mapped_column(String(40), default="")
    reason: Mapped[str] = mapped_column(Text, default="")


class CentralCaseRecord(CentralBase):
    __tablename__ = "central_case"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), index=True)
    reference: Mapped[str] = mapped_column(String(100))
    header: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    status: Mapped[str] = mapped_column(String(16), default="not_started")
    inspector: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[str] = mapped_column(String(40), default="")
    device_id: Mapped[str] = mapped_column(String(64), default="")
    checksum: Mapped[str] = mapped_column(String(64), default="")  # of the case's canonical JSON
    sequence: Mapped[int] = mapped_column(Integer, default=0)  # the device's bundle sequence that wrote it
    reserve: Mapped[bool] = mapped_column(Boolean, default=False)  # a reserve case, not in the main sample
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")  # non-empty: withdrawn, not to be counted


class CentralAnswerRecord(CentralBase):
    """One answer. ``role`` is 'first' for ordinary marking; moderation adds 'second' and 'agreed'."""

    __tablename__ = "central_answer"
    case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    role: Mapped[str] = mapped_column(String(16), primary_key=True, default="first")
    value: Mapped[str | None] = mapped_column(Text, nullable=True)  # option value; JSON for lists; number text
    na: Mapped[bool] = mapped_column(Boolean, default=False)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    applicable: Mapped[bool] = mapped_column(Boolean, default=True)  # per the engine, at import
    inspector: Mapped[str] = mapped_column(String(200), default="")
    updated_at: Mapped[str] = mapped_column(String(40), default="")

    __table_args__ = (Index("ix_central_answer_question", "question_id", "value"),)


class CentralAuditRecord(CentralBase):
    __tablename__ = "central_audit"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    device_id: Mapped[str] = mapped_column(String(64))
    seq: Mapped[int] = mapped_column(Integer)  # the device's own audit sequence number
    # not indexed: nothing looks events up by case, and the index cost every import a tenth of its time
    # (stores made before are upgraded by dropping it: see versioning.RETIRED_INDEXES)
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(100), default="")
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")

    __table_args__ = (Index("ux_central_audit_device_seq", "device_id", "seq", unique=True),)


class BundleRecord(CentralBase):
    """A marks bundle that was imported (its sha256 makes re-import a no-op)."""

    __tablename__ = "central_bundle"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    bundle_id: Mapped[str] = mapped_column(String(36), unique=True)
    device_id: Mapped[str] = mapped_column(String(64))
    inspection_id: Mapped[str] = mapped_column(String(36))
    sequence: Mapped[int] = mapped_column(Integer)
    kind: Mapped[str] = mapped_column(String(16))  # full | incremental
    cases: Mapped[int] = mapped_column(Integer, default=0)
    imported_at: Mapped[str] = mapped_column(String(40))
    form_hash: Mapped[str] = mapped_column(String(64), default="")
    audit_head: Mapped[str] = mapped_column(String(200), default="")  # "seq:hash" of the device's audit chain
    # "seq:hash" of the device's own audit-log chain after this bundle, as the centre recomputed it ("" unchecked)
    record_head: Mapped[str] = mapped_column(String(100), default="")
    applied: Mapped[int] = mapped_column(Integer, default=0)  # cases written (others were conflicts or unchanged)
    conflicts: Mapped[int] = mapped_column(Integer, default=0)

    __table_args__ = (Index("ix_central_bundle_device_inspection", "device_id", "inspection_id", "sequence"),)


class ConflictRecord(CentralBase):
    """A conflict found on import: recorded and reported, never silently overwritten."""

    __tablename__ = "central_conflict"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    bundle_sha256: Mapped[str] = mapped_column(String(64))
    case_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    kind: Mapped[str] = mapped_column(String(32))  # different_marks | stale_bundle | sequence_gap | ...
    detail: Mapped[str] = mapped_column(Text)
    recorded_at: Mapped[str] = mapped_column(String(40))
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class WatchedFileRecord(CentralBase):
    """A file ``central watch`` has processed (by folder path and content hash), so it is not retried."""

    __tablename__ = "central_watched_file"
    path: Mapped[str] = mapped_column(String(500), primary_key=True)
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    result: Mapped[str] = mapped_column(Text, default="")
    processed_at: Mapped[str] = mapped_column(String(40), default="")


class AssignmentRecord(CentralBase):
    """A case drawn for blind second marking: its copy in a second-marking inspection, and who marks it."""

    __tablename__ = "central_assignment"
    second_case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), primary_key=True)
    original_case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), index=True)
    first_inspector: Mapped[str] = mapped_column(String(200))
    second_inspector: Mapped[str] = mapped_column(String(200))
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), index=True)  # second marking
    seed: Mapped[int] = mapped_column(Integer)
    drawn_at: Mapped[str] = mapped_column(String(40))


class ResolutionRecord(CentralBase):
    """The moderator's agreed mark for one question of a second-marked case (also stored as role 'agreed')."""

    __tablename__ = "central_resolution"
    original_case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    first_value: Mapped[str | None] = mapped_column(Text, nullable=True)  # the marks as compared ('n/a' for N/A)
    second_value: Mapped[str | None] = mapped_column(Text, nullable=True)
    value: Mapped[str | None] = mapped_column(Text, nullable=True)
    na: Mapped[bool] = mapped_column(Boolean, default=False)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    reason: Mapped[str] = mapped_column(Text)
    moderator: Mapped[str] = mapped_column(String(200))
    resolved_at: Mapped[str] = mapped_column(String(40))


class CentralReviewEventRecord(CentralBase):
    """A step of a query or a case's sign-off (casereader.core.review), made here or arriving in a bundle;
    never changed. ``source`` and ``received_at`` say how it came (``centre`` or a bundle's sha256)."""

    __tablename__ = "central_review_event"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), index=True)
    query_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(String(200))
    origin: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    mark: Mapped[str | None] = mapped_column(Text, nullable=True)
    checksum: Mapped[str | None] = mapped_column(String(64), nullable=True)
    source: Mapped[str] = mapped_column(String(64), default="centre")
    received_at: Mapped[str] = mapped_column(String(40), default="")


class CentralQueryRecord(CentralBase):
    """A query's state, folded from its events (rebuilt whenever one arrives; reports count these rows)."""

    __tablename__ = "central_query"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), index=True)
    question_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    state: Mapped[str] = mapped_column(String(16))  # open | answered | closed
    text: Mapped[str] = mapped_column(Text, default="")
    opened_by: Mapped[str] = mapped_column(String(200), default="")
    opened_at: Mapped[str] = mapped_column(String(40), default="")
    answer: Mapped[str] = mapped_column(Text, default="")
    answered_by: Mapped[str] = mapped_column(String(200), default="")
    answered_at: Mapped[str] = mapped_column(String(40), default="")
    mark: Mapped[str | None] = mapped_column(Text, nullable=True)
    closed_by: Mapped[str] = mapped_column(String(200), default="")
    closed_at: Mapped[str] = mapped_column(String(40), default="")
    note: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(40), default="")
    events: Mapped[int] = mapped_column(Integer, default=0)
    rejected: Mapped[list[Any]] = mapped_column(JSON, default=list)  # steps that did not apply (never dropped)


class CentralCaseReviewRecord(CentralBase):
    """A case's sign-off, folded from its events and its current marks checksum (rebuilt on every change)."""

    __tablename__ = "central_case_review"
    case_id: Mapped[str] = mapped_column(ForeignKey("central_case.id"), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("central_inspection.id"), index=True)
    signed_by: Mapped[str] = mapped_column(String(200), default="")
    signed_at: Mapped[str] = mapped_column(String(40), default="")
    checksum: Mapped[str] = mapped_column(String(64), default="")  # the marks checksum signed
    changed_since_review: Mapped[bool] = mapped_column(Boolean, default=False)
    rejected: Mapped[list[Any]] = mapped_column(JSON, default=list)
