"""``newsarchive replay DIR``: saved pages through the real spider and pipelines, offline.

Every request is answered from the fixture folder by :class:`OfflineMiddleware` — saved pages by
URL, a flagged 404 for anything else (skipped, ``not_saved``: never an archived article marked
gone) — so a replay never touches the network, and what lands in the database is exactly what
a crawl of those responses would have stored.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import scrapy
from scrapy.crawler import Crawler
from scrapy.http import Response

from .crawl import NewsSpider
from .crawl.articles import ReadArticle
from .crawl.failures import NOT_SAVED
from .crawl.scope import Scope
from .extract import Extraction
from .fixtures import Fixture, callback_for, find_fixtures, load_fixture, to_response
from .urls import canonicalize, host_of, origin


class OfflineMiddleware:
    """Downloader middleware answering from saved pages; nothing goes out."""

    def __init__(self, fixtures: dict[str, Fixture]) -> None:
        self.fixtures = fixtures

    @classmethod
    def from_crawler(cls, crawler: Crawler) -> OfflineMiddleware:
        folder = crawler.settings.get("NEWSARCHIVE_REPLAY_DIR")
        fixtures = [load_fixture(p) for p in find_fixtures(folder)] if folder else []
        return cls({canonicalize(fx.url): fx for fx in fixtures})

    def process_request(self, request: scrapy.Request) -> Response:
        fx = self.fixtures.get(canonicalize(request.url))
        if fx is None:
            # Flagged: a stand-in says nothing of the article (it marked archived ones gone).
            return scrapy.http.HtmlResponse(
                url=request.url, status=404, body=b"", request=request, flags=[NOT_SAVED]
            )
        return to_response(fx, request.url)


class ReplaySpider(NewsSpider):
    """Starts from every saved page, each with the callback its kind calls for."""

    name = "replay"

    def __init__(self, *args: Any, folder: str, **kwargs: Any) -> None:
        self.fixtures = [load_fixture(p) for p in find_fixtures(folder)]
        urls = [fx.url for fx in self.fixtures if origin(fx.url)] or ["http://replay.invalid/"]
        super().__init__(*args, url=urls[0], **kwargs)
        # Saved pages of many sites: each is in scope (answered offline anyway).
        self.scope = Scope.for_site(urls)
        self.allowed_domains = sorted(self.scope.hosts)

    async def start(self) -> AsyncIterator[Any]:
        for fx in self.fixtures:
            if fx.kind == "article":
                self._articles_seen[canonicalize(fx.url)] = True
            yield scrapy.Request(
                fx.url,
                callback=callback_for(self, fx.kind),
                errback=self.article_failed,
                dont_filter=True,
            )

    def read_article(
        self, response: Response, extracted: Extraction | Exception | None = None
    ) -> ReadArticle | None:
        read = super().read_article(response, extracted)
        if read is not None:
            read.item.site = host_of(response.url)  # saved pages of many sites
        return read


REPLAY_SETTINGS = {
    "ROBOTSTXT_OBEY": False,
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "DOWNLOADER_MIDDLEWARES": {"newsarchive.replay.OfflineMiddleware": 1},
}
