"""A one-line progress display for crawls run on a terminal (never under cron)."""

from __future__ import annotations

import sys

from scrapy import signals
from scrapy.crawler import Crawler
from twisted.internet import task


class Progress:
    def __init__(self, crawler: Crawler) -> None:
        self.crawler = crawler
        self.loop: task.LoopingCall | None = None

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> Progress:
        ext = cls(crawler)
        crawler.signals.connect(ext.opened, signal=signals.spider_opened)
        crawler.signals.connect(ext.closed, signal=signals.spider_closed)
        return ext

    def opened(self) -> None:
        self.loop = task.LoopingCall(self.show)
        self.loop.start(0.5, now=False)

    def show(self) -> None:
        stats = self.crawler.stats
        assert stats is not None
        line = (
            f"\r  pages {stats.get_value('response_received_count', 0)}"
            f" · articles {stats.get_value('newsarchive/articles_extracted', 0)}"
            f" · new {stats.get_value('newsarchive/articles_new', 0)}"
            f" · errors {stats.get_value('newsarchive/article_errors', 0)}  "
        )
        sys.stderr.write(line)
        sys.stderr.flush()

    def closed(self) -> None:
        if self.loop and self.loop.running:
            self.loop.stop()
        self.show()
        sys.stderr.write("\n")
