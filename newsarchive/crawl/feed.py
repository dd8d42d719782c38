"""Feed strategy: RSS/Atom feeds (WordPress ``/feed/``, or those the home page declares)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from .feeds import FeedEntry, parse_feed
from .freshness import Hint, parse_when

if TYPE_CHECKING:
    from .spider import NewsSpider

DEFAULT_FEED_PATHS = ("/feed/",)


class FeedStrategy:
    """Mixin for :class:`NewsSpider`: discover articles (and their comment counts) in feeds."""

    def feed_requests(self: NewsSpider, home: str) -> Iterator[scrapy.Request]:
        for url in self.feed_urls or [urljoin(home, p) for p in DEFAULT_FEED_PATHS]:
            yield self.feed_request(url)

    def feed_request(self: NewsSpider, url: str) -> scrapy.Request:
        return scrapy.Request(
            url, callback=self.parse_feed, errback=self.ignore_failure, priority=20
        )

    def feed_links(self: NewsSpider, response: Response) -> list[str]:
        """Feeds a page declares with ``<link rel="alternate" type="application/rss+xml">``
        (comment feeds excluded)."""
        hrefs = response.xpath(
            '//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href'
        ).getall()
        return [urljoin(response.url, h) for h in hrefs if "comments" not in h.lower()]

    def parse_feed(self: NewsSpider, response: Response) -> Iterator[scrapy.Request]:
        entries = parse_feed(response.body, response.url)
        if entries:
            self.crawler.stats.inc_value("newsarchive/feeds")
        requests = [
            request
            for entry in entries
            if (
                request := self.article_request(
                    entry.url, source="feed", feed_entry=entry, hint=entry_hint(entry)
                )
            )
            is not None
        ]
        yield from requests


def entry_hint(entry: FeedEntry) -> Hint:
    return Hint(parse_when(entry.published_raw), parse_when(entry.updated_raw))
