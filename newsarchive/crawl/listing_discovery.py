"""Discovering articles through listing pages: home, category and archive pages, with their
pagination (``rel=next``, ``/page/N/``, ``?page=N``), up to ``NEWSARCHIVE_MAX_LISTING_PAGES``."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urljoin

import scrapy
from scrapy.http import Response

from ..urls import canonical_or_none
from .discovery import Discoverer

# One step with the cases as predicates, not a union of three: libxml2 merges a union's node
# sets checking duplicates, quadratic in them (80,000 "next" links: 3 s).
NEXT_PAGE = '//*[self::a[@rel="next" or contains(@class, "next")] or self::link[@rel="next"]]/@href'


class ListingDiscovery:
    """Walks listing pages once each: their next pages, the listings they link to, and the
    article links handed to the spider's article requests."""

    def __init__(self, spider: Discoverer, max_pages: int) -> None:
        self.spider = spider
        self.max_pages = max_pages
        self.seen: set[str] = set()

    def request(self, url: str, priority: int = 0) -> scrapy.Request | None:
        """A request for a listing page; None for one already asked for, outside the crawl,
        past the cap, or whose URL does not parse."""
        canonical = canonical_or_none(url)
        if canonical is None or not self.spider.allowed(canonical) or canonical in self.seen:
            return None
        url = canonical
        if len(self.seen) >= self.max_pages:
            stats = self.spider.crawler.stats
            assert stats is not None
            stats.inc_value("newsarchive/listings_capped")
            return None
        self.seen.add(url)
        return scrapy.Request(
            url,
            callback=self.spider.parse_listing,
            errback=self.spider.ignore_failure,
            priority=priority,
        )

    def links(self, response: Response) -> Iterator[scrapy.Request]:
        """Requests for the next pages, the listings and the articles a page links to."""
        for href in response.xpath(NEXT_PAGE).getall():
            request = self.request(urljoin(response.url, href), priority=5)
            if request is not None:
                yield request
        articles = []
        for href in response.xpath("//a/@href").getall():
            url = urljoin(response.url, href.strip())
            if not url.startswith(("http://", "https://")) or not self.spider.allowed(url):
                continue
            if self.spider.is_article_url(url):
                request = self.spider.article_request(url, source="listing")
                if request is not None:
                    articles.append(request)
            elif self.spider.is_listing_url(url):
                request = self.request(url)
                if request is not None:
                    yield request
        yield from articles
