"""Sitemap strategy: robots.txt ``Sitemap:`` lines, ``/wp-sitemap.xml`` (WordPress core),
``/sitemap.xml`` / ``sitemap_index.xml`` (Yoast, Rank Math) and Google News sitemaps."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, Any
from urllib.parse import urljoin

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from .freshness import Hint, parse_when

if TYPE_CHECKING:
    from .spider import NewsSpider

DEFAULT_SITEMAP_PATHS = ("/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml")
# Sub-sitemaps that list no articles: taxonomies, authors, static pages, images.
_NOT_ARTICLES = re.compile(
    r"(taxonom|categor|tag|author|user|page-sitemap|wp-sitemap-posts-page|image|video)", re.I
)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024


def sitemap_body(response: Response) -> bytes | None:
    """XML of a sitemap response, gunzipped when needed (bounded), None if not a sitemap."""
    body = response.body
    if body[:2] == b"\x1f\x8b":
        try:
            with gzip.GzipFile(fileobj=io.BytesIO(body)) as fh:
                body = fh.read(MAX_SITEMAP_BYTES + 1)
        except OSError:
            return None
        if len(body) > MAX_SITEMAP_BYTES:
            return None
    head = body[:4096].lower()
    return body if b"<urlset" in head or b"<sitemapindex" in head else None


class SitemapStrategy:
    """Mixin for :class:`NewsSpider`: discover articles through sitemaps."""

    def sitemap_requests(self: NewsSpider, home: str) -> Iterator[scrapy.Request]:
        yield scrapy.Request(
            urljoin(home, "/robots.txt"),
            callback=self.parse_robots,
            errback=self.ignore_failure,
            dont_filter=True,
            priority=10,
        )
        paths = self.sitemap_urls or [urljoin(home, p) for p in DEFAULT_SITEMAP_PATHS]
        for url in paths:
            yield scrapy.Request(
                url, callback=self.parse_sitemap, errback=self.ignore_failure, priority=10
            )

    def parse_robots(self: NewsSpider, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield scrapy.Request(
                url, callback=self.parse_sitemap, errback=self.ignore_failure, priority=10
            )

    def parse_sitemap(self: NewsSpider, response: Response) -> Iterator[Any]:
        body = sitemap_body(response)
        if body is None:
            return
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several kinds on garbage
            self.crawler.stats.inc_value("newsarchive/sitemaps_invalid")
            return
        self.crawler.stats.inc_value("newsarchive/sitemaps")
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                loc = entry.get("loc", "")
                if loc and not _NOT_ARTICLES.search(loc.rsplit("/", 1)[-1]):
                    yield scrapy.Request(
                        loc,
                        callback=self.parse_sitemap,
                        errback=self.ignore_failure,
                        priority=10,
                    )
        elif sitemap.type == "urlset":
            requests = [
                request
                for loc, hint in url_hints(body)
                if (request := self.article_request(loc, source="sitemap", hint=hint)) is not None
            ]
            yield from requests


def url_hints(body: bytes) -> Iterator[tuple[str, Hint]]:
    """``(loc, Hint)`` per ``<url>`` of a urlset: ``<lastmod>`` and Google News'
    ``<news:publication_date>`` (Scrapy's own Sitemap drops nested elements)."""
    parser = etree.XMLParser(
        recover=True, remove_comments=True, resolve_entities=False, no_network=True
    )
    root = etree.fromstring(body, parser=parser)
    if root is None:
        return
    for url in root.iterfind("{*}url"):
        loc = url.findtext("{*}loc")
        if not loc or not loc.strip():
            continue
        published = url.findtext("{*}news/{*}publication_date")
        yield loc.strip(), Hint(parse_when(published), parse_when(url.findtext("{*}lastmod")))
