"""The review loop: queries on marks and case sign-offs, kept as immutable events (casereader.core.review).

Revision ID: 0004
Revises: 0003
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "review_event",
        sa.Column("id", sa.String(36), primary_key=True),
        sa.Column("inspection_id", sa.String(36), sa.ForeignKey("inspection.id", ondelete="CASCADE"),
                  nullable=False),
        sa.Column("case_id", sa.String(36), sa.ForeignKey("case_file.id", ondelete="CASCADE"), nullable=False),
        sa.Column("query_id", sa.String(36), nullable=True),
        sa.Column("kind", sa.String(20), nullable=False),
        sa.Column("at", sa.String(40), nullable=False),
        sa.Column("actor", sa.Text, nullable=False),
        sa.Column("origin", sa.String(64), nullable=False),
        sa.Column("question_id", sa.String(100), nullable=True),
        sa.Column("text", sa.Text, nullable=False),
        sa.Column("mark", sa.Text, nullable=True),
        sa.Column("checksum", sa.String(64), nullable=True),
        sa.Column("local", sa.Boolean, nullable=False),
        sa.Column("received_at", sa.String(40), nullable=False),
    )
    op.create_index("ix_review_event_inspection_id", "review_event", ["inspection_id"])
    op.create_index("ix_review_event_case_id", "review_event", ["case_id"])
    op.create_index("ix_review_event_query_id", "review_event", ["query_id"])


def downgrade() -> None:
    op.drop_table("review_event")
