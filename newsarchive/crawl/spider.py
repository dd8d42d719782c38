"""The spider that discovers a site's articles and fetches them.

It composes three small collaborators — sitemaps, feeds, listing pages (:mod:`.discovery`) —
and asks for every article it finds, once. It decides nothing about the archive: which
requests go out (stored already, unchanged, not due, outside the window) is the crawl state's
call (:mod:`.state`), and what the pages become is the article reader's (:mod:`.articles`).

The same class crawls an ad-hoc URL (``newsarchive crawl https://...``): it derives its
domain from the URL and discovers sitemaps, feeds and listings by itself.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator
from functools import cached_property
from typing import Any, Self
from urllib.parse import urlsplit

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

from ..urls import canonical_or_none, host_of
from . import meta
from .articles import is_html
from .feed_discovery import FeedDiscovery
from .feed_parser import FeedEntry
from .freshness import Hint
from .listing_discovery import ListingDiscovery
from .site import SiteSpider
from .sitemap_discovery import SitemapDiscovery

HOME_PRIORITY = 30


class NewsSpider(SiteSpider):
    """Crawl a news site by sitemaps, feeds and listing pages; yield :class:`Article` items.

    A site's module subclasses it with data (:class:`.site.SiteSpider` lists the attributes).
    """

    @classmethod
    def from_crawler(cls, crawler: Crawler, *args: Any, **kwargs: Any) -> Self:
        if kwargs.get("mode") == "refresh":
            # ``scrapy crawl SITE -a mode=refresh``: the site's count refresh instead.
            from .refresh import RefreshSpider, refresh_spider_for

            if not issubclass(cls, RefreshSpider):
                return refresh_spider_for(cls).from_crawler(crawler, *args, **kwargs)  # type: ignore[return-value]
        return super().from_crawler(crawler, *args, **kwargs)

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        super().__init__(*args, url=url, **kwargs)
        # Article URLs asked for, each with whether its source dated its changes (a sitemap's
        # lastmod): a URL a listing named may be asked again when the sitemap dates it.
        self._articles_seen: dict[str, bool] = {}

    @cached_property
    def sitemaps(self) -> SitemapDiscovery:
        cap = self.crawler.settings.getint("NEWSARCHIVE_MAX_SITEMAPS", 500)
        return SitemapDiscovery(self, list(self.sitemap_urls), max_sitemaps=cap)

    @cached_property
    def feeds(self) -> FeedDiscovery:
        return FeedDiscovery(self, list(self.feed_urls))

    @cached_property
    def listings(self) -> ListingDiscovery:
        cap = self.crawler.settings.getint("NEWSARCHIVE_MAX_LISTING_PAGES", 200)
        return ListingDiscovery(self, cap)

    async def start(self) -> AsyncIterator[Any]:
        # Only the home pages at first: sitemaps and feeds are asked for once a home page
        # answered (see parse_listing), so an unreachable site fails fast and once.
        self.check_settings()
        for home in self.start_urls:
            request = self.listings.request(home, priority=HOME_PRIORITY)
            if request is not None:
                request.meta[meta.START] = True
                request.errback = self.start_failed
                yield request

    def article_request(
        self,
        url: str,
        *,
        source: str,
        feed_entry: FeedEntry | None = None,
        hint: Hint | None = None,
    ) -> scrapy.Request | None:
        """A request for an article URL, or None: not this site's, or already requested. The
        crawl state decides whether it goes out (:mod:`.state`: already stored by this run,
        unchanged since archived, outside the date window…)."""
        canonical = canonical_or_none(url)  # a feed's or sitemap's URL may not parse
        if canonical is None or not self.allowed(canonical):
            return None
        url = canonical
        if self.article_url_pattern is not None and not self.article_url_pattern.search(url):
            return None
        hint = (hint or Hint()).with_url(url)
        dated = hint.modified is not None
        if url in self._articles_seen and (self._articles_seen[url] or not dated):
            return None
        # A second request only where a source now dates what the first could not: an old
        # article a listing named waits for that (:meth:`.freshness.Policy.skip_reason`),
        # and the crawl state lets out at most one request a URL.
        self._articles_seen[url] = dated
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=self.policy.priority(hint),
            # Deduplicated above, by canonical URL; Scrapy's filter would also drop a
            # redirect to a URL already asked for, silently: the article URL that led there
            # then stayed pending, with no outcome. A redirect keeps the flag.
            dont_filter=True,
            meta={
                meta.FEED_ENTRY: feed_entry,
                meta.ARTICLE: True,
                meta.DISCOVERED: source,
                meta.HINT: hint,
            },
        )

    # -- callbacks (spider methods, so ``scrapy parse -c`` and fixtures can name them) ------
    def parse_robots(self, response: Response) -> Iterator[Any]:
        return self.sitemaps.from_robots(response)

    def parse_sitemap(self, response: Response) -> Iterator[Any]:
        return self.sitemaps.read(response)

    def parse_feed(self, response: Response) -> Iterator[Any]:
        return self.feeds.read(response)

    def parse_listing(self, response: Response) -> Iterator[Any]:
        """A listing page: its links; on the start page, the site's sitemaps and feeds too."""
        if not is_html(response):
            return
        assert self.crawler.stats is not None
        self.crawler.stats.inc_value("newsarchive/listings")
        if response.meta.get(meta.START):
            if "sitemap" in self.strategies:
                yield from self.sitemaps.requests(response.url)
            if "feed" in self.strategies:
                yield from self.feeds.requests(response.url)
        if "listing" not in self.strategies:
            return
        if "feed" in self.strategies:
            for url in self.feeds.declared(response):
                yield self.feeds.request(url)
        yield from self.listings.links(response)

    def not_an_article(self, response: Response) -> Iterator[Any]:
        """A page reached as an article that is not one (a listing in a sitemap): walked."""
        return self.parse_listing(response)


def spider_for_url(url: str) -> type[NewsSpider]:
    """A spider class for an ad-hoc site, named after its host."""
    host = host_of(url)
    if not host or urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return type("AdHocSpider", (NewsSpider,), {"name": host})
