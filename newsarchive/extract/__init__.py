"""Extraction: page bytes + URL + headers → :class:`~newsarchive.items.Article`.

Pure by design: no Scrapy, no database, no network. The spiders, the fixture tests, the
replay command and the benchmarks all call :func:`extract_article`, so what is tested is what
crawls.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, tzinfo

from ..items import Article
from ..urls import host_of
from .body import extract_body
from .bounds import bound_article
from .comments import CommentEvidence, extract_comment_evidence, wp_post_id
from .dates import timezone_for
from .encoding import decode_html
from .html import parse_html, xml_safe
from .language_guess import guess_language
from .metadata import extract_metadata
from .page_type import THRESHOLD, article_probability, article_signals, page_shape
from .second_opinion import choose_body

__all__ = ["Extraction", "extract_article", "extract_page", "extraction_status", "timezone_for"]


@dataclass(slots=True)
class Extraction:
    """An article plus what the crawler needs to know about the page beyond the item."""

    article: Article
    is_article: bool
    """Whether the page reads as an article (:mod:`.page_type`): the crawler keeps those."""
    article_signals: dict[str, float]
    """The inputs of that judgement, for audit and for refitting the model."""
    body_source: str
    """Which reading gave the body: ``newsarchive``, ``newsarchive-wide`` or ``trafilatura``
    (:mod:`.second_opinion`)."""
    encoding: str
    comment_evidence: CommentEvidence


def extract_page(
    html: bytes | str,
    url: str,
    headers: Mapping[str, str] | None = None,
    *,
    default_tz: tzinfo = UTC,
) -> Extraction:
    """Like :func:`extract_article`, also saying whether the page looks like an article
    (the crawler stores only those) and which encoding decoded it."""
    if isinstance(html, bytes):
        text, encoding = decode_html(html, headers)  # made xml_safe there
    else:
        text, encoding = xml_safe(html), "unicode"
    doc = parse_html(text, safe=True)
    md = extract_metadata(doc, url, default_tz)
    evidence = extract_comment_evidence(doc, url, md.article_node)
    post_id = wp_post_id(doc)
    shape = page_shape(doc, url)
    readings = extract_body(doc, md.headline, url, md.headline_element)  # last: mutates doc
    body = choose_body(readings, text, url)
    signals = article_signals(
        shape,
        url,
        declared=md.declared_article,
        single=md.single_post,
        dated=md.date_published is not None,
        authored=bool(md.authors),
        body_chars=len(body.text or ""),
        page_chars=readings.page_text,
        body_links=body.link_share(),
    )
    probability = article_probability(signals)
    winner = evidence.winner
    if md.in_language is None:  # declared nowhere: read from the text
        md.in_language = guess_language(md.headline, body.text)
    article = Article(
        url=url,
        **md.item_fields(),
        article_body=body.text,
        article_body_html=body.html,
        comment_count=winner.count if winner else None,
        comment_count_raw=winner.raw if winner else None,
        comment_count_source=winner.source if winner else None,
        comment_count_signals=evidence.as_dicts(),
        wp_post_id=post_id,
        site=host_of(url) or None,
    )
    return Extraction(
        bound_article(article, html_sanitized=True),  # every reading's HTML is (Body.html)
        probability >= THRESHOLD,
        signals,
        body.source,
        encoding,
        evidence,
    )


def extraction_status(article: Article, *, failed: bool = False) -> str:
    """``failed``, ``no_body``, ``no_headline`` or ``ok`` (:attr:`Article.extraction_status`)."""
    if failed:
        return "failed"
    if not article.article_body:
        return "no_body"
    return "ok" if article.headline else "no_headline"


def extract_article(
    html: bytes | str, url: str, headers: Mapping[str, str] | None = None
) -> Article:
    """Extract one article page.

    ``html`` as fetched (bytes, decoded here from the headers, ``<meta charset>``, BOM, and
    repaired when they lie) or already-decoded text; ``url`` is the final URL; ``headers`` the
    response headers (only ``Content-Type`` is read). Stable public entry point.
    """
    return extract_page(html, url, headers).article
