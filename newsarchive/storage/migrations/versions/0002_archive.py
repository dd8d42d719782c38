"""Archive features: deleted-article markers, full-text search, views for archivists.

Revision ID: 0002
Revises: 0001
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None

LATEST_REVISIONS = """
CREATE VIEW latest_revisions AS
SELECT s.name AS site, a.canonical_url, a.gone_at, r.*
FROM revisions r
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
WHERE r.id = (SELECT MAX(r2.id) FROM revisions r2 WHERE r2.article_id = r.article_id)
"""
COMMENT_COUNT_HISTORY = """
CREATE VIEW comment_count_history AS
SELECT s.name AS site, a.canonical_url, c.article_id, c.count, c.source, c.raw,
       c.first_seen, c.last_seen
FROM comment_counts c
JOIN articles a ON a.id = c.article_id
JOIN sites s ON s.id = a.site_id
"""


def upgrade() -> None:
    with op.batch_alter_table("articles") as batch:
        batch.add_column(sa.Column("gone_at", sa.String(40), nullable=True))
        batch.add_column(sa.Column("gone_status", sa.Integer(), nullable=True))
    if op.get_bind().dialect.name == "sqlite":
        # External-content FTS5 over revisions: the text is stored once, in revisions; the
        # write path adds each new revision's row. remove_diacritics 2 lets "securite" find
        # "sécurité"; unicode61 splits Arabic words as it does Latin ones.
        op.execute(
            "CREATE VIRTUAL TABLE revisions_fts USING fts5(headline, article_body, "
            "content='revisions', content_rowid='id', "
            "tokenize='unicode61 remove_diacritics 2')"
        )
        op.execute("INSERT INTO revisions_fts(revisions_fts) VALUES ('rebuild')")
    op.execute(LATEST_REVISIONS)
    op.execute(COMMENT_COUNT_HISTORY)
