"""Index the audit log by case and key (fast question history) and stamp settings with a time.

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_audit_event_case_key", "audit_event", ["case_id", "key"])
    op.add_column("setting", sa.Column("updated_at", sa.String(40), nullable=False, server_default=""))


def downgrade() -> None:
    op.drop_index("ix_audit_event_case_key", "audit_event")
    with op.batch_alter_table("setting") as batch:
        batch.drop_column("updated_at")
