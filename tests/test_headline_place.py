"""Where the page prints its headline: the element the body, byline and date readers start
from (:mod:`newsarchive.extract.headline_place`)."""

from __future__ import annotations

import pytest

from newsarchive.extract.headline_place import headline_element
from newsarchive.extract.html import parse_html, text_len, text_longer_than

HEADLINE = "Council approves the budget"
STORY = "".join(
    f"<p>The council voted on item {i}, after a long debate on costs.</p>" for i in range(12)
)
LINKS = "".join(f"<li><a href='/p/{i}'>Another story {i}</a></li>" for i in range(4))


def _placed(html: str) -> tuple[str, str] | None:
    doc = parse_html(html)
    found = headline_element(doc.find("body"), HEADLINE)
    return None if found is None else (found.tag, found.get("id") or "")


@pytest.mark.parametrize(
    "column",
    [
        "<div class='content-sidebar-wrap'>",  # Genesis themes
        "<div class='content-area newspaper-x-sidebar'>",
        "<section class='container-article-with-sidebar'>",
        "<aside class='announcement-banner'>",  # a page wrapped whole in an aside
    ],
)
def test_a_content_column_named_for_the_sidebar_beside_it_holds_the_headline(column: str) -> None:
    """Themes flag the column of a page that has a sidebar with the word: the ``<h1>`` in it
    is the story's. Before, the word made it page furniture and the readers lost their
    anchor (dates read elsewhere, the body placed by length alone)."""
    tag = column[1 : column.index(" ")]
    html = (
        f"<html><body>{column}<h1 id='story'>{HEADLINE}</h1>{STORY}</{tag}>"
        f"<aside class='sidebar'><h3>Latest</h3><ul>{LINKS}</ul></aside></body></html>"
    )
    assert _placed(html) == ("h1", "story")


def test_the_headline_in_a_dialog_or_a_sidebar_list_is_not_the_storys() -> None:
    """The "Republish this story" dialog repeats the headline in an ``<h1>``, a sidebar
    lists it in an ``<h3>``: small blocks beside the story, which is placed by its ``<h2>``."""
    dialog = f"<div class='modal'><h1>{HEADLINE}</h1><p>Credit the writer.</p></div>"
    sidebar = f"<div class='sidebar'><h3><a href='/p/1'>{HEADLINE}</a></h3><ul>{LINKS}</ul></div>"
    html = (
        f"<html><body><main>{sidebar}<article><h2 id='story'>{HEADLINE}</h2>{STORY}</article>"
        f"{dialog}</main></body></html>"
    )
    assert _placed(html) == ("h2", "story")


def test_an_h1_opening_with_the_headline_is_its_heading() -> None:
    """Slashdot's ``<h1>`` prints the headline, then the source and the comment count; the
    same headline in the comments' ``<h2>`` is not where the story is."""
    html = (
        f"<html><body><article><h1 id='story'><a href='/s/1'>{HEADLINE}</a> (example.org) "
        f"<span>139</span></h1>{STORY}</article><section class='comments'><h2>{HEADLINE}</h2>"
        "</section></body></html>"
    )
    assert _placed(html) == ("h1", "story")


@pytest.mark.parametrize(
    "h1",
    [
        f"{HEADLINE}s approved",  # a letter right after the headline: another headline
        f"{HEADLINE} and the two committees' reports on the city's finances",  # over twice
    ],
)
def test_an_h1_that_only_starts_like_the_headline_is_not_its_heading(h1: str) -> None:
    html = f"<html><body><h1>{h1}</h1>{STORY}<h2 id='story'>{HEADLINE}</h2></body></html>"
    assert _placed(html) == ("h2", "story")


@pytest.mark.parametrize("headline", ["", "   ", None])
def test_no_headline_places_nothing(headline: str | None) -> None:
    """An empty headline is printed by every empty element: none is its heading."""
    doc = parse_html(f"<html><body><h1> </h1><span> </span>{STORY}</body></html>")
    assert headline_element(doc.find("body"), headline) is None


@pytest.mark.parametrize(
    "markup",
    [
        "<div></div>",
        "<div>   </div>",
        "<div>a</div>",
        "<div> a  b </div>",
        "<div>ab<b>cd</b> ef<i> </i>gh\n\n\tij</div>",
        "<div>" + "word " * 50 + "</div>",
        "<div>" + " " * 500 + "x" + " " * 500 + "y</div>",
        "<div>" + "<p>  </p>" * 40 + "<p>z</p></div>",
        "<div>" + "\u00a0" * 30 + "nbsp\u00a0spaces" + "<span>\u2003</span>" * 20 + "</div>",
    ],
)
def test_a_text_longer_than_a_limit_is_told_as_its_length_tells_it(markup: str) -> None:
    node = parse_html(f"<html><body>{markup}</body></html>").find(".//div")
    for limit in range(0, text_len(node) + 3):
        assert text_longer_than(node, limit) == (text_len(node) > limit), limit
