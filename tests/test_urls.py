from __future__ import annotations

import pytest

from newsarchive.crawl import rules
from newsarchive.urls import canonical_or_none, canonicalize, same_page, same_site


@pytest.mark.parametrize(
    ("url", "expected"),
    [
        ("https://Example.com/a/?utm_source=x&utm_medium=y", "https://example.com/a/"),
        ("https://example.com/a/?b=2&a=1#comments", "https://example.com/a/?a=1&b=2"),
        ("https://example.com/a/?fbclid=IwAR0&id=3", "https://example.com/a/?id=3"),
        ("http://example.com:80/a", "http://example.com/a"),
        ("https://example.com/spip.php?article214", "https://example.com/spip.php?article214"),
        ("https://example.com/%7Efoo/é", "https://example.com/~foo/%C3%A9"),
    ],
)
def test_canonicalize(url: str, expected: str) -> None:
    assert canonicalize(url) == expected


def test_same_site_and_page() -> None:
    assert same_site("https://www.a.example/x", "http://a.example/y")
    assert not same_site("https://a.example/", "https://b.example/")
    assert same_page("https://www.a.example/x/#respond", "http://a.example/x")
    assert not same_page("https://a.example/x/", "https://a.example/y/")


@pytest.mark.parametrize(
    "url",
    [
        "https://s.example/2025/04/12/le-port-de-tanger/",
        "https://s.example/economie/le-port-de-tanger-med-franchit/",
        "https://s.example/?p=48211",
        "https://s.example/news/123456-story",
        "https://s.example/index.php?id=889",
    ],
)
def test_article_urls(url: str) -> None:
    assert rules.is_article(url)


@pytest.mark.parametrize(
    "url",
    [
        "https://s.example/",
        "https://s.example/category/economie/",
        "https://s.example/category/economie/page/3/",
        "https://s.example/tag/port/",
        "https://s.example/feed/",
        "https://s.example/wp-login.php",
        "https://s.example/wp-content/uploads/a-b-c.pdf",
        "https://s.example/contact/",
        "https://s.example/mentions-legales/",
    ],
)
def test_not_article_urls(url: str) -> None:
    assert not rules.is_article(url)


def test_listing_urls() -> None:
    assert rules.is_listing("https://s.example/category/economie/page/2/")
    assert rules.is_listing("https://s.example/")
    assert rules.is_listing("https://s.example/news/?page=4")
    assert not rules.is_listing("https://s.example/2025/04/12/slug/")


def test_a_url_that_does_not_parse_has_no_canonical_form() -> None:
    """w3lib refuses a port of " y"; a page may hold such a URL anywhere."""
    bad = "https://example.com : y/path"
    assert canonical_or_none(bad) is None
    assert canonical_or_none("https://Example.com/a/#x") == "https://example.com/a/"
    assert not same_page(bad, "https://example.com/path")
