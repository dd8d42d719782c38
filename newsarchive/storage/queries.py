"""Read-side queries for the CLI (``show``, ``stats``), bound parameters only."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from sqlalchemy import Engine, Subquery, func, select
from sqlalchemy.orm import Session

from ..urls import canonicalize
from .jsoncols import json_object, json_strings
from .models import ArticleRow, ArticleUrl, CommentCount, Crawl, Page, Revision, Site


def find_article_id(session: Session, url: str) -> int | None:
    canonical = canonicalize(url)
    article_id = session.scalar(
        select(ArticleUrl.article_id).where(ArticleUrl.url == canonical).limit(1)
    )
    if article_id is None:
        article_id = session.scalar(
            select(ArticleRow.id).where(ArticleRow.canonical_url == canonical)
        )
    return article_id


def article_records(
    session: Session, article_id: int
) -> tuple[ArticleRow, Site | None, Sequence[Revision], Sequence[CommentCount]] | None:
    """An article's row, its site, its revisions and its comment-count observations, oldest
    first: what ``history``, ``show`` and the web UI's article page all start from."""
    row = session.get(ArticleRow, article_id)
    if row is None:
        return None
    revisions = session.scalars(
        select(Revision).where(Revision.article_id == article_id).order_by(Revision.id)
    ).all()
    counts = session.scalars(
        select(CommentCount).where(CommentCount.article_id == article_id).order_by(CommentCount.id)
    ).all()
    return row, session.get(Site, row.site_id), revisions, counts


def article_fields(row: ArticleRow, site: Site | None) -> dict[str, Any]:
    """An article's own fields as every reader shows them (``show --json``, the web UI)."""
    return {
        "id": row.id,
        "canonical_url": row.canonical_url,
        "site": site.name if site else None,
        "first_seen": row.first_seen,
        "last_seen": row.last_seen,
        "gone_at": row.gone_at,
        "gone_status": row.gone_status,
    }


def count_fields(count: CommentCount) -> dict[str, Any]:
    """One comment-count observation as every reader shows it."""
    return {
        "count": count.count,
        "source": count.source,
        "raw": count.raw,
        "first_seen": count.first_seen,
        "last_seen": count.last_seen,
    }


def article_history(engine: Engine, url: str) -> dict[str, Any] | None:
    """The article at ``url`` (any alias) with all revisions and comment-count observations."""
    with Session(engine) as session:
        article_id = find_article_id(session, url)
        if article_id is None:
            return None
        records = article_records(session, article_id)
        assert records is not None
        row, site, revisions, counts = records
        aliases = session.scalars(
            select(ArticleUrl.url).where(ArticleUrl.article_id == article_id)
        ).all()
        fetches = session.scalar(select(func.count(Page.id)).where(Page.article_id == article_id))
        return {
            **article_fields(row, site),
            "urls": list(aliases),
            "fetches": fetches,
            "revisions": [
                {
                    "id": r.id,
                    "first_seen": r.first_seen,
                    "last_seen": r.last_seen,
                    "fingerprint": r.fingerprint,
                    "headline": r.headline,
                    "article_body": r.article_body,
                    "authors": json_strings(r.authors),
                    "date_published": r.date_published,
                    "date_published_raw": r.date_published_raw,
                    "date_published_source": r.date_published_source,
                    "date_modified": r.date_modified,
                    "extraction_status": r.extraction_status,
                    "in_language": r.in_language,
                    "section": r.section,
                    "tags": json_strings(r.tags),
                }
                for r in revisions
            ],
            "comment_counts": [count_fields(c) for c in counts],
        }


def archive_stats(engine: Engine) -> dict[str, Any]:
    with Session(engine) as session:
        totals = {
            name: session.scalar(select(func.count()).select_from(model)) or 0
            for name, model in (
                ("sites", Site),
                ("articles", ArticleRow),
                ("article_urls", ArticleUrl),
                ("revisions", Revision),
                ("comment_counts", CommentCount),
                ("pages", Page),
                ("crawls", Crawl),
            )
        }
        per_site = [
            {"site": name, "articles": n}
            for name, n in session.execute(
                select(Site.name, func.count(ArticleRow.id))
                .join(ArticleRow, ArticleRow.site_id == Site.id)
                .group_by(Site.name)
                .order_by(Site.name)
            )
        ]
        latest = _latest_revisions()
        # Each article's latest extraction: those archived without a body are what
        # `newsarchive reextract` is for.
        extraction = {
            status or "unknown": n
            for status, n in session.execute(
                select(Revision.extraction_status, func.count())
                .join(latest, latest.c.rev_id == Revision.id)
                .group_by(Revision.extraction_status)
            )
        }
        crawls = [
            {
                "id": c.id,
                "spider": c.spider,
                "started_at": c.started_at,
                "finished_at": c.finished_at,
                "status": c.status,
            }
            for c in session.scalars(select(Crawl).order_by(Crawl.id.desc()).limit(5))
        ]
    return {
        "totals": totals,
        "extraction": extraction,
        "sites": per_site,
        "recent_crawls": crawls,
    }


def _latest_revisions() -> Subquery:
    """``(article_id, rev_id)``: each article's latest revision."""
    return (
        select(Revision.article_id, func.max(Revision.id).label("rev_id"))
        .group_by(Revision.article_id)
        .subquery()
    )


def archived_articles(engine: Engine, site: str) -> dict[str, tuple[str, str | None]]:
    """``{url: (last_seen, date_published)}`` for every URL (canonical and aliases) of the
    site's articles, from their latest revision: what a crawl needs to skip unchanged ones."""
    latest = _latest_revisions()
    query = (
        select(ArticleUrl.url, ArticleRow.last_seen, Revision.date_published)
        .join(ArticleRow, ArticleRow.id == ArticleUrl.article_id)
        .join(Site, Site.id == ArticleRow.site_id)
        .join(latest, latest.c.article_id == ArticleRow.id)
        .join(Revision, Revision.id == latest.c.rev_id)
        .where(Site.name == site, ArticleRow.gone_at.is_(None))
    )
    with Session(engine) as session:
        return {url: (seen, published) for url, seen, published in session.execute(query)}


def recent_articles(engine: Engine, site: str, since: str) -> dict[str, tuple[int | None, bool]]:
    """``{canonical_url: (wp_post_id, has_count)}`` for the site's articles whose latest
    revision was published at or after ``since`` (ISO 8601) — the ones whose comment counts
    still move. ``has_count`` says whether a count was ever observed (the page showed a comment
    feature)."""
    latest = _latest_revisions()
    has_count = select(CommentCount.id).where(CommentCount.article_id == ArticleRow.id).exists()
    query = (
        select(ArticleRow.canonical_url, ArticleRow.wp_post_id, has_count)
        .join(Site, Site.id == ArticleRow.site_id)
        .join(latest, latest.c.article_id == ArticleRow.id)
        .join(Revision, Revision.id == latest.c.rev_id)
        .where(Site.name == site, Revision.date_published >= since)
    )
    with Session(engine) as session:
        return {url: (post_id, bool(seen)) for url, post_id, seen in session.execute(query).all()}


COMMENT_COUNT_COLUMNS = (
    "site", "canonical_url", "count", "source", "raw", "first_seen", "last_seen",
)  # fmt: skip


def comment_count_rows(
    engine: Engine, site: str | None = None, since: str | None = None
) -> Iterator[dict[str, Any]]:
    """Every comment-count observation, oldest first per article (the series)."""
    query = (
        select(
            Site.name,
            ArticleRow.canonical_url,
            CommentCount.count,
            CommentCount.source,
            CommentCount.raw,
            CommentCount.first_seen,
            CommentCount.last_seen,
        )
        .join(ArticleRow, ArticleRow.id == CommentCount.article_id)
        .join(Site, Site.id == ArticleRow.site_id)
        .order_by(ArticleRow.id, CommentCount.id)
    )
    if site is not None:
        query = query.where(Site.name == site)
    if since is not None:
        query = query.where(CommentCount.last_seen >= since)
    with Session(engine) as session:
        for row in session.execute(query):
            yield dict(zip(COMMENT_COUNT_COLUMNS, row, strict=True))


def previous_crawl_stats(
    engine: Engine, spider: str, before_id: int, limit: int = 5
) -> list[dict[str, Any]]:
    """Stats of the spider's latest finished crawls before ``before_id``, newest first."""
    with Session(engine) as session:
        rows = session.scalars(
            select(Crawl.stats)
            .where(Crawl.spider == spider, Crawl.id < before_id, Crawl.status == "finished")
            .order_by(Crawl.id.desc())
            .limit(limit)
        ).all()
    return [stats for r in rows if r and (stats := json_object(r)) is not None]


def page_validators(engine: Engine, site: str) -> dict[str, tuple[str | None, str | None]]:
    """``{canonical fetched URL: (ETag, Last-Modified)}`` from each article's latest fetch."""
    latest = (
        select(func.max(Page.id).label("page_id"))
        .join(ArticleRow, ArticleRow.id == Page.article_id)
        .join(Site, Site.id == ArticleRow.site_id)
        .where(Site.name == site, Page.http_status == 200)
        .group_by(Page.article_id)
        .subquery()
    )
    out: dict[str, tuple[str | None, str | None]] = {}
    with Session(engine) as session:
        for url, headers in session.execute(
            select(Page.url, Page.headers).join(latest, latest.c.page_id == Page.id)
        ):
            lowered = {k.lower(): v for k, v in (json_object(headers) or {}).items()}
            etag, modified = lowered.get("etag"), lowered.get("last-modified")
            if etag or modified:
                out[canonicalize(url)] = (etag, modified)
    return out
