"""The crawl state: what the crawl knows of the archive, and what it learns for it.

The one part of a crawl that reads the archive (a spider middleware, built ``from_crawler``).
The store pipeline lends it the archive when the spider opens (:meth:`CrawlState.open`); from
then on it owns, for this crawl:

- the run and its resume: a crawl that continues a killed run fetches the URLs the run had
  found but not stored first, and never one it stored (:mod:`newsarchive.storage.frontier`);
- the retry schedule: URLs whose fetches failed wait for their next try;
- the archived articles (when each was last seen, when published) and the re-visit schedule
  of recent ones (:mod:`.freshness`);
- the validators for conditional requests (:mod:`.conditional` asks);
- the recent articles a count refresh looks at (:mod:`.refresh` asks).

It answers "should this URL be requested?" for every article request the spider makes — as a
spider middleware, before the request reaches the scheduler — and records what became of it:
found, answered 304, gone, not kept, failed for good (from :mod:`newsarchive.signals`). Those
changes, and the page each article item came from, go to the store pipeline
(:meth:`take_changes`, :meth:`take_page`), which writes them in the transaction of its next
batch: a URL is marked done in the transaction that stores its article.

Without an archive (the store pipeline disabled) it knows nothing and lets everything through.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from scrapy import Request, Spider, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from scrapy.statscollectors import StatsCollector
from twisted.python.failure import Failure

from .. import signals as newsarchive_signals
from ..items import Article, RawPage
from ..storage import Archive
from ..storage.changes import CrawlChanges, Gone, Unchanged
from ..storage.frontier import Run
from ..storage.queries import archived_articles, page_validators, recent_articles
from ..urls import canonicalize, host_of
from . import meta
from .failures import NOT_SAVED, OUT_OF_SCOPE, ROBOTS, NotModified, describe, failure_kind
from .freshness import DEFAULT_RECENT_DAYS, Archived, Hint, Policy, revisit_interval

logger = logging.getLogger(__name__)

GONE_STATUSES = frozenset({404, 410})
RESUME_PRIORITY = 20  # a resumed run's pending URLs before new discoveries, after home pages


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def response_headers(response: Response) -> dict[str, str]:
    """Headers as a plain dict of str (repeated headers joined), for storage and extraction."""
    out: dict[str, str] = {}
    for key, values in response.headers.items():
        name = key.decode("latin-1")
        out[name] = ", ".join(v.decode("latin-1") for v in values)
    return out


def raw_page(response: Response, fetched_at: str) -> RawPage:
    """The response as the archive keeps it."""
    return RawPage(
        url=response.url,
        status=response.status,
        headers=response_headers(response),
        body=response.body,
        fetched_at=fetched_at,
    )


def site_name(spider: Spider) -> str:
    """The name the archive files the spider's site under (``sites.name``)."""
    name = getattr(spider, "site_name", None)
    if isinstance(name, str):
        return name
    urls = getattr(spider, "start_urls", None) or []
    return str(spider.name or (host_of(urls[0]) if urls else ""))


@dataclass(frozen=True, slots=True)
class Fetched:
    """Where an article item came from: what the store writes beside it."""

    frontier_url: str
    """The URL the crawl requested (before redirects), canonicalized."""
    raw: RawPage | None
    """The page as fetched; None under ``NEWSARCHIVE_KEEP_RAW = False``."""
    revisit_at: str | None = None
    """When this recent article's next visit is due (:func:`.freshness.revisit_interval`)."""


class CrawlState:
    """Spider middleware: decides which article requests go out, pairs article items with
    their pages, gathers the frontier's changes for the store pipeline."""

    def __init__(
        self, crawler: Crawler, *, keep_raw: bool = True, validators: bool = True,
        retry_base: float | None = None, max_sitemap_urls: int = 50_000,
    ) -> None:  # fmt: skip
        self.crawler = crawler
        self.keep_raw = keep_raw
        self.max_sitemap_urls = max_sitemap_urls
        self._sitemap_urls = 0  # article requests from sitemaps let out this crawl
        self._judged: set[str] = set()  # article URLs decided on this crawl
        self._undated: set[str] = set()  # … skipped until a source dates their changes
        self.load_validators = validators
        self.retry_base = retry_base
        self.changes = CrawlChanges()
        self.archive: Archive | None = None
        self.run: Run | None = None
        self.site = ""
        self.archived: dict[str, Archived] = {}
        self.validators: dict[str, tuple[str | None, str | None]] = {}
        self._pages: dict[int, tuple[Article, Response]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        settings = crawler.settings
        state = cls(
            crawler,
            keep_raw=settings.getbool("NEWSARCHIVE_KEEP_RAW", True),
            validators=settings.getbool("NEWSARCHIVE_CONDITIONAL_REQUESTS", True),
            retry_base=settings.getfloat("NEWSARCHIVE_FAILED_RETRY_DELAY", 0) or None,
            max_sitemap_urls=settings.getint("NEWSARCHIVE_MAX_SITEMAP_URLS", 50_000),
        )
        connect = crawler.signals.connect
        connect(state.article_skipped, signal=newsarchive_signals.article_skipped)
        connect(state.article_fetch_failed, signal=newsarchive_signals.article_fetch_failed)
        # An item leaves the pipelines one way or another: its page goes with it.
        for done in (signals.item_scraped, signals.item_dropped, signals.item_error):
            connect(state._forget, signal=done)
        return state

    @property
    def stats(self) -> StatsCollector:
        assert self.crawler.stats is not None
        return self.crawler.stats

    @property
    def policy(self) -> Policy:
        """The spider's policy (date window, ``--full``, order); the default without one."""
        policy = getattr(self.crawler.spider, "policy", None)
        return policy if isinstance(policy, Policy) else Policy()

    # -- what the archive holds -------------------------------------------------------------
    def open(self, archive: Archive, spider_name: str) -> Run:
        """Start (or resume) the spider's run and read what this crawl needs to know. Called
        by the store pipeline with its archive, before the first request."""
        self.archive = archive
        self.run = run = archive.start_run(spider_name)
        if self.retry_base is not None:
            run.retry_base = self.retry_base
        if self.policy.full:
            run.not_due.clear()  # --full: failed URLs are asked again now
        self.stats.set_value("newsarchive/crawl_id", run.crawl_id)
        self.stats.set_value("newsarchive/run_id", run.run_id)
        if run.resumed_from is not None:
            self.stats.set_value("newsarchive/resumed_from", run.resumed_from)
            self.stats.set_value("newsarchive/frontier/resume_pending", len(run.pending))
            self.stats.set_value("newsarchive/frontier/resume_done", len(run.done))
        spider = self.crawler.spider
        self.site = site_name(spider) if spider is not None else spider_name
        self.archived = {
            url: Archived(
                datetime.fromisoformat(seen),
                datetime.fromisoformat(published) if published else None,
            )
            for url, (seen, published) in archived_articles(archive.engine, self.site).items()
        }
        if self.load_validators:
            self.validators = page_validators(archive.engine, self.site)
            self.stats.set_value("newsarchive/conditional/known", len(self.validators))
        return run

    def recent_articles(self, days: int) -> dict[str, tuple[int | None, bool]]:
        """``{canonical_url: (wp_post_id, has_count)}`` of the site's articles published in
        the last ``days`` days: those a count refresh looks at."""
        if self.archive is None:
            return {}
        since = (datetime.now(UTC) - timedelta(days=days)).isoformat()
        return recent_articles(self.archive.engine, self.site, since)

    def validators_for(self, url: str) -> tuple[str | None, str | None] | None:
        """``(ETag, Last-Modified)`` the site sent for the archived article at ``url``."""
        return self.validators.get(canonicalize(url))

    def revisit_at(self, published: datetime | None) -> str | None:
        """When an article published then is due for its next visit, by the site's
        ``recent_days`` (:func:`.freshness.revisit_interval`)."""
        now = datetime.now(UTC)
        recent_days = getattr(self.crawler.spider, "recent_days", DEFAULT_RECENT_DAYS)
        interval = revisit_interval(published, now, recent_days)
        return (now + interval).isoformat(timespec="seconds") if interval else None

    # -- should this URL be requested? --------------------------------------------------------
    def allows(self, request: Request) -> bool:
        """Whether a discovered article request goes out: not if this run already stored it,
        if its next try after failures is not due, or if the :class:`Policy` skips it
        (unchanged since archived, not due for a visit, outside the date window). One
        decision, and one outcome in the stats, per URL a crawl — but an old article skipped
        for want of a date is decided again when a later source dates it. Allowed requests
        are recorded in the frontier (with the next write)."""
        url = request.url
        source = request.meta[meta.DISCOVERED]
        run = self.run
        hint = request.meta.get(meta.HINT)
        if not isinstance(hint, Hint):
            hint = Hint().with_url(url)
        # One decision a URL a crawl, but for one skipped as not due for want of a date (a
        # listing's link), which a later source that dates it (the sitemap) may reopen.
        if url in self._judged and (url not in self._undated or hint.modified is None):
            return False
        if url in self._undated:  # reopened: its one outcome is the one decided now
            self._undated.discard(url)
            self.stats.inc_value("newsarchive/skipped/not_due", -1)
        self._judged.add(url)
        if run is not None and url in run.done:
            self.stats.inc_value("newsarchive/frontier/skipped_done")
            return False
        if run is not None and url in run.not_due:
            self.stats.inc_value("newsarchive/skipped/not_due")
            return False
        revisit_later = run is not None and url in run.revisit_later
        reason = self.policy.skip_reason(hint, self.archived.get(url), revisit_later=revisit_later)
        if reason is not None:
            if reason == "not_due" and hint.modified is None:
                self._undated.add(url)
            self.stats.inc_value(f"newsarchive/skipped/{reason}")
            return False
        if source == "sitemap":
            # A site's sitemaps may list millions of URLs (760,000 queued held 2.7 GB, and
            # the crawl fetched no article in its hour): past the cap they wait for the next
            # crawl, where those archived and unchanged make no request.
            if self._sitemap_urls >= self.max_sitemap_urls:
                self.stats.inc_value("newsarchive/skipped/sitemap_cap")
                return False
            self._sitemap_urls += 1
        self.stats.inc_value(f"newsarchive/discovered/{source}")
        self.changes.discovered.append(url)
        return True

    async def process_start(self, start: AsyncIterator[Any]) -> AsyncIterator[Any]:
        """A resumed run's pending URLs first (a spider that can request articles is asked
        to), then the spider's own start requests."""
        for request in self._resume_requests():
            yield request
        async for output in start:
            if self._passes(output):
                yield output

    def _resume_requests(self) -> Iterator[Request]:
        resume = getattr(self.crawler.spider, "article_request", None)
        if self.run is None or resume is None:
            return
        for url in self.run.pending:
            if url in self.run.not_due:
                continue
            request = resume(url, source="frontier")
            if isinstance(request, Request) and self._passes(request):
                request.priority = RESUME_PRIORITY
                yield request

    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            if self._passes(output, response):
                yield output

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            if self._passes(output, response):
                yield output

    def _passes(self, output: Any, response: Response | None = None) -> bool:
        if isinstance(output, Request):
            return not output.meta.get(meta.DISCOVERED) or self.allows(output)
        if isinstance(output, Article) and response is not None:
            self._pages[id(output)] = (output, response)
        return True

    # -- what the store pipeline takes ------------------------------------------------------
    def take_page(self, article: Article) -> Fetched | None:
        """The page ``article`` was extracted from (once; None for an item not seen here)."""
        paired = self._pages.pop(id(article), None)
        if paired is None:
            return None
        response = paired[1]
        requested = meta.first_requested(response.request) if response.request else response.url
        raw = raw_page(response, article.fetched_at or now_iso()) if self.keep_raw else None
        published = article.date_published
        when = datetime.fromisoformat(published) if published else None
        return Fetched(canonicalize(requested), raw, self.revisit_at(when))

    def take_changes(self) -> CrawlChanges:
        """The changes gathered since the last call, for the store's next transaction."""
        changes, self.changes = self.changes, CrawlChanges()
        return changes

    def _forget(self, item: Any) -> None:
        self._pages.pop(id(item), None)

    def _changed(self) -> None:
        self.crawler.signals.send_catch_log(signal=newsarchive_signals.changes_pending)

    # -- what became of the URLs that are not articles ----------------------------------------
    def not_modified(self, url: str) -> None:
        """An archived article answered 304 (:mod:`.conditional`): seen again, unchanged."""
        self.stats.inc_value("newsarchive/not_modified")
        url = canonicalize(url)
        archived = self.archived.get(url)
        revisit_at = self.revisit_at(archived.published if archived else None)
        self.changes.unchanged.append(Unchanged(url=url, seen_at=now_iso(), revisit_at=revisit_at))
        self._changed()

    def article_skipped(self, url: str, reason: str) -> None:
        self.changes.skipped.append((url, reason))
        self._changed()

    def article_fetch_failed(self, failure: Failure) -> None:
        """An article request failed for good: gone (404, 410: marked in the archive, never
        removed), refused (robots.txt, the crawl scope: skipped, not an error of the run), or
        an error the frontier counts and schedules a later try for."""
        if failure.check(NotModified):
            return  # recorded by not_modified()
        request: Request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        kind = failure_kind(failure)
        if response is not None and response.status in GONE_STATUSES and kind != NOT_SAVED:
            self.stats.inc_value(f"newsarchive/http_{response.status}")
            self.changes.gone.append(Gone(url=request.url, status=response.status,
                                          seen_at=now_iso()))  # fmt: skip
            self._changed()
            return
        requested = canonicalize(meta.first_requested(request))
        if kind in {ROBOTS, OUT_OF_SCOPE, NOT_SAVED}:
            # The site asked robots not to fetch it, or a redirect left the site (logged and
            # counted by the scope), or a replay has no saved copy (its stand-in 404 marked
            # archived articles gone): not archived, and not asked again by every later crawl.
            self.stats.inc_value(f"newsarchive/skipped/{'robots' if kind == ROBOTS else kind}")
            self.changes.skipped.append((requested, kind))
        else:
            self.stats.inc_value("newsarchive/article_errors")
            self.stats.inc_value(f"newsarchive/article_error/{kind}")
            logger.warning("article fetch failed (%s): %s", kind, describe(failure))
            self.changes.failed.append((requested, kind))
        self._changed()
