"""A fetched article page → the plain :class:`~newsarchive.items.Article` item.

The one way a crawl reads an article, whichever spider fetched it (a discovery crawl, a count
refresh, a replay of fixtures, a WARC import): extraction (:mod:`newsarchive.extract`), then
what only the crawl knows — the site's name, the fetch, the feed entry the URL came from — and
the site's field overrides.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, tzinfo
from typing import Any

from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

from ..extract import Extraction, extract_page, extraction_status
from ..extract.page_type import CANDIDATE_THRESHOLD, article_probability
from ..items import Article
from ..urls import canonicalize
from . import meta
from .comment_counts import with_feed_count
from .feed_parser import FeedEntry
from .state import response_headers

logger = logging.getLogger(__name__)

FieldOverride = Callable[[Response, Article], Any]


def is_html(response: Response) -> bool:
    ctype = response.headers.get(b"Content-Type", b"").decode("latin-1").lower()
    return isinstance(response, TextResponse) and ("html" in ctype or not ctype)


class ArticleReader:
    """Reads the article pages of one site."""

    def __init__(
        self,
        *,
        site: str,
        timezone: tzinfo,
        is_article_url: Callable[[str], bool],
        field_overrides: Mapping[str, FieldOverride] | None = None,
        stats: StatsCollector | None = None,
    ) -> None:
        self.site = site
        self.timezone = timezone
        self.is_article_url = is_article_url
        self.field_overrides = dict(field_overrides or {})
        self.stats = stats

    def keeps(self, result: Extraction, url: str) -> bool:
        """Whether an extracted page is archived as an article: it reads as one, or it is
        a likely one reached at a permalink-shaped URL (:mod:`..extract.page_type`)."""
        if result.is_article:
            return True
        probability = article_probability(result.article_signals)
        return probability >= CANDIDATE_THRESHOLD and self.is_article_url(url)

    def read(self, response: Response) -> Article | None:
        """The page's article; None when the page does not look like one. A page the
        extractor fails on is an article all the same (``extraction_status = failed``): a
        fetched page is never lost, ``newsarchive reextract`` tries it again later."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        headers = response_headers(response)
        try:
            result: Extraction | None = extract_page(
                response.body, response.url, headers, default_tz=self.timezone
            )
        except Exception as exc:  # a fetched page is never lost to an extractor's bug
            logger.error("extraction failed on %s: %r", response.url, exc)
            result = None
        if result is not None and not self.keeps(result, response.url):
            return None
        article = (
            result.article
            if result is not None
            else Article(url=response.url, canonical_url=canonicalize(response.url))
        )
        article.extraction_status = extraction_status(article, failed=result is None)
        if self.stats is not None:
            self.stats.inc_value(f"newsarchive/extraction/{article.extraction_status}")
        article.site = self.site
        article.fetched_at = fetched_at
        article.http_status = response.status
        entry = response.meta.get(meta.FEED_ENTRY)
        if isinstance(entry, FeedEntry):
            with_feed_count(article, result.comment_evidence if result else None, entry)
        for field_name, override in self.field_overrides.items():
            setattr(article, field_name, override(response, article))
        return article
