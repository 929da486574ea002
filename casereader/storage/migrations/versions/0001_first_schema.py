"""The first schema: inspections, cases, answers, the append-only audit log and settings.

Revision ID: 0001
Revises:
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "inspection",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("title", sa.Text, nullable=False),
        sa.Column("programme", sa.Text, nullable=False),
        sa.Column("area", sa.Text, nullable=False),
        sa.Column("round", sa.String(20), nullable=False),
        sa.Column("form_id", sa.Text, nullable=False),
        sa.Column("form_version", sa.Text, nullable=False),
        sa.Column("form_hash", sa.String(64), nullable=False),
        sa.Column("form_bytes", sa.LargeBinary, nullable=False),
        sa.Column("inspectors", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("sample_seed", sa.Integer, nullable=True),
    )
    op.create_table(
        "case_file",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("inspection_id", sa.String(36), sa.ForeignKey("inspection.id"), nullable=False),
        sa.Column("position", sa.Integer, nullable=False),
        sa.Column("reference", sa.Text, nullable=False),
        sa.Column("header", sa.Text, nullable=False),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("answered", sa.Integer, nullable=False),
        sa.Column("applicable", sa.Integer, nullable=False),
        sa.Column("inspector", sa.Text, nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
        sa.Column("reserve", sa.Boolean, nullable=False),
        sa.Column("withdrawn_reason", sa.Text, nullable=False),
        sa.UniqueConstraint("inspection_id", "reference", name="uq_case_reference"),
    )
    op.create_index("ix_case_file_inspection_id", "case_file", ["inspection_id"])
    op.create_table(
        "answer",
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), primary_key=True),
        sa.Column("question_id", sa.String(100), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
        sa.Column("na", sa.Boolean, nullable=False),
        sa.Column("na_reason", sa.Text, nullable=False),
        sa.Column("comment", sa.Text, nullable=False),
        sa.Column("inspector", sa.Text, nullable=False),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.Column("updated_at", sa.String(40), nullable=False),
    )
    op.create_table(
        "audit_event",
        sa.Column("seq", sa.Integer, primary_key=True, autoincrement=True),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("inspection_id", sa.String(36), sa.ForeignKey("inspection.id"), nullable=True),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id"), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("key", sa.Text, nullable=False),
        sa.Column("old", sa.Text, nullable=True),
        sa.Column("new", sa.Text, nullable=True),
        sa.Column("reason", sa.Text, nullable=False),
    )
    op.create_index("ix_audit_event_inspection_id", "audit_event", ["inspection_id"])
    op.execute("CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event "
               "BEGIN SELECT RAISE(ABORT, 'audit events cannot be changed'); END")
    op.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
               "BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END")
    op.create_table(
        "setting",
        sa.Column("key", sa.String(200), primary_key=True),
        sa.Column("value", sa.Text, nullable=False),
    )


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_event_no_delete")
    op.execute("DROP TRIGGER audit_event_no_update")
    for table in ("setting", "audit_event", "answer", "case_file", "inspection"):
        op.drop_table(table)
