"""Read-only queries for the web UI: what a page shows, by id, in one short transaction each.

The CLI's queries (``queries.py``) find an article by URL and print; a browser navigates by
id and needs more of each row (every fetch, every URL with its date, each count's signals).
SQLAlchemy Core/ORM only, no SQLite-specific SQL, so PostgreSQL archives read the same.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from .blobs import BlobStore
from .jsoncols import json_list, json_object, json_strings
from .models import ArticleRow, ArticleUrl, Blob, Crawl, Page, Revision, Site
from .queries import article_fields, article_records, count_fields

REVISION_COLUMNS = (
    "id", "url", "headline", "article_body", "authors", "date_published", "date_published_raw",
    "date_published_source", "date_modified", "date_modified_raw", "in_language", "description",
    "section", "tags", "main_image", "extraction_status", "fingerprint", "first_seen",
    "last_seen", "crawl_id",
)  # fmt: skip
_JSON_LISTS = {"authors", "tags"}


def _revision_dict(row: Revision, number: int) -> dict[str, Any]:
    out: dict[str, Any] = {"number": number}
    for name in REVISION_COLUMNS:
        value = getattr(row, name)
        out[name] = json_strings(value) if name in _JSON_LISTS else value
    return out


def article(engine: Engine, article_id: int) -> dict[str, Any] | None:
    """Everything the article page shows: the row, its site, every revision (numbered from 1,
    as ``newsarchive history`` numbers them), every URL that led to it, every count observed
    and every fetch."""
    with Session(engine) as session:
        records = article_records(session, article_id)
        if records is None:
            return None
        row, site, revisions, counts = records
        urls = session.execute(
            select(ArticleUrl.url, ArticleUrl.first_seen)
            .where(ArticleUrl.article_id == article_id)
            .order_by(ArticleUrl.first_seen, ArticleUrl.id)
        ).all()
        pages = session.execute(
            select(Page.id, Page.url, Page.fetched_at, Page.http_status, Page.crawl_id,
                   Page.body_sha256, Blob.size, Blob.compression)
            .join(Blob, Blob.sha256 == Page.body_sha256)
            .where(Page.article_id == article_id)
            .order_by(Page.id)
        ).all()  # fmt: skip
        return {
            **article_fields(row, site),
            "wp_post_id": row.wp_post_id,
            "revisions": [_revision_dict(r, n) for n, r in enumerate(revisions, start=1)],
            "urls": [{"url": u, "first_seen": seen} for u, seen in urls],
            "comment_counts": [
                {
                    **count_fields(c),
                    "signals": json_list(c.signals) if c.signals else [],
                    "crawl_id": c.crawl_id,
                }
                for c in counts
            ],
            "pages": [dict(p._mapping) for p in pages],
        }


def fetch(engine: Engine, page_id: int) -> dict[str, Any] | None:
    """One stored fetch with its article and neighbours (the article's previous and next
    fetch), without the body."""
    with Session(engine) as session:
        page = session.get(Page, page_id)
        if page is None:
            return None
        blob = session.get(Blob, page.body_sha256)
        siblings = session.scalars(
            select(Page.id).where(Page.article_id == page.article_id).order_by(Page.id)
        ).all()
        headline = session.scalar(
            select(Revision.headline)
            .where(Revision.article_id == page.article_id)
            .order_by(Revision.id.desc())
            .limit(1)
        )
        index = siblings.index(page.id)
        headers = json_object(page.headers)
        return {
            "id": page.id,
            "article_id": page.article_id,
            "headline": headline,
            "url": page.url,
            "fetched_at": page.fetched_at,
            "http_status": page.http_status,
            "crawl_id": page.crawl_id,
            "headers": headers or {},
            "sha256": page.body_sha256,
            "size": blob.size if blob else None,
            "compression": blob.compression if blob else None,
            "number": index + 1,
            "fetches": len(siblings),
            "previous": siblings[index - 1] if index > 0 else None,
            "next": siblings[index + 1] if index + 1 < len(siblings) else None,
        }


@dataclass
class BodyReader:
    """Stored page bodies, decompressed and checked against their SHA-256
    (:class:`~newsarchive.storage.blobs.CorruptBlob` otherwise). One per app: it caches each
    site's zstd dictionary; zstd decompressors are not thread-safe, hence the lock."""

    engine: Engine

    def __post_init__(self) -> None:
        self._store = BlobStore()
        self._lock = threading.Lock()

    def body(self, sha256: str) -> bytes | None:
        with Session(self.engine) as session:
            blob = session.get(Blob, sha256)
            if blob is None:
                return None
            with self._lock:
                return self._store.decode(session, blob)


def sites(engine: Engine) -> list[dict[str, Any]]:
    """Each site with its article count, gone articles and its latest crawl (by spider name:
    a site is named after its spider, or its host for ad-hoc crawls, as crawls are)."""
    latest_crawl = (
        select(Crawl.spider, func.max(Crawl.id).label("crawl_id")).group_by(Crawl.spider).subquery()
    )
    query = (
        select(
            Site.name,
            Site.base_url,
            func.count(ArticleRow.id),
            func.count(ArticleRow.gone_at),
            latest_crawl.c.crawl_id,
        )
        .outerjoin(ArticleRow, ArticleRow.site_id == Site.id)
        .outerjoin(latest_crawl, latest_crawl.c.spider == Site.name)
        .group_by(Site.name, Site.base_url, latest_crawl.c.crawl_id)
        .order_by(Site.name)
    )
    with Session(engine) as session:
        return [
            {"site": name, "base_url": base, "articles": n, "gone": gone, "last_crawl": crawl}
            for name, base, n, gone, crawl in session.execute(query)
        ]


def site_names(engine: Engine) -> list[str]:
    with Session(engine) as session:
        return list(session.scalars(select(Site.name).order_by(Site.name)))


def languages(engine: Engine) -> list[str]:
    """Primary language subtags present (``fr`` for fr, fr-FR, fr-MA): what the search's
    language filter matches on."""
    with Session(engine) as session:
        found = session.scalars(select(Revision.in_language).distinct()).all()
    return sorted({lang.split("-")[0].lower() for lang in found if lang})


def articles_per_day(engine: Engine, days: int = 60) -> list[tuple[str, int]]:
    """``(YYYY-MM-DD, articles)`` by each article's first publication date (the date the
    page stated, in its own time zone), over the ``days`` up to the newest."""
    first = (
        select(Revision.article_id, func.min(Revision.date_published).label("published"))
        .group_by(Revision.article_id)
        .subquery()
    )
    day = func.substr(first.c.published, 1, 10)
    query = (
        select(day, func.count())
        .where(first.c.published.is_not(None))
        .group_by(day)
        .order_by(day.desc())
        .limit(days)
    )
    with Session(engine) as session:
        return sorted((d, n) for d, n in session.execute(query) if d)


def crawls(engine: Engine, *, limit: int = 50, offset: int = 0) -> tuple[int, list[dict[str, Any]]]:
    """``(total, crawls newest first)``, each with its stats parsed."""
    with Session(engine) as session:
        total = session.scalar(select(func.count()).select_from(Crawl)) or 0
        rows = session.scalars(
            select(Crawl).order_by(Crawl.id.desc()).limit(limit).offset(offset)
        ).all()
        return total, [crawl_dict(c) for c in rows]


def crawl(engine: Engine, crawl_id: int) -> dict[str, Any] | None:
    with Session(engine) as session:
        row = session.get(Crawl, crawl_id)
        return crawl_dict(row) if row is not None else None


def crawl_dict(row: Crawl) -> dict[str, Any]:
    return {
        "id": row.id,
        "spider": row.spider,
        "started_at": row.started_at,
        "finished_at": row.finished_at,
        "status": row.status,
        "finish_reason": row.finish_reason,
        "run_id": row.run_id,
        "stats": json_object(row.stats) or {},
    }
