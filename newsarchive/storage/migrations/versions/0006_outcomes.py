"""Outcomes: what became of every fetched page; where a date was read; extraction status.

- ``frontier.outcome``: ``stored``, ``not_modified``, ``gone``, ``skipped:<reason>``
  (``not_article``, ``out_of_window``, ``robots``…) — a finished crawl leaves no URL without
  one (failed fetches keep ``last_error`` and stay pending for their retry).
- ``revisions.extraction_status``: ``ok``, ``no_body``, ``no_headline`` or ``failed`` — a page
  whose extraction found nothing is archived all the same, and says so.
- ``revisions.date_published_source``: where the publication date was read.

Revision ID: 0006
Revises: 0005
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("frontier") as batch:
        batch.add_column(sa.Column("outcome", sa.String(40), nullable=True))
    with op.batch_alter_table("revisions") as batch:
        batch.add_column(sa.Column("extraction_status", sa.String(20), nullable=True))
        batch.add_column(sa.Column("date_published_source", sa.String(20), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("revisions") as batch:
        batch.drop_column("date_published_source")
        batch.drop_column("extraction_status")
    with op.batch_alter_table("frontier") as batch:
        batch.drop_column("outcome")
