"""Store articles in the archive, batched; record the crawl itself.

Writes go through :class:`newsarchive.storage.Archive` in batches of
``NEWSARCHIVE_BATCH_SIZE`` (one transaction each): per-item transactions cost an fsync each and
hold the SQLite write lock far more often, which is what makes two crawls on one file fight.
Each batch carries the crawl state's pending changes (:mod:`newsarchive.crawl.state`), so the
frontier moves in the same transaction as the articles.
"""

from __future__ import annotations

import asyncio
import logging
import time

from scrapy import signals
from scrapy.crawler import Crawler
from scrapy.exceptions import NotConfigured
from scrapy.spiders import Spider
from scrapy.statscollectors import StatsCollector

from .. import signals as newsarchive_signals
from ..crawl.state import CrawlState
from ..errors import UserError
from ..items import Article, ArticleRecord, CommentCountObservation
from ..storage import Archive, open_engine
from ..storage.db import db_error_reason
from ..storage.frontier import Run

logger = logging.getLogger(__name__)

INTERRUPTED = "interrupted"
"""The finish reason of a crawl stopped before it could close."""

FLUSH_SECONDS = 5.0


class StorePipeline:
    def __init__(
        self,
        db_url: str | None,
        batch_size: int,
        stats: StatsCollector,
        spider_name: str,
        crawler: Crawler | None = None,
    ) -> None:
        self.crawler = crawler
        self.db_url = db_url
        self.batch_size = max(1, batch_size)
        self.stats = stats
        self.spider_name = spider_name
        self.buffer: list[ArticleRecord] = []
        self.observations: list[CommentCountObservation] = []
        self.state: CrawlState | None = None
        self.run: Run | None = None
        self.archive: Archive | None = None
        self.crawl_id: int | None = None
        self._last_flush = time.monotonic()
        self._closing: asyncio.Task[None] | None = None
        self._interrupted = False

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> StorePipeline:
        assert crawler.stats is not None
        if crawler.settings.getbool("NEWSARCHIVE_STORE_DISABLED"):
            raise NotConfigured("storage disabled")
        spider_name = crawler.spidercls.name if crawler.spidercls else "unknown"
        pipeline = cls(
            crawler.settings.get("NEWSARCHIVE_DB_URL"),
            crawler.settings.getint("NEWSARCHIVE_BATCH_SIZE", 50),
            crawler.stats,
            spider_name,
            crawler,
        )
        crawler.signals.connect(pipeline.spider_closed, signal=signals.spider_closed)
        crawler.signals.connect(pipeline.maybe_flush, signal=newsarchive_signals.changes_pending)
        return pipeline

    def open_spider(self) -> None:
        try:
            engine = open_engine(self.db_url)
        except UserError as exc:
            self.stats.set_value("newsarchive/db_error", str(exc))
            raise
        self.archive = Archive(engine)
        if self.crawler is not None:
            self.state = self.crawler.get_spider_middleware(CrawlState)
        if self.state is not None:
            # The crawl state owns the run (resume, retries) and reads what it needs.
            self.run = self.state.open(self.archive, self.spider_name)
        else:
            self.run = self.archive.start_run(self.spider_name)
            self.stats.set_value("newsarchive/crawl_id", self.run.crawl_id)
        self.crawl_id = self.run.crawl_id

    def process_item(self, item: object) -> object:
        if isinstance(item, Article):
            self.buffer.append(self.record(item))
        elif isinstance(item, CommentCountObservation):
            self.observations.append(item)
        else:
            return item
        self.maybe_flush()
        return item

    def record(self, article: Article) -> ArticleRecord:
        """The article with what the crawl state knows of its fetch (raw page, frontier URL,
        next visit)."""
        fetched = self.state.take_page(article) if self.state is not None else None
        spider = self.crawler.spider if self.crawler is not None else None
        return ArticleRecord(
            article=article,
            raw=fetched.raw if fetched else None,
            site_url=(getattr(spider, "start_urls", None) or [None])[0],
            frontier_url=fetched.frontier_url if fetched else None,
            revisit_at=fetched.revisit_at if fetched else None,
        )

    def maybe_flush(self) -> None:
        """Write the batch once it is large or old enough."""
        pending = len(self.buffer) + len(self.observations)
        if self.state is not None:
            pending += self.state.changes.observations
        if pending >= self.batch_size or time.monotonic() - self._last_flush > FLUSH_SECONDS:
            self.flush()

    def flush(self) -> None:
        if self.archive is None:
            return
        batch, self.buffer = self.buffer, []
        observations, self.observations = self.observations, []
        changes = self.state.take_changes() if self.state is not None else None
        try:
            result = self.archive.store(
                batch, self.crawl_id, observations=observations, changes=changes, run=self.run
            )
        except Exception as exc:  # any failed write stops the crawl, whatever its cause
            self._store_failed(exc, len(batch) + len(observations))
            return
        self.stats.inc_value("newsarchive/articles_gone", result.gone)
        self._last_flush = time.monotonic()
        for key in ("articles_new", "revisions_new", "unchanged", "comment_counts_new", "pages",
                    "held"):  # fmt: skip
            self.stats.inc_value(f"newsarchive/{key}", getattr(result, key))

    def _store_failed(self, exc: Exception, lost: int) -> None:
        """A batch could not be written (disk full, I/O error, database locked for longer
        than the busy timeout…). Its transaction rolled back, so the archive holds nothing
        half-written; the crawl stops, since every later write would meet the same fate. The
        CLI turns the stats into exit code 5; the run's frontier lets the next crawl resume."""
        self.stats.inc_value("newsarchive/store_errors", lost)
        reason = f"{db_error_reason(exc)} ({exc.__class__.__name__})"
        if self.stats.get_value("newsarchive/store_error") is None:
            self.stats.set_value("newsarchive/store_error", reason)
            logger.error("could not write to the archive, stopping the crawl: %s", reason)
            engine = self.crawler.engine if self.crawler is not None else None
            if engine is not None and engine.spider is not None and not self._interrupted:
                self._closing = asyncio.get_running_loop().create_task(
                    engine.close_spider_async(reason="store_failed")
                )

    def close_spider(self) -> None:
        self.flush()

    def close_interrupted(self) -> None:
        """The reactor stopped before the spider could close (a second SIGINT or SIGTERM):
        the batch in hand is written and the crawl recorded as ``failed``/``interrupted``,
        so its run resumes and the summary counts only what is stored. Called by
        :func:`newsarchive.runner.run_crawl` once nothing of Scrapy runs any more; the
        writes are plain SQLAlchemy and need none of it. Pages still being extracted stay
        ``pending`` in the run's frontier, for the next crawl."""
        self._interrupted = True
        self.flush()
        self.spider_closed(None, INTERRUPTED)

    def spider_closed(self, spider: Spider | None, reason: str) -> None:
        if self.archive is None or self.crawl_id is None:
            return
        stats = self.stats.get_stats()
        status = "finished" if reason == "finished" else "failed"
        if stats.get("newsarchive/start_failed") or stats.get("newsarchive/store_errors"):
            status = "failed"
        try:
            self.archive.finish_crawl(self.crawl_id, status, reason, stats)
        except Exception as exc:
            # The crawls row stays "running": the next crawl takes it for a killed run and
            # resumes it, which is what it should do.
            logger.error("could not record the end of the crawl: %s", db_error_reason(exc))
        finally:
            self.archive.engine.dispose()
