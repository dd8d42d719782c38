"""``newsarchive refresh``: the comment counts of a site's recent articles, without re-reading
the articles where it can.

For the site's articles already archived and published in the last ``recent_days`` days (the
crawl state knows them), counts come from the site's feeds (``<slash:comments>``) first, then
from the WordPress REST API (when the site opted in); only articles neither answers for are
downloaded again. It yields :class:`~newsarchive.items.CommentCountObservation` items, and
:class:`~newsarchive.items.Article` items for the pages downloaded again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..extract.comments import outside_count_stands
from ..items import CommentCountObservation
from ..urls import canonicalize
from . import meta
from .feed_parser import parse_feed
from .rest_api import api_request, api_total
from .site import SiteSpider
from .state import CrawlState


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


class RefreshSpider(SiteSpider):
    """The count refresh of one site (built for a catalogued or ad-hoc site by
    :func:`refresh_spider_for`: same name, same configuration)."""

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, url=url, **kwargs)
        self.recent: dict[str, tuple[int | None, bool]] = {}
        """``{canonical_url: (wp_post_id, has_count)}`` of the articles refreshed."""
        self.answered: set[str] = set()
        """Articles a feed gave a count for."""

    async def start(self) -> AsyncIterator[Any]:
        self.check_settings()
        state = self.crawler.get_spider_middleware(CrawlState)
        self.recent = state.recent_articles(self.recent_days) if state is not None else {}
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsarchive/refresh_recent", len(self.recent))
        if not self.recent:
            self.logger.warning("no archived article of %s in the last %d days", self.site_name,
                                self.recent_days)  # fmt: skip
            return
        yield self.feed_request(list(self.feed_urls or [urljoin(self.start_urls[0], "/feed/")]))

    def feed_request(self, feeds: list[str]) -> scrapy.Request:
        """The first of ``feeds``; the others are asked for after it, one at a time."""
        return scrapy.Request(
            feeds[0],
            callback=self.parse_feed_counts,
            errback=self.feed_counts_failed,
            cb_kwargs={"remaining": feeds[1:]},
            dont_filter=True,
            meta={meta.START: True},
        )

    def parse_feed_counts(self, response: Response, remaining: list[str]) -> Iterator[Any]:
        assert self.crawler.stats is not None
        for entry in parse_feed(response.body, response.url):
            url = canonicalize(entry.url)
            if url in self.recent and entry.comment_count is not None:
                self.answered.add(url)
                if not outside_count_stands(entry.comment_count, self.recent[url][1]):
                    continue
                self.crawler.stats.inc_value("newsarchive/refresh/feed")
                yield CommentCountObservation(
                    canonical_url=url,
                    count=entry.comment_count,
                    source="feed",
                    raw=entry.comment_count_raw,
                    seen_at=_now(),
                )
        yield from self.after_feed(remaining)

    def feed_counts_failed(self, failure: Failure) -> Iterator[Any]:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/discovery_misses")
        yield from self.after_feed(failure.request.cb_kwargs["remaining"])  # type: ignore[attr-defined]

    def after_feed(self, remaining: list[str]) -> Iterator[Any]:
        """The next feed; after the last, the REST API or the page for what is left."""
        if remaining:
            yield self.feed_request(remaining)
            return
        for url, (post_id, _has_count) in sorted(self.recent.items()):
            if url in self.answered:
                continue
            if self.wp_rest_api and post_id is not None:
                yield api_request(
                    self.start_urls[0],
                    post_id,
                    callback=self.parse_api_observation,
                    errback=self.api_failed_refetch,
                    cb_kwargs={"url": url},
                )
            else:
                yield self.refetch(url)

    def refetch(self, url: str) -> scrapy.Request:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/refresh/page")
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed)

    def parse_api_observation(self, response: Response, url: str) -> Iterator[Any]:
        assert self.crawler.stats is not None
        total = api_total(response)
        if total is None:
            yield self.refetch(url)
            return
        self.crawler.stats.inc_value("newsarchive/refresh/api")
        if not outside_count_stands(total, self.recent[url][1]):
            return
        yield CommentCountObservation(
            canonical_url=url, count=total, source="api", raw=f"X-WP-Total: {total}",
            seen_at=_now(),
        )  # fmt: skip

    def api_failed_refetch(self, failure: Failure) -> Iterator[Any]:
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/api_errors")
        yield self.refetch(failure.request.cb_kwargs["url"])  # type: ignore[attr-defined]


def refresh_spider_for(site: type[SiteSpider]) -> type[RefreshSpider]:
    """The count refresh of ``site``: its name and configuration (and any method the site
    overrides), :class:`RefreshSpider`'s behaviour."""
    if issubclass(site, RefreshSpider):
        return site
    return type(f"{site.__name__}Refresh", (RefreshSpider, site), {"__module__": site.__module__})
