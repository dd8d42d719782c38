"""Persistent crawl frontier: a killed crawl resumes where it stopped.

Revision ID: 0004
Revises: 0003
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "frontier",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(200), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("run_id", sa.Integer(), nullable=False),
        sa.Column("state", sa.String(10), nullable=False),
        sa.Column("discovered_at", sa.String(40), nullable=False),
        sa.Column("done_at", sa.String(40), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_frontier"),
        sa.UniqueConstraint("spider", "url", name="uq_frontier_spider"),
    )
    op.create_index("ix_frontier_spider_run_id_state", "frontier", ["spider", "run_id", "state"])
    op.add_column("crawls", sa.Column("run_id", sa.Integer(), nullable=True))
