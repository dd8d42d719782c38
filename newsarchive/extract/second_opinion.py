"""A second opinion where the first reading looks wrong (the body) or found nothing (authors).

The body extractor offers a strict reading and, when the headline's wrapper holds more prose,
a wide one (:class:`~.body.BodyReadings`). Most pages need nothing more: the strict reading is
taken. When it is much shorter than the wide reading, the wide one is taken: trafilatura,
asked there until December 2026, sided with the wide reading on 17 of 20 such dev article
pages, and the wide reading scored better than its choice on two of the other three. When the
strict reading is empty or far shorter than the page's paragraphs, trafilatura, an
independent extractor with its own fallbacks (readability, jusText), is asked, and the
reading that agrees with it best is kept; when neither of ours agrees with it at all, its
text is taken. Agreement is the benchmark's own measure (F1 of 4-word shingles).

Measured on the dev corpora (docs/extraction.md): asked on about 2 % of article pages, it
lifts WCXB-dev body F1 by about 0.01 and leaves AEB dev unchanged.
"""

from __future__ import annotations

import functools
import html
import logging
from types import ModuleType
from typing import cast

from lxml import etree

from ..quality import score_page
from .body import Body, BodyReadings
from .bounds import untagged
from .html import HtmlElement
from .sanitize import sanitize_html

logger = logging.getLogger(__name__)

# The wide reading is taken without asking when it is this many times the strict one.
WIDE_RATIO = 1.5
# trafilatura is asked when the strict reading holds less than this share of the page's
# paragraph text...
PROSE_SHARE = 0.3
# ...even beside the headline, when it is shorter than this (characters).
SHORT_READING = 300
# Below this agreement with the second opinion, neither of our readings is trusted.
MIN_AGREEMENT = 0.3


def needs_second_opinion(readings: BodyReadings) -> bool:
    """Whether trafilatura is asked: the strict reading is empty, or far shorter than the
    page's paragraphs, and no much wider reading stands in for it."""
    strict = readings.strict.text or ""
    if not strict:
        return True
    if _wider_reading(readings) is not None:
        return False
    # A short article beside long teasers is still short: when its container holds the
    # headline, the page's other paragraphs are not taken as evidence against it — unless
    # the reading is a line or two (a teaser's worth), where asking costs little.
    if len(strict) >= PROSE_SHARE * readings.page_prose:
        return False
    return not readings.anchored or len(strict) < SHORT_READING


def _wider_reading(readings: BodyReadings) -> Body | None:
    """The wide reading, when it holds far more than a strict one that found something
    (without the strict reading's introduction: the wide one holds it too)."""
    strict, wide = readings.strict.text or "", readings.wide
    if not strict or wide is None:
        return None
    core = readings.core_chars if readings.core_chars is not None else len(strict)
    return wide if len(wide.text or "") > WIDE_RATIO * core else None


def choose_body(readings: BodyReadings, page: str, url: str) -> Body:
    """The reading to keep for ``page`` (decoded HTML), asking trafilatura when needed."""
    wider = _wider_reading(readings)
    if wider is not None:
        return wider
    if not needs_second_opinion(readings):
        return readings.strict
    ours = [r for r in (readings.strict, readings.wide) if r is not None and r.text]
    other = trafilatura_text(page, url)
    if not other:
        return ours[-1] if ours else readings.strict
    agreement = {id(r): _agreement(r.text, other) for r in ours}
    best = max(ours, key=lambda r: agreement[id(r)], default=None)
    if best is not None and agreement[id(best)] >= MIN_AGREEMENT:
        return best
    return Body(other, _paragraphs_html(other), "trafilatura")


def trafilatura_text(page: str, url: str) -> str | None:
    """trafilatura's main text (comments left out, as ours), or None when it has none or
    fails: a second opinion may not break an extraction. Without tags: trafilatura parses the
    page again, by its own rules, and in tag soup it reads what raw-text elements hold
    (a ``<script>``'s JSON-LD, an ``<iframe>``'s fallback markup) as text, which no reader
    sees (our readings keep the angle brackets a page prints: they come from text nodes)."""
    trafilatura = _trafilatura()
    if trafilatura is None:  # pragma: no cover - a declared dependency
        return None
    try:
        text = trafilatura.extract(page, url=url, include_comments=False)
    except Exception as exc:  # third-party code on hostile input: never our failure
        logger.debug("trafilatura failed on %s: %r", url, exc)
        return None
    text = untagged(text).strip() if text else None
    return text or None


@functools.cache
def _trafilatura() -> ModuleType | None:
    """The module, or None with one warning: a broken install (trafilatura's jusText needs
    lxml_html_clean) would otherwise turn the second opinion off without a word."""
    try:
        import trafilatura
    except ImportError as exc:  # pragma: no cover - a declared dependency
        logger.warning("trafilatura cannot be imported (%s): no second opinion", exc)
        return None
    return cast(ModuleType, trafilatura)


_AUTHOR_MARKUP = etree.XPath(
    "boolean(//body//*[@rel='author' or @itemprop='author' or contains(@class, 'uthor')"
    " or contains(@class, 'byline') or contains(@id, 'uthor') or contains(@class, 'writer')])"
)


def trafilatura_authors(doc: HtmlElement) -> list[str]:
    """trafilatura's reading of the byline markup (its own XPath set, on its own copy of
    the tree): asked only when none of ours found an author and the page has author markup."""
    if not _AUTHOR_MARKUP(doc) or (trafilatura := _trafilatura()) is None:
        return []
    try:
        # It copies the tree before pruning it, and reads it with XPath and itertext(), which
        # plain elements have: no need to serialize the page and parse it again as lxml.html
        # (identical names on the 642 dev pages with author markup, a third of the time).
        found = trafilatura.metadata.extract_author(doc)
    except Exception as exc:  # third-party code on hostile input: never our failure
        logger.debug("trafilatura's author failed: %r", exc)
        return []
    return [name.strip() for name in (found or "").split(";") if name.strip()]


def _agreement(ours: str | None, other: str) -> float:
    score = score_page(other, ours)
    total = score.precision + score.recall
    return 2 * score.precision * score.recall / total if total else 0.0


def _paragraphs_html(text: str) -> str:
    """Through the sanitizer like every reading's HTML (its serialization, too)."""
    return sanitize_html(
        "\n".join(f"<p>{html.escape(line)}</p>" for line in text.splitlines() if line.strip())
    )
