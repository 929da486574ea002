"""Alembic environment: always run on the connection the store passes in ``config.attributes``."""

from alembic import context

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("casereader migrations run through casereader.storage, which passes a connection")
context.configure(connection=connection, target_metadata=None, transactional_ddl=True)
with context.begin_transaction():
    context.run_migrations()
