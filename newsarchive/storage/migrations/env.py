"""Alembic environment: migrations run on the connection newsarchive hands over."""

from __future__ import annotations

from alembic import context

connection = context.config.attributes["connection"]
context.configure(connection=connection, render_as_batch=True, compare_type=False)
with context.begin_transaction():
    context.run_migrations()
