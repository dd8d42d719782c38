"""Conditional requests for articles already in the archive.

A re-crawl asks ``If-None-Match`` / ``If-Modified-Since`` with the validators the site sent
last time (kept in ``pages.headers``; the crawl state read them). A ``304 Not Modified`` costs
no download, no parse and no revision: the crawl state notes that the article was seen
unchanged, and the request ends there (:class:`~.failures.NotModified`), so the spider never
sees the response.
"""

from __future__ import annotations

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.http import Response

from . import meta
from .failures import NotModified
from .state import CrawlState


class ConditionalRequests:
    """Downloader middleware: validators on article requests, 304s to the crawl state.

    After robots.txt, before the redirect and retry middlewares (``settings.py``): a redirected
    article request is asked conditionally too, with the validators of its new URL."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self._state: CrawlState | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        if not crawler.settings.getbool("NEWSARCHIVE_CONDITIONAL_REQUESTS", True):
            raise NotConfigured("conditional requests disabled")
        return cls(crawler)

    @property
    def state(self) -> CrawlState | None:
        if self._state is None:
            self._state = self.crawler.get_spider_middleware(CrawlState)
        return self._state

    def process_request(self, request: Request) -> None:
        if not request.meta.get(meta.ARTICLE) or self.state is None:
            return
        validators = self.state.validators_for(request.url)
        if validators is None:
            return
        etag, last_modified = validators
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status == 304 and request.meta.get(meta.ARTICLE) and self.state is not None:
            self.state.not_modified(request.url)
            raise NotModified(f"not modified since archived: {request.url}")
        return response
