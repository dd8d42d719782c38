"""Comment counts without re-reading articles: the WordPress REST API, and the refresh mode.

- REST API (opt-in per site, ``wp_rest_api = True`` or ``-a wp_api=1``): after an article page is
  parsed, ``/wp-json/wp/v2/comments?post=ID&per_page=1`` returns the exact total of approved
  comments in its ``X-WP-Total`` header, even where the theme shows none. If the API answers
  with an error (disabled, 401), the page's own count stands.
- Refresh mode (``newsarchive refresh``): for the site's articles already archived and published
  in the last ``recent_days`` days, counts come from the feed (``<slash:comments>``) first,
  then from the REST API; only articles neither can answer are downloaded again.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from datetime import UTC, datetime
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response
from twisted.python.failure import Failure

from ..items import Article, CommentCountObservation
from ..urls import canonicalize
from . import meta
from .feeds import parse_feed
from .state import CrawlState

if TYPE_CHECKING:
    from .spider import NewsSpider

API_PATH = "/wp-json/wp/v2/comments?post={post_id}&per_page=1&_fields=id"


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def api_total(response: Response) -> int | None:
    raw = response.headers.get(b"X-WP-Total")
    if raw is None or not raw.strip().isdigit():
        return None
    return int(raw.strip())


class CommentCountStrategy:
    """Mixin for :class:`NewsSpider`."""

    # -- REST API during a normal crawl ------------------------------------------------------
    def api_request(self: NewsSpider, post_id: int, **kwargs: Any) -> scrapy.Request:
        url = urljoin(self.start_urls[0], API_PATH.format(post_id=post_id))
        return scrapy.Request(url, dont_filter=True, priority=5, **kwargs)

    async def ask_api_count(self: NewsSpider, article: Article) -> None:
        """The REST API's exact count into ``article``, when it answers; the page's own count
        stands when it does not (disabled, 401, refused by the crawl scope, unreachable)."""
        assert article.wp_post_id is not None
        try:
            response = await self.crawler.engine.download_async(
                self.api_request(article.wp_post_id)
            )
        except Exception:  # any failure of the call leaves the page's count
            self.crawler.stats.inc_value("newsarchive/api_errors")
            return
        if not 200 <= response.status < 300:
            self.crawler.stats.inc_value("newsarchive/api_errors")
            return
        total = api_total(response)
        page_shows_comments = article.comment_count is not None
        if total is not None and self.trust_count(total, page_shows_comments):
            self.crawler.stats.inc_value("newsarchive/api_counts")
            raw = f"X-WP-Total: {total}"
            article.comment_count_signals.insert(0, {"source": "api", "count": total, "raw": raw})
            article.comment_count = total
            article.comment_count_raw = raw
            article.comment_count_source = "api"

    def note_disagreement(self: NewsSpider, article: Article) -> None:
        """Count and log pages whose count signals disagree (the winner is the first)."""
        counts = {s["count"] for s in article.comment_count_signals if s["count"] is not None}
        if len(counts) > 1:
            self.crawler.stats.inc_value("newsarchive/comment_count_disagreements")
            self.logger.info(
                "comment counts disagree on %s: %s",
                article.url,
                ", ".join(f"{s['source']}={s['count']}" for s in article.comment_count_signals),
            )

    @staticmethod
    def trust_count(count: int, page_shows_comments: bool) -> bool:
        """Feeds and the API say 0 for posts whose comments are closed too; a 0 from them
        counts only where the page shows a comment feature (else the state stays None)."""
        return count > 0 or page_shows_comments

    # -- refresh mode -----------------------------------------------------------------------
    async def refresh_start(self: NewsSpider) -> AsyncIterator[Any]:
        state = self.crawler.get_spider_middleware(CrawlState)
        self._recent = state.recent_articles(self.recent_days) if state is not None else {}
        self.crawler.stats.set_value("newsarchive/refresh_recent", len(self._recent))
        if not self._recent:
            self.logger.warning("no archived article of %s in the last %d days", self.site_name,
                                self.recent_days)  # fmt: skip
            return
        feeds = list(self.feed_urls or [urljoin(self.start_urls[0], "/feed/")])
        yield self._next_feed(feeds)

    def _next_feed(self: NewsSpider, feeds: list[str]) -> scrapy.Request:
        return scrapy.Request(
            feeds[0],
            callback=self.parse_feed_counts,
            errback=self.feed_counts_failed,
            cb_kwargs={"remaining": feeds[1:]},
            dont_filter=True,
            meta={meta.START: True},
        )

    def parse_feed_counts(self: NewsSpider, response: Response, remaining: list[str]):
        for entry in parse_feed(response.body, response.url):
            url = canonicalize(entry.url)
            if url in self._recent and entry.comment_count is not None:
                self._recent_done.add(url)
                if not self.trust_count(entry.comment_count, self._recent[url][1]):
                    continue
                self.crawler.stats.inc_value("newsarchive/refresh/feed")
                yield CommentCountObservation(
                    canonical_url=url,
                    count=entry.comment_count,
                    source="feed",
                    raw=entry.comment_count_raw,
                    seen_at=_now(),
                )
        yield from self._after_feed(remaining)

    def feed_counts_failed(self: NewsSpider, failure: Failure):
        self.crawler.stats.inc_value("newsarchive/discovery_misses")
        yield from self._after_feed(failure.request.cb_kwargs["remaining"])

    def _after_feed(self: NewsSpider, remaining: list[str]) -> Iterator[Any]:
        if remaining:
            yield self._next_feed(remaining)
            return
        for url, (post_id, _has_count) in sorted(self._recent.items()):
            if url in self._recent_done:
                continue
            if self.wp_rest_api and post_id is not None:
                yield self.api_request(
                    post_id,
                    callback=self.parse_api_observation,
                    errback=self.api_failed_refetch,
                    cb_kwargs={"url": url},
                )
            else:
                yield self.refetch(url)

    def refetch(self: NewsSpider, url: str) -> scrapy.Request:
        self.crawler.stats.inc_value("newsarchive/refresh/page")
        return scrapy.Request(url, callback=self.parse_article, errback=self.article_failed)

    def parse_api_observation(self: NewsSpider, response: Response, url: str):
        total = api_total(response)
        if total is None:
            yield self.refetch(url)
            return
        self.crawler.stats.inc_value("newsarchive/refresh/api")
        if not self.trust_count(total, self._recent[url][1]):
            return
        yield CommentCountObservation(
            canonical_url=url, count=total, source="api", raw=f"X-WP-Total: {total}",
            seen_at=_now(),
        )  # fmt: skip

    def api_failed_refetch(self: NewsSpider, failure: Failure):
        self.crawler.stats.inc_value("newsarchive/api_errors")
        yield self.refetch(failure.request.cb_kwargs["url"])
