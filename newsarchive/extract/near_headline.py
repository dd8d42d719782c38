"""What is printed next to the headline: the article's own header (date, byline).

A reader finds an article's date and author right above or below its headline; metadata often
says something else. These helpers walk the page's text in document order from the element
that shows the headline (:mod:`.headline_place`, where the body reader places the article
too) and hand back the short texts within a window around it, with the
element holding each and its distance (in characters of text) from the headline.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from lxml import etree

from .html import HtmlElement, class_tokens, class_words, one_line, text_of

_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "option", "select"})
# Blocks about other pages: what is printed in them is not this article's.
_NOT_THIS = frozenset(
    {"sidebar", "widget", "widgets", "related", "comment", "comments", "rail", "latest",
     "trending", "popular", "recommended", "events", "footer", "nav", "menu", "breadcrumb",
     "breadcrumbs", "teaser", "card", "cards"}
)  # fmt: skip


@dataclass(frozen=True, slots=True)
class Mention:
    text: str
    """A text node, on one line."""
    element: HtmlElement
    """The element it belongs to (its parent, for a tail)."""
    distance: int
    """Characters of text from the headline: negative before it."""
    is_time: bool = False
    """A ``<time>`` element's ``datetime`` (``text`` is then the attribute's value)."""
    tail_of: HtmlElement | None = None
    """For a tail, the element it follows (a label's, in "<b>By:</b> Ann Lee")."""


def header_anchor(doc: HtmlElement, placed: HtmlElement | None) -> HtmlElement | None:
    """Where the article's header is read from: ``placed``, the element printing the headline
    (:func:`.headline_place.headline_element`, the body reader's anchor too); else the page's
    only ``<h1>``, whose text the chosen headline may have rewritten (a title's wording kept
    over the heading's)."""
    if placed is not None:
        return placed
    body = doc.find("body")
    h1s = (body if body is not None else doc).iter("h1")
    first = next(h1s, None)
    return first if next(h1s, None) is None else None


BEFORE = 300  # characters of text above the headline read as its header
AFTER = 900  # and below it
MAX_LEN = 160  # a longer text node is prose, not a header's line


def header_mentions(doc: HtmlElement, placed: HtmlElement | None) -> list[Mention]:
    """The short texts around the headline (one walk, shared by the date and the byline
    readers), from :func:`header_anchor`; empty when it finds no element."""
    h1 = header_anchor(doc, placed)
    return [] if h1 is None else list(mentions(h1, BEFORE, AFTER, MAX_LEN))


def mentions(h1: HtmlElement, before: int, after: int, max_len: int = 120) -> Iterator[Mention]:
    """Short texts within ``before`` characters above and ``after`` below the headline, not
    inside blocks about other pages. One walk of the tree, stopped past the window."""
    around = set(h1.iterancestors())
    # Walk only the smallest block around the headline that holds the window's worth of text:
    # walking from the page's top would cost a pass over every menu before the headline.
    root = h1
    for ancestor in h1.iterancestors():
        root = ancestor
        if ancestor.tag == "body" or len(text_of(ancestor)) > 3 * (before + after):
            break
    position = 0
    h1_at: int | None = None
    seen: list[tuple[int, str, HtmlElement, bool, HtmlElement | None]] = []
    for event, el in etree.iterwalk(root, events=("start", "end")):
        tag = el.tag if isinstance(el.tag, str) else ""
        if event == "start":
            if el is h1:
                h1_at = position
            if tag in _SKIP_TAGS:
                continue
            if tag == "time" and el.get("datetime"):
                seen.append((position, el.get("datetime") or "", el, True, None))
            text = el.text or ""
            if text.strip():
                if len(text) <= max_len:
                    seen.append((position, one_line(text), el, False, None))
                position += len(text.strip())
        else:
            tail = el.tail or ""
            parent = el.getparent()
            if tail.strip() and parent is not None:
                if len(tail) <= max_len:
                    seen.append((position, one_line(tail), parent, False, el))
                position += len(tail.strip())
        if h1_at is not None and position > h1_at + after:
            break
    if h1_at is None:
        return
    # A name the headline's own wrappers carry marks the page's layout, not another page's
    # block: page builders call every block a widget ("elementor-widget"), the headline's too.
    # (The body's classes are the page's flags: "has-sidebar".)
    wrappers = (a for a in (h1, *around) if a.tag not in {"body", "html"})
    layout = frozenset().union(*(class_tokens(a) for a in wrappers)) & _NOT_THIS
    for at, text, el, is_time, tail_of in seen:
        distance = at - h1_at
        if -before <= distance <= after and not _elsewhere(el, around, layout):
            yield Mention(text, el, distance, is_time, tail_of)


# Utility classes (Tailwind and the like) style a block; they do not name it:
# ``pointer-events-none`` holds no "events" list, ``max-md:hidden`` no menu.
_UTILITY = re.compile(r"^(?:[\w-]*[:\[][^\s]*|pointer-events-\w+)$")


def block_tokens(node: HtmlElement) -> frozenset[str]:
    """:func:`.html.class_tokens` without the utility classes, which style a block and do
    not say what it holds."""
    cls = node.get("class") or ""
    if not _UTILITY_HINT.search(cls):
        return class_tokens(node)
    kept = " ".join(c for c in cls.split() if not _UTILITY.match(c))
    return class_words(kept, node.get("id") or "")


_UTILITY_HINT = re.compile(r"[:\[]|pointer-events-")


def _elsewhere(el: HtmlElement, around: set[HtmlElement], layout: frozenset[str]) -> bool:
    """In a sidebar, teaser list or comment (named so, by a name the headline's own wrappers
    do not carry), below the headline's own wrappers."""
    for anc in (el, *el.iterancestors()):
        if anc in around:
            return False
        if anc.tag in {"aside", "nav", "footer"} and anc.getparent() not in around:
            return True
        if (anc.get("class") or anc.get("id")) and block_tokens(anc) & _NOT_THIS - layout:
            return True
    return False


def outside_headline_blocks(el: HtmlElement) -> bool:
    """Not in a sidebar, teaser list, comment, menu or the site's footer (named so). Page
    builders name every block a widget (Elementor's ``elementor-widget-text-editor``): only
    a widget area outside them (``widget_recent_entries``, ``sidebar-widgets``) is one. The
    ``<body>``'s classes describe the page ("no-sidebar"), not a block of it."""
    for anc in (el, *el.iterancestors()):
        if anc.tag in {"aside", "nav", "footer"}:
            return False
        if anc.tag in {"body", "html"} or not (anc.get("class") or anc.get("id")):
            continue
        tokens = block_tokens(anc)
        if "elementor" in tokens:
            tokens = tokens - {"widget", "widgets"}
        if tokens & _NOT_THIS:
            return False
    return True
