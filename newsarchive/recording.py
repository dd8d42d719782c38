"""Fetching one page and writing it as a fixture (``newsarchive fixture record``)."""

from __future__ import annotations

import json
import re
import urllib.request
import zlib
from http.client import HTTPMessage
from typing import IO, Any
from urllib.error import URLError
from urllib.parse import urljoin, urlsplit

from . import __version__
from .fixtures import UNPINNED_FIELDS, Fixture
from .urls import same_site

MAX_BYTES = 16 * 1024 * 1024


def fixture_name(url: str) -> str:
    parts = urlsplit(url)
    slug = parts.path.strip("/").rsplit("/", 1)[-1] or "home"
    name = f"{parts.hostname or 'page'}-{slug}"
    return re.sub(r"[^\w.-]+", "-", name).strip("-")[:80]


class _SameSiteRedirects(urllib.request.HTTPRedirectHandler):
    """Redirects followed within the page's site only, as the crawl scope does: a recorded
    page may not be fetched from another host, port or scheme (``file:``, a service on the
    recording machine's own network) because the site said so."""

    def redirect_request(
        self,
        req: urllib.request.Request,
        fp: IO[bytes],
        code: int,
        msg: str,
        headers: HTTPMessage,
        newurl: str,
    ) -> urllib.request.Request | None:
        target = urljoin(req.full_url, newurl)
        if not same_site(req.full_url, target):
            fp.close()  # the redirect's own response, which urllib closes only when it follows
            raise URLError(f"redirect to {target} leaves the site")
        return super().redirect_request(req, fp, code, msg, headers, newurl)


_OPENER = urllib.request.build_opener(_SameSiteRedirects)


def fetch(url: str, timeout: float = 30.0) -> tuple[int, str, dict[str, str], bytes]:
    """``(status, final_url, headers, body)`` with the project's User-Agent; bounded size;
    redirects followed within the site only."""
    request = urllib.request.Request(  # noqa: S310 - scheme checked by the caller
        url, headers={"User-Agent": f"newsarchive/{__version__} (fixture recorder)"}
    )
    with _OPENER.open(request, timeout=timeout) as response:
        body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise ValueError(f"page larger than {MAX_BYTES} bytes")
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        coding = (response.headers.get("Content-Encoding") or "").strip().lower()
        if coding in _CODINGS:
            # Sent compressed though not asked to (urllib asks for none): saved as a crawl
            # reads it, decoded, or the review output read gzip bytes ("not an article").
            body = _decoded(body, _CODINGS[coding])
            headers = {k: v for k, v in headers.items()
                       if k.lower() not in {"content-encoding", "content-length"}}  # fmt: skip
        return response.status, response.geturl(), headers, body


# Content-Encoding → the zlib formats to try: gzip's; deflate as zlib's, else raw (servers
# send both).
_CODINGS = {
    "gzip": (16 + zlib.MAX_WBITS,),
    "x-gzip": (16 + zlib.MAX_WBITS,),
    "deflate": (zlib.MAX_WBITS, -zlib.MAX_WBITS),
}


def _decoded(body: bytes, formats: tuple[int, ...]) -> bytes:
    """``body`` decompressed, at most :data:`MAX_BYTES` of it; ``ValueError`` otherwise."""
    for wbits in formats:
        inflater = zlib.decompressobj(wbits)
        try:
            out = inflater.decompress(body, MAX_BYTES + 1)
        except zlib.error as exc:
            error = exc
            continue
        if len(out) > MAX_BYTES or inflater.unconsumed_tail:
            raise ValueError(f"page larger than {MAX_BYTES} bytes once decompressed")
        return out
    raise ValueError(f"a compressed body that does not decompress ({error})")


def write_fixture(fx: Fixture, output: dict[str, Any]) -> None:
    """The fixture's folder, with the output to review: the fields a fixture pins (the sanitized
    HTML, the count's signals and the fetch time never are)."""
    output = {k: v for k, v in output.items() if k not in UNPINNED_FIELDS}
    fx.path.mkdir(parents=True, exist_ok=False)
    (fx.path / "body.html").write_bytes(fx.body)
    info = {"url": fx.url, "status": fx.status, "headers": fx.headers}
    for name, data in (("info.json", info), ("meta.json", fx.meta), ("output.json", output)):
        (fx.path / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
