"""Where the page prints its headline: the element every reader of the article's text and
header starts from (the body reader's anchor, the byline's and the date's window).

Themes print the headline in an ``<h1>`` most of the time, but not always: Blogger's
``h3.post-title``, themes that keep the ``<h1>`` for the site's name, site builders (Framer,
Wix) that style a ``<div>`` or ``<p>`` as one. One search serves all readers, so that they
agree on where the article is.
"""

from __future__ import annotations

from lxml import etree

from .headline import prints_headline
from .html import HtmlElement, class_tokens, one_line, shown_text, text_len, text_longer_than


def headline_element(root: HtmlElement, headline: str | None) -> HtmlElement | None:
    """The element showing ``headline``: the ``<h1>`` that prints it, else one that opens
    with it (Slashdot's "… (phoronix.com) 139": the source and the comment count follow);
    else a lower heading that prints it; else any element whose text is the headline. The
    headline shown again in the page's furniture (the "Republish this story" dialog of
    nonprofit newsrooms' Republication Tracker plugin, a sidebar's list) is not where the
    article is."""
    one = one_line(headline or "")
    if not one:
        return None
    page = _PageText(root)
    h1s = list(root.iter("h1"))
    for tests in (prints_headline, _opens_with):
        for heading in h1s:
            if tests(heading, one) and not in_page_furniture(heading, page):
                return heading
    for heading in root.iter("h2", "h3", "h4", "h5", "h6"):
        if prints_headline(heading, one) and not in_page_furniture(heading, page):
            return heading
    return _element_printing(root, one, page)


def _opens_with(heading: HtmlElement, headline: str) -> bool:
    """The heading's text is the headline and a shorter addition after a word's end."""
    text = one_line(shown_text(heading))
    return (
        len(headline) < len(text) <= 2 * len(headline)
        and text.startswith(headline)
        and not text[len(headline)].isalnum()
    )


class _PageText:
    """The page's text length, and the share of it a block holds, for at most
    :data:`MAX_MEASURED` blocks a page: each measure reads the block's whole text, and a
    hostile page nests thousands of candidates in blocks of their own."""

    def __init__(self, root: HtmlElement) -> None:
        self.root = root
        self._length: int | None = None
        self._shares: dict[HtmlElement, float] = {}

    def share(self, block: HtmlElement) -> float:
        """The share of the page's text in ``block``; 0 once the budget is spent (the
        block then counts as small: page furniture, as its name says)."""
        known = self._shares.get(block)
        if known is None:
            if len(self._shares) >= MAX_MEASURED:
                return 0.0
            if self._length is None:
                self._length = text_len(self.root)
            known = self._shares[block] = text_len(block) / max(self._length, 1)
        return known


# Blocks measured a page, at most (each named like furniture, above a candidate heading).
MAX_MEASURED = 32


def _element_printing(root: HtmlElement, headline: str, page: _PageText) -> HtmlElement | None:
    """The first element outside the page's furniture whose text prints ``headline``: the
    elements whose own text holds its first words, each taken with the wrappers that add
    nothing to it (the ``div`` around the ``span``). One pass over the text nodes, the
    headline's test only where its start is, at the first :data:`MAX_HEADLINE_PLACES` of
    them: each may meet a large wrapper (a page printing the headline's first words in
    20,000 paragraphs would be quadratic), whose text is read only as far as the headline's
    length allows (:func:`~.html.text_longer_than`: 4.4 → 1.3 s of CPU on that page, which
    measured the wrapper's 1.6 MB of text at each place)."""
    start = headline[:24]
    places = 0
    for node in root.iter(etree.Element):
        text = node.text
        if not text or start not in one_line(text) or node.tag in _NOT_HEADLINES:
            continue
        places += 1
        if places > MAX_HEADLINE_PLACES:
            return None
        for holder in (node, *node.iterancestors()):
            if holder is root or text_longer_than(holder, 2 * len(headline) + 40):
                break
            if prints_headline(holder, headline):
                if in_page_furniture(holder, page) or any(
                    a.tag == "a" for a in (holder, *holder.iterancestors())
                ):
                    break  # a breadcrumb's or a teaser's link, not the story's heading
                return holder
    return None


# Places where the headline's first words are looked at as its heading, at most.
MAX_HEADLINE_PLACES = 32
# Where a headline's words are not its heading: a ``<title>`` in an SVG, a link's tooltip
# text, a form's option.
_NOT_HEADLINES = frozenset({"title", "option", "textarea", "button", "label"})

ASIDES = frozenset({"footer", "aside", "nav"})
# Class words of dialogs, which may repeat the headline in an ``<h1>`` of their own.
_DIALOG_NAMES = frozenset({"modal", "popup"})
# The share of the page's text from which a block is the page's layout, not furniture: an
# ``<aside>``, ``<nav>`` or ``<footer>`` holding half of it wraps the page (WCXB-dev: such
# tags above a headline's ``<h1>`` hold 83 % to 100 % of the page, or at most 28 %); a block
# named "sidebar" holding a fifth is the content column of a page with a sidebar
# ("content-sidebar-wrap", "with-sidebar", "newspaper-x-sidebar": 22 % to 98 %; sidebars
# and their sections, at most 15 %).
LAYOUT_TAG_SHARE = 0.5
LAYOUT_SIDEBAR_SHARE = 0.2


def in_page_furniture(node: HtmlElement, page: _PageText) -> bool:
    """Inside an ``aside``/``nav``/``footer``, a dialog (a block named modal or popup) or a
    sidebar, below the ``<main>`` or ``<body>`` (whose classes name the page's layout, as
    what wraps them does). The first such block decides: one of them large enough to be the
    page's layout (:data:`LAYOUT_TAG_SHARE`, :data:`LAYOUT_SIDEBAR_SHARE`) is not furniture,
    and the blocks above it are larger still. A dialog is furniture whatever its size: a
    "Republish this story" dialog holds a fixed page of guidelines, more than a short story."""
    for ancestor in node.iterancestors():
        if ancestor.tag in _LAYOUT:
            return False
        if ancestor.tag in ASIDES:
            return page.share(ancestor) < LAYOUT_TAG_SHARE
        words = class_tokens(ancestor)
        if words & _DIALOG_NAMES:
            return True
        if "sidebar" in words:
            return page.share(ancestor) < LAYOUT_SIDEBAR_SHARE
    return False


_LAYOUT = frozenset({"main", "body", "html"})
