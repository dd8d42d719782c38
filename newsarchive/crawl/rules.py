"""Which links are articles, which are listings, which are neither.

Pure URL heuristics for sites without a hand-written rule: WordPress permalinks
(``/2025/04/12/slug/``, ``/slug/``, ``?p=123``), category/tag/archive pages with pagination,
and everything a crawler should not spend requests on (feeds, logins, media, search).
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

_SKIP = re.compile(
    r"/(?:wp-admin|wp-login\.php|wp-json|xmlrpc\.php|wp-content|wp-includes|cart|checkout|"
    r"login|register|signin|signup|my-account|cdn-cgi)(?:/|$)"
    r"|/(?:feed|rss|atom|comments/feed|embed|trackback|amp)/?$"
    r"|\.(?:jpe?g|png|gif|webp|svg|pdf|zip|mp3|mp4|avi|mov|css|js|ico|xml|gz|docx?|xlsx?)$"
    r"|/(?:attachment|print|share)/",
    re.IGNORECASE,
)
_LISTING = re.compile(
    r"/(?:category|categorie|categories|tag|tags|rubrique|rubriques|section|sections|topic|"
    r"topics|archives?|author|auteur|mot|dossier)/"
    r"|/page/\d+/?$|[?&](?:page|paged|pg)=\d+"
    r"|^/\d{4}/(?:\d{2}/)?(?:\d{2}/)?$",
    re.IGNORECASE,
)
_DATED = re.compile(r"/\d{4}/\d{1,2}/(?:\d{1,2}/)?[^/]+")
_SLUG = re.compile(r"[\w%]+(?:-[\w%]+){2,}")
_ID_PAGE = re.compile(
    r"[?&](?:p|id|nid|article|articleid|news|story)=\d+|[?&]article\d+"
    r"|/\d{4,}(?:[-/.]|$)|/node/\d+/?(?:\?|$)|\.html?$",
    re.IGNORECASE,
)
_STATIC = re.compile(
    r"^/(?:about|a-propos|contact|privacy|politique[\w-]*|mentions[\w-]*|terms|cgu|"
    r"advertise|publicite|newsletter|search|recherche)(?:/|$)",
    re.IGNORECASE,
)


def is_skipped(url: str) -> bool:
    parts = urlsplit(url)
    if parts.scheme not in {"http", "https"}:
        return True
    return bool(_SKIP.search(parts.path) or "s=" in parts.query.split("&")[0][:2])


def is_listing(url: str) -> bool:
    parts = urlsplit(url)
    path = parts.path or "/"
    target = path + (f"?{parts.query}" if parts.query else "")
    return (path == "/" and not parts.query) or bool(_LISTING.search(target))


def is_article(url: str) -> bool:
    """A link that looks like an article permalink."""
    if is_skipped(url) or is_listing(url):
        return False
    parts = urlsplit(url)
    path = parts.path
    if _STATIC.search(path):
        return False
    if _DATED.search(path) or _ID_PAGE.search(path + "?" + parts.query):
        return True
    last = path.rstrip("/").rsplit("/", 1)[-1]
    return bool(_SLUG.fullmatch(last))
