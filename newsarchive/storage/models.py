"""The archive schema. Archivists write SQL against it: names are plain and documented in
``docs/schema.md``; keep the two in step.

Times are ISO 8601 strings in UTC (``2025-04-12T09:30:00+00:00``) so that they sort as text and
read the same in any SQLite client; JSON documents are JSON text on SQLite and ``jsonb`` on
PostgreSQL (:class:`~.dialect.JsonText`: ``str`` in Python on both).
"""

from __future__ import annotations

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from .dialect import JsonText

SCHEMA_VERSION = "0007"  # the Alembic head; migrations/versions/ holds every step


class Base(DeclarativeBase):
    metadata = MetaData(
        naming_convention={
            "ix": "ix_%(table_name)s_%(column_0_name)s",
            "uq": "uq_%(table_name)s_%(column_0_name)s",
            "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
            "pk": "pk_%(table_name)s",
        }
    )


class Site(Base):
    """A news site: a catalogued spider, or a host crawled ad hoc."""

    __tablename__ = "sites"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    base_url: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[str] = mapped_column(String(40))


class ArticleRow(Base):
    """One row per article, identified by its canonical URL."""

    __tablename__ = "articles"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    canonical_url: Mapped[str] = mapped_column(Text, unique=True)
    wp_post_id: Mapped[int | None] = mapped_column(Integer)
    first_seen: Mapped[str] = mapped_column(String(40))
    last_seen: Mapped[str] = mapped_column(String(40))
    gone_at: Mapped[str | None] = mapped_column(String(40))
    """When the site first answered 404/410 for it (kept, never deleted); None while live."""
    gone_status: Mapped[int | None] = mapped_column(Integer)


class ArticleUrl(Base):
    """Every normalized URL an article was reached at (aliases, redirects, canonical)."""

    __tablename__ = "article_urls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    url: Mapped[str] = mapped_column(Text, unique=True)
    first_seen: Mapped[str] = mapped_column(String(40))


class Revision(Base):
    """A version of an article's content; a new row only when the fingerprint changes."""

    __tablename__ = "revisions"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    fingerprint: Mapped[str] = mapped_column(String(64))
    first_seen: Mapped[str] = mapped_column(String(40))
    last_seen: Mapped[str] = mapped_column(String(40))
    crawl_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"))
    url: Mapped[str] = mapped_column(Text)
    headline: Mapped[str | None] = mapped_column(Text)
    article_body: Mapped[str | None] = mapped_column(Text)
    article_body_html: Mapped[str | None] = mapped_column(Text)
    authors: Mapped[str] = mapped_column(JsonText, default="[]")
    date_published: Mapped[str | None] = mapped_column(String(40))
    date_published_raw: Mapped[str | None] = mapped_column(Text)
    date_modified: Mapped[str | None] = mapped_column(String(40))
    date_modified_raw: Mapped[str | None] = mapped_column(Text)
    in_language: Mapped[str | None] = mapped_column(String(35))
    description: Mapped[str | None] = mapped_column(Text)
    section: Mapped[str | None] = mapped_column(Text)
    tags: Mapped[str] = mapped_column(JsonText, default="[]")
    main_image: Mapped[str | None] = mapped_column(Text)
    date_published_source: Mapped[str | None] = mapped_column(String(20))
    """Where the publication date was read (``jsonld``, ``header``, ``htmldate``…)."""
    extraction_status: Mapped[str | None] = mapped_column(String(20))
    """``ok``, ``no_body``, ``no_headline`` or ``failed``: a page whose extraction found
    nothing is archived all the same (with its raw page), and says so."""

    __table_args__ = (Index("ix_revisions_article_id_id", "article_id", "id"),)


class CommentCount(Base):
    """An observed comment count; a new row only when the count changes."""

    __tablename__ = "comment_counts"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"))
    count: Mapped[int] = mapped_column(Integer)
    source: Mapped[str | None] = mapped_column(String(40))
    raw: Mapped[str | None] = mapped_column(Text)
    signals: Mapped[str | None] = mapped_column(JsonText)
    """JSON list of every signal seen with this count (``[{"source", "count", "raw"}]``)."""
    first_seen: Mapped[str] = mapped_column(String(40))
    last_seen: Mapped[str] = mapped_column(String(40))
    crawl_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"))

    __table_args__ = (Index("ix_comment_counts_article_id_id", "article_id", "id"),)


class Blob(Base):
    """Raw response bodies, content-addressed: the same bytes are stored once, compressed
    (``zstd-dict`` with the site's dictionary, ``zstd``, or ``gzip`` in older archives)."""

    __tablename__ = "blobs"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    size: Mapped[int] = mapped_column(Integer)
    compression: Mapped[str] = mapped_column(String(10), default="zstd")
    data: Mapped[bytes] = mapped_column(LargeBinary)
    dictionary_id: Mapped[int | None] = mapped_column(ForeignKey("dictionaries.id"))


class Dictionary(Base):
    """A zstd dictionary trained on one site's pages (its theme's shared boilerplate)."""

    __tablename__ = "dictionaries"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    site_id: Mapped[int] = mapped_column(ForeignKey("sites.id"), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    size: Mapped[int] = mapped_column(Integer)
    data: Mapped[bytes] = mapped_column(LargeBinary)


class Page(Base):
    """One fetch of an article page: what the server answered, byte for byte."""

    __tablename__ = "pages"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id"), index=True)
    crawl_id: Mapped[int | None] = mapped_column(ForeignKey("crawls.id"))
    url: Mapped[str] = mapped_column(Text)
    fetched_at: Mapped[str] = mapped_column(String(40))
    http_status: Mapped[int] = mapped_column(Integer)
    headers: Mapped[str] = mapped_column(JsonText)
    body_sha256: Mapped[str] = mapped_column(ForeignKey("blobs.sha256"))


class Crawl(Base):
    """One run of a spider: when, how it ended, and its Scrapy stats."""

    __tablename__ = "crawls"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(200))
    started_at: Mapped[str] = mapped_column(String(40))
    finished_at: Mapped[str | None] = mapped_column(String(40))
    status: Mapped[str] = mapped_column(String(20), default="running")
    finish_reason: Mapped[str | None] = mapped_column(String(100))
    stats: Mapped[str | None] = mapped_column(JsonText)
    run_id: Mapped[int | None] = mapped_column(Integer)
    """The run this crawl belongs to: its own id, or the id of the killed crawl it resumed."""


class FrontierUrl(Base):
    """An article URL a run discovered, and whether that run has stored it yet. Written in the
    same transactions as the articles, so a run killed at any instant knows exactly what is
    left to fetch."""

    __tablename__ = "frontier"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    spider: Mapped[str] = mapped_column(String(200))
    url: Mapped[str] = mapped_column(Text)
    run_id: Mapped[int] = mapped_column(Integer)
    state: Mapped[str] = mapped_column(String(10))
    """``pending`` or ``done``."""
    discovered_at: Mapped[str] = mapped_column(String(40))
    done_at: Mapped[str | None] = mapped_column(String(40))
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    """Failed fetches in a row (after Scrapy's own retries); 0 again once stored."""
    next_due: Mapped[str | None] = mapped_column(String(40))
    """Not asked for again before this time: a failed URL (the wait grows with ``attempts``),
    or a recent article until its next visit for the comment count is due."""
    last_error: Mapped[str | None] = mapped_column(String(40))
    """Kind of the last failure: ``timeout``, ``http_500``, ``redirect_loop``…"""
    outcome: Mapped[str | None] = mapped_column(String(40))
    """What became of it once done: ``stored``, ``not_modified``, ``gone`` or
    ``skipped:<reason>`` (``not_article``, ``out_of_window``, ``robots``…)."""
    lease_owner: Mapped[str | None] = mapped_column(String(64))
    """The worker that leased this pending URL, when several share the site (``leases.py``)."""
    lease_until: Mapped[str | None] = mapped_column(String(40))
    """When that lease lapses: past it, another worker may take the URL."""

    __table_args__ = (
        UniqueConstraint("spider", "url", name="uq_frontier_spider"),
        Index("ix_frontier_spider_run_id_state", "spider", "run_id", "state"),
    )


class SchemaInfo(Base):
    """Key/value facts about the database itself (schema version)."""

    __tablename__ = "schema_info"
    key: Mapped[str] = mapped_column(String(50), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


__all__ = [
    "SCHEMA_VERSION",
    "ArticleRow",
    "ArticleUrl",
    "Base",
    "Blob",
    "CommentCount",
    "Crawl",
    "Dictionary",
    "FrontierUrl",
    "Page",
    "Revision",
    "SchemaInfo",
    "Site",
]
