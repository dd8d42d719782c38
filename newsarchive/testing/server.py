"""Serve a :class:`NewsSite` over HTTP on 127.0.0.1 (random port), in a background thread.

Used by ``newsarchive demo`` and by the crawl tests; loopback only by construction.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import re
import select
import socket
import struct
import sys
import threading
import time
from datetime import UTC
from email.utils import format_datetime, parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlsplit

from .site import NewsSite, SiteArticle

HTML = "text/html; charset=UTF-8"
_PAGE = re.compile(r"^(?P<base>/|/category/[\w-]+/)(?:page/(?P<n>\d+)/)?$")


class _Handler(BaseHTTPRequestHandler):
    server: _SiteServer
    protocol_version = "HTTP/1.1"

    def log_message(self, format: str, *args: object) -> None:
        self.server.hits.append(self.path)

    def do_GET(self) -> None:
        self.server.hit_times.append((time.monotonic(), self.path))
        site = self.server.site
        parts = urlsplit(self.path)
        headers: dict[str, str] = {}
        canned = site.canned.get(parts.path)
        if canned is not None:
            self._head(canned.status, len(canned.body), canned.headers)
            self.wfile.write(canned.body)
            return
        fault = site.faults.get(parts.path)
        if fault is not None:
            self._fault(fault, parts.path)
            return
        with site.lock:
            if parts.path == "/wp-json/wp/v2/comments":
                status, ctype, body = self._rest_comments(site, parse_qs(parts.query), headers)
            elif parts.path in site.rate_limited:
                headers["Retry-After"] = str(site.rate_limited.pop(parts.path))
                status, ctype, body = 429, "text/plain", b"Too Many Requests"
            elif site.flaky.get(parts.path):
                site.flaky[parts.path] -= 1
                status, ctype, body = 502, "text/html", b"<html><body>Bad Gateway</body></html>"
            else:
                status, ctype, body = self._route(site, parts.path)
                article = site.by_path(parts.path) if status == 200 else None
                if article is not None and site.validators:
                    status, body = self._conditional(article, body, headers)
        self._head(status, len(body), {"Content-Type": ctype, **headers})
        self.wfile.write(body)

    def _head(self, status: int, length: int, headers: dict[str, str] | None = None) -> None:
        """Status line and headers, ``Content-Length`` announced (whatever follows)."""
        self.send_response(status)
        for name, value in {**(headers or {}), "Content-Length": str(length)}.items():
            self.send_header(name, value)
        self.end_headers()

    def _article_page(self, path: str, filler: int) -> bytes:
        """The article's real page, or ``filler`` bytes where no article lives."""
        article = self.server.site.by_path(path)
        return self.server.site.render_article(article).encode() if article else b"x" * filler

    def _fault(self, kind: str, path: str) -> None:
        """Misbehave the way broken servers do (see ``NewsSite.faults``)."""
        if kind == "truncated":
            # Announces 60 KB, sends 2 KB of a real page, hangs up.
            page = self._article_page(path, filler=4096)
            self._head(200, len(page), {"Content-Type": HTML})
            self.wfile.write(page[:2048])
            self.wfile.flush()
            self.close_connection = True
        elif kind == "redirect-loop":
            # Never lands: /slug/?hop=N redirects to /slug/?hop=N+1.
            hop = parse_qs(urlsplit(self.path).query).get("hop", ["0"])[0]
            self._head(302, 0, {"Location": f"{path}?hop={int(hop) + 1}"})
        elif kind in {"redirect-ping-pong", "meta-refresh-loop"}:
            # Two URLs sending the client to each other: A -> A?pong=1 -> A.
            target = path if "pong=1" in self.path else f"{path}?pong=1"
            if kind == "redirect-ping-pong":
                self._head(301, 0, {"Location": target})
                return
            body = (
                '<html><head><meta http-equiv="refresh" content="0; url='
                f'{target}"></head><body><p>Redirection…</p></body></html>'
            ).encode()
            self._send_page(body)
        elif kind == "reset":
            # Read the request, then drop the connection with a TCP RST (SO_LINGER 0).
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
            self.close_connection = True
        elif kind == "hang":
            # Accept, read the request, say nothing (until the client gives up).
            self._drip(b"", seconds=60)
        elif kind == "slow-drip":
            page = self._article_page(path, filler=65536)
            self._head(200, len(page), {"Content-Type": HTML})
            self._drip(page, seconds=len(page) / 1024)
        elif kind == "gzip-bomb":
            # 64 MB of zeros in ~64 KB of gzip.
            body = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
            self._head(200, len(body), {"Content-Type": HTML, "Content-Encoding": "gzip"})
            self.wfile.write(body)
        elif kind == "oversized":
            self._send_page(
                b"<html><body>" + b"<p>padding</p>" * (2 * 1024 * 1024 // 14) + b"</body></html>"
            )
        else:
            raise ValueError(f"unknown fault {kind!r}")

    def _send_page(self, body: bytes) -> None:
        self._head(200, len(body), {"Content-Type": HTML})
        self.wfile.write(body)

    def _drip(self, data: bytes, seconds: float, every: float = 0.25) -> None:
        """Send ``data`` a slice every ``every`` seconds, over ``seconds`` (a stalled or crawling
        server: bytes keep coming, so only a total timeout ends it); stop when the client
        hangs up."""
        slices = max(1, int(seconds / every))
        step = -(-len(data) // slices)
        try:
            for i in range(slices):
                readable, _, _ = select.select([self.connection], [], [], every)
                if readable:
                    if not self.connection.recv(1, socket.MSG_PEEK):
                        break  # the client hung up
                    time.sleep(every)  # it sent more: keep the pace anyway
                chunk = data[i * step : (i + 1) * step]
                if chunk:
                    self.wfile.write(chunk)
                    self.wfile.flush()
        except OSError:
            pass
        self.close_connection = True

    def _conditional(
        self, article: SiteArticle, body: bytes, headers: dict[str, str]
    ) -> tuple[int, bytes]:
        """ETag (a hash of the page, as caching plugins send) and Last-Modified; 304 when the
        client's copy is current."""
        etag = '"' + hashlib.sha1(body, usedforsecurity=False).hexdigest()[:16] + '"'
        modified = article.modified or article.published
        headers["ETag"] = etag
        headers["Last-Modified"] = format_datetime(modified.astimezone(UTC), usegmt=True)
        if_none_match = self.headers.get("If-None-Match")
        if if_none_match is not None:
            return (304, b"") if if_none_match == etag else (200, body)
        since = self.headers.get("If-Modified-Since")
        if since:
            try:
                if parsedate_to_datetime(since) >= modified.replace(microsecond=0):
                    return 304, b""
            except (TypeError, ValueError):
                pass
        return 200, body

    @staticmethod
    def _rest_comments(
        site: NewsSite, query: dict[str, list[str]], headers: dict[str, str]
    ) -> tuple[int, str, bytes]:
        """WordPress's ``/wp-json/wp/v2/comments?post=ID``: the total in ``X-WP-Total``."""
        json_type = "application/json; charset=UTF-8"
        if not site.rest_api:
            return 401, json_type, b'{"code":"rest_cannot_access","data":{"status":401}}'
        post = query.get("post", [""])[0]
        article = site.by_post_id(int(post)) if post.isdigit() else None
        if article is None:
            return 400, json_type, b'{"code":"rest_post_invalid_id","data":{"status":400}}'
        total = article.comment_count
        per_page = int(query.get("per_page", ["10"])[0] or 10)
        headers["X-WP-Total"] = str(total)
        headers["X-WP-TotalPages"] = str(-(-total // per_page) if total else 0)
        items = [{"id": 1000 + i} for i in range(min(total, per_page))]
        return 200, json_type, json.dumps(items).encode()

    def _route(self, site: NewsSite, path: str) -> tuple[int, str, bytes]:
        xml_type = "application/xml; charset=UTF-8"
        if path == "/robots.txt":
            return 200, "text/plain", site.render_robots()
        if path == "/feed/":
            return 200, "application/rss+xml; charset=UTF-8", site.render_feed()
        if path == "/wp-sitemap.xml":
            return 200, xml_type, site.render_sitemap_index()
        if path == "/wp-sitemap-posts-post-1.xml":
            return 200, xml_type, site.render_sitemap("posts")
        if path == "/wp-sitemap-taxonomies-category-1.xml":
            return 200, xml_type, site.render_sitemap("categories")
        article = site.by_path(path)
        if article is not None and path in site.failing:
            return 500, HTML, b"<html><body><h1>Error establishing a database connection"
        if article is not None:
            return 200, HTML, site.render_article(article).encode()
        match = _PAGE.match(path)
        if match:
            base = match.group("base")
            page = int(match.group("n") or 1)
            articles = site.articles if base == "/" else site.in_category(base.split("/")[2])
            rendered = site.listing_page(articles, base, page) if articles else None
            if rendered is not None:
                return 200, HTML, rendered.encode()
        return 404, HTML, b"<html><body><h1>Page introuvable</h1></body></html>"


class _SiteServer(ThreadingHTTPServer):
    daemon_threads = True

    def handle_error(self, request: object, client_address: object) -> None:
        """A client that vanished mid-request (a crawl killed on purpose) is not news."""
        exc = sys.exc_info()[1]
        if isinstance(exc, ConnectionError):
            return
        super().handle_error(request, client_address)  # type: ignore[arg-type]

    def __init__(self, site: NewsSite, port: int = 0, host: str = "127.0.0.1") -> None:
        super().__init__((host, port), _Handler)
        self.site = site
        self.hits: list[str] = []
        self.hit_times: list[tuple[float, str]] = []


class SiteServer:
    """Context manager: ``with SiteServer(NewsSite()) as server: server.url``."""

    def __init__(self, site: NewsSite | None = None, port: int = 0,
                 host: str = "127.0.0.1") -> None:  # fmt: skip
        """``port`` 0 picks a free one; a busy fixed port falls back to a free one. ``host``
        another loopback address (``127.0.0.2``…) makes another site: sites are told apart
        by host name, not port."""
        self.site = site or NewsSite()
        try:
            self._server = _SiteServer(self.site, port, host)
        except OSError:
            self._server = _SiteServer(self.site, 0, host)
        host, port = str(self._server.server_address[0]), self._server.server_address[1]
        self.url = f"http://{host}:{port}/"
        self.site.base_url = self.url.rstrip("/")
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)

    @property
    def hits(self) -> list[str]:
        return self._server.hits

    @property
    def hit_times(self) -> list[tuple[float, str]]:
        """``(time.monotonic(), path)`` of every request, at its arrival."""
        return self._server.hit_times

    def start(self) -> SiteServer:
        self._thread.start()
        return self

    def stop(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def __enter__(self) -> SiteServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()
