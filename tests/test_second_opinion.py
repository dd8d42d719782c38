"""The body's second opinion: asked only where the first reading looks wrong."""

from __future__ import annotations

from newsarchive.extract.body import Body, BodyReadings
from newsarchive.extract.second_opinion import choose_body, needs_second_opinion

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


def test_the_reading_that_agrees_with_it_is_kept() -> None:
    whole = "\n".join(
        f"{ARTICLE[i * 80 : (i + 1) * 80]} more words follow here." for i in range(12)
    )
    short = whole.split("\n")[0]
    chosen = choose_body(readings(short, wide=whole), PAGE, "https://s.example/a/")
    assert chosen.source == "newsarchive-wide"


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
