"""Extraction as a page object (a method per field; a site's reading of a field as a method of
a subclass), and the one decision of the comment count from all its sources."""

from __future__ import annotations

from pathlib import Path

import pytest
from scrapy.http import HtmlResponse, Request

from newsarchive.crawl import meta
from newsarchive.crawl.articles import ArticleReader
from newsarchive.crawl.comment_counts import api_signal, with_outside_count
from newsarchive.crawl.feed_parser import FeedEntry
from newsarchive.extract import extract_page
from newsarchive.extract.comments import CommentEvidence, CommentSignal, decide
from newsarchive.extract.dates import UTC
from newsarchive.extract.page import PAGE_FIELDS, ArticlePage
from newsarchive.fixtures import find_fixtures, load_fixture

from .conftest import REPO

URL = "https://site.example/2025/04/12/council-budget/"
PAGE = (
    "<html><head><title>Council approves the budget</title></head><body><article>"
    '<h1>Council approves the budget</h1><p>By Jane Doe</p><p class="rubrique"><a>Ville\x07</a>'
    "</p>"
    + "<p>The council voted on the budget late on Tuesday, after a long debate. </p>" * 8
    + "</article></body></html>"
).encode()


class CityPage(ArticlePage):
    def section(self) -> str | None:
        found = self.xpath('//p[@class="rubrique"]/a/text()')
        return str(found[0]) if found else super().section()


@pytest.mark.parametrize("folder", find_fixtures(REPO / "fixtures"), ids=lambda p: p.name)
def test_the_generic_page_object_is_the_extractor(folder: Path) -> None:
    fx = load_fixture(folder)
    page = ArticlePage(fx.body, fx.url, fx.headers)
    assert page.overridden() == []
    assert page.to_item() == extract_page(fx.body, fx.url, fx.headers).article
    assert {name: getattr(page, name)() for name in PAGE_FIELDS} == {
        name: getattr(page.to_item(), name) for name in PAGE_FIELDS
    }


def test_a_site_overrides_one_field_as_a_method() -> None:
    generic = extract_page(PAGE, URL).article
    page = CityPage(PAGE, URL)
    assert page.overridden() == ["section"]
    item = page.to_item()
    assert item.section == "Ville"  # bounded like any extracted value: the BEL is gone
    assert {n: getattr(item, n) for n in PAGE_FIELDS if n != "section"} == {
        n: getattr(generic, n) for n in PAGE_FIELDS if n != "section"
    }


def test_the_crawl_reads_articles_with_the_site_page_object() -> None:
    reader = ArticleReader(site="city", timezone=UTC, is_article_url=lambda _: True,
                           page_class=CityPage)  # fmt: skip
    response = HtmlResponse(URL, body=PAGE, request=Request(URL),
                            headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    read = reader.read(response)
    assert read is not None
    assert (read.item.section, read.item.site, read.item.extraction_status) == (
        "Ville",
        "city",
        "ok",
    )


def signal(count: int, source: str) -> CommentSignal:
    return CommentSignal(count, str(count), source)


@pytest.mark.parametrize(
    ("signals", "expected"),
    [
        ([signal(0, "feed")], None),  # comments closed: feeds say 0 too
        ([signal(0, "feed"), signal(0, "comment-form")], "feed"),  # an open form: 0 stands
        ([signal(4, "feed"), signal(2, "heading")], "feed"),
        ([signal(0, "api"), signal(3, "feed")], "api"),  # the API's 0 against a feed's 3
        ([signal(0, "api"), signal(0, "feed")], None),
        ([signal(7, "api"), signal(5, "feed"), signal(5, "heading")], "api"),
    ],
)
def test_one_decision_for_every_source(signals: list[CommentSignal], expected: str | None) -> None:
    winner = decide(tuple(signals), has_section=False)
    assert (winner.source if winner else None) == expected


def test_outside_counts_join_the_page_evidence_and_its_decision() -> None:
    """A feed entry's count and the REST API's are decided with the page's signals; every
    signal is kept, the one that lost too."""
    entry = FeedEntry(URL, comment_count=0, comment_count_raw="0")
    reader = ArticleReader(site="s", timezone=UTC, is_article_url=lambda _: True)
    response = HtmlResponse(URL, body=PAGE, request=Request(URL, meta={meta.FEED_ENTRY: entry}),
                            headers={"Content-Type": "text/html; charset=utf-8"})  # fmt: skip
    read = reader.read(response)
    assert read is not None
    assert read.item.comment_count is None  # no comment feature on the page: the feed's 0 is not
    assert read.item.comment_count_signals == [{"source": "feed", "count": 0, "raw": "0"}]
    counts = with_outside_count(read.item, read.counts, api_signal(12))
    assert (read.item.comment_count, read.item.comment_count_source) == (12, "api")
    assert isinstance(counts, CommentEvidence)
    assert [s["source"] for s in read.item.comment_count_signals] == ["api", "feed"]
