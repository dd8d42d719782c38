from __future__ import annotations

import pytest

from newsarchive.extract import extract_article
from newsarchive.extract.body import extract_body
from newsarchive.extract.html import parse_html, reopen_body

URL = "https://site.example/2025/04/12/story/"
P1 = "The first paragraph of the story, with enough words to look like prose, and commas."
P2 = "The second paragraph adds detail: names, places and figures that a reader came for."


def test_body_excludes_boilerplate_and_keeps_paragraphs_in_order() -> None:
    html = f"""<html><body>
    <header><nav><a href="/">Home</a><a href="/news/">News</a></nav></header>
    <main><article><h1>Story</h1>
      <div class="share-buttons"><a href="https://facebook.com/share">Share on Facebook</a></div>
      <div class="entry-content"><p>{P1}</p><div class="ad-slot">Advertisement</div><p>{P2}</p>
      </div>
      <div class="related-posts"><h3>Related</h3><ul><li><a href="/a/">Another story entirely</a>
      </li></ul></div>
      <div id="comments"><ol class="comment-list"><li class="comment">I disagree with this,
      strongly and at length, because reasons that are long enough.</li></ol></div>
    </article></main>
    <aside class="sidebar"><p>Subscribe to our newsletter for the best stories every day.</p>
    </aside><footer>© Site</footer></body></html>"""
    item = extract_article(html, URL)
    assert item.article_body == f"{P1}\n{P2}"
    assert item.article_body_html is not None
    assert "<script" not in item.article_body_html
    assert "Advertisement" not in item.article_body_html


def test_sanitized_html_drops_scripts_and_handlers() -> None:
    html = (
        f'<html><body><div class="entry-content"><p onclick="x()">{P1}</p>'
        f"<script>alert(1)</script><p>{P2}</p></div></body></html>"
    )
    item = extract_article(html, URL)
    assert "onclick" not in (item.article_body_html or "")
    assert "alert" not in (item.article_body_html or "")


def test_text_the_page_prints_in_angle_brackets_is_kept() -> None:
    """An article about code shows ``&lt;feed&gt;`` and ``#include <string.h>``: that is its
    text, kept as printed (the body is plain text, shown escaped); a ``<title>`` a pasted HTML
    document left inside the content is not shown by browsers, and is not read."""
    html = (
        '<html><head><title>Feeds</title></head><body><div class="entry-content">'
        f"<p>{P1}</p><p>The feed opens with the &lt;feed&gt; element and its &lt;version&gt;"
        " child, then one &lt;review&gt; per review, as the schema says.</p>"
        f"<pre><code>#include &lt;string.h&gt;</code></pre><title>Pasted page</title><p>{P2}</p>"
        "</div></body></html>"
    )
    body = extract_article(html, URL).article_body or ""
    assert "the <feed> element and its <version> child, then one <review> per review" in body
    assert "#include <string.h>" in body
    assert "Pasted page" not in body


def test_br_separated_text_becomes_lines() -> None:
    html = f'<html><body><div class="post-body">{P1}<br><br>{P2}<br></div></body></html>'
    assert extract_article(html, URL).article_body == f"{P1}\n{P2}"


def test_article_near_its_headline_beats_a_longer_block_elsewhere() -> None:
    """A 'you may also like' column can hold more text than a short article; the text that
    shares the headline's container wins when it scores reasonably."""
    short = "".join(f"<p>{P1} {P2}</p>" for _ in range(2))
    teaser = "Another story teaser, long enough to count as prose, with commas, and more words."
    related = "".join(
        f'<article class="teaser"><div><p>{teaser} {i}</p><p>{teaser} ({i})</p><p>{teaser}.'
        f"</p></div></article>"
        for i in range(6)
    )
    html = (
        f'<html><body><div class="columns"><article class="story"><h1>Council approves the new budget</h1>{short}</article>'
        f'<div class="more-stories-grid"><h2>Read next</h2>{related}</div></div></body></html>'
    )
    item = extract_article(html, URL)
    assert item.article_body == f"{P1} {P2}\n{P1} {P2}"


P3 = "A third paragraph, in the second section of the story, carries on the same account."
P4 = "The fourth paragraph closes the story, with a quote, a date and a last figure or two."
OTHER = "A different story in the next column, with its own long paragraph, names and places."


def test_article_split_into_repeated_sections_is_read_whole() -> None:
    """One ``article__body`` block per section (an ad row between them): all of them, in
    order; a block with the same class in another column is another story."""
    section = '<div class="grid narrow"><div class="article__body">{}</div></div>'
    html = f"""<html><body><article class="main"><h1>Story</h1>
      {section.format(f"<p>{P1}</p><p>{P2}</p><p>{P1} {P2}</p>")}
      <div class="row full-bleed-ad">Advertisement</div>
      {section.format(f"<p>{P3}</p><p>{P4}</p><p>{P3} {P4}</p>")}
    </article>
    <div class="next-column"><div class="article__body"><p>{OTHER}</p><p>{OTHER}</p>
      <p>{OTHER}</p></div></div></body></html>"""
    body = extract_article(html, URL).article_body
    assert body == f"{P1}\n{P2}\n{P1} {P2}\n{P3}\n{P4}\n{P3} {P4}"


def test_embedded_post_survives_its_social_wrapper() -> None:
    tweet = "The campaign is real and it cost half a million dollars, said the governor"
    html = f"""<html><body><div class="entry-content"><p>{P1}</p>
      <div class="social-media-embed"><blockquote class="twitter-tweet"><p>{tweet}
      <a href="https://t.co/x">https://t.co/x</a></p>— Someone (@someone)
      <a href="https://twitter.com/someone/status/1">November 18, 2019</a></blockquote></div>
      <p>{P2}</p><div class="social-share"><a href="https://facebook.com/share">Share</a></div>
    </div></body></html>"""
    body = extract_article(html, URL).article_body
    assert tweet in body
    assert "Share" not in body


def test_captions_credits_and_story_rails_are_not_body() -> None:
    html = f"""<html><body><div class="ArticleBody-articleBody"><p>{P1}</p>
      <div class="InlineImage-wrapper"><img src="a.jpg">
        <div class="InlineImage-imageEmbedCaption">The minister, centre, at the opening.</div>
        <div class="InlineImage-imageEmbedCredit">Jane Doe | Agency | Getty Images</div></div>
      <p>{P2}</p><div class="photo"><img src="b.jpg">Crowds gathered in the square</div>
      <p>{P3}</p>
      <div class="latest-news-box"><div class="title">Our Latest Stories</div>
        <div><a href="/a/">Coach fired after loss</a> The club moved fast after the defeat</div>
        <div><a href="/b/">Draft results</a> What you need to know about the draft</div></div>
      <div class="rail rail--trending"><h3>Most read</h3><a href="/c/">Unrelated story</a></div>
    </div></body></html>"""
    assert extract_article(html, URL).article_body == f"{P1}\n{P2}\n{P3}"


def test_a_quotation_set_in_a_figure_is_read_its_photos_are_not() -> None:
    """HTML's markup for a quotation with its source is a <figure> holding the <blockquote>
    and a <figcaption>: every figure went as a photo's (WCXB-dev articles A 3 pages better, B 1
    better and 2 worse — a pull quote and an embedded post the truth leaves out)."""
    quote = "We will build the new line before the next elections, whatever it costs us."
    html = f"""<html><body><div class="entry-content"><p>{P1}</p>
      <figure class="pull-quote"><blockquote><p>{quote}</p></blockquote>
        <figcaption>The minister of transport</figcaption></figure>
      <p>{P2}</p><figure><img src="a.jpg"><figcaption>The new line, in May.</figcaption></figure>
      <p>{P3}</p></div></body></html>"""
    assert extract_article(html, URL).article_body == f"{P1}\n{quote}\n{P2}\n{P3}"


def test_blocks_titled_as_other_stories_are_dropped() -> None:
    teaser = "Un autre sujet de la rédaction, résumé en une phrase pour donner envie de cliquer"
    html = f"""<html><body><div class="entry-content"><p>{P1}</p><p>{P2}</p>
      <div class="block"><div class="title"><strong>À lire aussi</strong></div>
        <p><a href="/a/">Le port bat un record</a> {teaser}</p>
        <p><a href="/b/">La bourse termine en hausse</a> {teaser}</p></div>
      <p>{P3}</p>
      <h3>اقرأ أيضا</h3><ul><li><a href="/c/">خبر آخر</a> {teaser}</li></ul>
    </div></body></html>"""
    assert extract_article(html, URL).article_body == f"{P1}\n{P2}\n{P3}"


def test_a_heading_anchored_by_its_own_text_is_not_furniture_for_its_words() -> None:
    """WordPress's block editor gives each heading an id made of its text ("h-why-use-social-
    shopping"): "social" in it dropped the heading as a share bar. The same words in a theme's
    name for a block ("related-posts" on a div, "related" on a heading) still say furniture."""
    html = f"""<html><body><div class="entry-content"><p>{P1}</p>
      <h2 class="wp-block-heading" id="h-why-use-social-shopping">Why Use Social Shopping?</h2>
      <p>{P2}</p>
      <h3><span id="Read_More_About_Pricing">Read More About Pricing</span></h3><p>{P3}</p>
      <h3 id="related">Related</h3>
      <div id="related-posts">Related posts: a story you may like, and another one after it.</div>
    </div></body></html>"""
    assert extract_article(html, URL).article_body == (
        f"{P1}\nWhy Use Social Shopping?\n{P2}\nRead More About Pricing\n{P3}"
    )


INTRO = "We tested forty kettles over six months, in two kitchens, and these are the best."
CARD = "This kettle boils a litre in three minutes, pours cleanly, and stays quiet, too."
BETWEEN = "Between the picks, a word on prices: most good kettles cost less than you think."


def test_repeated_cards_are_read_with_the_prose_around_them() -> None:
    """A buying guide: an intro, then one product card per pick (same class), prose between
    them. The cards are the repeated blocks; the guide is their wrapper, whose extra text is
    prose with few links: the strict reading is the guide."""
    text = '<div class="card__text"><p>{0}</p><p>{1}</p><p>{1} Again.</p><p>{1} More.</p></div>'
    card = f'<div class="card"><h2><a href="/buy">Buy</a></h2><div><div>{text}</div></div></div>'
    html = f"""<html><body><main><h1>The best kettles</h1>
      <div class="guide"><p>{INTRO}</p>
        {card.format(f"{CARD} One.", CARD)}
        <p>{BETWEEN}</p>
        {card.format(f"{CARD} Two.", CARD)}
        {card.format(f"{CARD} Three.", CARD)}
      </div></main></body></html>"""
    readings = extract_body(parse_html(html), "The best kettles")
    strict = (readings.strict.text or "").splitlines()
    assert strict[0] == INTRO
    assert BETWEEN in strict
    assert f"{CARD} Three." in strict


DISCLAIMER = (
    "This material is not intended to replace the advice of a qualified advisor, and the "
    "information, while believed reliable, is not guaranteed; consult a professional first."
)


def test_a_long_footer_does_not_outscore_a_short_article() -> None:
    """A footer with enough prose to be kept (the guard for pages misnested inside one)
    outscores a short article; the headline is outside it, so the article is too."""
    html = f"""<html><body><main><h1>Renting vehicles safely</h1>
      <section><div><div class="text"><p>{P1}</p><p>{P2}</p></div></div></section></main>
      <footer><div><div class="legal"><p>{DISCLAIMER}</p><p>{DISCLAIMER}</p>
        <p>{DISCLAIMER}</p><p>{DISCLAIMER}</p></div></div></footer></body></html>"""
    assert extract_article(html, URL).article_body == f"{P1}\n{P2}"


def test_article_after_an_early_end_of_page_is_read() -> None:
    """A template that includes a header with its own ``</body></html>``: browsers ignore the
    early end tags and show the article after them; libxml2 stopped reading there."""
    html = f"""<html><head><title>Story</title></head><body>
      <header><nav><a href="/">Home</a></nav></header></body></html>
      <div class="page"><h1>Story</h1><div class="post"><p>{P1}</p><p>{P2}</p></div></div>
      <footer>© Site</footer></body></html>"""
    assert extract_article(html, URL).article_body == f"{P1}\n{P2}"


def test_a_list_of_outbound_links_is_the_articles_own() -> None:
    """Links to other sites (the tools a guide names, its sources) are part of the article;
    a list of links to the site's own pages is a menu or "related", and goes."""
    html = f"""<html><body><article><h1>Story</h1><div class="entry-content">
      <p>{P1}</p>
      <ul><li><a href="https://tools.example/meter">Fluke 117</a></li>
        <li><a href="https://shop.example.org/pliers">Long nose pliers</a></li></ul>
      <p>{P2}</p>
      <ul><li><a href="https://site.example/2025/other/">Another story</a></li>
        <li><a href="/2025/more/">More news</a></li></ul>
    </div></article></body></html>"""
    body = extract_article(html, URL).article_body
    assert body == f"{P1}\nFluke 117\nLong nose pliers\n{P2}"


def test_a_list_of_outbound_links_is_read_whole_with_its_wrapper() -> None:
    """AsciiDoc prints a list as ``div.ulist`` > ``ul`` > ``li`` > ``p`` > ``a``: the block
    that only wraps the list, and the paragraph in each item, are the list's, not link blocks
    of their own."""
    items = "".join(
        f'<li><p><a href="https://forge.example.net/pulls/{n}">Patch {n}: fix the parser</a></p>'
        "</li>"
        for n in range(1, 5)
    )
    html = f"""<html><body><article><h1>Story</h1><div class="entry-content">
      <p>{P1}</p><div class="ulist"><ul>{items}</ul></div><p>{P2}</p>
    </div></article></body></html>"""
    lines = (extract_article(html, URL).article_body or "").split("\n")
    assert lines == [P1, *(f"Patch {n}: fix the parser" for n in range(1, 5)), P2]


def test_end_tags_are_removed_only_when_content_follows_them() -> None:
    page = "<html><body><p>a</p></body>\n<!-- cached -->\n</html>\n"
    assert reopen_body(page) is page
    assert reopen_body("<p>a</p></body></HTML>\n<div>b</div></body></html>") == (
        "<p>a</p>\n<div>b</div>"
    )


def test_article_split_over_sibling_blocks_is_read_whole() -> None:
    """Readability's sibling step: a template that puts the opening of an article in one
    block and the rest in the next, then a closing note as a bare paragraph, has the best
    block hold only its part; siblings that score like article text join it, in order, and
    a sibling list of links does not."""
    opening = "The alert opens with the rule, the mines, the dates, and the injuries it counted."
    rest = [P1, P2, P4, f"{P2} {P1}"] * 2
    html = f"""<html><body><header class="banner"><h1>Safety alert</h1></header>
      <main><div class="layout">
        <div class="field-intro"><p>{opening}</p><p>{opening}</p><p>{opening}</p></div>
        <div class="field-body">{"".join(f"<p>{p}</p>" for p in rest)}</div>
        <p>{P3}</p>
        <div class="more"><a href="/a/">Another alert about ladders</a>
          <a href="/b/">Another alert about dust</a></div>
      </div></main></body></html>"""
    body = extract_article(html, URL).article_body or ""
    assert body.split("\n") == [opening, opening, opening, *rest, P3]


@pytest.mark.parametrize("copies", [1, 2])
def test_the_headline_repeated_in_a_sidebar_dialog_does_not_anchor_the_article(copies: int) -> None:
    """Nonprofit newsrooms' "Republish this story" dialog sits in the sidebar with the
    headline in an ``<h1>`` and a page of guidelines; the story's own title is no ``<h1>``.
    The article is not looked for beside that copy of the headline, however short the story
    is beside the dialog (a block holding a large share of the page is otherwise its layout,
    see ``test_headline_place``)."""
    rules = "".join(
        f"<p>Rule {i}: credit the writer, link back to the story, and keep the text whole.</p>"
        for i in range(6)
    )
    story = "".join(f"<p>{p}</p>" for p in (P1, P2, P3, P4, f"{P1} {P2}", f"{P3} {P4}") * copies)
    html = f"""<html><body class="single"><div class="layout">
      <div class="story"><h2 class="entry-title">Six shows to watch</h2>{story}</div>
      <div class="sidebar"><div class="follow-us widget"><div id="tracker-modal" class="modal">
        <div class="article-info"><h1>Six shows to watch</h1></div>{rules}</div></div></div>
    </div></body></html>"""
    body = extract_article(html, URL).article_body or ""
    assert body.startswith(P1)
    assert "Rule 1" not in body


def test_a_highlighted_code_blocks_comments_are_code() -> None:
    """highlight.js names a code comment ``hljs-comment`` and a C include ``hljs-meta``:
    words that name furniture elsewhere, but inside ``<pre>`` they are the code's text."""
    code = (
        '<pre><code class="hljs bash"><span class="hljs-comment"># initialize git</span>\n'
        'git init\n<span class="hljs-meta">#include &lt;string.h&gt;</span></code></pre>'
    )
    html = (
        f'<html><body><div class="entry-content"><p>{P1}</p>{code}<p>{P2}</p></div></body></html>'
    )
    body = extract_article(html, URL).article_body or ""
    assert "# initialize git\ngit init\n#include <string.h>" in body  # the block's lines


def test_a_code_block_pasted_with_line_breaks_keeps_its_lines() -> None:
    """An editor's paste gives ``<pre>import os<br>import sys</pre>``: a browser shows two
    lines, and the words are not glued into "osimport"."""
    code = "<pre>#!/usr/bin/env python3<br><br>import os<br><!-- x --><b>import</b> sys</pre>"
    html = (
        f'<html><body><div class="entry-content"><p>{P1}</p>{code}<p>{P2}</p></div></body></html>'
    )
    body = extract_article(html, URL).article_body or ""
    assert f"{P1}\n#!/usr/bin/env python3\nimport os\nimport sys\n{P2}" == body


def test_a_page_builders_text_and_heading_widgets_are_the_article() -> None:
    """Elementor calls every block a widget: its heading and text-editor widgets are the
    article; a widget of the sidebar is still furniture."""

    def widget(kind: str, inner: str) -> str:
        return (
            f'<div class="elementor-element elementor-element-4f3b{len(inner) % 97} '
            f'elementor-widget elementor-widget-{kind}">{inner}</div>'
        )

    html = f"""<html><body><div class="page"><div class="elementor-widget-wrap">
      {widget("heading", "<h2>Why the budget matters</h2>")}
      {widget("text-editor", f"<p>{P1}</p><p>{P2}</p>")}
      {widget("heading", "<h2>What comes next</h2>")}
      {widget("text-editor", f"<p>{P3}</p><p>{P4}</p>")}
      {widget("heading", "<h2>And after</h2>")}
      {widget("text-editor", f"<p>{P2}</p><p>{P1}</p>")}
      </div><div class="widget widget_recent_entries"><h3>Recent posts</h3>
        <ul><li><a href="/a/">Another story</a></li></ul></div>
    </div></body></html>"""
    body = extract_article(html, URL).article_body or ""
    assert body.split("\n") == [
        "Why the budget matters", P1, P2, "What comes next", P3, P4, "And after", P2, P1
    ]  # fmt: skip


def test_a_page_builders_first_and_last_blocks_are_of_their_kind() -> None:
    """SiteOrigin names every block ``so-panel widget widget_text`` and marks the first and
    last of a row ``panel-first-child``/``panel-last-child``: the blocks are judged together,
    wherever they stand (the first and the last alone hold too little of the page)."""
    texts = [P1, P2, P3, P4, P2 + " " + P1, P4 + " " + P3]
    places = ["panel-first-child", "", "", "", "", "panel-last-child"]
    panels = "".join(
        f'<div class="so-panel widget widget_text {place}"><div class="textwidget">'
        f"<p>{text}</p></div></div>"
        for text, place in zip(texts, places, strict=True)
    )
    html = (
        f'<html><body><div class="page"><div class="panel-grid">{panels}</div></div></body></html>'
    )
    body = (extract_article(html, URL).article_body or "").split("\n")
    assert body == texts


def test_a_sentence_with_links_stays_a_link_label_goes() -> None:
    """A paragraph that is mostly links is dropped when it is a label ("Read more: <a>…</a>"),
    kept when it is a sentence of the article with its links in it."""
    linked = (
        '<p>The <a href="/guide/">council guide to budgets</a> explains it, and '
        '<a href="/votes/">every vote since 2019</a> is listed.</p>'
    )
    label = '<p>Read more: <a href="/other/">Another story about the council budget</a></p>'
    html = (
        '<html><body><div class="entry-content">'
        f"<p>{P1}</p>{linked}<p>{P2}</p>{label}<p>{P3}</p></div></body></html>"
    )
    body = (extract_article(html, URL).article_body or "").split("\n")
    assert body == [
        P1, "The council guide to budgets explains it, and every vote since 2019 is listed.", P2, P3
    ]  # fmt: skip


def test_a_list_of_sentences_with_links_stays_a_list_of_stories_goes() -> None:
    """A list whose every item is a sentence with links in it is the article's prose, however
    many of its words are link text; a list of the site's stories (a link, a date) is not."""
    sentences = (
        '<ul><li>It is in my lists of the <a href="/spas/">ten best hotel spas in the world</a>'
        ' and <a href="/beaches/">the most amazing beach hotels of Asia</a>.</li>'
        '<li>Read <a href="/review/">my review of the resort on the bay</a>.</li></ul>'
    )
    stories = (
        '<ul><li><a href="/2025/a/">The council meets again on the budget</a> 12 May</li>'
        '<li><a href="/2025/b/">A new bridge opens over the river at last</a> 11 May</li></ul>'
    )
    html = (
        '<html><body><div class="entry-content">'
        f"<p>{P1}</p>{sentences}<p>{P2}</p>{stories}<p>{P3}</p></div></body></html>"
    )
    body = (extract_article(html, URL).article_body or "").split("\n")
    assert body == [
        P1,
        "It is in my lists of the ten best hotel spas in the world and the most amazing beach"
        " hotels of Asia.",
        "Read my review of the resort on the bay.",
        P2,
        P3,
    ]


def test_the_faq_after_the_article_is_read_with_it() -> None:
    """A guide's questions and answers in a block of their own after the text, in the
    article's column, are the article's; a FAQ block in the sidebar, or before the article,
    is not."""
    faq = (
        '<div class="faq-section"><h2>Frequently asked questions</h2>'
        "<h3>How long does the permit take?</h3><p>About six weeks from the day the council"
        " receives a complete application, longer in the summer.</p></div>"
    )
    html = f"""<html><body><div class="page"><main>
      <div class="promo faq-teaser"><p>Questions? Our FAQ answers the ones readers ask us
      most, from the permits to the fees and the forms.</p></div>
      <div class="column"><h1>How to get a building permit</h1>
        <div class="content"><div class="post-body"><p>{P1}</p><p>{P2}</p><p>{P3}</p>
          <p>{P4}</p><p>{P1}</p></div>
        <div class="share">Share this guide</div></div>
        <div class="after-post">{faq}</div></div>
      <aside><div class="faq"><p>Is the newsletter free? Yes, and it comes every Monday to
      every reader who asks for it.</p></div></aside>
    </main></div></body></html>"""
    body = (extract_article(html, URL).article_body or "").split("\n")
    assert body == [
        P1,
        P2,
        P3,
        P4,
        P1,
        "Frequently asked questions",
        "How long does the permit take?",
        "About six weeks from the day the council receives a complete application, longer"
        " in the summer.",
    ]


def test_an_introduction_set_beside_the_headline_opens_the_body() -> None:
    """A page builder's hero section holds the headline and the guide's opening paragraphs;
    the text's block comes after it. Two paragraphs or more between them are the article's
    opening (each once: the hero repeats itself for small screens); one alone is a dek."""
    intro = (
        "Whether you are planning a road trip or a week in one city, the car you rent shapes"
        " the whole journey, from the first mile to the return desk."
    )
    more = (
        "We spent three months driving the western states, and compared the companies on"
        " price, fleet, service and the fees nobody mentions at the counter."
    )
    hero = f"<p>{intro}</p><p>{more}</p><div class='mobile'><p>{intro}</p></div>"
    paragraphs = [f"{p} {q}" for p in (P1, P2, P3, P4) for q in (P1, P2, P3, P4)]
    text = "<div class='blog-body'>" + "".join(f"<p>{p}</p>" for p in paragraphs) + "</div>"
    page = (
        "<html><body><main><section class='hero'><div class='hero-text'><h1>The best car"
        f" rentals</h1>{hero}</div></section><section class='content'><div class='wrap'>"
        f"{text}</div></section></main></body></html>"
    )
    assert (extract_article(page, URL).article_body or "").split("\n") == [
        intro, more, *paragraphs
    ]  # fmt: skip
    dek_only = page.replace(f"<p>{more}</p>", "").replace(
        f"<div class='mobile'><p>{intro}</p></div>", ""
    )
    assert (extract_article(dek_only, URL).article_body or "").split("\n") == paragraphs


def test_only_the_headlines_h1_leaves_the_text() -> None:
    """The headline has its own field; an ``<h1>`` a block editor gave a section of the text
    is a heading of the article and stays."""
    html = (
        '<html><body><article><h1>Council approves the budget</h1><div class="entry-content">'
        f"<p>{P1}</p><p>{P2}</p><h1>What comes next</h1><p>{P3}</p><p>{P4}</p></div>"
        "</article></body></html>"
    )
    item = extract_article(html, URL)
    assert item.headline == "Council approves the budget"
    assert (item.article_body or "").split("\n") == [P1, P2, "What comes next", P3, P4]


def test_control_labels_and_invisible_lines_are_not_text() -> None:
    """A line holding only a zero-width joiner, a "Toggle" button, the heading of a table of
    contents whose links are gone: nothing a reader reads as the article."""
    html = (
        '<html><body><div class="entry-content"><p>Table of Contents</p>'
        '<button class="toc-toggle">Toggle</button>'
        f"<p>{P1}</p><p>\u200d</p><p>{P2}</p><p>Read more »</p><p>{P3}</p></div></body></html>"
    )
    assert (extract_article(html, URL).article_body or "").split("\n") == [P1, P2, P3]


def test_repeated_sections_keep_the_heading_beside_each_body() -> None:
    """AsciiDoc's ``sect1`` holds an ``h2`` and a ``sectionbody``: the bodies are the repeated
    blocks, and each one's title sits just before it, outside it."""
    section = '<div class="sect1"><h2 id="s{0}">{1}</h2><div class="sectionbody">{2}</div></div>'
    html = f"""<html><body><h1>Progress report</h1><div class="content">
      {section.format(1, "What the project is", f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>")}
      {section.format(2, "What changed this month", f"<p>{P4}</p><p>{P2}</p><p>{P3}</p>")}
    </div></body></html>"""
    lines = (extract_article(html, URL).article_body or "").split("\n")
    assert lines == ["What the project is", P1, P2, P3, "What changed this month", P4, P2, P3]


def test_a_link_list_section_between_prose_sections_is_read_with_them() -> None:
    """A section that is mostly a list of links (the patches a progress report sent, each a
    link to its review) set between sections of prose is one of the article's sections: only
    the repeated blocks before the first and after the last prose one may be other stories."""
    section = '<div class="sect1"><h2 id="s{0}">{1}</h2><div class="sectionbody">{2}</div></div>'
    links = "".join(
        f'<li><a href="https://forge.example.net/pulls/{n}">Patch {n}: fix the {n}th'
        f" corner case of the parser</a></li>"
        for n in range(1, 9)
    )
    html = f"""<html><body><h1>Progress report</h1><div class="content">
      {section.format(1, "What the project is", f"<p>{P1}</p><p>{P2}</p><p>{P3}</p>")}
      {section.format(2, "Patches sent", f"<p>Patches sent for review:</p><ul>{links}</ul>")}
      {section.format(3, "What changed this month", f"<p>{P4}</p><p>{P2}</p><p>{P3}</p>")}
    </div></body></html>"""
    lines = (extract_article(html, URL).article_body or "").split("\n")
    assert lines[:5] == ["What the project is", P1, P2, P3, "Patches sent"]
    assert "Patch 8: fix the 8th corner case of the parser" in lines
    assert lines[-4:] == ["What changed this month", P4, P2, P3]


def test_an_sms_signup_box_inside_the_article_is_not_its_text() -> None:
    """A deals box asking for a phone number to text offers to ("Sign Me Up", "By signing up,
    you agree to receive recurring automated SMS messages"): a sign-up box like the e-mail one.
    A phone field alone says nothing (a quote calculator's number field stays)."""
    box = (
        '<section class="my-12 p-8"><div class="font-bold">Be the first to know!</div>'
        '<div class="mt-2">Get editor selected deals texted right to your phone!</div>'
        '<form><input type="tel" placeholder="Enter Phone Number"><button>Sign Me Up</button>'
        '</form><div class="text-xs">By signing up, you agree to receive recurring automated'
        " SMS marketing messages. Msg and data rates may apply.</div></section>"
    )
    lines = (extract_article(_story_around(box), URL).article_body or "").split("\n")
    assert lines == [P1, P2, P3]
    calculator = (
        '<div class="calc"><div class="mt-2">Your quote in a minute.</div><form>'
        '<input type="tel" placeholder="ZIP code"><button>Get my quote</button></form></div>'
    )
    lines = (extract_article(_story_around(calculator), URL).article_body or "").split("\n")
    assert "Your quote in a minute." in lines


def _story_around(box: str) -> str:
    """A story whose box sits between its first and second paragraphs."""
    return (
        f'<html><body><article><h1>Story</h1><div class="entry-content"><p>{P1}</p>{box}'
        f"<p>{P2}</p><p>{P3}</p></div></article></body></html>"
    )


def test_a_newsletter_box_inside_the_article_is_not_its_text() -> None:
    """A sign-up box set between paragraphs, named only by utility classes: its e-mail field
    tells it. A field outside a form, or a short article around the form, stays."""
    box = (
        '<section class="my-12 p-8"><div class="font-bold">Deals, hand-picked for you.</div>'
        '<div class="mt-2">Sign up now for our deals newsletter.</div>'
        '<form><input type="email" placeholder="Enter Email"><button>Sign Me Up</button></form>'
        '<div class="text-xs">By clicking Sign Me Up, you agree to our Terms of Use.</div>'
        "</section>"
    )
    html = _story_around(box)
    assert (extract_article(html, URL).article_body or "").split("\n") == [P1, P2, P3]
    html = (
        f'<html><body><article><h1>Story</h1><div class="entry-content"><p>{P1}</p>'
        f'<p>{P2} <input type="email"></p><p>{P3}</p><p>{P4}</p></div></article></body></html>'
    )
    assert (extract_article(html, URL).article_body or "").split("\n") == [P1, P2, P3, P4]
    # A short post of one paragraph, its sign-up form beside it: the paragraph is the post's.
    short = (
        f'<html><body><div class="box"><p>{P1} {P2}</p><form><input type="email"></form></div>'
        "</body></html>"
    )
    assert extract_body(parse_html(short)).strict.text == f"{P1} {P2}"


def test_affiliate_disclosures_and_calls_to_action_are_not_the_article() -> None:
    """Blocks named ``disclosure`` (an affiliate notice), ``cta`` (a call to action) or
    ``copyright`` inside the post, the Simple Author Box plugin's bio (``saboxplugin``), and
    the notes a Markdown site renders under the post (``footnotes``): not the article's
    running text (the raw page keeps them)."""
    html = (
        '<html><body><article><h1>Story</h1><div class="entry-content">'
        '<div class="affiliate-disclosure">We may earn a commission when you buy through links'
        f" on our site, at no extra cost to you.</div><p>{P1}</p><p>{P2}</p>"
        '<div class="wp-block-cta"><h3>Ready to start?</h3><p>Book a free consultation with'
        f" our team today and get a quote.</p></div><p>{P3}</p><p>{P4}</p><p>{P1} {P2}</p>"
        '<p class="post-copyright">Copyright 2025 The Site Example. All rights reserved.</p>'
        '<div class="saboxplugin-wrap"><div class="saboxplugin-desc"><p>Jane writes about the'
        " harbour, the council and the weather, and has done so for twenty years.</p></div>"
        "</div>"
        '<div class="footnotes" role="doc-endnotes"><hr><ol><li id="fn:1"><p>Council minutes,'
        ' 12 April 2025, page 4. <a href="#fnref:1">↩</a></p></li></ol></div>'
        "</div></article></body></html>"
    )
    lines = (extract_article(html, URL).article_body or "").split("\n")
    assert lines == [P1, P2, P3, P4, f"{P1} {P2}"]


def test_a_block_in_the_role_of_a_dialog_is_furniture() -> None:
    """``role="dialog"`` makes a ``<div>`` a ``<dialog>``: a modal set inside the article's
    markup (a "share this story" sheet) is not read with it."""
    html = (
        f'<html><body><article><h1>Story</h1><div class="entry-content"><p>{P1}</p><p>{P2}</p>'
        '<div role="dialog" aria-modal="true"><p>Share this story with a friend: copy the link'
        f" below, or send it by e-mail.</p></div><p>{P3}</p></div></article></body></html>"
    )
    assert (extract_article(html, URL).article_body or "").split("\n") == [P1, P2, P3]


def test_no_container_outside_the_body() -> None:
    """A shop's grid of linked items sits directly in the ``<body>``: link-heavy, the body
    scores low, and its ``<html>`` (whose long ``<head>`` text dilutes the links) once took
    the top score — a container outside the body, which the reader then failed on with an
    IndexError instead of reading the page."""
    name = "Product number {i}, " + "with a long name to link, " * 8
    item = (
        f'<li><a href="/p/{{i}}">{name}</a> sold by a shop with four stars, free delivery'
        " and returns within thirty days.</li>"
    )
    html = (
        f'<html class="no-js"><head><title>Best sellers {"in books " * 3000}</title></head>'
        f"<body>{''.join(item.format(i=i) for i in range(30))}</body></html>"
    )
    readings = extract_body(parse_html(html), "Best sellers", URL)
    assert readings.strict.text is not None
    assert "Product number 29, " in readings.strict.text


def test_a_space_after_a_removed_element_is_kept() -> None:
    """A script or an ad between two words, then a space: removing the element used to drop
    a tail that was only a space, and "Port breaks" became "Portbreaks"."""
    html = (
        f'<html><body><div class="entry-content"><p>{P1}</p><p><b>Port</b><script>x()</script>'
        f" <i>breaks</i> record, with more words for the reader to read.</p></div></body></html>"
    )
    assert "Port breaks record" in (extract_article(html, URL).article_body or "")


def test_the_body_itself_is_not_promoted_out_of_the_page() -> None:
    """The same story at three depths (a page builder's copies) and prose directly in the
    ``<body>``: the body scores best, with three rivals near it, and Readability's
    unification climbed from it to the ``<html>`` — outside the root, an IndexError (found
    by the fuzz test, seed 1202, on a mutated fixture)."""
    story = '<div class="entry-content">' + f"<p>{P1}</p>" * 10 + "</div>"
    html = (
        f'<html class="no-js"><body class="page">{f"<p>{P2}</p>" * 4}{story}'
        f"<div>{story}</div><div><div>{story}</div></div></body></html>"
    )
    readings = extract_body(parse_html(html), None, URL)
    assert readings.strict.text is not None
    assert P1 in readings.strict.text


P3_STORY = "A third paragraph closes the story, with a quote from the mayor, and a date."
BIO = (
    "Jane Roe has covered city hall, the courts, and the county's schools for twenty years, "
    "first for the evening paper, then for the radio, and now for this site; she teaches "
    "reporting, edits the weekend edition, and answers readers' letters, long and short. "
)
TERMS = (
    "This material is for information only, is not advice, and may not reflect our current "
    "opinion; it was obtained from sources believed reliable, but is not guaranteed, and no "
    "part of it may be reproduced, in whole or in part, without our written consent. "
)


def _page_with_headline(heading: str) -> str:
    """A short story under ``heading`` beside a longer block of comma-rich prose: which of
    the two is the article only the headline tells."""
    return f"""<html><head><title>Council delays the budget vote | Site</title></head><body>
    <div class="wrap"><div class="post">{heading}<div class="post-body"><p>{P1}</p>
    <p>{P2}</p><p>{P3_STORY}</p></div></div>
    <div class="box"><p>{BIO}</p><p>{TERMS}</p></div></div></body></html>"""


def test_the_headline_in_a_lower_heading_places_the_article() -> None:
    """Blogger's post title is an ``<h3 class="post-title">``, and themes that keep the
    ``<h1>`` for the site's name put the story's in an ``<h2>``: the headline's element is
    where the article is, whatever its tag, and it does not stay in the body's HTML. Before,
    only an ``<h1>`` was looked for, and a longer bio or disclaimer won on length."""
    for heading in (
        "<h3 class='post-title entry-title'><a href='/p/1'>Council delays the budget vote</a></h3>",
        "<h2>Council delays the budget vote</h2>",
    ):
        item = extract_article(_page_with_headline(heading), URL)
        assert item.headline == "Council delays the budget vote"
        assert item.article_body == f"{P1}\n{P2}\n{P3_STORY}"
        assert "Council delays" not in (item.article_body_html or "")


def test_the_headline_in_a_styled_block_places_the_article() -> None:
    """No heading at all: the headline is a ``<div>`` (or a ``<p>``) styled as one. Not a
    link to the story from a teaser or a breadcrumb, which is not where the story is."""
    breadcrumb = "<div class='crumbs'><a href='/p/1'>Council delays the budget vote</a></div>"
    heading = "<div class='story-title'><span>Council delays the budget vote</span></div>"
    page = _page_with_headline(heading).replace("<body>", "<body>" + breadcrumb)
    assert extract_article(page, URL).article_body == f"{P1}\n{P2}\n{P3_STORY}"


def test_a_sections_header_is_part_of_the_article() -> None:
    """HTML's ``<header>`` is a section's as well as the page's: a guide whose every part is a
    ``<section>`` with its title in a ``<header>`` keeps those titles. The article's own header
    (its ``<h1>``, the byline) and the page's stay out, and so does a header with no heading
    (a forum post's name and date)."""
    html = f"""<html><body><header><h2>Site News</h2><nav><a href="/">Home</a></nav></header>
    <article><header><h1>Nine myths</h1><p>By Jane Roe, April 12</p></header>
      <section><header><h2>1. Myth: all fat is bad</h2></header><p>{P1}</p></section>
      <section><header><h3>2. Myth: frozen is worse</h3></header><p>{P2}</p></section>
      <section><header><span>Posted by reader42</span></header><p>{P3_STORY}</p></section>
    </article></body></html>"""
    body = extract_article(html, URL).article_body
    assert body == (f"1. Myth: all fat is bad\n{P1}\n2. Myth: frozen is worse\n{P2}\n{P3_STORY}")


def test_the_substring_prefilters_cover_every_name_the_patterns_know() -> None:
    """is_content() and the ad test look for a few words in C before running their regexes:
    a name added to a pattern without one of those words would never be tested."""
    from newsarchive.extract import boilerplate

    inner = boilerplate.CONTENT_HINTS.pattern.removeprefix(r"\b(?:").removesuffix(r")\b")
    names = inner.split("|")
    assert len(names) > 10
    for name in names:
        assert any(word in name for word in ("body", "content", "text", "entry")), name
    first, rest = boilerplate._AD_CLASS.pattern.split("|", 1)  # the rest: \bad(?:spot|…)
    assert first == "td-a-rec"
    assert rest.startswith(r"\bad(")
