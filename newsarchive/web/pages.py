"""Home (the sites, their last crawl and its health, articles per day) and the crawls."""

from __future__ import annotations

from typing import Any

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import Response

from ..health import coverage_alerts, error_kinds, error_rate
from ..storage import browse
from ..storage.queries import archive_stats, previous_crawl_stats
from .charts import per_day_chart
from .context import Context
from .params import positive_int

CRAWLS_PER_PAGE = 50
SUMMARY_KEYS = (
    ("pages", "response_received_count"),
    ("articles", "newsarchive/articles_extracted"),
    ("new", "newsarchive/articles_new"),
    ("new revisions", "newsarchive/revisions_new"),
    ("counts recorded", "newsarchive/comment_counts_new"),
    ("unchanged (304)", "newsarchive/not_modified"),
    ("gone", "newsarchive/articles_gone"),
)


def health(ctx: Context, crawl: dict[str, Any]) -> dict[str, Any]:
    """A crawl's summary as the end-of-run line gives it: counts, errors by kind, and the
    layout-break alerts against the site's previous crawls (``newsarchive.health``)."""
    stats = crawl["stats"]
    history = previous_crawl_stats(ctx.engine, crawl["spider"], crawl["id"])
    failed, attempted = error_rate(stats)
    return {
        **crawl,
        "summary": [(label, stats[key]) for label, key in SUMMARY_KEYS if stats.get(key)],
        "errors": sorted(error_kinds(stats).items()),
        "error_rate": (failed, attempted),
        "alerts": coverage_alerts(stats, history) if stats else [],
    }


def home(ctx: Context, request: Request) -> Response:
    stats = archive_stats(ctx.engine)
    sites = browse.sites(ctx.engine)
    for site in sites:
        crawl = browse.crawl(ctx.engine, site["last_crawl"]) if site["last_crawl"] else None
        site["crawl"] = health(ctx, crawl) if crawl else None
    days = browse.articles_per_day(ctx.engine)
    incomplete = {k: v for k, v in stats["extraction"].items() if k not in {"ok", "unknown"}}
    return ctx.render.page(request, "home.html", nav="home", totals=stats["totals"],
                           incomplete=incomplete, sites=sites, days=days,
                           chart=per_day_chart(days))  # fmt: skip


def crawls(ctx: Context, request: Request) -> Response:
    page = positive_int(request.query_params, "page", 1) or 1
    total, rows = browse.crawls(ctx.engine, limit=CRAWLS_PER_PAGE,
                                offset=(page - 1) * CRAWLS_PER_PAGE)  # fmt: skip
    pages = max(1, -(-total // CRAWLS_PER_PAGE))
    if page > pages:
        raise HTTPException(404, f"no page {page}: the crawls fill {pages}")
    return ctx.render.page(request, "crawls.html", nav="crawls", total=total, page=page,
                           pages=pages, crawls=[health(ctx, c) for c in rows])  # fmt: skip


def crawl(ctx: Context, request: Request) -> Response:
    found = browse.crawl(ctx.engine, request.path_params["crawl_id"])
    if found is None:
        raise HTTPException(404, "no such crawl")
    return ctx.render.page(request, "crawl.html", nav="crawls", crawl=health(ctx, found),
                           stats=sorted(found["stats"].items()))  # fmt: skip
