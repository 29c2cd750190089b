"""Alembic environment: always run with a connection handed in by doorajar."""

from __future__ import annotations

from alembic import context

from doorajar.store.schema import metadata

connection = context.config.attributes.get("connection")
if connection is None:  # pragma: no cover - doorajar always passes one
    raise RuntimeError("doorajar migrations run through doorajar.store.db.migrate()")

context.configure(
    connection=connection,
    target_metadata=metadata,
    render_as_batch=connection.dialect.name == "sqlite",
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()
