"""Replay: an archived page as it was fetched, where none of its scripts can run and nothing
it names can be fetched.

Three locks, any one of which holds alone:

1. the raw bytes are served (``/raw/N``) with :data:`~.security.REPLAY_CSP`: a CSP sandbox
   without ``allow-scripts`` and ``default-src 'none'`` (inline styles and ``data:`` images
   only), so the browser runs no script and requests nothing, even opened on its own;
2. they are shown in an ``<iframe sandbox>`` (no scripts, forms, popups or top navigation),
   whose page has ``frame-src 'self'``: a link, form or meta refresh inside cannot take the
   frame to the live web;
3. ``/raw/N`` answers a browser only as a frame (``Sec-Fetch-Dest: iframe``); opened as a
   page it redirects to the replay, so there is no top-level document to navigate away.
"""

from __future__ import annotations

import re

from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..extract.encoding import declared_encoding
from ..storage import browse
from ..storage.blobs import CorruptBlob
from .context import Context
from .security import REPLAY_CSP

SOURCE_LIMIT = 2 * 1024 * 1024  # bytes shown as source; the whole page is a download away
_CHARSET = re.compile(r"charset\s*=\s*[\"']?([A-Za-z0-9._:-]{1,40})", re.IGNORECASE)


def _fetch(ctx: Context, request: Request) -> tuple[dict, bytes]:
    found = browse.fetch(ctx.engine, request.path_params["page_id"])
    if found is None:
        raise HTTPException(404, "no such fetch")
    try:
        body = ctx.bodies.body(found["sha256"])
    except CorruptBlob as exc:
        raise HTTPException(500, f"the stored page is damaged: {exc}") from None
    if body is None:
        raise HTTPException(404, "the stored page's body is missing")
    return found, body


def _content_type(headers: dict[str, str]) -> str:
    return next((str(v) for k, v in headers.items() if k.lower() == "content-type"), "")


def replay(ctx: Context, request: Request) -> Response:
    found = browse.fetch(ctx.engine, request.path_params["page_id"])
    if found is None:
        raise HTTPException(404, "no such fetch")
    return ctx.render.page(request, "replay.html", fetch=found)


def raw(ctx: Context, request: Request) -> Response:
    """The stored bytes, as HTML only inside the replay's frame (or as a download)."""
    page_id = request.path_params["page_id"]
    download = request.query_params.get("download") == "1"
    dest = request.headers.get("sec-fetch-dest")
    if not download and dest is not None and dest != "iframe":
        return RedirectResponse(f"/replay/{page_id}", status_code=303)
    found, body = _fetch(ctx, request)
    headers = {"content-security-policy": REPLAY_CSP, "x-frame-options": "SAMEORIGIN",
               "x-dns-prefetch-control": "off"}  # fmt: skip
    if download:
        headers["content-disposition"] = f'attachment; filename="page-{page_id}.html"'
        return Response(body, media_type="application/octet-stream", headers=headers)
    declared = _content_type(found["headers"])
    media = "text/html" if "html" in declared.lower() or not declared else "text/plain"
    charset = _CHARSET.search(declared)
    if charset:
        media += f"; charset={charset.group(1)}"
    return Response(body, headers={**headers, "content-type": media})


def source(ctx: Context, request: Request) -> Response:
    found, body = _fetch(ctx, request)
    encoding = declared_encoding(body[:SOURCE_LIMIT], found["headers"]) or "utf-8"
    try:
        text = body[:SOURCE_LIMIT].decode(encoding, errors="replace")
    except LookupError:
        encoding = "utf-8"
        text = body[:SOURCE_LIMIT].decode(encoding, errors="replace")
    return ctx.render.page(request, "source.html", fetch=found, text=text, encoding=encoding,
                           cut=len(body) > SOURCE_LIMIT)  # fmt: skip
