"""A crawl ends in bounded time: a wall-clock limit, and a bounded stop.

newsarchive runs from cron against sites nobody here controls, under a per-site lock: a crawl
that never ends holds the lock, and every later run of the site exits 3. Two things bound it:

- ``NEWSARCHIVE_TIME_LIMIT`` (seconds, 0: none): the crawl is closed, as by SIGTERM, once it has
  run that long (finish reason ``time_limit``, exit code 1). Its run stays open, so the next
  crawl resumes it: a first crawl of a large site simply takes several runs.
- ``NEWSARCHIVE_STOP_GRACE`` (seconds): a close of any cause — the time limit, SIGTERM, a
  failed write, the end of the crawl — waits for the downloads in flight, which a stalled
  connection, a download handler without a timeout or a ``Retry-After`` wait can hold far
  longer than ``DOWNLOAD_TIMEOUT``. Past the grace the process exits (code 1). Stopping the
  reactor, as Scrapy's second SIGTERM does, would not do: its shutdown trigger waits for the
  same stuck close. The exit is a ``kill -9`` by another name, and as safe: what was not yet
  stored is fetched again by the next crawl, which finds the run's ``crawls`` row still
  ``running`` and resumes it; the kernel releases the site lock with the process.

Scrapy has no signal for "the spider is closing", and its own ``CLOSESPIDER_TIMEOUT`` has no
bound on the close it starts; every close goes through ``ExecutionEngine.close_spider_async``,
so the extension wraps that method of the crawl's engine to start the grace clock.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Awaitable, Callable

from scrapy import Spider, signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.utils.asyncio import CallLaterResult, call_later
from scrapy.utils.defer import deferred_from_coro

logger = logging.getLogger(__name__)

TIME_LIMIT_SECONDS = 4 * 3600.0
STOP_GRACE_SECONDS = 60.0
TIME_LIMIT_REASON = "time_limit"
FORCED_EXIT_CODE = 1  # "the crawl ended early" (docs/operations.md)


class CrawlDeadline:
    """Extension: close the crawl at the time limit; stop it if a close takes too long."""

    def __init__(self, crawler: Crawler, limit: float, grace: float) -> None:
        self.crawler = crawler
        self.limit = limit
        self.grace = grace
        self._limit_call: CallLaterResult | None = None
        self._grace_call: CallLaterResult | None = None
        self._closing: object = None  # the close the time limit started (kept referenced)
        self._armed = False  # the grace clock runs from the first close to spider_closed

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> CrawlDeadline:
        settings = crawler.settings
        limit = settings.getfloat("NEWSARCHIVE_TIME_LIMIT", TIME_LIMIT_SECONDS)
        grace = settings.getfloat("NEWSARCHIVE_STOP_GRACE", STOP_GRACE_SECONDS)
        if limit <= 0 and grace <= 0:
            raise NotConfigured("no time limit and no stop grace")
        extension = cls(crawler, limit, grace)
        crawler.signals.connect(extension.spider_opened, signal=signals.spider_opened)
        crawler.signals.connect(extension.spider_closed, signal=signals.spider_closed)
        return extension

    def spider_opened(self, spider: Spider) -> None:
        if self.limit > 0:
            self._limit_call = call_later(self.limit, self._time_up)
        engine = self.crawler.engine
        if self.grace > 0 and engine is not None:
            engine.close_spider_async = self._timed(engine.close_spider_async)  # type: ignore[method-assign, assignment]

    def spider_closed(self, spider: Spider) -> None:
        self._armed = True  # closed: a late close call (SIGTERM now) must not start a clock
        for call in (self._limit_call, self._grace_call):
            if call is not None:
                call.cancel()
        self._limit_call = self._grace_call = None

    def _time_up(self) -> None:
        self._limit_call = None
        engine = self.crawler.engine
        if engine is None or engine.spider is None:
            return
        assert self.crawler.stats is not None
        self.crawler.stats.set_value("newsarchive/time_limit_reached", self.limit)
        logger.warning(
            "the crawl reached its time limit (NEWSARCHIVE_TIME_LIMIT = %g s): stopping; the "
            "next crawl of the site resumes this run",
            self.limit,
        )
        self._closing = deferred_from_coro(engine.close_spider_async(reason=TIME_LIMIT_REASON))

    def _timed(self, close: Callable[..., Awaitable[None]]) -> Callable[..., Awaitable[None]]:
        """``close_spider_async``, starting the grace clock at the first call."""

        async def close_spider_async(*, reason: str = "cancelled") -> None:
            if not self._armed:
                self._armed = True
                self._grace_call = call_later(self.grace, self._force_stop, reason)
            await close(reason=reason)

        return close_spider_async

    def _force_stop(self, reason: str) -> None:
        """End the process: nothing else would. Stopping the reactor (Scrapy's second SIGTERM)
        runs its shutdown trigger, which waits for the very close that is stuck."""
        self._grace_call = None
        logger.error(
            "the crawl did not stop within %g s of closing (%s; downloads still in flight): "
            "exiting now; the next crawl of the site resumes this run",
            self.grace,
            reason,
        )
        logging.shutdown()  # flush the log file and stderr: os._exit skips it
        sys.stdout.flush()
        os._exit(FORCED_EXIT_CODE)
