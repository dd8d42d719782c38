"""When to retry: ``Retry-After`` on 429 and 503 honoured per domain, exponential backoff for
the rest. Scrapy's RetryMiddleware retries at once, and ignores the header (scrapy/scrapy#3849):
three retries of a 502 land within a second, while the backend is still down.

On such a response the domain is embargoed until the time the server asked for (capped): its
downloader slot is given that delay (requests already queued for the domain wait too, not only
new ones), requests reaching ``process_request`` meanwhile wait there — an async middleware, so
other domains go on — and Scrapy's RetryMiddleware retries the refused request as usual, after
the wait. The slot's own delay comes back when the embargo ends.

Any other retry (a 5xx without the header, a timeout, a reset connection) waits
``NEWSARCHIVE_RETRY_BACKOFF`` seconds × 2^(attempt − 1), jittered ±50 % so a site's failed
requests do not come back in lockstep, capped at ``NEWSARCHIVE_RETRY_BACKOFF_MAX``. Only the retried
request waits (in ``process_request``, before it takes a downloader slot).
"""

from __future__ import annotations

import asyncio
import random
import time
from email.utils import parsedate_to_datetime

from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.http import Response

from ..urls import host_of

MAX_WAIT_SECONDS = 600.0
BACKOFF_SECONDS = 1.0
BACKOFF_MAX_SECONDS = 60.0


def backoff_seconds(
    attempt: int, base: float, cap: float, rng: random.Random | None = None
) -> float:
    """Wait before retry number ``attempt`` (1 for the first retry): ``base`` doubled each time,
    jittered by ±50 %, at most ``cap``."""
    if attempt < 1 or base <= 0:
        return 0.0
    jitter = (rng or random).uniform(0.5, 1.5)
    return min(cap, base * 2 ** (attempt - 1) * jitter)


def retry_after_seconds(value: str | None, now: float | None = None) -> float | None:
    """``Retry-After`` as seconds to wait: delta-seconds or an HTTP date; None if absent/bad."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = parsedate_to_datetime(value).timestamp()
    except (TypeError, ValueError):
        return None
    return max(0.0, when - (now if now is not None else time.time()))


class RetryDelayMiddleware:
    def __init__(
        self,
        crawler: Crawler,
        max_wait: float,
        backoff: float = BACKOFF_SECONDS,
        backoff_max: float = BACKOFF_MAX_SECONDS,
    ) -> None:
        self.crawler = crawler
        self.max_wait = max_wait
        self.backoff = backoff
        self.backoff_max = backoff_max
        self.not_before: dict[str, float] = {}
        self._saved: dict[str, tuple[float, float]] = {}

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> RetryDelayMiddleware:
        settings = crawler.settings
        return cls(
            crawler,
            settings.getfloat("NEWSARCHIVE_RETRY_AFTER_MAX", MAX_WAIT_SECONDS),
            settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF", BACKOFF_SECONDS),
            settings.getfloat("NEWSARCHIVE_RETRY_BACKOFF_MAX", BACKOFF_MAX_SECONDS),
        )

    async def process_request(self, request: Request) -> None:
        assert self.crawler.stats is not None
        until = self.not_before.get(host_of(request.url))
        embargo = until - time.monotonic() if until is not None else 0.0
        attempt = int(request.meta.get("retry_times", 0))
        backoff = backoff_seconds(attempt, self.backoff, self.backoff_max)
        if embargo > 0:
            self.crawler.stats.inc_value("newsarchive/retry_after/waits")
        elif backoff > 0:
            self.crawler.stats.inc_value("newsarchive/retry_backoff/waits")
        delay = max(embargo, backoff)
        if delay > 0:
            await asyncio.sleep(delay)

    def _hold_slot(self, request: Request, seconds: float) -> None:
        engine = self.crawler.engine
        if engine is None:
            return
        downloader = engine.downloader
        key = downloader.get_slot_key(request)
        slot = downloader.slots.get(key)
        if slot is None:
            return
        self._saved.setdefault(key, (slot.delay, slot.jitter))
        slot.delay, slot.jitter, slot.lastseen = seconds, 0.0, time.monotonic()
        asyncio.get_running_loop().call_later(seconds, self._release_slot, key)

    def _release_slot(self, key: str) -> None:
        engine = self.crawler.engine
        saved = self._saved.pop(key, None)
        if engine is None or saved is None:
            return
        slot = engine.downloader.slots.get(key)
        if slot is not None:
            slot.delay, slot.jitter = saved
            engine.downloader._process_queue(slot)

    def process_response(self, request: Request, response: Response) -> Response:
        if response.status in {429, 503}:
            header = response.headers.get(b"Retry-After")
            seconds = retry_after_seconds(header.decode("latin-1") if header else None)
            if seconds is not None:
                seconds = min(seconds, self.max_wait)
                host = host_of(request.url)
                until = time.monotonic() + seconds
                self.not_before[host] = max(self.not_before.get(host, 0.0), until)
                self._hold_slot(request, seconds)
                assert self.crawler.stats is not None
                self.crawler.stats.inc_value(f"newsarchive/retry_after/{response.status}")
        return response
