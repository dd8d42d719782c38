"""The base spider every site uses: strategies to discover articles, one way to parse them.

A site in ``spiders/`` is a subclass holding data — name, start URLs, which strategies, maybe
URL patterns and field overrides — and nothing else unless the site really needs it. The same
class crawls an ad-hoc URL (``newsarchive crawl https://...``): it derives its domain from the
URL and discovers sitemaps, feeds and listings by itself.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import AsyncIterator, Callable, Iterator
from datetime import UTC, datetime
from typing import Any, ClassVar
from urllib.parse import urlsplit

import scrapy
from scrapy.exceptions import CloseSpider
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from .. import signals
from ..extract import Extraction, extract_page, extraction_status, timezone_for
from ..extract.page_type import CANDIDATE_THRESHOLD, article_probability
from ..items import Article
from ..urls import canonicalize, host_of
from . import meta, rules
from .counts import CommentCountStrategy
from .failures import OutOfScope, describe
from .feed import FeedStrategy
from .feeds import FeedEntry
from .freshness import Hint, Policy, parse_when
from .listing import ListingStrategy
from .scope import Scope
from .sitemap import SitemapStrategy
from .state import response_headers

FieldOverride = Callable[[Response, Article], Any]


class NewsSpider(
    SitemapStrategy, FeedStrategy, ListingStrategy, CommentCountStrategy, scrapy.Spider
):
    """Crawl a news site by sitemaps, feeds and listing pages; yield :class:`Article` items.

    Class attributes a site sets (all optional but ``name`` and ``start_urls``):

    - ``strategies``: any of ``"sitemap"``, ``"feed"``, ``"listing"``.
    - ``aliases``: other host names the site answers under (``"m.example.ma"``, or
      ``"host:port"``). The crawl fetches nothing outside the start URLs' hosts and ports and
      these (:mod:`newsarchive.crawl.scope`); ``www.`` and the bare domain count as one.
    - ``sitemap_urls`` / ``feed_urls``: explicit, instead of discovery.
    - ``article_url_pattern`` / ``listing_url_pattern``: regexes replacing the generic URL
      heuristics of :mod:`newsarchive.crawl.rules`.
    - ``timezone``: IANA name applied to dates printed without an offset.
    - ``field_overrides``: ``{"field": callable(response, article) -> value}`` for the few
      fields the generic extractor gets wrong on this site.
    - ``wp_rest_api``: ask the WordPress REST API for exact comment counts (opt-in).
    - ``recent_days``: how far back ``newsarchive refresh`` refreshes comment counts.

    Spider arguments: ``-a url=https://...`` points the spider at another base URL (ad-hoc
    sites, the demo and test servers); ``-a wp_api=1`` turns the REST API on; ``-a
    mode=refresh`` refreshes the comment counts of recent articles instead of crawling
    (``-a days=N`` for the window); ``-a strategies=sitemap,feed`` picks discovery strategies.
    """

    name = "news"
    strategies: ClassVar[tuple[str, ...]] = ("sitemap", "feed", "listing")
    aliases: ClassVar[tuple[str, ...]] = ()
    sitemap_urls: ClassVar[list[str]] = []
    feed_urls: ClassVar[list[str]] = []
    article_url_pattern: ClassVar[re.Pattern[str] | None] = None
    listing_url_pattern: ClassVar[re.Pattern[str] | None] = None
    timezone: ClassVar[str] = "UTC"
    field_overrides: ClassVar[dict[str, FieldOverride]] = {}
    wp_rest_api: bool = False
    recent_days: int = 14

    def __init__(self, *args: Any, url: str | None = None, **kwargs: Any) -> None:
        # The arguments parse_arguments knows become parsed attributes; others stay Scrapy's.
        arguments = {name: kwargs.pop(name) for name in list(kwargs) if name in SPIDER_ARGUMENTS}
        super().__init__(*args, **kwargs)
        parsed = self.parse_arguments(**arguments)
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
        self._recent: dict[str, tuple[int | None, bool]] = {}
        self._recent_done: set[str] = set()
        if not getattr(self, "start_urls", None):
            raise ValueError(f"spider {self.name!r} has no start_urls and no url argument")
        self.scope = Scope.for_site(self.start_urls, self.aliases)
        self.allowed_domains = sorted(self.scope.hosts)
        self._listings_seen: set[str] = set()
        self._articles_seen: set[str] = set()
        self._tz = timezone_for(self.timezone)

    @staticmethod
    def parse_arguments(
        *,
        wp_api: str | None = None,
        mode: str = "crawl",
        days: str | None = None,
        strategies: str | None = None,
        since: str | None = None,
        until: str | None = None,
        order: str = "newest",
        full: str | None = None,
        **_: Any,
    ) -> dict[str, Any]:
        """Spider arguments (strings, as ``-a`` passes them) to attributes; ``ValueError`` with
        a readable message for a bad one. The CLI calls it before starting Scrapy."""
        out: dict[str, Any] = {
            "mode": mode,
            "order": order,
            "full": _flag(full),
            "since": _window_date("since", since),
            "until": _window_date("until", until),
        }
        if mode not in {"crawl", "refresh"}:
            raise ValueError(f"mode must be 'crawl' or 'refresh', not {mode!r}")
        if order not in {"newest", "site"}:
            raise ValueError(f"order must be 'newest' or 'site', not {order!r}")
        if out["since"] and out["until"] and out["since"] >= out["until"]:
            raise ValueError(f"since ({since}) must be before until ({until})")
        if strategies is not None:
            chosen = tuple(s.strip() for s in strategies.split(",") if s.strip())
            if not chosen or set(chosen) - {"sitemap", "feed", "listing"}:
                raise ValueError(f"strategies must be among sitemap,feed,listing: {strategies!r}")
            out["strategies"] = chosen
        if wp_api is not None:
            out["wp_rest_api"] = _flag(wp_api)
        if days is not None:
            if not days.isdigit() or int(days) < 1:
                raise ValueError(f"days must be a positive whole number, not {days!r}")
            out["recent_days"] = int(days)
        return out

    @property
    def max_listing_pages(self) -> int:
        return self.crawler.settings.getint("NEWSARCHIVE_MAX_LISTING_PAGES", 200)

    # -- discovery ------------------------------------------------------------------------
    @property
    def site_name(self) -> str:
        """The name the archive files this site under (``sites.name``)."""
        return self.name if self.name != "news" else host_of(self.start_urls[0])

    async def start(self) -> AsyncIterator[Any]:
        if self.mode == "refresh":
            async for request in self.refresh_start():
                yield request
            return
        # Only the home pages at first: sitemaps and feeds are asked for once a home page
        # answered (see parse_listing), so an unreachable site fails fast and once.
        for home in self.start_urls:
            request = self.listing_request(home, priority=30)
            if request is not None:
                request.meta[meta.START] = True
                request.errback = self.start_failed
                yield request

    def discovery_requests(self, home: str) -> Iterator[scrapy.Request]:
        if "sitemap" in self.strategies:
            yield from self.sitemap_requests(home)
        if "feed" in self.strategies:
            yield from self.feed_requests(home)

    def allowed(self, url: str) -> bool:
        return self.scope.allows(url) and not rules.is_skipped(url)

    def is_article_url(self, url: str) -> bool:
        if self.article_url_pattern is not None:
            return bool(self.article_url_pattern.search(url))
        return rules.is_article(url)

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
        url = canonicalize(url)
        if not self.allowed(url):
            return None
        if self.article_url_pattern is not None and not self.article_url_pattern.search(url):
            return None
        if url in self._articles_seen:
            return None
        self._articles_seen.add(url)
        hint = (hint or Hint()).with_url(url)
        return scrapy.Request(
            url,
            callback=self.parse_article,
            errback=self.article_failed,
            priority=self.policy.priority(hint),
            meta={
                meta.FEED_ENTRY: feed_entry,
                meta.ARTICLE: True,
                meta.DISCOVERED: source,
                meta.HINT: hint,
            },
        )

    # -- parsing --------------------------------------------------------------------------
    @staticmethod
    def is_html(response: Response) -> bool:
        ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
        return isinstance(response, TextResponse) and ("html" in ctype or not ctype)

    def parse(self, response: Response, **kwargs: Any) -> AsyncIterator[Any]:
        """Default callback (``scrapy parse URL``): treat the page as an article."""
        return self.parse_article(response)

    async def parse_article(self, response: Response) -> AsyncIterator[Any]:
        """The article on the page, as a plain :class:`Article` item; a page that is not one
        is walked as a listing. What else becomes of the URL is said through
        :mod:`newsarchive.signals` (the crawl state records it)."""
        if not self.is_html(response):
            self.crawler.stats.inc_value("newsarchive/not_html")
            return
        article = self.build_article(response)
        if article is None:
            # Not an article after all (a listing reached through a sitemap): recorded so,
            # and walked.
            self.crawler.stats.inc_value("newsarchive/skipped/not_article")
            self.skipped(response, "not_article")
            for output in self.parse_listing(response):
                yield output
            return
        published = article.date_published
        when = datetime.fromisoformat(published) if published else None
        if not self.policy.in_window(when):
            self.crawler.stats.inc_value("newsarchive/skipped/out_of_window")
            self.skipped(response, "out_of_window")
            return
        if self.wp_rest_api and article.wp_post_id is not None:
            await self.ask_api_count(article)
        self.note_disagreement(article)
        yield article

    def skipped(self, response: Response, reason: str) -> None:
        requested = meta.first_requested(response.request) if response.request else response.url
        self.crawler.signals.send_catch_log(
            signal=signals.article_skipped, url=canonicalize(requested), reason=reason
        )

    def keeps(self, result: Extraction, url: str) -> bool:
        """Whether an extracted page is archived as an article: it reads as one, or it is
        a likely one reached at a permalink-shaped URL (:mod:`..extract.page_type`)."""
        if result.is_article:
            return True
        probability = article_probability(result.article_signals)
        return probability >= CANDIDATE_THRESHOLD and self.is_article_url(url)

    def build_article(self, response: Response) -> Article | None:
        """Extract the page; None when it does not look like an article."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        headers = response_headers(response)
        try:
            result: Extraction | None = extract_page(
                response.body, response.url, headers, default_tz=self._tz
            )
        except Exception as exc:  # a fetched page is never lost to an extractor's bug
            self.logger.error("extraction failed on %s: %r", response.url, exc)
            result = None
        if result is not None and not self.keeps(result, response.url):
            return None
        article = (
            result.article
            if result is not None
            else Article(url=response.url, canonical_url=canonicalize(response.url))
        )
        article.extraction_status = extraction_status(article, failed=result is None)
        self.crawler.stats.inc_value(f"newsarchive/extraction/{article.extraction_status}")
        article.site = self.site_name
        article.fetched_at = fetched_at
        article.http_status = response.status
        entry = response.meta.get(meta.FEED_ENTRY)
        page_has_comments = result is not None and result.comment_evidence.winner is not None
        if (
            isinstance(entry, FeedEntry)
            and entry.comment_count is not None
            and self.trust_count(entry.comment_count, page_has_comments)
        ):
            article.comment_count = entry.comment_count
            article.comment_count_raw = entry.comment_count_raw
            article.comment_count_source = "feed"
            article.comment_count_signals.insert(
                0, {"source": "feed", "count": entry.comment_count, "raw": entry.comment_count_raw}
            )
        for field_name, override in self.field_overrides.items():
            setattr(article, field_name, override(response, article))
        return article

    # -- failures -------------------------------------------------------------------------
    def ignore_failure(self, failure: Failure) -> None:
        """Discovery requests (robots.txt, guessed sitemap/feed paths) may fail quietly; one
        refused by the crawl scope was counted and logged there."""
        if not isinstance(failure.value, OutOfScope):
            self.crawler.stats.inc_value("newsarchive/discovery_misses")

    def start_failed(self, failure: Failure) -> None:
        self.crawler.stats.inc_value("newsarchive/start_failed")
        self.crawler.stats.set_value("newsarchive/start_error", describe(failure))
        self.logger.error("start page failed: %s", describe(failure))
        # Without its start page the crawl has nothing to stand on: stop now rather than
        # spend retries on guessed sitemap and feed paths of an unreachable host.
        raise CloseSpider("start_failed")

    def article_failed(self, failure: Failure) -> None:
        """Errback of article requests: the crawl state records what became of the URL."""
        self.crawler.signals.send_catch_log(signal=signals.article_fetch_failed, failure=failure)


SPIDER_ARGUMENTS = frozenset(inspect.signature(NewsSpider.parse_arguments).parameters) - {"_"}


def _flag(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "yes", "on"}


def _window_date(name: str, value: str | None) -> datetime | None:
    """``--since`` / ``--until``: a date (``2025-03-01``, midnight UTC) or an ISO datetime."""
    if value is None or value == "":
        return None
    when = parse_when(value) if value[:1].isdigit() else None
    if when is None:
        raise ValueError(f"{name} must be a date like 2025-03-01, not {value!r}")
    return when.start


def spider_for_url(url: str) -> type[NewsSpider]:
    """A spider class for an ad-hoc site, named after its host."""
    host = host_of(url)
    if not host or urlsplit(url).scheme not in {"http", "https"}:
        raise ValueError(f"not an http(s) URL: {url!r}")
    return type("AdHocSpider", (NewsSpider,), {"name": host})
