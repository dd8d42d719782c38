"""Saved pages and the output expected from them (the web-poet testing layout).

A fixture is a folder::

    body.html     the response body, bytes exactly as fetched
    info.json     {"url": final URL, "status": 200, "headers": {...}}
    meta.json     {"kind": "article|listing|feed|sitemap", "source": ..., "captured_at": ...,
                   "description": ...}
    output.json   expected output: item fields for an article; discovered URLs otherwise

Pages run through the real spider callbacks (``parse_article``, ``parse_listing``...), so a
fixture tests exactly what a crawl would do with that response. Expected output is written by a
person (or recorded once for review by ``newsarchive fixture record``) and never overwritten.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response
from scrapy.responsetypes import responsetypes
from scrapy.utils.test import get_crawler

from .crawl import NewsSpider, meta
from .errors import UserError
from .items import Article

KINDS = ("article", "listing", "feed", "sitemap")
VOLATILE_FIELDS = ("fetched_at",)
UNPINNED_FIELDS = frozenset({"article_body_html", "comment_count_signals", *VOLATILE_FIELDS})
"""Never pinned in ``output.json``: the sanitized HTML (tests/security owns it), the audit trail
of the count's signals (the count and its source are pinned), the fetch time."""
CALLBACK_KEYS = {
    "parse_article": "article_urls",
    "parse_listing": "listing_urls",
    "parse_feed": "feed_urls",
    "parse_sitemap": "sitemap_urls",
}


@dataclass
class Fixture:
    path: Path
    url: str
    status: int
    headers: dict[str, str]
    body: bytes
    meta: dict[str, Any] = field(default_factory=dict)
    expected: dict[str, Any] | None = None

    @property
    def kind(self) -> str:
        return str(self.meta.get("kind", "article"))

    @property
    def name(self) -> str:
        return self.path.name


def _read_json(path: Path) -> Any:
    try:
        return json.loads(_inside(path.parent, path).read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise UserError(f"malformed fixture {path.parent}: missing {path.name}") from None
    except OSError as exc:  # a folder, no permission
        msg = f"malformed fixture {path.parent}: cannot read {path.name} ({exc.strerror})"
        raise UserError(msg) from None
    except (ValueError, UnicodeDecodeError, RecursionError) as exc:  # nested past Python's
        msg = f"malformed fixture {path.parent}: {path.name} is not JSON ({exc})"
        raise UserError(msg) from None


def body_path(folder: Path) -> Path:
    """The saved body; :class:`UserError` when it is a symlink leading out of its folder (a
    replayed fixture from elsewhere must not store the files it points at)."""
    for name in ("body.html", "body.xml", "body.txt", "body"):
        if (folder / name).is_file():
            return _inside(folder, folder / name)
    raise UserError(f"malformed fixture {folder}: no body.html")


def _inside(folder: Path, path: Path) -> Path:
    if not path.resolve().is_relative_to(folder.resolve()):
        raise UserError(f"malformed fixture {folder}: {path.name} leads out of its folder")
    return path


def _header_text(value: object) -> bool:
    """A header name or value as HTTP carries it: Latin-1 text (a number will do). A list was
    stored as its Python spelling; "中" failed as the page was answered."""
    if isinstance(value, bool) or not isinstance(value, str | int):
        return False
    try:
        str(value).encode("latin-1")
    except UnicodeEncodeError:
        return False
    return True


def load_fixture(folder: str | Path) -> Fixture:
    """Read a fixture folder; :class:`UserError` saying what is wrong when it is malformed."""
    folder = Path(folder)
    if not folder.is_dir():
        raise UserError(f"no fixture folder at {folder}")
    info = _read_json(folder / "info.json")
    if not isinstance(info, dict) or not isinstance(info.get("url"), str):
        raise UserError(f'malformed fixture {folder}: info.json needs a "url" string')
    try:
        parts = urlsplit(info["url"])
        parts.port  # noqa: B018 - raises for a port past 65535
    except ValueError as exc:
        raise UserError(f"malformed fixture {folder}: url {info['url']!r}: {exc}") from None
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        raise UserError(f"malformed fixture {folder}: url {info['url']!r} is not http(s)")
    headers = info.get("headers") or {}
    status = info.get("status", 200)
    if (not isinstance(headers, dict) or isinstance(status, bool) or not isinstance(status, int)
            or not 100 <= status <= 599):  # fmt: skip
        raise UserError(
            f"malformed fixture {folder}: headers must be an object, status an HTTP status"
        )
    if not all(_header_text(k) and _header_text(v) for k, v in headers.items()):
        # Checked here, or replay failed on the page mid-run (and still exited 0).
        raise UserError(
            f"malformed fixture {folder}: header names and values must be strings of Latin-1 "
            "characters, as HTTP sends them"
        )
    meta = _read_json(folder / "meta.json") if (folder / "meta.json").exists() else {}
    if not isinstance(meta, dict):
        raise UserError(f"malformed fixture {folder}: meta.json must be an object")
    checks = meta.get("checks")
    if checks is not None and not (
        isinstance(checks, list) and all(isinstance(c, str) for c in checks)
    ):
        raise UserError(f"malformed fixture {folder}: checks must be a list of field names")
    if meta.get("kind", "article") not in KINDS:
        raise UserError(f"malformed fixture {folder}: kind must be one of {', '.join(KINDS)}")
    expected = _read_json(folder / "output.json") if (folder / "output.json").exists() else None
    return Fixture(
        path=folder,
        url=info["url"],
        status=status,
        headers={str(k): str(v) for k, v in headers.items()},
        body=body_path(folder).read_bytes(),
        meta=meta,
        expected=expected,
    )


def find_fixtures(root: str | Path) -> list[Path]:
    """Fixture folders under ``root`` (any depth), sorted."""
    root = Path(root)
    if not root.is_dir():
        raise UserError(f"no such folder: {root}")
    return sorted(p.parent for p in root.rglob("info.json"))


def to_response(fx: Fixture, url: str | None = None) -> Response:
    url = url or fx.url
    headers = {k.encode("latin-1"): v.encode("latin-1") for k, v in fx.headers.items()}
    cls = responsetypes.from_args(headers=headers, url=url, body=fx.body)
    request = scrapy.Request(url)
    return cls(url=url, status=fx.status, headers=fx.headers, body=fx.body, request=request)


def spider_for(url: str, spidercls: type[NewsSpider] = NewsSpider) -> NewsSpider:
    """A spider instance outside any crawl, for running callbacks on saved responses: pages
    are extracted in this process (no reactor runs to wait for a worker's result)."""
    parts = urlsplit(url)
    settings = {"NEWSARCHIVE_STORE_DISABLED": True, "NEWSARCHIVE_EXTRACT_WORKERS": 0}
    crawler = get_crawler(spidercls, settings)
    return spidercls.from_crawler(crawler, url=f"{parts.scheme}://{parts.netloc}/")


def callback_for(spider: NewsSpider, kind: str) -> Callable[[Response], Any]:
    return {
        "article": spider.parse_article,
        "listing": spider.parse_listing,
        "feed": spider.parse_feed,
        "sitemap": spider.parse_sitemap,
    }[kind]


def collect(output: Any) -> list[Any]:
    """A callback's output as a list, whether it is an iterable or an async generator (which,
    outside a crawl, must not await anything: no REST API call)."""
    if output is None:
        return []
    if not hasattr(output, "__anext__"):
        return list(output)

    async def drain() -> list[Any]:
        return [x async for x in output]

    coroutine = drain()
    try:
        coroutine.send(None)
    except StopIteration as done:
        return list(done.value)
    coroutine.close()
    raise RuntimeError("a fixture's callback waited for a download")


def run_fixture(fx: Fixture) -> dict[str, Any]:
    """What the spider makes of the saved page, in ``output.json``'s shape."""
    spider = spider_for(fx.url)
    results = collect(callback_for(spider, fx.kind)(to_response(fx)))
    if fx.kind == "article":
        articles = [r for r in results if isinstance(r, Article)]
        if not articles:
            return {"is_article": False}
        item = articles[0].to_dict()
        for name in VOLATILE_FIELDS:
            item.pop(name, None)
        return item
    found: dict[str, list[str]] = {}
    counts: dict[str, int] = {}
    for request in results:
        if isinstance(request, scrapy.Request):
            name = getattr(request.callback, "__name__", "")
            key = CALLBACK_KEYS.get(name)
            if key:
                found.setdefault(key, []).append(request.url)
            entry = request.meta.get(meta.FEED_ENTRY)
            if entry is not None and entry.comment_count is not None:
                counts[request.url] = entry.comment_count
    out: dict[str, Any] = {key: sorted(set(urls)) for key, urls in sorted(found.items())}
    if counts:
        out["comment_counts"] = dict(sorted(counts.items()))
    return out
