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


def test_a_thread_that_declares_an_article_at_a_forums_url_does_not() -> None:
    """Discourse and its kind declare a thread as one dated, authored article with a long
    body; at a forum's URL, with its posts named as such, it is still a forum thread. The
    same markup at a news URL stays an article: neither sign alone decides."""
    head = (
        '<head><meta property="og:type" content="article">'
        '<meta property="article:published_time" content="2025-03-03T10:00:00Z">'
        '<meta name="author" content="jane"></head>'
    )
    posts = "".join(
        f'<div class="topic-post"><div class="post-meta"><span class="username">user{i}</span>'
        f'</div><div class="post-body">{PROSE}</div><div class="post-reply">Reply</div></div>'
        for i in range(1, 8)
    )
    html = (
        f"<html>{head}<body><h1>Is changing the MSRV a breaking change?</h1>{posts}</body></html>"
    )
    thread = "https://users.forum.example/t/is-changing-the-msrv-a-breaking-change/123"
    assert not extract_page(html, thread).is_article
    story = "https://news.example/2025/03/03/is-changing-the-msrv-a-breaking-change/"
    assert extract_page(html, story).is_article


def test_a_sites_front_page_does_not() -> None:
    """A blog's front page showing its latest post in full is the site's front page, a
    listing whatever it shows; the same page at a post's URL, or at WordPress's plain
    permalink (``/?p=42``, a query naming the post), is that post."""
    older = "".join(
        f'<li><a href="/older-post-number-{i}/">An older post about things number {i}</a></li>'
        for i in range(6)
    )
    html = (
        "<html><body><header><a href='/'>Jan's notes</a></header><main>"
        f"<h1>What I learned moving a database</h1>{PROSE * 3}</main>"
        f"<aside><h2>Older posts</h2><ul>{older}</ul></aside></body></html>"
    )
    for front in ("/", "", "/index.html", "/?utm_source=feed"):
        assert not extract_page(html, f"https://blog.example{front}").is_article, front
    for post in ("/what-i-learned-moving-a-database/", "/?p=42", "/index.php?/topic/42-x/"):
        assert extract_page(html, f"https://blog.example{post}").is_article, post


def test_a_thread_whose_posts_are_named_in_the_forums_own_words_does_not() -> None:
    """Invision Community names a post "cPost ipsComment", no word the forum-post count
    knows; at a forum's URL, its posts' ``<time>``s (one each) tell the thread. The same
    markup at a news URL stays an article."""
    head = '<head><meta property="og:type" content="article"></head>'
    posts = "".join(
        f'<article class="cPost ipsComment"><aside class="cAuthorPane">user{i}</aside>'
        f'<div class="ipsComment_meta"><time datetime="2025-03-0{i}T10:00:00Z">March {i}, 2025'
        f"</time></div><div>{PROSE}</div></article>"
        for i in range(1, 8)
    )
    html = (
        f"<html>{head}<body><h1>Payment issues: how to change the module</h1>{posts}</body></html>"
    )
    thread = "https://forum.shop.example/topic/1103020-payment-issues-how-to-change-the-module/"
    assert not extract_page(html, thread).is_article
    story = "https://news.example/2025/03/03/payment-issues-how-to-change-the-module/"
    assert extract_page(html, story).is_article


def test_a_message_boards_thread_does_not() -> None:
    """A message board's URL (``/boards/…``) is a forum's too: with a ``<time>`` per post,
    the thread is no article."""
    head = '<head><meta property="og:type" content="article"></head>'
    posts = "".join(
        f'<div class="msg"><span class="name">user{i}</span><time>March {i}, 2025</time>'
        f"<div>{PROSE}</div></div>"
        for i in range(1, 8)
    )
    html = f"<html>{head}<body><h1>Which games should I buy first?</h1>{posts}</body></html>"
    assert not extract_page(html, "https://games.example/boards/189706-switch/80702016").is_article


def test_a_page_whose_text_is_its_links_does_not() -> None:
    """An index of links (a link aggregator's "newest", a library's catalogue, an
    encyclopedia's list article) reads like an article to the other signals: one heading, a
    long body, no teasers of the site's own. Its text is its links (three fifths or more of
    it); an article's is prose with links in it. A roundup post with a sentence per link
    stays an article."""
    rows = "".join(
        f'<tr><td><a href="https://elsewhere{i}.example/a-story/">A headline somebody posted'
        f" about topic number {i} today</a> <span>(elsewhere{i}.example)</span></td></tr>"
        f'<tr><td>{i + 3} points by <a href="/user?id=u{i}">user{i}</a> <a href="/item?id={i}">'
        f'{i} hours ago</a> | <a href="/item?id={i}">{i} comments</a></td></tr>'
        for i in range(30)
    )
    html = f"<html><body><h1>Newest links</h1><table>{rows}</table></body></html>"
    assert not extract_page(html, "https://links.example/the-newest-links-posted-today/").is_article
    roundup = "".join(
        f'<p><a href="https://elsewhere{i}.example/a-story/">A headline about topic {i}</a>:'
        " what the writer found there, and why it is worth a read this week.</p>"
        for i in range(30)
    )
    html = f"<html><body><h1>What we read this week</h1><main>{roundup}</main></body></html>"
    assert extract_page(html, "https://links.example/what-we-read-this-week/").is_article
