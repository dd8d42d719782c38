"""The body's second opinion: asked only where the first reading looks wrong."""

from __future__ import annotations

from lxml import etree

from newsarchive.extract.body import Body, BodyReadings
from newsarchive.extract.html import parse_html
from newsarchive.extract.second_opinion import (
    choose_body,
    needs_second_opinion,
    trafilatura_authors,
)

ARTICLE = " ".join(
    f"Paragraph {i} of the story tells what happened, where and to whom, in plain words."
    for i in range(12)
)
PAGE = (
    "<html><body><main><h1>What happened</h1>"
    + "".join(f"<p>{ARTICLE[i * 80 : (i + 1) * 80]} more words follow here.</p>" for i in range(12))
    + "</main></body></html>"
)


def readings(strict: str | None, wide: str | None = None, prose: int = 1000) -> BodyReadings:
    wide_body = Body(wide, wide, "newsarchive-wide") if wide is not None else None
    return BodyReadings(Body(strict, strict), wide_body, prose, prose)


def test_a_plausible_reading_is_kept_without_asking() -> None:
    plausible = readings("x " * 400, prose=900)
    assert not needs_second_opinion(plausible)
    assert choose_body(plausible, PAGE, "https://s.example/a/").source == "newsarchive"


def test_an_empty_reading_takes_the_second_opinion() -> None:
    body = choose_body(readings(None), PAGE, "https://s.example/a/")
    assert body.source == "trafilatura"
    assert "Paragraph 0 of the story" in (body.text or "")
    assert (body.html or "").startswith("<p>")


WHOLE = "\n".join(f"{ARTICLE[i * 80 : (i + 1) * 80]} more words follow here." for i in range(12))


def test_the_reading_that_agrees_with_it_is_kept() -> None:
    """Both of ours short against the page's prose, the wide one a little longer: the one
    trafilatura's reading agrees with is kept."""
    most = "\n".join(WHOLE.split("\n")[:9])
    chosen = choose_body(readings(most, wide=WHOLE, prose=20_000), PAGE, "https://s.example/a/")
    assert chosen.source == "newsarchive-wide"
    assert chosen.text == WHOLE


def test_a_much_wider_reading_is_kept_without_asking() -> None:
    """The headline's wrapper holding far more prose than the strict block: on the dev pages
    trafilatura sided with the wide reading 17 times in 20, and the wide one scored better
    than its choice in two of the other three. Here its reading of the page is another
    story altogether, and the wide reading still stands."""
    steps = " ".join(
        f"Step {i}: whisk the eggs, fold in the flour, bake it slowly." for i in range(30)
    )
    other_page = f"<html><body><main><h1>Cake</h1><p>{steps}</p></main></body></html>"
    short = WHOLE.split("\n")[0]
    chosen = choose_body(readings(short, wide=WHOLE), other_page, "https://s.example/a/")
    assert chosen.source == "newsarchive-wide"


def test_the_wide_reading_is_measured_against_the_text_without_its_introduction() -> None:
    """An introduction read into the strict reading (body._introduction) is in the wide one
    too: the wide reading is kept when it is much wider than the strict reading's text
    without it, as before the introduction was read."""
    intro, text, wide = "i " * 100, "t " * 200, "w " * 400
    with_intro = BodyReadings(
        Body(intro + text, None), Body(wide, None, "newsarchive-wide"), 900, 900
    )
    assert choose_body(with_intro, PAGE, "https://s.example/a/").source == "newsarchive"
    with_intro.core_chars = len(text)
    assert choose_body(with_intro, PAGE, "https://s.example/a/").source == "newsarchive-wide"


def anchored(strict: str, prose: int) -> BodyReadings:
    return BodyReadings(Body(strict, strict), None, prose, prose, anchored=True)


def test_a_short_article_by_its_headline_is_not_second_guessed() -> None:
    """Long teasers elsewhere on the page are no evidence against a short article whose
    container holds the headline: two paragraphs stand."""
    two_paragraphs = f"{ARTICLE[:170]}\n{ARTICLE[170:340]}"
    assert not needs_second_opinion(anchored(two_paragraphs, prose=3000))


def test_a_teaser_length_reading_by_its_headline_is_checked() -> None:
    """A line under the headline (a standfirst, a caption) while the page holds ten times
    more prose: trafilatura is asked, and its reading taken when ours does not agree."""
    line = ARTICLE[:120]
    assert needs_second_opinion(anchored(line, prose=3000))
    body = choose_body(anchored(line, prose=3000), PAGE, "https://s.example/a/")
    assert body.source == "trafilatura"
    assert "Paragraph 11 of the story" in (body.text or "")


def test_trafilaturas_byline_reader_works_on_the_plain_tree() -> None:
    """trafilatura is handed our parsed page as it is (plain lxml elements, not lxml.html's):
    a version that needs more of the tree would fail this, not quietly find no author. Its
    copy is pruned, not ours."""
    doc = parse_html(
        '<html><body><article><h1>Story</h1><div class="byline">By Jane Doe</div>'
        f"<p>{ARTICLE}</p></article></body></html>"
    )
    before = etree.tostring(doc)
    assert trafilatura_authors(doc) == ["Jane Doe"]
    assert etree.tostring(doc) == before
