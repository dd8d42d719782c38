"""Redirect loops are errors, recorded, not silently dropped.

Scrapy follows a redirect with a new request that goes through the duplicate filter: when an
article at A redirects to B and B back to A (HTTP 3xx or ``<meta http-equiv="refresh">``), the
second visit to A is filtered as a duplicate and the article vanishes from the crawl without a
word — no error, no errback. These subclasses of Scrapy's two redirect middlewares (same
priorities, replacing them in ``settings.py``) refuse a redirect back to any URL already on the
request's chain and raise :class:`RedirectLoop`, which reaches the spider's errback like any
failed fetch. Chains that never come back (``?hop=1``, ``?hop=2``…) end at
``REDIRECT_MAX_TIMES`` as before.
"""

from __future__ import annotations

from typing import Any

from scrapy import Request
from scrapy.downloadermiddlewares.redirect import MetaRefreshMiddleware, RedirectMiddleware
from w3lib.url import canonicalize_url

from .failures import RedirectLoop


class _RefuseLoops:
    def _redirect(self, redirected: Request, request: Request, reason: Any) -> Request:
        chain = [*request.meta.get("redirect_urls", []), request.url]
        target = canonicalize_url(redirected.url)
        if any(canonicalize_url(url) == target for url in chain):
            path = " -> ".join([*chain, redirected.url])
            raise RedirectLoop(f"redirect loop ({reason}): {path}")
        return super()._redirect(redirected, request, reason)  # type: ignore[misc]


class LoopRefusingRedirectMiddleware(_RefuseLoops, RedirectMiddleware):
    """HTTP 3xx redirects."""


class LoopRefusingMetaRefreshMiddleware(_RefuseLoops, MetaRefreshMiddleware):
    """``<meta http-equiv="refresh">`` redirects."""
