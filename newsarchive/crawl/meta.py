"""The ``Request.meta`` keys the spider and the crawl's components share, in one place.

The spider marks what it asks for; the crawl state, the conditional requests and the store read
the marks. Nothing else travels between them on a request.
"""

from __future__ import annotations

from scrapy import Request

ARTICLE = "newsarchive_article"
"""``True`` on a request for an article page the crawl may fetch conditionally (a 304 is
welcome): what discovery finds, and what a resumed run fetches first."""

DISCOVERED = "newsarchive_discovered"
"""The discovery source (``sitemap``, ``feed``, ``listing``, ``frontier``) of an article
request: the crawl state decides whether it is requested, and records it in the frontier."""

HINT = "newsarchive_hint"
"""What discovery said of the article before fetching it (:class:`.freshness.Hint`)."""

FEED_ENTRY = "newsarchive_feed_entry"
"""The feed entry an article was found in (:class:`.feed_parser.FeedEntry`): its comment
count is one of the article's count signals."""

START = "newsarchive_start"
"""``True`` on the site's start page: sitemaps and feeds are asked for once it answered."""


def first_requested(request: Request) -> str:
    """The URL the crawl asked for, before any redirect: what its frontier knows."""
    return str((request.meta.get("redirect_urls") or [request.url])[0])
