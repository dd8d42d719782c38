"""The bundled sample site (``newsarchive demo``), crawled like any catalogued site.

Its server listens on a random loopback port, so the URL is given at run time:
``scrapy crawl sample -a url=http://127.0.0.1:PORT/``.
"""

from newsarchive.crawl import NewsSpider


class SampleSpider(NewsSpider):
    name = "sample"
    strategies = ("sitemap", "feed", "listing")
    start_urls = ["http://127.0.0.1:8000/"]  # noqa: RUF012 - Scrapy reads a plain list
    timezone = "Africa/Casablanca"
