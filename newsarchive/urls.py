"""URL identity: which URLs name the same article.

Scrapy's own fingerprinting treats ``?utm_source=x`` as a different page; a news archive must
not. Pure functions, used by both the spiders (to avoid fetching duplicates) and the store (to
key articles).
"""

from __future__ import annotations

from contextlib import suppress
from urllib.parse import urlsplit, urlunsplit

from w3lib.url import canonicalize_url, url_query_cleaner

# Query parameters that only track the reader; removing them never changes the article.
TRACKING_PARAMS = frozenset(
    {
        "fbclid", "gclid", "dclid", "gbraid", "wbraid", "msclkid", "yclid", "twclid",
        "igshid", "mc_cid", "mc_eid", "_ga", "_gl", "ref_src", "ref_url", "cmpid",
        "amp", "output", "share", "shared",
    }
)  # fmt: skip
TRACKING_PREFIXES = ("utm_", "pk_", "mtm_", "hsa_", "oly_")


def is_tracking(name: str) -> bool:
    """Whether a query parameter named ``name`` only tracks the reader."""
    lname = name.lower()
    return lname in TRACKING_PARAMS or lname.startswith(TRACKING_PREFIXES)


def canonicalize(url: str) -> str:
    """Normalize a URL for deduplication.

    Drops tracking parameters and the fragment, sorts the query, lower-cases scheme and host,
    and percent-encodes consistently (w3lib). The path keeps its case and trailing slash: on
    WordPress ``/slug`` redirects to ``/slug/`` but they are the same article only once the
    redirect has been followed, which is the fetched URL's job.
    """
    parts = urlsplit(url.strip())
    if parts.query:
        names = {kv.split("=", 1)[0] for kv in parts.query.split("&") if kv}
        drop = [n for n in names if is_tracking(n)]
        if drop:
            url = url_query_cleaner(url, drop, remove=True, keep_fragments=True)
    bare = {kv for kv in parts.query.split("&") if kv and "=" not in kv}
    url = canonicalize_url(url, keep_fragments=False)
    parts = urlsplit(url)
    if bare:
        # w3lib writes "?article214" as "?article214="; SPIP and others treat those as
        # different URLs, so a bare name stays bare.
        query = "&".join(
            kv[:-1] if kv.endswith("=") and kv[:-1] in bare else kv for kv in parts.query.split("&")
        )
        parts = parts._replace(query=query)
    host = (parts.hostname or "").lower()
    netloc = host
    default_port = {"http": 80, "https": 443}.get(parts.scheme)
    if parts.port and parts.port != default_port:
        netloc = f"{host}:{parts.port}"
    path = parts.path or "/"
    return urlunsplit((parts.scheme.lower(), netloc, path, parts.query, ""))


def canonical_or_none(url: str) -> str | None:
    """:func:`canonicalize`, or None for a URL it cannot parse: w3lib's parser refuses some
    that Python's accepts, and pages (hrefs, feeds, sitemaps) hold anything
    ("https://x : y", whose port would be " y")."""
    try:
        return canonicalize(url)
    except ValueError:
        return None


def host_of(url: str) -> str:
    """Host name without a leading ``www.``, lower-cased."""
    host = (urlsplit(url).hostname or "").lower()
    return host.removeprefix("www.")


def host_or_blank(url: str | None) -> str:
    """:func:`host_of`, or "" for a URL Python's parser refuses: readers of a page fetched at
    such a URL go on without its host."""
    try:
        return host_of(url or "")
    except ValueError:
        return ""


WEB_SCHEMES = frozenset({"http", "https"})
DEFAULT_PORTS = {"http": 80, "https": 443}

Origin = tuple[str, int | None]
"""``(host, port)``: what the crawl scope compares (see :mod:`newsarchive.crawl.scope`)."""


def origin(url: str) -> Origin | None:
    """The site a URL belongs to for the crawl scope, or None when it can belong to none.

    ``(host, port)``: the host lower-cased, IDNA-encoded, without a leading ``www.`` or a
    trailing dot; the port when one is given that is not its scheme's default, else None —
    so ``http://example.org/`` and ``https://www.example.org:443/`` are one site (sites
    move to https, and redirect there), while ``http://example.org:8080/`` is another server.
    None for any scheme but http(s) (``file:``, ``ftp:``, ``javascript:``, ``data:``), a URL
    without a host, a port that is not a number from 1 to 65535, or user info
    (``http://user:pass@host/``): Scrapy's downloader cannot fetch such a URL (a redirect to
    one failed the article as an error a hostile site could repeat), and a crawl sends no
    credentials a page chose.
    """
    try:
        parts = urlsplit(url.strip())
        port = parts.port
    except ValueError:  # a port that is not a number, or out of range
        return None
    scheme = parts.scheme.lower()
    host = (parts.hostname or "").rstrip(".")
    if scheme not in WEB_SCHEMES or not host or port == 0 or "@" in parts.netloc:
        return None
    # A name IDNA cannot encode (a label too long…) is compared as written.
    with suppress(UnicodeError):
        host = host.encode("idna").decode("ascii")
    host = host.lower().removeprefix("www.")
    return host, (None if port in (None, DEFAULT_PORTS[scheme]) else port)


def same_site(url_a: str, url_b: str) -> bool:
    """True when both are http(s) URLs of one site: same host (``www.`` ignored) and port
    (http's and https's default ports count as one), as the crawl scope decides."""
    site = origin(url_a)
    return site is not None and site == origin(url_b)


def same_page(url_a: str, url_b: str) -> bool:
    """True when two URLs name the same page once canonicalized (scheme ignored); False when
    either cannot be parsed."""
    canonical_a, canonical_b = canonical_or_none(url_a), canonical_or_none(url_b)
    if canonical_a is None or canonical_b is None:
        return False
    a, b = urlsplit(canonical_a), urlsplit(canonical_b)
    return (host_of(url_a), a.path.rstrip("/"), a.query) == (
        host_of(url_b),
        b.path.rstrip("/"),
        b.query,
    )
