"""Conditional requests for articles already in the archive.

A re-crawl asks ``If-None-Match`` / ``If-Modified-Since`` with the validators the site sent
last time (kept in ``pages.headers``). A ``304 Not Modified`` costs no download, no parse and no
revision: the spider only notes that the article was seen unchanged.
"""

from __future__ import annotations

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider

from ..errors import UserError
from ..storage import open_engine
from ..storage.queries import page_validators
from ..urls import canonicalize
from . import meta


class ConditionalRequests:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.validators: dict[str, tuple[str | None, str | None]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ConditionalRequests:
        if not crawler.settings.getbool("NEWSARCHIVE_CONDITIONAL_REQUESTS", True):
            raise NotConfigured("conditional requests disabled")
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        site = getattr(spider, "site_name", None)
        if not site:
            return
        try:
            engine = open_engine(self.crawler.settings.get("NEWSARCHIVE_DB_URL"), create=False)
        except UserError:
            return  # a new archive has no validators yet
        try:
            self.validators = page_validators(engine, site)
        finally:
            engine.dispose()
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsarchive/conditional/known", len(self.validators))

    def process_request(self, request: Request) -> None:
        if not request.meta.get(meta.ARTICLE):
            return
        validators = self.validators.get(canonicalize(request.url))
        if validators is None:
            return
        etag, last_modified = validators
        if etag:
            request.headers.setdefault(b"If-None-Match", etag.encode("latin-1"))
        if last_modified:
            request.headers.setdefault(b"If-Modified-Since", last_modified.encode("latin-1"))
        request.meta.setdefault("handle_httpstatus_list", [304])
