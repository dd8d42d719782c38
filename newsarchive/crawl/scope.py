"""The crawl scope: the one rule deciding which URLs a crawl may fetch, checked for every
request it makes.

A site is a set of *origins*, ``(host, port)`` as :func:`newsarchive.urls.origin` computes
them: http(s) only; the host lower-cased, ``www.`` and apex as one; the port, with http's 80
and https's 443 as one (sites move to https and redirect there). The site's origins are those
of its start URLs and of the aliases it declares (``aliases = ("example.ma", "m.example.ma")``
on the spider). Anything else — another scheme (``file:``, ``ftp:``, ``data:``…), another
host, the same host on another port — is out of scope.

Why one downloader middleware and not the spider's filters: a hostile site chooses the URLs
the crawl is asked to fetch in many places — robots.txt ``Sitemap:`` lines, sitemap-index
``<loc>``, feed links, redirects of robots.txt or of the REST API call, meta refresh, the
canonical URLs ``refresh`` fetches again — and Scrapy's own ``OffsiteMiddleware`` compares
host names only and lets requests marked ``dont_filter`` through, redirects of them included.
:class:`ScopeMiddleware` replaces it (``settings.py``) and sits first in the chain, so every
request meets it before it is sent: those the spider yields, those Scrapy's redirect
middlewares hand back to the engine, and robots.txt, which ``RobotsTxtMiddleware`` fetches
through the same chain. The spider asks the same :class:`Scope` to leave foreign links
undiscovered; canonical URLs are kept only on the page's own origin
(:func:`newsarchive.urls.same_site`).

A refused request fails with :class:`~.failures.OutOfScope` (its errback sees it; an article
is recorded as skipped, ``out_of_scope``), is counted in ``newsarchive/scope/refused`` and
``newsarchive/scope/refused/<reason>`` (``scheme``, ``host``, ``port``, ``bad_url``), and is
logged: the first refusal per scheme at WARNING, per host and port at INFO (a site linking its
feed on a feed service is common), repeats at DEBUG.
"""

from __future__ import annotations

import logging
from collections.abc import Iterable
from urllib.parse import SplitResult, urlsplit

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler

from ..urls import WEB_SCHEMES, Origin, origin
from .failures import OutOfScope

logger = logging.getLogger(__name__)

LOGGED_URL_CHARS = 300  # a hostile URL may be megabytes long; the log line is not


class Scope:
    """The origins of one site, and the verdict on any URL."""

    def __init__(self, origins: Iterable[Origin], *, any_host: bool = False) -> None:
        """``any_host``: the scheme rule only, for Scrapy's own tools (``scrapy shell URL``)
        whose spider names no site; a :class:`NewsSpider` always names one."""
        self.origins = frozenset(origins)
        self.hosts = frozenset(host for host, _ in self.origins)
        self.any_host = any_host

    @classmethod
    def for_site(cls, urls: Iterable[str], aliases: Iterable[str] = ()) -> Scope:
        """The scope of a site crawled from ``urls``, also answering under ``aliases``: host
        names (``m.example.ma``), ``host:port`` or URLs; ``ValueError`` for a non-http(s) one."""
        origins = []
        for url in [*urls, *(a if "://" in a else f"http://{a}" for a in aliases)]:
            site = origin(url)
            if site is None:
                raise ValueError(f"not an http(s) URL: {url!r}")
            origins.append(site)
        return cls(origins)

    def refusal(self, url: str) -> str | None:
        """Why ``url`` is out of scope (``scheme``, ``bad_url``, ``host``, ``port``), or None."""
        site = origin(url)
        if site is None:
            return "bad_url" if _scheme(url) in WEB_SCHEMES else "scheme"
        if site in self.origins or self.any_host:
            return None
        return "port" if site[0] in self.hosts else "host"

    def allows(self, url: str) -> bool:
        return self.refusal(url) is None


def scope_of(spider: Spider) -> Scope:
    """The spider's :class:`Scope`: its own ``scope`` (every :class:`NewsSpider` has one), else
    built from its ``start_urls`` and ``allowed_domains``; any host when it has neither."""
    scope = getattr(spider, "scope", None)
    if isinstance(scope, Scope):
        return scope
    urls = getattr(spider, "start_urls", None) or ()
    domains = getattr(spider, "allowed_domains", None) or ()
    if not urls and not domains:
        return Scope((), any_host=True)
    return Scope.for_site(urls, domains)


class ScopeMiddleware:
    """Downloader middleware: refuse every request outside the spider's :class:`Scope`."""

    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.scope: Scope | None = None
        self._logged: set[tuple[str, str]] = set()

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ScopeMiddleware:
        middleware = cls(crawler)
        crawler.signals.connect(middleware.spider_opened, signal=signals.spider_opened)
        return middleware

    def spider_opened(self, spider: Spider) -> None:
        self.scope = scope_of(spider)

    def process_request(self, request: Request) -> None:
        if self.scope is None:
            assert self.crawler.spider is not None
            self.scope = scope_of(self.crawler.spider)
        reason = self.scope.refusal(request.url)
        if reason is None:
            return
        stats = self.crawler.stats
        assert stats is not None
        stats.inc_value("newsarchive/scope/refused")
        stats.inc_value(f"newsarchive/scope/refused/{reason}")
        redirected = request.meta.get("redirect_urls")
        via = f" (redirected from {_short(redirected[-1])})" if redirected else ""
        self._log(reason, request.url, via)
        raise OutOfScope(f"outside the crawl scope ({reason}): {_short(request.url)}{via}")

    def _log(self, reason: str, url: str, via: str) -> None:
        parts = _split(url)
        key = (reason, parts.scheme if reason in {"scheme", "bad_url"} else parts.netloc)
        if key in self._logged:
            level = logging.DEBUG
        else:
            self._logged.add(key)
            level = logging.WARNING if reason in {"scheme", "bad_url"} else logging.INFO
        logger.log(
            level,
            "refused a request outside the crawl scope (%s): %s%s",
            reason,
            _short(url),
            via,
            extra={"spider": self.crawler.spider},
        )


def _split(url: str) -> SplitResult:
    try:
        return urlsplit(url)
    except ValueError:
        return urlsplit("")


def _scheme(url: str) -> str:
    return _split(url).scheme.lower()


def _short(url: str) -> str:
    return url if len(url) <= LOGGED_URL_CHARS else url[:LOGGED_URL_CHARS] + "…"
