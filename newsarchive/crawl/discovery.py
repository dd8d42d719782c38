"""What discovery needs from the spider it serves, spelled out.

Sitemaps, feeds and listing pages are read by small collaborators
(:mod:`.sitemap_discovery`, :mod:`.feed_discovery`, :mod:`.listing_discovery`) that the spider
composes. They find URLs and turn them into requests through this narrow interface — the
spider's request factories and callbacks — and touch nothing else of it: which URLs the crawl
then fetches is the crawl state's call (:mod:`.state`), not theirs.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any, Protocol

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from .feed_parser import FeedEntry
from .freshness import Hint


class Discoverer(Protocol):
    """The spider, as discovery sees it."""

    crawler: Crawler

    def allowed(self, url: str) -> bool:
        """In the crawl scope, and not a URL no crawl should spend a request on."""
        ...

    def is_article_url(self, url: str) -> bool: ...

    def is_listing_url(self, url: str) -> bool: ...

    def article_request(
        self,
        url: str,
        *,
        source: str,
        feed_entry: FeedEntry | None = None,
        hint: Hint | None = None,
    ) -> Request | None:
        """A request for an article page; None for one already asked for or not allowed."""
        ...

    def parse_robots(self, response: Response) -> Iterator[Any]: ...

    def parse_sitemap(self, response: Response) -> Iterator[Any]: ...

    def parse_feed(self, response: Response) -> Iterator[Any]: ...

    def parse_listing(self, response: Response) -> Iterator[Any]: ...

    def ignore_failure(self, failure: Failure) -> None:
        """The errback of discovery requests, which may fail quietly."""
        ...
