"""What guards every response of the web UI: headers, the Host check and the token.

Pure ASGI middleware (no request body is read, nothing is buffered), so a guard cannot be
skipped by a route that streams or fails: the headers are added at ``http.response.start``
of every response, 401s, 404s and 500s included.

Archived pages are hostile input. The app's own pages run no script at all (``script-src``
falls back to ``'none'``); a raw page is served with a stricter policy of its own
(:data:`REPLAY_CSP`) and framed only by the replay page, whose ``frame-src 'self'`` also stops
the framed page from navigating to the live web (a link, a meta refresh).
"""

from __future__ import annotations

import hmac
import ipaddress
from collections.abc import Awaitable, Callable, MutableMapping
from http.cookies import SimpleCookie
from typing import Any
from urllib.parse import parse_qsl, quote, urlencode

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

APP_CSP = (
    "default-src 'none'; style-src 'self'; img-src 'self' data:; frame-src 'self'; "
    "form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The archived page: no script (CSP sandbox without allow-scripts, and no script-src), nothing
# fetched from anywhere (default-src 'none'; inline styles and data: images only), framed by
# our replay page alone.
REPLAY_CSP = (
    "sandbox; default-src 'none'; style-src 'unsafe-inline'; img-src data:; font-src data:; "
    "form-action 'none'; base-uri 'none'; frame-ancestors 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": APP_CSP,
    "x-content-type-options": "nosniff",
    "referrer-policy": "no-referrer",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
    "cache-control": "no-store",
}
TOKEN_COOKIE = "newsarchive_token"  # noqa: S105 - the cookie's name, not a secret


class SecurityHeaders:
    """Adds :data:`SECURITY_HEADERS` to every response; a header the route set itself (the
    replay's CSP, a static file's cache policy) is kept."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                present = {name.lower() for name, _ in headers}
                for name, value in SECURITY_HEADERS.items():
                    if name.encode() not in present:
                        headers.append((name.encode(), value.encode()))
                message["headers"] = headers
            await send(message)

        await self.app(scope, receive, send_with_headers)


class AccessGate:
    """Who may read the archive.

    Without a token (the default, bound to loopback) only requests whose ``Host`` is a
    loopback name are answered: a web page elsewhere that rebinds its DNS name to 127.0.0.1
    would otherwise read the archive through the visitor's browser.

    With a token (required for any other address) every request must carry it: an
    ``Authorization: Bearer`` header, or a cookie set by visiting once with ``?token=``, which
    is then removed from the address bar by a redirect (no token in history or logs). Anything
    else gets 401.
    """

    def __init__(self, app: ASGIApp, token: str | None = None) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.decode("latin-1").lower(): v.decode("latin-1") for k, v in scope["headers"]}
        if self.token is None:
            if not is_loopback(_host_name(headers.get("host", ""))):
                await _plain(send, 400, "unexpected Host header: this archive answers to "
                                        "127.0.0.1 and localhost only\n")  # fmt: skip
                return
            await self.app(scope, receive, send)
            return
        query = parse_qsl(scope.get("query_string", b"").decode("latin-1"), keep_blank_values=True)
        given = dict(query).get("token")
        if given is not None:
            if not self._valid(given):
                await _unauthorized(send)
                return
            rest = urlencode([(k, v) for k, v in query if k != "token"])
            path = quote(scope.get("root_path", "") + scope["path"])
            location = path + (f"?{rest}" if rest else "")
            cookie = f"{TOKEN_COOKIE}={self.token}; Path=/; HttpOnly; SameSite=Strict"
            await _plain(send, 303, "", [("location", location), ("set-cookie", cookie)])
            return
        if self._valid(_bearer(headers.get("authorization", ""))) or self._valid(
            _cookie(headers.get("cookie", ""))
        ):
            await self.app(scope, receive, send)
            return
        await _unauthorized(send)

    def _valid(self, given: str | None) -> bool:
        assert self.token is not None
        return given is not None and hmac.compare_digest(given.encode(), self.token.encode())


def is_loopback(host: str) -> bool:
    """``localhost`` or a loopback address (127.0.0.0/8, ::1), bracketed or not."""
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host: str) -> str:
    """``Host`` without its port (``[::1]:8080`` -> ``[::1]``)."""
    if host.startswith("["):
        return host.split("]", 1)[0] + "]"
    return host.rsplit(":", 1)[0] if ":" in host else host


def _bearer(value: str) -> str | None:
    scheme, _, credentials = value.partition(" ")
    return credentials.strip() if scheme.lower() == "bearer" and credentials else None


def _cookie(value: str) -> str | None:
    jar: SimpleCookie = SimpleCookie()
    try:
        jar.load(value)
    except Exception:  # a malformed Cookie header is a request without one
        return None
    morsel = jar.get(TOKEN_COOKIE)
    return morsel.value if morsel is not None else None


async def _unauthorized(send: Send) -> None:
    await _plain(
        send,
        401,
        "401: this archive needs its token: open it once as /?token=TOKEN (the token is in "
        "the file given to `newsarchive serve --token-file`), or send Authorization: Bearer "
        "TOKEN\n",
        [("www-authenticate", 'Bearer realm="newsarchive"')],
    )


async def _plain(send: Send, status: int, body: str,
                 headers: list[tuple[str, str]] | None = None) -> None:  # fmt: skip
    data = body.encode()
    raw = [(b"content-type", b"text/plain; charset=utf-8"),
           (b"content-length", str(len(data)).encode())]  # fmt: skip
    raw += [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers or []]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": data})
