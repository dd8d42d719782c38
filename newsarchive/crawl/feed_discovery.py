"""Discovering articles through RSS/Atom feeds (WordPress ``/feed/``, or those the home page
declares): each entry is an article, with its dates and its comment count."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from .discovery import Discoverer
from .feed_parser import entry_hint, parse_feed

DEFAULT_FEED_PATHS = ("/feed/",)
PRIORITY = 20


class FeedDiscovery:
    """Asks for a site's feeds and hands their entries to the spider's article requests (the
    entry travels with the request: its comment count is one of the article's signals)."""

    def __init__(self, spider: Discoverer, feed_urls: list[str]) -> None:
        self.spider = spider
        self.feed_urls = feed_urls

    def requests(self, home: str) -> Iterator[scrapy.Request]:
        for url in self.feed_urls or [urljoin(home, p) for p in DEFAULT_FEED_PATHS]:
            yield self.request(url)

    def request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.spider.parse_feed,
            errback=self.spider.ignore_failure,
            priority=PRIORITY,
        )

    @staticmethod
    def declared(response: Response) -> list[str]:
        """Feeds a page declares with ``<link rel="alternate" type="application/rss+xml">``
        (comment feeds excluded)."""
        hrefs = response.xpath(
            '//link[@rel="alternate"][contains(@type, "rss") or contains(@type, "atom")]/@href'
        ).getall()
        return [urljoin(response.url, h) for h in hrefs if "comments" not in h.lower()]

    def read(self, response: Response) -> Iterator[scrapy.Request]:
        entries = parse_feed(response.body, response.url)
        if entries:
            stats = self.spider.crawler.stats
            assert stats is not None
            stats.inc_value("newsarchive/feeds")
        for entry in entries:
            request = self.spider.article_request(
                entry.url, source="feed", feed_entry=entry, hint=entry_hint(entry)
            )
            if request is not None:
                yield request
