"""Article or not: the page-type model on pages of each kind."""

from __future__ import annotations

from newsarchive.extract import extract_page

PROSE = "<p>" + "A sentence of the story with words, names and commas, long enough. " * 12 + "</p>"


def test_an_article_reads_as_one() -> None:
    html = (
        '<html><head><meta property="og:type" content="article"></head><body><article>'
        "<h1>Council approves the budget</h1><p>By Jane Doe · March 3, 2025</p>"
        f"{PROSE * 4}</article></body></html>"
    )
    assert extract_page(
        html, "https://news.example/2025/03/03/council-approves-the-budget/"
    ).is_article


def test_a_listing_does_not() -> None:
    teasers = "".join(
        f'<article><h2><a href="/2025/03/0{i}/story-number-{i}-about-things/">Story number {i} '
        f"about things</a></h2><p>A line of teaser for story {i}.</p><time>March {i}, 2025</time>"
        "</article>"
        for i in range(1, 10)
    )
    html = f"<html><body><h1>Economy</h1>{teasers}</body></html>"
    assert not extract_page(html, "https://news.example/category/economy/page/2/").is_article


def test_a_forum_thread_does_not() -> None:
    posts = "".join(
        f'<div class="post message"><span class="username">user{i}</span><time>2025-03-0{i}</time>'
        f"{PROSE}</div>"
        for i in range(1, 8)
    )
    html = f"<html><body><h1>How do I fix my router?</h1>{posts}</body></html>"
    assert not extract_page(html, "https://forum.example/t/how-do-i-fix-my-router/123").is_article
