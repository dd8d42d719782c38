"""Reject records that must not enter the archive, and count field coverage.

Coverage stats (``newsarchive/coverage/<field>``) are how an operator notices a site whose
layout changed: headline, body, comment count and date should be present on nearly every page.
"""

from __future__ import annotations

from itemadapter import ItemAdapter
from scrapy.crawler import Crawler
from scrapy.exceptions import DropItem
from scrapy.statscollectors import StatsCollector

from ..items import Article

COVERAGE_FIELDS = ("headline", "article_body", "comment_count", "date_published", "authors")


class ValidatePipeline:
    def __init__(self, stats: StatsCollector) -> None:
        self.stats = stats

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> ValidatePipeline:
        assert crawler.stats is not None
        return cls(crawler.stats)

    def process_item(self, item: object) -> object:
        if not isinstance(item, Article):
            return item
        article = ItemAdapter(item)
        url, status = article["url"], article.get("http_status")
        reason = None
        if not url.startswith(("http://", "https://")):
            reason = "bad_url"
        elif status is not None and not 200 <= status < 300:
            reason = "http_status"
        # A page whose extraction found nothing is archived all the same: its raw bytes and
        # its extraction_status let a later extractor (``reextract``) do better.
        if reason:
            self.stats.inc_value(f"newsarchive/dropped/{reason}")
            raise DropItem(f"{reason}: {url}")
        self.stats.inc_value("newsarchive/articles_extracted")
        for name in COVERAGE_FIELDS:
            if article.get(name) not in (None, "", []):
                self.stats.inc_value(f"newsarchive/coverage/{name}")
        return item
