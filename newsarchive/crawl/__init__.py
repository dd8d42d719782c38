"""Crawl strategies (sitemaps, feeds, listings) as one base spider, plus URL rules."""

from .spider import NewsSpider, spider_for_url

__all__ = ["NewsSpider", "spider_for_url"]
