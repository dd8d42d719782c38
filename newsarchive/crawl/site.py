"""What every spider of a site shares: the site's configuration, its arguments, its crawl
scope, and how its article pages are read.

A site in ``spiders/`` is a class holding data (see :class:`SiteSpider`'s attributes). Two
spiders serve it: :class:`~.spider.NewsSpider` discovers and fetches its articles, and
:class:`~.refresh.RefreshSpider` refreshes the comment counts of its recent ones.
"""

from __future__ import annotations

import re
from collections.abc import AsyncIterator, Iterator
from datetime import datetime
from functools import cached_property
from typing import Any, ClassVar, NoReturn

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response
from twisted.python.failure import Failure

from .. import signals
from ..extract import Extraction, timezone_for
from ..extract.page import ArticlePage
from ..items import Article
from ..urls import canonicalize, host_of
from . import meta, rules
from .arguments import SPIDER_ARGUMENTS, parse_arguments
from .articles import ArticleReader, ReadArticle, is_html
from .comment_counts import api_signal, disagreement, with_outside_count
from .extraction_pool import (
    PREPARE_AT,
    READ_IN_PROCESS_FIRST,
    ExtractionPool,
    pool_settings,
    shared_pool,
)
from .failures import OutOfScope, describe
from .freshness import DEFAULT_RECENT_DAYS, Policy
from .rest_api import fetch_total
from .scope import Scope
from .state import response_headers


class SiteSpider(scrapy.Spider):
    """A news site. Class attributes a site sets (all optional but ``name`` and
    ``start_urls``):

    - ``strategies``: any of ``"sitemap"``, ``"feed"``, ``"listing"``.
    - ``aliases``: other host names the site answers under (``"m.example.ma"``, or
      ``"host:port"``). The crawl fetches nothing outside the start URLs' hosts and ports and
      these (:mod:`newsarchive.crawl.scope`); ``www.`` and the bare domain count as one.
    - ``sitemap_urls`` / ``feed_urls``: explicit, instead of discovery.
    - ``article_url_pattern`` / ``listing_url_pattern``: regexes replacing the generic URL
      heuristics of :mod:`newsarchive.crawl.rules`.
    - ``timezone``: IANA name applied to dates printed without an offset.
    - ``page_class``: the site's page object, a subclass of
      :class:`newsarchive.extract.page.ArticlePage` overriding the methods of the few fields
      the generic extractor gets wrong on this site.
    - ``wp_rest_api``: ask the WordPress REST API for exact comment counts (opt-in).
    - ``recent_days``: how long articles are re-visited for their comment counts, and how far
      back ``newsarchive refresh`` refreshes them.

    Spider arguments (:mod:`.arguments`): ``-a url=https://...`` points the spider at another
    base URL (ad-hoc sites, the demo and test servers); ``-a wp_api=1`` turns the REST API
    on; ``-a strategies=sitemap,feed`` picks discovery strategies; ``-a since=DATE``,
    ``until=DATE``, ``order=newest|site``, ``full=1`` shape a crawl; ``-a days=N`` sets
    ``recent_days``; ``-a mode=refresh`` runs the count refresh instead of a crawl.
    """

    name = "news"
    strategies: ClassVar[tuple[str, ...]] = ("sitemap", "feed", "listing")
    aliases: ClassVar[tuple[str, ...]] = ()
    sitemap_urls: ClassVar[list[str]] = []
    feed_urls: ClassVar[list[str]] = []
    article_url_pattern: ClassVar[re.Pattern[str] | None] = None
    listing_url_pattern: ClassVar[re.Pattern[str] | None] = None
    timezone: ClassVar[str] = "UTC"
    page_class: ClassVar[type[ArticlePage]] = ArticlePage
    wp_rest_api: bool = False
    recent_days: int = DEFAULT_RECENT_DAYS

    parse_arguments = staticmethod(parse_arguments)

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        # The arguments parse_arguments knows become parsed attributes; others stay Scrapy's.
        arguments = {name: kwargs.pop(name) for name in list(kwargs) if name in SPIDER_ARGUMENTS}
        super().__init__(*args, **kwargs)
        parsed = parse_arguments(**arguments)
        self.__dict__.update(parsed)
        self.policy = Policy(
            since=parsed["since"],
            until=parsed["until"],
            recent_days=self.recent_days,
            skip_unchanged=not parsed["full"],
            newest_first=parsed["order"] == "newest",
        )
        if url:
            self.start_urls = [url]
        if not getattr(self, "start_urls", None):
            raise ValueError(f"spider {self.name!r} has no start_urls and no url argument")
        self.scope = Scope.for_site(self.start_urls, self.aliases)
        self.allowed_domains = sorted(self.scope.hosts)
        self._article_pages = 0  # article pages read so far (see extract)

    @property
    def site_name(self) -> str:
        """The name the archive files this site under (``sites.name``)."""
        return self.name if self.name != "news" else host_of(self.start_urls[0])

    def allowed(self, url: str) -> bool:
        return self.scope.allows(url) and not rules.is_skipped(url)

    def is_article_url(self, url: str) -> bool:
        if self.article_url_pattern is not None:
            return bool(self.article_url_pattern.search(url))
        return rules.is_article(url)

    def is_listing_url(self, url: str) -> bool:
        if self.listing_url_pattern is not None:
            return bool(self.listing_url_pattern.search(url))
        return rules.is_listing(url)

    # -- articles -------------------------------------------------------------------------
    @cached_property
    def articles(self) -> ArticleReader:
        return ArticleReader(
            site=self.site_name,
            timezone=timezone_for(self.timezone),
            is_article_url=self.is_article_url,
            page_class=self.page_class,
            stats=self.crawler.stats,
        )

    def read_article(
        self, response: Response, extracted: Extraction | Exception | None = None
    ) -> ReadArticle | None:
        """The page's article; None when it does not look like one. ``extracted``: the
        page's generic extraction made in a worker process, or what it raised."""
        return self.articles.read(response, extracted)

    @cached_property
    def extraction_pool(self) -> ExtractionPool | None:
        """The worker processes article pages are extracted in; None: in this process."""
        assert self.crawler is not None
        workers, timeout = pool_settings(self.crawler.settings)
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsarchive/extract_workers", workers)
        return shared_pool(workers, timeout)

    async def extract(self, response: Response) -> Extraction | Exception | None:
        """The page's generic extraction from a worker process (or the exception it
        raised); None when the page is extracted in this process: every page when there
        are no workers, and a crawl's first :data:`READ_IN_PROCESS_FIRST` article pages —
        the cron run that finds a few new articles (most runs) starts no worker."""
        pool = self.extraction_pool
        self._article_pages += 1
        if pool is None:
            return None
        if self._article_pages == PREPARE_AT:
            pool.prepare()
        if self._article_pages <= READ_IN_PROCESS_FIRST:
            return None
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/extracted_in_workers")
        try:
            return await pool.extract(
                response.body,
                response.url,
                response_headers(response),
                default_tz=self.articles.timezone,
            )
        except Exception as exc:  # recorded as the page's failed extraction
            return exc

    def build_article(self, response: Response) -> Article | None:
        """The page's article item; None when it does not look like one."""
        read = self.read_article(response)
        return read.item if read is not None else None

    def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """Default callback (``scrapy parse URL``): treat the page as an article."""
        return self.parse_article(response)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """The article on the page, as a plain :class:`Article` item. What else becomes of
        the URL is said through :mod:`newsarchive.signals` (the crawl state records it)."""
        stats = self.crawler.stats
        assert stats is not None
        if not is_html(response):  # a PDF, an image: an outcome, or it stays pending for good
            stats.inc_value("newsarchive/not_html")
            self.skipped(response, "not_html")
            return
        read = self.read_article(response, await self.extract(response))
        if read is None:
            stats.inc_value("newsarchive/skipped/not_article")
            self.skipped(response, "not_article")
            for output in self.not_an_article(response):
                yield output
            return
        article = read.item
        published = article.date_published
        if not self.policy.in_window(datetime.fromisoformat(published) if published else None):
            stats.inc_value("newsarchive/skipped/out_of_window")
            self.skipped(response, "out_of_window")
            return
        if self.wp_rest_api and article.wp_post_id is not None:
            total = await fetch_total(self.crawler, self.start_urls[0], article.wp_post_id)
            if total is not None:
                signal = api_signal(total)
                if with_outside_count(article, read.counts, signal).winner is signal:
                    stats.inc_value("newsarchive/api_counts")
        if disagreement(article):
            stats.inc_value("newsarchive/comment_count_disagreements")
            self.logger.info(
                "comment counts disagree on %s: %s",
                article.url,
                ", ".join(f"{s['source']}={s['count']}" for s in article.comment_count_signals),
            )
        yield article

    def not_an_article(self, response: Response) -> Iterator[Any]:
        """What to do with a page fetched as an article that is not one: nothing here."""
        return iter(())

    def skipped(self, response: Response, reason: str) -> None:
        requested = meta.first_requested(response.request) if response.request else response.url
        self.crawler.signals.send_catch_log(
            signal=signals.article_skipped, url=canonicalize(requested), reason=reason
        )

    # -- failures -------------------------------------------------------------------------
    def article_failed(self, failure: Failure) -> None:
        """Errback of article requests: the crawl state records what became of the URL."""
        self.crawler.signals.send_catch_log(signal=signals.article_fetch_failed, failure=failure)

    def ignore_failure(self, failure: Failure) -> None:
        """Discovery requests (robots.txt, guessed sitemap/feed paths) may fail quietly; one
        refused by the crawl scope was counted and logged there."""
        if not isinstance(failure.value, OutOfScope):
            assert self.crawler.stats is not None
            self.crawler.stats.inc_value("newsarchive/discovery_misses")

    def check_settings(self) -> None:
        """Stop the crawl at its start on a setting it cannot run with (``scrapy crawl -s
        NEWSARCHIVE_EXTRACT_WORKERS=two``): one error line and the close reason
        ``bad_setting``, before any page is fetched. ``newsarchive crawl`` refuses them
        before starting Scrapy (exit 2)."""
        try:
            pool_settings(self.crawler.settings)
        except ValueError as exc:
            self.logger.error("%s", exc)
            self._stop_at_start(str(exc), "bad_setting")

    def start_failed(self, failure: Failure) -> None:
        self.logger.error("start page failed: %s", describe(failure))
        # Without its start page the crawl has nothing to stand on: stop now rather than
        # spend retries on guessed sitemap and feed paths of an unreachable host.
        self._stop_at_start(describe(failure), "start_failed")

    def _stop_at_start(self, error: str, reason: str) -> NoReturn:
        """Close a crawl that could not start, with what the exit code and the health
        report read (``newsarchive/start_failed``, ``newsarchive/start_error``)."""
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newsarchive/start_failed")
        stats.set_value("newsarchive/start_error", error)
        raise CloseSpider(reason)
