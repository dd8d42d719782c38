"""A fetched article page → the plain :class:`~newsarchive.items.Article` item.

The one way a crawl reads an article, whichever spider fetched it (a discovery crawl, a count
refresh, a replay of fixtures, a WARC import): the site's page object reads the page
(:class:`newsarchive.extract.page.ArticlePage`, or the site's subclass), then come what only
the crawl knows — the site's name, the fetch, the feed entry the URL came from, whose count is
decided with the page's own (:mod:`.comment_counts`).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime, tzinfo

from scrapy.http import Response, TextResponse
from scrapy.statscollectors import StatsCollector

from ..extract import Extraction, extraction_status
from ..extract.comments import CommentEvidence
from ..extract.page import ArticlePage
from ..extract.page_type import CANDIDATE_THRESHOLD, article_probability
from ..items import Article
from ..urls import canonicalize
from . import meta
from .comment_counts import feed_signal, with_outside_count
from .feed_parser import FeedEntry
from .freshness import Hint
from .state import response_headers

logger = logging.getLogger(__name__)


def is_html(response: Response) -> bool:
    ctype = (response.headers.get(b"Content-Type") or b"").decode("latin-1").lower()
    return isinstance(response, TextResponse) and ("html" in ctype or not ctype)


def listed_as_post(response: Response) -> bool:
    """Discovery listed the page as a publication: a feed entry, or a sitemap entry that
    dates it (``<news:publication_date>``, or a date in its permalink)."""
    source = response.meta.get(meta.DISCOVERED)
    hint = response.meta.get(meta.HINT)
    return source == "feed" or (
        source == "sitemap" and isinstance(hint, Hint) and hint.published is not None
    )


@dataclass(slots=True)
class ReadArticle:
    """An article read from its page, with the comment-count evidence further sources (the
    REST API) are decided with."""

    item: Article
    counts: CommentEvidence


class ArticleReader:
    """Reads the article pages of one site."""

    def __init__(
        self,
        *,
        site: str,
        timezone: tzinfo,
        is_article_url: Callable[[str], bool],
        page_class: type[ArticlePage] = ArticlePage,
        stats: StatsCollector | None = None,
    ) -> None:
        self.site = site
        self.timezone = timezone
        self.is_article_url = is_article_url
        self.page_class = page_class
        self.stats = stats

    def keeps(self, result: Extraction, url: str, listed_as_post: bool = False) -> bool:
        """Whether an extracted page is archived as an article: it reads as one; discovery
        listed it as a post (``listed_as_post``: a feed entry, or a sitemap entry with its
        publication date); or it is a likely one (:mod:`..extract.page_type`) at a
        permalink-shaped URL.

        What discovery says counts because a fetched article may not be lost: the page
        classifier alone turns away ~4 % of real articles (landing-page-like posts), and a
        page turned away is not stored. A plain sitemap entry says less: sitemaps list
        category and service pages too."""
        if result.is_article or listed_as_post:
            return True
        probability = article_probability(result.article_signals)
        return probability >= CANDIDATE_THRESHOLD and self.is_article_url(url)

    def read(
        self, response: Response, extracted: Extraction | Exception | None = None
    ) -> ReadArticle | None:
        """The page's article; None when the page does not look like one. A page the
        extractor fails on is an article all the same (``extraction_status = failed``): a
        fetched page is never lost, ``newsarchive reextract`` tries it again later.
        ``extracted``: the generic extraction (or its failure) already made elsewhere, in a
        worker process (:mod:`.extraction_pool`); None to make it here."""
        fetched_at = datetime.now(UTC).isoformat(timespec="seconds")
        page = self.page_class(
            response.body, response.url, response_headers(response), default_tz=self.timezone
        )
        try:
            if isinstance(extracted, Exception):
                raise extracted
            if extracted is not None:
                page.extraction = extracted  # the cached property's value, given
            result: Extraction | None = page.extraction
            if not self.keeps(page.extraction, response.url, listed_as_post(response)):
                return None
            article = page.to_item()
        except Exception as exc:  # a fetched page is never lost to an extractor's bug
            logger.error("extraction failed on %s: %r", response.url, exc)
            result = None
            article = Article(url=response.url, canonical_url=canonicalize(response.url))
        article.extraction_status = extraction_status(article, failed=result is None)
        if self.stats is not None:
            self.stats.inc_value(f"newsarchive/extraction/{article.extraction_status}")
        article.site = self.site
        article.fetched_at = fetched_at
        article.http_status = response.status
        counts = result.comment_evidence if result is not None else CommentEvidence(())
        entry = response.meta.get(meta.FEED_ENTRY)
        signal = feed_signal(entry) if isinstance(entry, FeedEntry) else None
        if signal is not None:
            counts = with_outside_count(article, counts, signal)
        return ReadArticle(article, counts)
