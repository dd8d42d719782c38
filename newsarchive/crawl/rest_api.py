"""The WordPress REST API's comment counts (opt-in per site: ``wp_rest_api = True`` or
``-a wp_api=1``).

``/wp-json/wp/v2/comments?post=ID&per_page=1`` returns the exact total of approved comments in
its ``X-WP-Total`` header, even where the theme shows none. If the API answers with an error
(disabled, 401), the page's own count stands.
"""

from __future__ import annotations

from urllib.parse import urljoin

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

API_PATH = "/wp-json/wp/v2/comments?post={post_id}&per_page=1&_fields=id"
PRIORITY = 5


def api_request(site_url: str, post_id: int, **kwargs: object) -> scrapy.Request:
    url = urljoin(site_url, API_PATH.format(post_id=post_id))
    return scrapy.Request(url, dont_filter=True, priority=PRIORITY, **kwargs)  # type: ignore[arg-type]


def api_total(response: Response) -> int | None:
    """The ``X-WP-Total`` header of an answer, or None."""
    raw = response.headers.get(b"X-WP-Total")
    if raw is None or not raw.strip().isdigit():
        return None
    return int(raw.strip())


async def fetch_total(crawler: Crawler, site_url: str, post_id: int) -> int | None:
    """Ask the API now, from inside a callback (the article waits for its count); None when
    it does not answer with a total. A failed call is counted (``newsarchive/api_errors``)."""
    stats = crawler.stats
    assert stats is not None
    try:
        response = await crawler.engine.download_async(api_request(site_url, post_id))
    except Exception:  # refused (crawl scope, robots.txt), unreachable: the page's count stands
        stats.inc_value("newsarchive/api_errors")
        return None
    if not 200 <= response.status < 300:
        stats.inc_value("newsarchive/api_errors")
        return None
    return api_total(response)
