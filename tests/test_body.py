from __future__ import annotations

from newsarchive.extract import extract_article

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
