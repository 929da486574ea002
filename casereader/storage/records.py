"""SQLAlchemy 2 typed ORM models of the local store. Only ``casereader.storage`` ever holds these.

The schema itself is created and changed by the Alembic revisions in ``migrations/versions``; these
classes describe the schema at head (a test checks they match).
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Index, Integer, LargeBinary, String, Text, UniqueConstraint
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class InspectionRecord(Base):
    __tablename__ = "inspection"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    title: Mapped[str] = mapped_column(Text, default="")
    programme: Mapped[str] = mapped_column(Text)
    area: Mapped[str] = mapped_column(Text)
    round: Mapped[str] = mapped_column(String(20))
    form_id: Mapped[str] = mapped_column(Text)
    form_version: Mapped[str] = mapped_column(Text)
    form_hash: Mapped[str] = mapped_column(String(64))
    form_bytes: Mapped[bytes] = mapped_column(LargeBinary)
    inspectors: Mapped[str] = mapped_column(Text, default="[]")  # JSON list of names
    created_at: Mapped[str] = mapped_column(String(40))
    sample_seed: Mapped[int | None] = mapped_column(Integer, nullable=True)


class CaseRecord(Base):
    __tablename__ = "case_file"
    __table_args__ = (UniqueConstraint("inspection_id", "reference", name="uq_case_reference"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id"), index=True)
    position: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str] = mapped_column(Text)
    header: Mapped[str] = mapped_column(Text, default="{}")  # JSON object
    status: Mapped[str] = mapped_column(String(20))
    answered: Mapped[int] = mapped_column(Integer, default=0)
    applicable: Mapped[int] = mapped_column(Integer, default=0)
    inspector: Mapped[str] = mapped_column(Text, default="")
    updated_at: Mapped[str] = mapped_column(String(40))
    reserve: Mapped[bool] = mapped_column(Boolean, default=False)
    withdrawn_reason: Mapped[str] = mapped_column(Text, default="")


class AnswerRecord(Base):
    __tablename__ = "answer"

    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id"), primary_key=True)
    question_id: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON: string, number, list of strings or null
    na: Mapped[bool] = mapped_column(Boolean, default=False)
    na_reason: Mapped[str] = mapped_column(Text, default="")
    comment: Mapped[str] = mapped_column(Text, default="")
    inspector: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[str] = mapped_column(String(40))


class AuditEventRecord(Base):
    """Append-only: triggers in the schema refuse UPDATE and DELETE."""

    __tablename__ = "audit_event"
    __table_args__ = (Index("ix_audit_event_case_key", "case_id", "key"),)

    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text)
    inspection_id: Mapped[str | None] = mapped_column(ForeignKey("inspection.id"), nullable=True, index=True)
    case_id: Mapped[str | None] = mapped_column(ForeignKey("case_file.id"), nullable=True)
    kind: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(Text, default="")
    old: Mapped[str | None] = mapped_column(Text, nullable=True)
    new: Mapped[str | None] = mapped_column(Text, nullable=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    # the hash chain (revision 0003): set by a trigger as the row is inserted, never by the inserter
    chain_prev: Mapped[str | None] = mapped_column(Text, nullable=True)
    chain_hash: Mapped[str | None] = mapped_column(Text, nullable=True)


class SettingRecord(Base):
    __tablename__ = "setting"

    key: Mapped[str] = mapped_column(String(200), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
    updated_at: Mapped[str] = mapped_column(String(40), default="")  # added by revision 0002


class ReviewEventRecord(Base):
    """A step of a query or of a case's sign-off (revision 0004): see casereader.core.review. Never changed;
    deleted only with its case (purge)."""

    __tablename__ = "review_event"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    inspection_id: Mapped[str] = mapped_column(ForeignKey("inspection.id", ondelete="CASCADE"), index=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("case_file.id", ondelete="CASCADE"), index=True)
    query_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    kind: Mapped[str] = mapped_column(String(20))
    at: Mapped[str] = mapped_column(String(40))
    actor: Mapped[str] = mapped_column(Text)
    origin: Mapped[str] = mapped_column(String(64))
    question_id: Mapped[str | None] = mapped_column(String(100), nullable=True)
    text: Mapped[str] = mapped_column(Text, default="")
    mark: Mapped[str | None] = mapped_column(Text, nullable=True)
    checksum: Mapped[str | None] = mapped_column(String(64), nullable=True)
    local: Mapped[bool] = mapped_column(Boolean, default=False)  # made on this laptop: sent in every bundle
    received_at: Mapped[str] = mapped_column(String(40), default="")
