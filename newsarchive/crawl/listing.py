"""Listing strategy: home, category and archive pages, with their pagination."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from ..urls import canonicalize
from . import meta, rules

if TYPE_CHECKING:
    from .spider import NewsSpider


class ListingStrategy:
    """Mixin for :class:`NewsSpider`: walk listing pages, follow article links."""

    def listing_request(self: NewsSpider, url: str, priority: int = 0) -> scrapy.Request | None:
        url = canonicalize(url)
        if not self.allowed(url) or url in self._listings_seen:
            return None
        if len(self._listings_seen) >= self.max_listing_pages:
            self.crawler.stats.inc_value("newsarchive/listings_capped")
            return None
        self._listings_seen.add(url)
        return scrapy.Request(
            url, callback=self.parse_listing, errback=self.ignore_failure, priority=priority
        )

    def listing_links(self: NewsSpider, response: Response) -> Iterator[scrapy.Request]:
        """Requests for the article and listing links on a page."""
        next_pages = response.xpath(
            '//a[@rel="next"]/@href | //link[@rel="next"]/@href'
            ' | //a[contains(@class, "next")]/@href'
        ).getall()
        for href in next_pages:
            request = self.listing_request(urljoin(response.url, href), priority=5)
            if request is not None:
                yield request
        articles = []
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip())
            if not url.startswith(("http://", "https://")) or not self.allowed(url):
                continue
            if self.is_article_url(url):
                request = self.article_request(url, source="listing")
                if request is not None:
                    articles.append(request)
            elif self.is_listing_url(url):
                request = self.listing_request(url)
                if request is not None:
                    yield request
        yield from articles

    def parse_listing(self: NewsSpider, response: Response) -> Iterator[object]:
        if not self.is_html(response):
            return
        self.crawler.stats.inc_value("newsarchive/listings")
        if response.meta.get(meta.START):
            yield from self.discovery_requests(response.url)
        if "listing" not in self.strategies:
            return
        if "feed" in self.strategies:
            for url in self.feed_links(response):
                yield self.feed_request(url)
        yield from self.listing_links(response)

    def is_listing_url(self: NewsSpider, url: str) -> bool:
        if self.listing_url_pattern is not None:
            return bool(self.listing_url_pattern.search(url))
        return rules.is_listing(url)
