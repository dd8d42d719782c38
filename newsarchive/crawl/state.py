"""The crawl state: what the crawl knows of the archive, and what it learns for it.

One component (a spider middleware, built ``from_crawler``) stands between the spider, which
discovers, and the store pipeline, which writes:

- it pairs every article item the spider yields with the response it came from (the raw page
  the archive keeps, the URL the frontier knows), so items stay plain: Scrapy's feed exports
  carry article fields and never page bytes;
- it records what became of the URLs that are not articles — found, answered 304, gone, not
  kept, failed for good — from the spider's requests and :mod:`newsarchive.signals`;
- it hands those pending changes to the store pipeline (:meth:`take_changes`), which writes
  them in the transaction of its next batch of articles.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator, Iterable, Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from scrapy import Request, signals
from scrapy.crawler import Crawler
from scrapy.http import Response
from twisted.python.failure import Failure

from .. import signals as newsarchive_signals
from ..items import Article, RawPage
from ..storage.changes import CrawlChanges, Gone, Unchanged
from ..urls import canonicalize
from . import meta
from .failures import OUT_OF_SCOPE, ROBOTS, describe, failure_kind
from .freshness import DEFAULT_RECENT_DAYS, revisit_interval

logger = logging.getLogger(__name__)

GONE_STATUSES = frozenset({404, 410})


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
    """Spider middleware: pairs article items with their pages; gathers the frontier's
    changes for the store pipeline."""

    def __init__(self, crawler: Crawler, *, keep_raw: bool = True) -> None:
        self.crawler = crawler
        self.keep_raw = keep_raw
        self.changes = CrawlChanges()
        self._pages: dict[int, tuple[Article, Response]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlState:
        state = cls(crawler, keep_raw=crawler.settings.getbool("NEWSARCHIVE_KEEP_RAW", True))
        connect = crawler.signals.connect
        connect(state.article_skipped, signal=newsarchive_signals.article_skipped)
        connect(state.article_fetch_failed, signal=newsarchive_signals.article_fetch_failed)
        connect(state.article_not_modified, signal=newsarchive_signals.article_not_modified)
        # An item leaves the pipelines one way or another: its page goes with it.
        for done in (signals.item_scraped, signals.item_dropped, signals.item_error):
            connect(state._forget, signal=done)
        return state

    # -- spider middleware ----------------------------------------------------------------
    def process_spider_output(self, response: Response, result: Iterable[Any]) -> Iterator[Any]:
        for output in result:
            self._note(response, output)
            yield output

    async def process_spider_output_async(
        self, response: Response, result: AsyncIterator[Any]
    ) -> AsyncIterator[Any]:
        async for output in result:
            self._note(response, output)
            yield output

    def _note(self, response: Response, output: Any) -> None:
        if isinstance(output, Article):
            self._pages[id(output)] = (output, response)
        elif isinstance(output, Request) and output.meta.get(meta.DISCOVERED):
            self.changes.discovered.append(output.url)

    # -- what the store pipeline takes ---------------------------------------------------
    def take_page(self, article: Article) -> Fetched | None:
        """The page ``article`` was extracted from (once; None for an item not seen here)."""
        paired = self._pages.pop(id(article), None)
        if paired is None:
            return None
        response = paired[1]
        requested = meta.first_requested(response.request) if response.request else response.url
        raw = raw_page(response, article.fetched_at or now_iso()) if self.keep_raw else None
        published = (
            datetime.fromisoformat(article.date_published) if article.date_published else None
        )
        return Fetched(canonicalize(requested), raw, self.revisit_at(published))

    def revisit_at(self, published: datetime | None) -> str | None:
        """When an article published then is due for its next visit, by the site's
        ``recent_days`` (:func:`.freshness.revisit_interval`)."""
        now = datetime.now(UTC)
        recent_days = getattr(self.crawler.spider, "recent_days", DEFAULT_RECENT_DAYS)
        interval = revisit_interval(published, now, recent_days)
        return (now + interval).isoformat(timespec="seconds") if interval else None

    def take_changes(self) -> CrawlChanges:
        """The changes gathered since the last call, for the store's next transaction."""
        changes, self.changes = self.changes, CrawlChanges()
        return changes

    def _forget(self, item: Any) -> None:
        self._pages.pop(id(item), None)

    def _changed(self) -> None:
        self.crawler.signals.send_catch_log(signal=newsarchive_signals.changes_pending)

    # -- what became of the URLs that are not articles ------------------------------------
    def article_skipped(self, url: str, reason: str) -> None:
        self.changes.skipped.append((url, reason))
        self._changed()

    def article_not_modified(self, url: str, revisit_at: str | None) -> None:
        self.changes.unchanged.append(Unchanged(url=url, seen_at=now_iso(), revisit_at=revisit_at))
        self._changed()

    def article_fetch_failed(self, failure: Failure) -> None:
        """An article request failed for good: gone (404, 410: marked in the archive, never
        removed), refused (robots.txt, the crawl scope: skipped, not an error of the run), or
        an error the frontier counts and schedules a later try for."""
        stats = self.crawler.stats
        assert stats is not None
        request: Request = failure.request  # type: ignore[attr-defined]
        response = getattr(failure.value, "response", None)
        if response is not None and response.status in GONE_STATUSES:
            stats.inc_value(f"newsarchive/http_{response.status}")
            self.changes.gone.append(Gone(url=request.url, status=response.status,
                                          seen_at=now_iso()))  # fmt: skip
            self._changed()
            return
        kind = failure_kind(failure)
        requested = canonicalize(meta.first_requested(request))
        if kind in {ROBOTS, OUT_OF_SCOPE}:
            # The site asked robots not to fetch it, or a redirect left the site (logged and
            # counted by the scope): not archived, and not asked again by every later crawl.
            stats.inc_value(f"newsarchive/skipped/{'robots' if kind == ROBOTS else kind}")
            self.changes.skipped.append((requested, kind))
        else:
            stats.inc_value("newsarchive/article_errors")
            stats.inc_value(f"newsarchive/article_error/{kind}")
            logger.warning("article fetch failed (%s): %s", kind, describe(failure))
            self.changes.failed.append((requested, kind))
        self._changed()
