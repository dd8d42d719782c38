"""Which fetched pages a crawl archives as articles: what discovery said of a page counts
beside what the page looks like, so that an article shaped like a landing page is not lost."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from scrapy import Request
from scrapy.http import HtmlResponse

from newsarchive.crawl import meta
from newsarchive.crawl.articles import ArticleReader, ReadArticle
from newsarchive.crawl.freshness import Hint, When

URL = "https://example.org/projects/riverside"
# A page of teasers: it does not read as an article by itself.
TEASERS = (
    "<html><head><title>Riverside</title></head><body><h1>Riverside</h1>"
    + "".join(
        f"<article><h2><a href='/p/{i}'>Planting day number {i} on the river</a></h2>"
        f"<p>Teaser text of post {i}.</p></article>"
        for i in range(1, 9)
    )
    + "</body></html>"
).encode()
DATED = Hint(published=When(datetime(2025, 4, 12, tzinfo=UTC)))


def read(source: str | None, hint: Hint | None = None) -> ReadArticle | None:
    reader = ArticleReader(site="s", timezone=UTC, is_article_url=lambda _: False)
    request_meta = {meta.DISCOVERED: source, meta.HINT: hint} if source else {}
    response = HtmlResponse(URL, body=TEASERS, request=Request(URL, meta=request_meta),
                            headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    return reader.read(response)


def test_a_page_that_does_not_read_as_an_article_is_turned_away() -> None:
    assert read(None) is None
    assert read("listing") is None


@pytest.mark.parametrize(("source", "hint"), [("feed", None), ("sitemap", DATED)])
def test_a_page_discovery_listed_as_a_post_is_archived(source: str, hint: Hint | None) -> None:
    kept = read(source, hint)
    assert kept is not None
    assert kept.item.headline == "Riverside"
    assert kept.item.extraction_status is not None


def test_an_undated_sitemap_entry_is_not_enough() -> None:
    """Sitemaps list category and service pages too: only a dated entry says 'post'."""
    assert read("sitemap", Hint()) is None
