"""Frontier retries: failed fetches are counted and scheduled, not retried on every crawl.

Revision ID: 0005
Revises: 0004
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("frontier") as batch:
        batch.add_column(sa.Column("attempts", sa.Integer(), nullable=False, server_default="0"))
        batch.add_column(sa.Column("next_due", sa.String(40), nullable=True))
        batch.add_column(sa.Column("last_error", sa.String(40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("frontier") as batch:
        batch.drop_column("last_error")
        batch.drop_column("next_due")
        batch.drop_column("attempts")
