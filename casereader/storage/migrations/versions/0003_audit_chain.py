"""Hash-chain the audit log: every event carries the hash of the one before it in its inspection's chain.

Adds ``chain_prev`` and ``chain_hash``, the trigger that fills them as each event is inserted, and an
append-only guard that lets only that filling-in through; existing events are chained in sequence order.

Revision ID: 0003
Revises: 0002
"""

from casereader.sqlitedb import sqlite3

import sqlalchemy as sa
from alembic import op

from casereader.storage import chain

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column("audit_event", sa.Column("chain_prev", sa.Text, nullable=True))
    op.add_column("audit_event", sa.Column("chain_hash", sa.Text, nullable=True))
    op.execute("DROP TRIGGER audit_event_no_update")
    op.execute(chain.NO_UPDATE_TRIGGER)
    con = op.get_bind().connection.dbapi_connection
    assert isinstance(con, sqlite3.Connection)
    chain.register(con)
    chain.backfill(con)
    op.execute(chain.CHAIN_TRIGGER)


def downgrade() -> None:
    op.execute("DROP TRIGGER audit_event_chain")
    op.execute("DROP TRIGGER audit_event_no_update")
    op.execute("DROP TRIGGER audit_event_no_delete")
    with op.batch_alter_table("audit_event") as batch:
        batch.drop_column("chain_hash")
        batch.drop_column("chain_prev")
    op.execute(chain.OLD_NO_UPDATE_TRIGGER)
    op.execute("CREATE TRIGGER audit_event_no_delete BEFORE DELETE ON audit_event "
               "BEGIN SELECT RAISE(ABORT, 'audit events cannot be deleted'); END")
