"""The headline chooser (newsarchive.extract.headline) on the layouts where the visible
``<h1>`` and the metadata titles disagree."""

from __future__ import annotations

import pytest

from newsarchive.extract import extract_article

URL = "https://site.example/2025/04/12/port-record/"
BODY = "<p>" + "Body text of the article, long enough to count as prose here. " * 6 + "</p>"


def page(head: str, body: str) -> str:
    return f"<html><head>{head}</head><body>{body}{BODY}</body></html>"


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        pytest.param(
            "<title>Port breaks record - Harbour Notes</title>",
            '<h1 class="site-title">Harbour Notes</h1><h1 class="entry-title">Port breaks record</h1>',
            "Port breaks record",
            id="site-title-h1-first",
        ),
        pytest.param(
            "<title>Port’s record year - Harbour Notes</title>",
            "<h1 class='entry-title'>Port's record year</h1>",
            "Port's record year",
            id="quotes-differ",
        ),
        pytest.param(
            '<meta property="og:title" content="Port breaks record">',
            "<h1>Port breaks record <span class='meta'>Posted on April 12, 2025 by Ann</span></h1>",
            "Port breaks record",
            id="byline-inside-h1",
        ),
        pytest.param(
            '<meta property="og:title" content="Port breaks record">',
            "<h1><time>Apr 12 2025</time> Port breaks record</h1>",
            "Port breaks record",
            id="date-inside-h1",
        ),
        pytest.param(
            "<title>Port breaks record - Harbour</title>",
            "<h1><span><a href='/story/1'>Port breaks record</a> <a href='https://source.example/'>"
            "(source.example)</a></span> <span class='comments'>87</span></h1>",
            "Port breaks record",
            id="title-in-its-own-element-beside-source-and-count",
        ),
        pytest.param(
            "<title>Port Breaks Record</title>",
            "<h1>PORT BREAKS RECORD</h1>",
            "Port Breaks Record",
            id="capitals-from-the-style",
        ),
        pytest.param(
            "<title>Top port programs (US)</title>",
            "<h1>Top port programs (US)<br>Your guide to the harbours</h1>",
            "Top port programs (US) Your guide to the harbours",
            id="line-break-in-the-h1",
        ),
        pytest.param(
            "<title>Weekend Coding Agent | Harbour Engineering</title>",
            "<h1>WEEKEND<br>CODING <span>AGENT</span></h1>",
            "Weekend Coding Agent",
            id="capitals-from-the-style-one-part-of-the-title",
        ),
        pytest.param(
            "<title>A Skipper's Guide to Harbour Fees 2025 - Harbour Notes</title>",
            "<h1>Free harbour newsletter</h1><h1>A Skipper's Guide to Harbour Fees in 2025</h1>",
            "A Skipper's Guide to Harbour Fees in 2025",
            id="heading-reworded-from-the-title",
        ),
        pytest.param(
            '<meta property="og:title" content="Designing the Harbour: 7 Port Trends for 2025">',
            "<h1>Designing the Harbour: A Deep Dive into 7 Port Trends for 2025</h1>"
            "<aside><h2 class='entry-title'>Small harbour flats, stylish living</h2></aside>",
            "Designing the Harbour: A Deep Dive into 7 Port Trends for 2025",
            id="heading-holding-the-title-and-more",
        ),
        pytest.param(
            "<title>Keeping the Harbour Safe at Night</title>",
            "<h1 class='footer-heading'>Contact Us</h1><div class='episodes'>"
            "<h2 class='entry-title'>261. The Value of Learning Together</h2></div>",
            "Keeping the Harbour Safe at Night",
            id="a-title-shared-only-by-the-word-the",
        ),
        pytest.param(
            "<title>How do you run a harbour? - Harbour Notes</title>",
            "<h1 class='mobile'>Running a busy harbour</h1><h1 class='desktop'>Running a busy"
            " harbour</h1>",
            "Running a busy harbour",
            id="the-same-h1-twice-for-two-layouts",
        ),
        pytest.param(
            "<title>Harbour Department: Repair Assis&shy;tance Program</title>",
            "<h1>Repair Assis&shy;tance Program</h1>",
            "Repair Assistance Program",
            id="soft-hyphens-go",
        ),
        pytest.param(
            "<title>Port breaks record</title>",
            "<h1>Port breaks record &amp;#8211; again</h1>",
            "Port breaks record – again",
            id="escaped-twice",
        ),
        pytest.param(
            "<title>Climate | Economic Research Service</title>",
            "<h1 class='heading'>Climate</h1>",
            "Climate",
            id="one-part-of-the-title",
        ),
        pytest.param(
            '<title>Port notes • Ann Lee</title><meta property="og:site_name" content="Ann Lee">',
            "<h1>Ann Lee</h1><h2>Port notes</h2>",
            "Port notes",
            id="site-name-h1",
        ),
        pytest.param(
            '<meta property="og:title" content="Small boats in a big port">'
            "<title>Harbour Notes: Small boats in a big port</title>",
            '<h1 class="title"><a href="https://harbour.example/">Harbour Notes</a></h1>'
            "<h1>Boats</h1><h1>Ports</h1>",
            "Small boats in a big port",
            id="h1-linking-to-the-home-page-names-the-site",
        ),
        pytest.param(
            "<title>Harbour Notes: the port's record year, in numbers</title>",
            '<h1><a href="#">Record year for the port</a></h1>',
            "Record year for the port",
            id="h1-with-a-script-link-is-no-site-name",
        ),
        pytest.param(
            "<title>Port record – Harbor News - Harbor News</title>"
            '<meta property="og:site_name" content="Harbor News">',
            "<h1>Port record: a year – Harbor News</h1>",
            "Port record: a year",
            id="site-name-after-the-h1s-separator",
        ),
        pytest.param(
            "<title>Weekend coding agent | Harbour Engineering Labs</title>",
            "<h2>Notes</h2>",
            "Weekend coding agent",
            id="title-only-cut-at-its-pipe",
        ),
        pytest.param(
            "<title>Design Week 2018 | A light installation for the port</title>",
            "<h1>Design Week 2018 | A light installation for the port</h1>",
            "Design Week 2018 | A light installation for the port",
            id="a-pipe-printed-in-the-h1-is-kept",
        ),
        pytest.param(
            "<title>How the port grew | Opinion | Harbour Notes</title>",
            "<h1>How the port grew again this year | Opinion</h1>",
            "How the port grew again this year",
            id="a-section-label-after-the-h1s-pipe",
        ),
        pytest.param(
            "<title>How to book a berth | Port Services | Harbour Authority</title>",
            "<h1>How to book a berth | Port Services | Harbour Authority</h1>",
            "How to book a berth",
            id="a-title-tag-printed-in-the-h1",
        ),
        pytest.param(
            "<title>Affordable food: nutrition for families on a budget - Harbour Health</title>",
            "<h1>Affordable nutrition</h1>",
            "Affordable nutrition",
            id="a-two-word-h1-sharing-the-titles-words",
        ),
        pytest.param(
            "<title>Advanced Usage — Harbour Tools 2.1 documentation</title>",
            '<h1>Advanced Usage<a class="headerlink" href="#advanced-usage">¶</a></h1>',
            "Advanced Usage",
            id="a-documentation-headings-pilcrow-link",
        ),
        pytest.param(
            "<title>Maroc : le port bat son record</title>",
            "<h2>Rubrique</h2>",
            "Maroc : le port bat son record",
            id="french-colon-is-not-a-separator",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
            ' "The port of Tanger Med handled more containers this year than in any year'
            ' since it first opened (Including"}</script>'
            '<meta property="og:title" content="The port of Tanger Med handled more'
            " containers this year than in any year since it first opened (Including"
            ' Transshipment) - Harbour Notes">',
            "<h2>Rubrique</h2>",
            "The port of Tanger Med handled more containers this year than in any year"
            " since it first opened (Including Transshipment)",
            id="json-ld-headline-cut-by-an-seo-plugin",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle", "headline":'
            ' "Port breaks record…"}</script>'
            '<meta property="og:title" content="Port breaks record again">',
            "<h2>Rubrique</h2>",
            "Port breaks record again",
            id="json-ld-headline-cut-with-an-ellipsis",
        ),
        pytest.param(
            '<meta property="og:title" content="Port breaks its record for the year, and the'
            ' harbour master says why in a long statement">'
            "<title>Port breaks its record for the year, and the harbour master says why in a"
            " long statement : harbournews</title>",
            "<h2>Rubrique</h2>",
            "Port breaks its record for the year, and the harbour master says why in a long"
            " statement",
            id="a-longer-title-that-adds-the-site-is-not-a-continuation",
        ),
    ],
)
def test_headline_where_h1_and_titles_disagree(head: str, body: str, expected: str) -> None:
    assert extract_article(page(head, body), URL).headline == expected


def test_a_heading_in_capitals_keeps_them_without_a_title_saying_otherwise() -> None:
    html = page("<title>PORT BREAKS RECORD</title>", "<h1>PORT BREAKS RECORD</h1>")
    assert extract_article(html, URL).headline == "PORT BREAKS RECORD"


def test_the_body_and_the_byline_find_the_h1_printing_the_headline_with_its_suffix() -> None:
    """The headline read without the suffix its ``<h1>`` prints is still that ``<h1>``'s: the
    body anchors on it and leaves it out, the byline and the date are read beside it."""
    html = page(
        "<title>How the port grew | Opinion</title>",
        '<div class="nav"><p>Home</p></div><article><h1>How the port grew again this year |'
        ' Opinion</h1><p class="meta">By Jane Doe, April 12, 2025</p></article>',
    )
    item = extract_article(html, URL)
    assert item.headline == "How the port grew again this year"
    assert "Opinion" not in (item.article_body or "")
    assert "Opinion" not in (item.article_body_html or "")
    assert item.authors == ["Jane Doe"]
    assert (item.date_published or "").startswith("2025-04-12")


def test_a_kicker_inside_the_heading_is_left_out_by_the_titles_first_part() -> None:
    """A heading that prints a kicker in a block of its own before the headline ("Get that
    tech stack" above "Klatch Coffee"), under a title that gives the headline before the
    site's name: the headline is that part, and the body still anchors on the heading and
    leaves it out, the byline read beside it."""
    html = page(
        "<title>Klatch Coffee | Shopify App Store</title>",
        "<article><h1><div class='kicker'>Get that tech stack</div><span>Klatch Coffee</span>"
        "</h1><p class='meta'>By Jane Doe, April 12, 2025</p></article>",
    )
    item = extract_article(html, URL)
    assert item.headline == "Klatch Coffee"
    assert "Klatch Coffee" not in (item.article_body or "")
    assert item.authors == ["Jane Doe"]


def test_a_heading_in_capitals_takes_the_titles_words_and_casing() -> None:
    """Capitals set by the style hide the author's casing; where the title says the same in
    a few other words, the title is the headline (its site's name left out)."""
    html = page(
        "<title>Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros | Brew Guide</title>",
        "<article><h1>BEST DRIP COFFEE MAKER IN 2026: BUYING TIPS FROM COFFEE PROS</h1></article>",
    )
    item = extract_article(html, URL)
    assert item.headline == "Best Drip Coffee Maker 2026: Buying Tips From Coffee Pros"
    assert "COFFEE PROS" not in (item.article_body or "")


def test_an_h2_printing_the_title_beats_an_h1_sharing_a_word_with_it() -> None:
    """A blog whose ``<h1>`` is a heading inside the post, the post's own title an ``<h2>``
    in its header: the ``<h2>`` that says what the title says is the headline. Without such
    an ``<h2>``, or with it below the ``<h1>`` (the text's first section, titled as the
    page's SEO title is), the ``<h1>`` sharing a word with the title still is."""
    head = "<title>What do people love about Rust? | Rust Blog</title>"
    post = "<section><header><h2>What do people love about Rust?</h2></header><div>{}</div>"
    inner = "<h1>But what they love is the sense of empowerment</h1>"
    item = extract_article(page(head, post.format(inner)), URL)
    assert item.headline == "What do people love about Rust?"
    alone = extract_article(page(head, f"<div>{inner}</div>"), URL)
    assert alone.headline == "But what they love is the sense of empowerment"
    below = f"<div>{inner}<h2>What do people love about Rust?</h2></div>"
    assert extract_article(page(head, below), URL).headline == alone.headline


def test_question_marks_standing_for_lost_characters_are_read_from_the_title() -> None:
    """A heading whose characters a legacy charset turned into "?" is the title, which kept
    them; a heading asking a question the title words otherwise stays as printed."""
    lost = page(
        "<title>Event Planning: Beginner's Guide - Planner News</title>",
        "<h1 class='entry-title'>Event Planning? Beginner? Guide</h1>",
    )
    assert extract_article(lost, URL).headline == "Event Planning: Beginner's Guide"
    asked = page(
        "<title>Event planning basics for a first wedding - Planner News</title>",
        "<h1 class='entry-title'>Event planning? Basics for a first wedding</h1>",
    )
    assert extract_article(asked, URL).headline == "Event planning? Basics for a first wedding"
    # Five "?" and more: a heading of question marks, not a title's lost letters.
    title = "<title>Go to a big new tax vote - Planner News</title>"
    marks = page(title, "<h1 class='entry-title'>Go ? ? ? ? ? vote</h1>")
    assert extract_article(marks, URL).headline == "Go ? ? ? ? ? vote"


def test_a_heading_opening_in_lower_case_takes_the_titles_capital() -> None:
    """A heading "history of coffee" under the title "History of coffee | Origin… | Brit":
    the capital the page shows is the style's. Other casing the heading keeps."""
    title = "<title>History of coffee | Origin, Spread, Ethiopia, Arabia, Facts | Brit</title>"
    html = page(title, "<h1 class='title'>history of coffee</h1>")
    assert extract_article(html, URL).headline == "History of coffee"
    other = page(title, "<h1 class='title'>History Of Coffee</h1>")
    assert extract_article(other, URL).headline == "History Of Coffee"


def test_a_title_opening_with_the_sites_host_name_is_read_without_it() -> None:
    """Hand-made sites title a post "site.example Post title", no separator; the heading is
    the site's name (a link home): the headline is the title without the host. At the end of
    a title the host is most often a phrase's ("… on site.example"), and stays."""
    home = '<h1><a href="https://site.example/">site.example</a></h1>'
    opening = page("<title>site.example Port breaks record</title>", home)
    assert extract_article(opening, URL).headline == "Port breaks record"
    ending = page("<title>Port records on site.example</title>", home)
    assert extract_article(ending, URL).headline == "Port records on site.example"


def test_a_heading_is_read_as_shown_without_its_style_or_icon() -> None:
    """React pages styled by Emotion print a ``<style>`` inside the elements it styles, the
    headline's too (a Sephora product page's ``<h1>`` began ".css-1a8e5pi{cursor:pointer…"),
    and an icon's ``<svg>`` carries a ``<title>``: neither is text a reader sees. The body
    still finds its ``<h1>`` by the headline, and starts after it."""
    style = '<style data-emotion="css 1a8e5pi">.css-1a8e5pi{cursor:pointer;}</style>'
    icon = '<svg viewBox="0 0 8 8"><title>Link icon</title><path d="M0 0h8v8H0z"/></svg>'
    html = page(
        "<title>Port breaks record | Harbour Notes</title>",
        f'<div class="hero"><h1>{style}<a class="css-1a8e5pi" href="/port/">Port</a>{style}'
        f" <b>breaks</b> record{icon}</h1></div>",
    )
    item = extract_article(html, URL)
    assert item.headline == "Port breaks record"
    assert item.article_body is not None
    assert item.article_body.startswith("Body text of the article")
    assert "css-1a8e5pi" not in item.article_body


@pytest.mark.parametrize(
    ("head", "body", "expected"),
    [
        pytest.param(
            "<title>30 Years of &lt;br&gt; Tags | Notes</title>",
            "<h1>30 Years of &lt;br&gt; Tags</h1>",
            "30 Years of <br> Tags",
            id="printed-tag-name",
        ),
        pytest.param(
            "<title>Using vector&lt;int&gt; well</title>",
            "<h1>Using vector&lt;int&gt; well</h1>",
            "Using vector<int> well",
            id="printed-template",
        ),
        pytest.param(
            '<script type="application/ld+json">{"@type": "NewsArticle",'
            ' "headline": "<b>Exclusive:</b> Port breaks record"}</script>',
            "",
            "Exclusive: Port breaks record",
            id="jsonld-markup",
        ),
        pytest.param(
            '<title>Port breaks record</head><body><div class="x">Menu</div></title>',
            "",
            "Port breaks record Menu",
            id="unclosed-title",
        ),
        pytest.param(
            "<title>&lt;svg/onload=alert(1)&gt;Port breaks record</title>",
            "",
            "Port breaks record",
            id="attribute-after-a-slash",
        ),
        pytest.param(
            '<meta property="og:title" content="&lt;p&gt;Port breaks record">',
            "",
            "Port breaks record",
            id="tag-glued-to-a-word",
        ),
    ],
)
def test_angle_brackets_in_a_headline(head: str, body: str, expected: str) -> None:
    """A headline keeps what the page prints in angle brackets (an article about HTML, a C++
    template), as the body does; markup that reached it from metadata (an end tag, a tag with
    attributes: JSON-LD's HTML, an unclosed ``<title>`` running into the page) is removed."""
    assert extract_article(page(head, body), URL).headline == expected


@pytest.mark.parametrize(
    "head",
    [
        "<title>Harbour Times</title><meta property='og:site_name' content='Harbour Times'>",
        "<title>Harbour Times</title>",
    ],
    ids=["declared-site-name", "logo-link"],
)
def test_a_title_that_is_only_the_sites_name_gives_way_to_the_heading(head: str) -> None:
    """A CMS left at its default titles every page with the site's name: taken as the
    headline, every article of the site had the same one. When the titles are the site's name
    (its ``og:site_name``, or the text or logo of a link to the home page) and no heading
    matches them, the page's heading is read as on a page without a title."""
    logo = "<a href='/'><img src='/logo.png' alt='Harbour Times'></a>"
    item = extract_article(page(head, f"{logo}<h1>Port handles a record tonnage</h1>"), URL)
    assert item.headline == "Port handles a record tonnage"


def test_a_title_naming_more_than_the_site_is_still_read() -> None:
    """Only a title that is the site's name gives way: one the page's heading shares no word
    with is still this page's title (a heading "Our blog" is no headline)."""
    head = "<title>Port handles a record tonnage</title><meta property='og:site_name' content='HT'>"
    item = extract_article(page(head, "<a href='/'>HT</a><h1>Our blog</h1>"), URL)
    assert item.headline == "Port handles a record tonnage"
