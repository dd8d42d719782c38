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


PROSE = "<p>" + "Body text of the article, long enough to count as prose. " * 6 + "</p>"


def test_printed_date_and_byline_without_structured_data() -> None:
    """No JSON-LD, no <meta>: the date printed in an element named for it, and the names
    linked in the first byline — not the sidebar's dates and authors, nor a social handle
    or the publisher beside the name."""
    html = f"""<html><body>
      <aside class="sidebar"><div class="post-date">Jan 2, 2019 8:00 am</div>
        <div class="author"><a href="/author/other/">Someone Else</a></div></aside>
      <article><h1>Port breaks record</h1>
        <div class="td-post-author-name">By <a href="/author/jane/">Jane Roe</a>
          <a href="https://twitter.com/janeroe">@janeroe</a> <a href="/">| Daily Site</a></div>
        <p class="articleTime">Nov 13, 2019 4:26 pm</p>{PROSE}</article>
      <div class="related-posts"><div class="byline"><a href="/author/x/">Other Writer</a>
      </div></div></body></html>"""
    item = extract_article(html, URL)
    assert item.date_published == "2019-11-13T16:26:00+00:00"
    assert item.authors == ["Jane Roe"]


def test_time_element_without_datetime_and_relative_times_skipped() -> None:
    html = f"""<html><body><article><h1>Port breaks record</h1>
      <div class="c-timestamp">2 hours ago</div>
      <time class="content-header__publish-date">11.14.2019 09:00 AM</time>{PROSE}
      </article></body></html>"""
    assert extract_article(html, URL).date_published == "2019-11-14T09:00:00+00:00"


def test_scholarly_and_dublin_core_publication_dates_are_declared_dates() -> None:
    for name in ("citation_publication_date", "DC.date", "dcterms.date"):
        html = f"""<html><head><meta name="{name}" content="2018/6/5"></head><body>
          <h1>Port breaks record</h1>{PROSE}
          <div class="related"><small class="date">January 9, 2025</small></div>
          </body></html>"""
        item = extract_article(html, URL)
        assert (item.date_published, item.date_published_source) == (
            "2018-06-05T00:00:00+00:00",
            "meta",
        ), name
