"""Crawling news sites: the spiders (discovery, count refresh), the crawl state, URL rules.

See ``docs/architecture.md`` for how the parts fit.
"""

from .refresh import RefreshSpider, refresh_spider_for
from .site import SiteSpider
from .spider import NewsSpider, spider_for_url

__all__ = ["NewsSpider", "RefreshSpider", "SiteSpider", "refresh_spider_for", "spider_for_url"]
