"""A few lines of in-process HTTP for the app's tests: one ASGI call per request, no client
library (Starlette's test client changes the one it needs between releases)."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode, urlsplit


@dataclass
class Reply:
    status_code: int
    headers: dict[str, str]
    """Lower-case names; a repeated header keeps its last value."""
    content: bytes

    @property
    def text(self) -> str:
        return self.content.decode("utf-8", errors="replace")


class Client:
    def __init__(self, app: Any, host: str = "127.0.0.1:8080") -> None:
        self.app = app
        self.host = host

    def get(self, path: str, params: dict[str, Any] | None = None,
            headers: dict[str, str] | None = None) -> Reply:  # fmt: skip
        return self.request("GET", path, params, headers)

    def request(self, method: str, path: str, params: dict[str, Any] | None = None,
                headers: dict[str, str] | None = None, body: bytes = b"") -> Reply:  # fmt: skip
        parts = urlsplit(path)
        query = parts.query
        if params:
            query = "&".join(filter(None, [query, urlencode(params)]))
        sent = {"host": self.host, **{k.lower(): v for k, v in (headers or {}).items()}}
        return asyncio.run(self._call(method, parts.path, query, sent, body))

    async def _call(self, method: str, path: str, query: str, headers: dict[str, str],
                    body: bytes) -> Reply:  # fmt: skip
        scope = {
            "type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1",
            "method": method, "scheme": "http", "path": path, "raw_path": path.encode(),
            "root_path": "", "query_string": query.encode(),
            "headers": [(k.encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()],
            "client": ("127.0.0.1", 50000), "server": ("127.0.0.1", 8080),
        }  # fmt: skip
        received = False
        status, out_headers, chunks = 0, {}, []

        async def receive() -> dict[str, Any]:
            nonlocal received
            if received:
                await asyncio.sleep(3600)
            received = True
            return {"type": "http.request", "body": body, "more_body": False}

        async def send(message: dict[str, Any]) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                for name, value in message.get("headers", []):
                    out_headers[name.decode("latin-1").lower()] = value.decode("latin-1")
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))

        try:
            await self.app(scope, receive, send)
        except Exception:
            if not status:  # re-raised after the 500 was sent, as servers log it: keep the 500
                raise
        return Reply(status, out_headers, b"".join(chunks))
