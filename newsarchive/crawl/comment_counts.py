"""Counts the crawl learns beside the page — a feed entry's ``<slash:comments>``, the WordPress
REST API's ``X-WP-Total`` — joined to the page's own evidence and decided where every count is
decided: :func:`newsarchive.extract.comments.decide`."""

from __future__ import annotations

from ..extract.comments import CommentEvidence, CommentSignal
from ..items import Article
from .feed_parser import FeedEntry


def with_outside_count(
    article: Article, evidence: CommentEvidence, signal: CommentSignal
) -> CommentEvidence:
    """``article`` with ``signal`` among its count signals, and as its count where
    :func:`~newsarchive.extract.comments.decide` chooses it; the evidence with the signal, for
    the next source."""
    evidence = evidence.with_signal(signal)
    article.comment_count_signals.insert(0, {"source": signal.source, "count": signal.count,
                                             "raw": signal.raw})  # fmt: skip
    if evidence.winner is signal:
        article.comment_count = signal.count
        article.comment_count_raw = signal.raw
        article.comment_count_source = signal.source
    return evidence


def feed_signal(entry: FeedEntry) -> CommentSignal | None:
    if entry.comment_count is None:
        return None
    return CommentSignal(entry.comment_count, entry.comment_count_raw or "", "feed")


def api_signal(total: int) -> CommentSignal:
    return CommentSignal(total, f"X-WP-Total: {total}", "api")


def disagreement(article: Article) -> bool:
    """Whether the article's count signals state different counts."""
    counts = {s["count"] for s in article.comment_count_signals if s["count"] is not None}
    return len(counts) > 1
