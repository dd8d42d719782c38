"""Answers a hostile site may give, as :class:`Canned` responses for ``NewsSite.canned``.

The crawl-scope tests (``tests/security``) plant these on the loopback site: robots.txt and
sitemaps naming other schemes, hosts and ports, redirects away from the site, pages declaring
feeds or canonical URLs elsewhere. Every URL they name is chosen by the test; nothing here
points anywhere by itself.
"""

from __future__ import annotations

import html

from .server import HTML
from .site import Canned, NewsSite, SiteArticle

XML = "application/xml; charset=UTF-8"


def robots(*sitemaps: str) -> Canned:
    """A robots.txt allowing everything and declaring these sitemaps."""
    lines = "".join(f"Sitemap: {url}\n" for url in sitemaps)
    body = f"User-agent: *\nAllow: /\n\n{lines}".encode()
    return Canned(200, {"Content-Type": "text/plain"}, body)


def sitemap_index(*locs: str) -> Canned:
    entries = "".join(f"<sitemap><loc>{html.escape(loc)}</loc></sitemap>" for loc in locs)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}'
        "</sitemapindex>"
    )
    return Canned(200, {"Content-Type": XML}, body.encode())


def urlset(*locs: str) -> Canned:
    entries = "".join(f"<url><loc>{html.escape(loc)}</loc></url>" for loc in locs)
    body = (
        '<?xml version="1.0" encoding="UTF-8"?>'
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{entries}</urlset>'
    )
    return Canned(200, {"Content-Type": XML}, body.encode())


def redirect(location: str, status: int = 302) -> Canned:
    return Canned(status, {"Location": location, "Content-Type": HTML}, b"")


def meta_refresh(url: str) -> Canned:
    body = (
        '<html><head><meta http-equiv="refresh" content="0; url='
        f'{html.escape(url)}"></head><body><p>Redirection…</p></body></html>'
    )
    return Canned(200, {"Content-Type": HTML}, body.encode())


def home_with_feed(site: NewsSite, feed_url: str) -> Canned:
    """The home page, declaring this feed instead of the site's own."""
    page = site.listing_page(site.articles, "/", 1) or ""
    page = page.replace(
        '<link rel="alternate" type="application/rss+xml" href="/feed/">',
        f'<link rel="alternate" type="application/rss+xml" href="{html.escape(feed_url)}">',
    )
    return Canned(200, {"Content-Type": HTML}, page.encode())


def article_with_canonical(site: NewsSite, article: SiteArticle, href: str) -> Canned:
    """The article's page, its ``rel=canonical`` pointing at ``href``."""
    own = f'<link rel="canonical" href="{site.url(article.path)}">'
    page = site.render_article(article).replace(
        own, f'<link rel="canonical" href="{html.escape(href)}">'
    )
    return Canned(200, {"Content-Type": HTML}, page.encode())
