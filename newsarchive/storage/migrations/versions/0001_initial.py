"""The first archive schema: sites, articles, URLs, revisions, comment counts, raw pages, crawls.

Revision ID: 0001
Revises:
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "sites",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("name", sa.String(200), nullable=False),
        sa.Column("base_url", sa.Text(), nullable=True),
        sa.Column("created_at", sa.String(40), nullable=False),
        sa.PrimaryKeyConstraint("id", name="pk_sites"),
        sa.UniqueConstraint("name", name="uq_sites_name"),
    )
    op.create_table(
        "crawls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("spider", sa.String(200), nullable=False),
        sa.Column("started_at", sa.String(40), nullable=False),
        sa.Column("finished_at", sa.String(40), nullable=True),
        sa.Column("status", sa.String(20), nullable=False),
        sa.Column("finish_reason", sa.String(100), nullable=True),
        sa.Column("stats", sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name="pk_crawls"),
    )
    op.create_table(
        "blobs",
        sa.Column("sha256", sa.String(64), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.Column("compression", sa.String(10), nullable=False),
        sa.Column("data", sa.LargeBinary(), nullable=False),
        sa.PrimaryKeyConstraint("sha256", name="pk_blobs"),
    )
    op.create_table(
        "schema_info",
        sa.Column("key", sa.String(50), nullable=False),
        sa.Column("value", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("key", name="pk_schema_info"),
    )
    op.create_table(
        "articles",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("site_id", sa.Integer(), nullable=False),
        sa.Column("canonical_url", sa.Text(), nullable=False),
        sa.Column("wp_post_id", sa.Integer(), nullable=True),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.Column("last_seen", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(["site_id"], ["sites.id"], name="fk_articles_site_id_sites"),
        sa.PrimaryKeyConstraint("id", name="pk_articles"),
        sa.UniqueConstraint("canonical_url", name="uq_articles_canonical_url"),
    )
    op.create_index("ix_articles_site_id", "articles", ["site_id"])
    op.create_table(
        "article_urls",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_article_urls_article_id_articles"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_article_urls"),
        sa.UniqueConstraint("url", name="uq_article_urls_url"),
    )
    op.create_index("ix_article_urls_article_id", "article_urls", ["article_id"])
    op.create_table(
        "revisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("fingerprint", sa.String(64), nullable=False),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.Column("last_seen", sa.String(40), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("headline", sa.Text(), nullable=True),
        sa.Column("article_body", sa.Text(), nullable=True),
        sa.Column("article_body_html", sa.Text(), nullable=True),
        sa.Column("authors", sa.Text(), nullable=False),
        sa.Column("date_published", sa.String(40), nullable=True),
        sa.Column("date_published_raw", sa.Text(), nullable=True),
        sa.Column("date_modified", sa.String(40), nullable=True),
        sa.Column("date_modified_raw", sa.Text(), nullable=True),
        sa.Column("in_language", sa.String(35), nullable=True),
        sa.Column("description", sa.Text(), nullable=True),
        sa.Column("section", sa.Text(), nullable=True),
        sa.Column("tags", sa.Text(), nullable=False),
        sa.Column("main_image", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_revisions_article_id_articles"
        ),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawls.id"], name="fk_revisions_crawl_id_crawls"),
        sa.PrimaryKeyConstraint("id", name="pk_revisions"),
    )
    op.create_index("ix_revisions_article_id_id", "revisions", ["article_id", "id"])
    op.create_table(
        "comment_counts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("count", sa.Integer(), nullable=False),
        sa.Column("source", sa.String(40), nullable=True),
        sa.Column("raw", sa.Text(), nullable=True),
        sa.Column("signals", sa.Text(), nullable=True),
        sa.Column("first_seen", sa.String(40), nullable=False),
        sa.Column("last_seen", sa.String(40), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_comment_counts_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["crawl_id"], ["crawls.id"], name="fk_comment_counts_crawl_id_crawls"
        ),
        sa.PrimaryKeyConstraint("id", name="pk_comment_counts"),
    )
    op.create_index("ix_comment_counts_article_id_id", "comment_counts", ["article_id", "id"])
    op.create_table(
        "pages",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("crawl_id", sa.Integer(), nullable=True),
        sa.Column("url", sa.Text(), nullable=False),
        sa.Column("fetched_at", sa.String(40), nullable=False),
        sa.Column("http_status", sa.Integer(), nullable=False),
        sa.Column("headers", sa.Text(), nullable=False),
        sa.Column("body_sha256", sa.String(64), nullable=False),
        sa.ForeignKeyConstraint(
            ["article_id"], ["articles.id"], name="fk_pages_article_id_articles"
        ),
        sa.ForeignKeyConstraint(
            ["body_sha256"], ["blobs.sha256"], name="fk_pages_body_sha256_blobs"
        ),
        sa.ForeignKeyConstraint(["crawl_id"], ["crawls.id"], name="fk_pages_crawl_id_crawls"),
        sa.PrimaryKeyConstraint("id", name="pk_pages"),
    )
    op.create_index("ix_pages_article_id", "pages", ["article_id"])
