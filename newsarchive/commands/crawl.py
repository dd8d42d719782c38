"""``scrapy crawl SITE``, exiting non-zero when the crawl failed.

Scrapy's own command exits 0 whatever happened once the crawl started: an unreachable start
page, an archive that could not be written, a feed that could not be stored. Cron and CI read
exit codes, so this one judges the crawl by its stats as ``newsarchive crawl`` does
(:func:`newsarchive.health.verdict`; no layout-break history here, that needs the archive),
adds the feed exports' failures, and prints the reason as one line.
"""

from __future__ import annotations

import argparse
import sys

from scrapy.commands.crawl import Command as ScrapyCrawl
from scrapy.crawler import Crawler
from scrapy.exceptions import UsageError

from ..cli.common import error_line
from ..health import EXIT_FAILED, verdict

EXIT_USAGE = 2


def judge(stats: dict[str, object], max_error_rate: float) -> tuple[int, str]:
    """``(exit code, reason)`` of a finished ``scrapy crawl``."""
    if stats.get("newsarchive/db_error"):
        return EXIT_USAGE, str(stats["newsarchive/db_error"])
    judged = verdict(stats, str(stats.get("finish_reason")), (), max_error_rate)
    if judged.exit_code:
        return judged.exit_code, judged.message
    failed = sorted(k for k, v in stats.items() if k.startswith("feedexport/failed_count/") and v)
    if failed:
        return EXIT_FAILED, f"a feed could not be stored ({', '.join(failed)}; see the log)"
    return 0, ""


class Command(ScrapyCrawl):
    def run(self, args: list[str], opts: argparse.Namespace) -> None:
        if len(args) != 1:
            raise UsageError("scrapy crawl takes one spider")
        assert self.crawler_process is not None
        crawler: Crawler = self._create_crawler(args[0])
        self.crawler_process.crawl(crawler, **opts.spargs)
        self.crawler_process.start()
        if self.crawler_process.bootstrap_failed:
            self.exitcode = EXIT_FAILED
            return
        stats = crawler.stats.get_stats() if crawler.stats else {}
        rate = crawler.settings.getfloat("NEWSARCHIVE_MAX_ERROR_RATE", 0.2)
        self.exitcode, reason = judge(stats, rate)
        if reason:
            print(f"error: {error_line(reason)}", file=sys.stderr)
