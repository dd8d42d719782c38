from __future__ import annotations

from newsarchive.extract import extract_article

URL = "https://site.example/2025/04/12/port-record/"


def test_headline_is_the_visible_h1_not_the_title_tag() -> None:
    html = (
        "<html><head><title>Port breaks record | Site Name</title>"
        '<meta property="og:title" content="Port breaks record"></head><body>'
        '<h1 class="logo">Site Name</h1><article><h1>Port breaks record</h1>'
        "<p>" + "Body text of the article, long enough to count. " * 5 + "</p></article>"
        "</body></html>"
    )
    assert extract_article(html, URL).headline == "Port breaks record"


def test_headline_from_title_without_site_name_when_no_h1() -> None:
    html = (
        "<html><head><title>Port breaks record – The Ledger</title>"
        '<meta property="og:site_name" content="The Ledger"></head><body><p>'
        + "Body text of the article, long enough to count. " * 5
        + "</p></body></html>"
    )
    assert extract_article(html, URL).headline == "Port breaks record"


def test_yoast_graph_author_reference_and_fields() -> None:
    ld = """{"@context": "https://schema.org", "@graph": [
      {"@type": "WebPage", "@id": "URL", "name": "x"},
      {"@type": "NewsArticle", "@id": "URL#article", "mainEntityOfPage": {"@id": "URL"},
       "headline": "Port breaks record", "author": {"@id": "#p1"},
       "datePublished": "2025-04-12T09:00:00+01:00", "articleSection": ["Economy"],
       "keywords": "ports, trade", "inLanguage": "en-GB",
       "image": {"@type": "ImageObject", "url": "/img/port.jpg"}},
      {"@type": "Person", "@id": "#p1", "name": "Ann Lee"}]}""".replace("URL", URL)
    html = (
        f'<html><head><script type="application/ld+json">{ld}</script></head><body>'
        "<h1>Port breaks record</h1><p>"
        + "Some body text for the story here. " * 5
        + "</p></body></html>"
    )
    item = extract_article(html, URL)
    assert item.authors == ["Ann Lee"]
    assert item.date_published == "2025-04-12T09:00:00+01:00"
    assert item.section == "Economy"
    assert item.tags == ["ports", "trade"]
    assert item.in_language == "en-GB"
    assert item.main_image == "https://site.example/img/port.jpg"


def test_canonical_on_other_site_is_ignored() -> None:
    html = (
        '<html><head><link rel="canonical" href="https://aggregator.example/copy/"></head>'
        "<body><h1>Port breaks record</h1></body></html>"
    )
    item = extract_article(html, URL + "?utm_source=tw")
    assert item.canonical_url == URL
    assert item.url == URL + "?utm_source=tw"


def test_broken_jsonld_does_not_break_extraction() -> None:
    html = (
        '<html><head><script type="application/ld+json">{"@type": "Article", "headline": '
        '"Port breaks record",}</script><script type="application/ld+json">{not json'
        "</script></head><body><p>" + "Body. " * 40 + "</p></body></html>"
    )
    assert extract_article(html, URL).headline == "Port breaks record"


def test_empty_and_garbage_input() -> None:
    for html in (b"", b"\x00\x01\x02", "<<<>>>", "<html></html>"):
        item = extract_article(html, URL)
        assert item.url == URL
        assert item.article_body is None
