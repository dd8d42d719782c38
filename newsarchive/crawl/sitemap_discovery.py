"""Discovering articles through sitemaps: robots.txt ``Sitemap:`` lines, ``/wp-sitemap.xml``
(WordPress core), ``/sitemap.xml`` / ``sitemap_index.xml`` (Yoast, Rank Math) and Google News
sitemaps, with the dates they give each URL (``<lastmod>``, ``<news:publication_date>``)."""

from __future__ import annotations

import gzip
import io
import re
from collections.abc import Iterator
from itertools import islice
from urllib.parse import urljoin

import scrapy
from lxml import etree
from scrapy.http import Response
from scrapy.utils.sitemap import Sitemap, sitemap_urls_from_robots

from .discovery import Discoverer
from .freshness import Hint, parse_when

DEFAULT_SITEMAP_PATHS = ("/wp-sitemap.xml", "/sitemap_index.xml", "/sitemap.xml")
# Sub-sitemaps that list no articles: taxonomies, authors, static pages, images.
_NOT_ARTICLES = re.compile(
    r"(taxonom|categor|tag|author|user|page-sitemap|wp-sitemap-posts-page|image|video)", re.I
)
MAX_SITEMAP_BYTES = 50 * 1024 * 1024
MAX_URLS_PER_SITEMAP = 50_000  # the sitemaps protocol's own limit, as for the bytes
PRIORITY = 10


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


def url_hints(body: bytes) -> Iterator[tuple[str, Hint]]:
    """``(loc, Hint)`` per ``<url>`` of a urlset: ``<lastmod>`` and Google News'
    ``<news:publication_date>`` (Scrapy's own Sitemap drops nested elements)."""
    parser = etree.XMLParser(
        recover=True, remove_comments=True, resolve_entities=False, no_network=True
    )
    root = etree.fromstring(body, parser=parser)
    if root is None:
        return
    for url in islice(root.iterfind("{*}url"), MAX_URLS_PER_SITEMAP):
        loc = url.findtext("{*}loc")
        if not loc or not loc.strip():
            continue
        published = url.findtext("{*}news/{*}publication_date")
        yield loc.strip(), Hint(parse_when(published), parse_when(url.findtext("{*}lastmod")))


class SitemapDiscovery:
    """Asks for a site's sitemaps and reads them: sub-sitemaps followed, article URLs handed
    to the spider's article requests with their dates.

    Bounded per crawl: at most ``max_sitemaps`` documents read (a sitemap index listing a
    further index on every page never ends), each read up to the protocol's 50,000 URLs; the
    article requests a crawl lets out from them are capped where they are decided
    (``NEWSARCHIVE_MAX_SITEMAP_URLS``, :class:`.state.CrawlState`)."""

    def __init__(
        self, spider: Discoverer, sitemap_urls: list[str], *, max_sitemaps: int = 500
    ) -> None:
        self.spider = spider
        self.sitemap_urls = sitemap_urls
        self.max_sitemaps = max_sitemaps
        self.read_count = 0

    def requests(self, home: str) -> Iterator[scrapy.Request]:
        """robots.txt (for its ``Sitemap:`` lines), then the declared or usual sitemap paths."""
        yield scrapy.Request(
            urljoin(home, "/robots.txt"),
            callback=self.spider.parse_robots,
            errback=self.spider.ignore_failure,
            dont_filter=True,
            priority=PRIORITY,
        )
        for url in self.sitemap_urls or [urljoin(home, p) for p in DEFAULT_SITEMAP_PATHS]:
            yield self.request(url)

    def request(self, url: str) -> scrapy.Request:
        return scrapy.Request(
            url,
            callback=self.spider.parse_sitemap,
            errback=self.spider.ignore_failure,
            priority=PRIORITY,
        )

    def from_robots(self, response: Response) -> Iterator[scrapy.Request]:
        for url in sitemap_urls_from_robots(response.body, base_url=response.url):
            yield self.request(url)

    def read(self, response: Response) -> Iterator[scrapy.Request]:
        """A sitemap index's article sub-sitemaps, or a urlset's articles."""
        body = sitemap_body(response)
        if body is None:
            return
        stats = self.spider.crawler.stats
        assert stats is not None
        if self.read_count >= self.max_sitemaps:
            stats.inc_value("newsarchive/sitemaps_over_cap")
            return
        self.read_count += 1
        try:
            sitemap = Sitemap(body)
        except Exception:  # lxml raises several kinds on garbage
            stats.inc_value("newsarchive/sitemaps_invalid")
            return
        stats.inc_value("newsarchive/sitemaps")
        if sitemap.type == "sitemapindex":
            for entry in sitemap:
                loc = entry.get("loc", "")
                if loc and not _NOT_ARTICLES.search(loc.rsplit("/", 1)[-1]):
                    yield self.request(loc)
        elif sitemap.type == "urlset":
            for loc, hint in url_hints(body):
                request = self.spider.article_request(loc, source="sitemap", hint=hint)
                if request is not None:
                    yield request
