"""Comment counts the crawl learns beside the page: a feed entry's ``<slash:comments>`` and
the WordPress REST API's ``X-WP-Total``, combined with what the page itself shows."""

from __future__ import annotations

from ..extract.comments import CommentEvidence
from ..items import Article
from .feed_parser import FeedEntry


def trust_count(count: int, page_shows_comments: bool) -> bool:
    """Feeds and the API say 0 for posts whose comments are closed too; a 0 from them counts
    only where the page shows a comment feature (else the count stays None)."""
    return count > 0 or page_shows_comments


def with_feed_count(article: Article, evidence: CommentEvidence | None, entry: FeedEntry) -> None:
    """The feed entry's count into ``article``, where it is to be trusted."""
    page_has_comments = evidence is not None and evidence.winner is not None
    if entry.comment_count is None or not trust_count(entry.comment_count, page_has_comments):
        return
    article.comment_count = entry.comment_count
    article.comment_count_raw = entry.comment_count_raw
    article.comment_count_source = "feed"
    article.comment_count_signals.insert(
        0, {"source": "feed", "count": entry.comment_count, "raw": entry.comment_count_raw}
    )


def with_api_count(article: Article, total: int) -> bool:
    """The REST API's total into ``article``, where it is to be trusted; whether it was."""
    if not trust_count(total, page_shows_comments=article.comment_count is not None):
        return False
    raw = f"X-WP-Total: {total}"
    article.comment_count_signals.insert(0, {"source": "api", "count": total, "raw": raw})
    article.comment_count = total
    article.comment_count_raw = raw
    article.comment_count_source = "api"
    return True


def disagreement(article: Article) -> bool:
    """Whether the article's count signals state different counts."""
    counts = {s["count"] for s in article.comment_count_signals if s["count"] is not None}
    return len(counts) > 1
