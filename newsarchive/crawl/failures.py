"""Why a fetch failed, as a short stable word for the summary line and the stats.

Operators read ``errors: timeout 2, redirect_loop 1`` in cron mail; Scrapy's exception class
names (``ResponseNeverReceived``, ``IgnoreRequest``) do not say what happened, and one class
covers several causes (``IgnoreRequest`` is a redirect loop, a gzip bomb or a robots.txt rule).
"""

from __future__ import annotations

from scrapy.exceptions import (
    CannotResolveHostError,
    DownloadCancelledError,
    DownloadConnectionRefusedError,
    DownloadFailedError,
    DownloadTimeoutError,
    IgnoreRequest,
    ResponseDataLossError,
)
from twisted.internet import error as tx
from twisted.python.failure import Failure
from twisted.web._newclient import ResponseFailed, ResponseNeverReceived


class RedirectLoop(IgnoreRequest):
    """A redirect (HTTP 3xx or meta refresh) back to a URL already visited on the way."""


class OutOfScope(IgnoreRequest):
    """A request outside the site's crawl scope (:mod:`.scope`), refused before it was sent."""


class NotModified(IgnoreRequest):
    """An archived article answered 304: nothing to parse. Raised by
    :class:`~.conditional.ConditionalRequests` once the crawl state recorded it, so the
    spider never sees the response; the state's errback handling ignores it."""


ROBOTS = "robots_disallowed"
OUT_OF_SCOPE = "out_of_scope"
NOT_SAVED = "not_saved"
"""A replay's stand-in answer for a page it has no saved copy of (a flag of that 404), and
the skip it makes: it says nothing of the article."""


def failure_kind(failure: Failure) -> str:
    """``http_500``, ``timeout``, ``connection_lost``, ``truncated``, ``redirect_loop``…"""
    value = failure.value
    response = getattr(value, "response", None)
    if response is not None and getattr(response, "status", None):
        if NOT_SAVED in getattr(response, "flags", ()):
            return NOT_SAVED
        if _redirect_off_the_web(response):
            return OUT_OF_SCOPE
        return f"http_{response.status}"
    if isinstance(value, RedirectLoop):
        return "redirect_loop"
    if isinstance(value, OutOfScope):
        return OUT_OF_SCOPE
    if isinstance(value, ValueError) and str(value).startswith("Missing scheme in request url"):
        return OUT_OF_SCOPE  # a redirect to "javascript:…": no URL Scrapy can even request
    if isinstance(value, IgnoreRequest):
        message = str(value)
        if "max redirections" in message:
            return "redirect_loop"
        if "DOWNLOAD_MAXSIZE" in message:
            return "too_large"
        if "robots.txt" in message:
            return ROBOTS
        return "ignored"
    kinds: tuple[tuple[type[BaseException] | tuple[type[BaseException], ...], str], ...] = (
        ((DownloadTimeoutError, tx.TimeoutError), "timeout"),
        (ResponseDataLossError, "truncated"),
        (DownloadCancelledError, "too_large"),
        ((DownloadConnectionRefusedError, tx.ConnectionRefusedError), "connection_refused"),
        (CannotResolveHostError, "dns"),
        # Scrapy's catch-all for a connection that died before a whole answer (reset, closed).
        (
            (DownloadFailedError, ResponseNeverReceived, ResponseFailed, tx.ConnectionLost),
            "connection_lost",
        ),
    )
    for types, kind in kinds:
        if isinstance(value, types):
            return kind
    return value.__class__.__name__


def _redirect_off_the_web(response: object) -> bool:
    """A redirect to ``file:``, ``gopher:``, ``javascript:``…: Scrapy does not follow it and
    hands the 3xx on, which counted as an ``http_301`` error — a hostile site could push a
    crawl's error rate to exit 1 with them. It left the crawl's scope, as any off-site
    redirect does."""
    status = getattr(response, "status", 0)
    headers = getattr(response, "headers", None)
    if not 300 <= status < 400 or headers is None:
        return False
    location = (headers.get(b"Location") or b"").decode("latin-1").strip()
    scheme, colon, _ = location.partition(":")
    return bool(colon) and scheme.isalpha() and scheme.lower() not in ("http", "https")


def describe(failure: Failure) -> str:
    """One line for the log: ``HTTP 500 for URL``, or the exception and the URL."""
    request = getattr(failure, "request", None)
    value = failure.value
    response = getattr(value, "response", None)
    url = request.url if request is not None else ""
    if response is not None:
        return f"HTTP {response.status} for {response.url}"
    return f"{value.__class__.__name__}: {value} {url}".strip()
