"""newsarchive's own Scrapy signals: what became of an article URL, when it is not an article.

A spider yields articles as items and nothing else; what else the crawl learns about a URL —
the page was not an article, the fetch failed — is said through these signals, which the crawl
state (:mod:`newsarchive.crawl.state`) records for the archive's frontier. Send them with
``crawler.signals.send_catch_log(signal, **arguments)``.
"""

from __future__ import annotations

article_skipped = object()
"""A fetched page the spider does not keep. Arguments: ``url`` (as the frontier knows it: the
URL requested, canonicalized) and ``reason`` (``not_article``, ``out_of_window``)."""

article_fetch_failed = object()
"""An article request failed for good (the errback of article requests). Argument:
``failure`` (its ``request`` set, as Scrapy sets it for errbacks)."""

article_not_modified = object()
"""An archived article answered ``304 Not Modified``. Arguments: ``url`` and ``revisit_at``."""

changes_pending = object()
"""Sent by the crawl state when it has recorded a change for the archive: the store pipeline
writes its batch when it is large or old enough. No arguments."""
