"""Page furniture and boilerplate, removed before the article's text is looked for.

Three kinds, each with a guard learned from pages that broke a simpler rule:

- Invisible elements (scripts, styles, forms' inputs, embeds) go, whatever they hold.
- Furniture tags (``nav``, ``aside``, ``header``, ``footer``, ``form``, ``button``…) go, unless
  a broken page nests most of its paragraphs inside one (an unclosed ``<button>`` in a menu, an
  ASP.NET ``<form>`` around the whole page: libxml2 does not repair them as browsers do), or
  the ``<header>`` is a section's, titling a part of the article.
- Elements whose class/id *tokens* name boilerplate (``share``, ``related``, ``comments``,
  ``widget``…) go. Tokens, not substrings: ``header`` is not ``head``; camelCase humps split.
  Kept, whatever their class says: an element holding most of the page's text, one holding a
  ``<blockquote>`` (an embedded post), and, unless it names comments, one holding a fifth of the
  page's paragraphs, alone or with the other elements of its class. The token is then a
  modifier (``field--label-hidden``, ``overflow-hidden``, ``has-rail-right``) or a page
  builder's word for any block (Elementor's ``elementor-widget``), not a description.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from functools import lru_cache

from lxml import etree

from .html import (
    HEADING_TAGS,
    INVISIBLE_TAGS,
    HtmlElement,
    class_words,
    drop,
    text_len,
    text_of,
)

_DIALOG_ROLES = frozenset({"dialog", "alertdialog"})
FURNITURE_TAGS = frozenset({"form", "button", "nav", "aside", "footer", "header", "menu", "dialog"})
BOILERPLATE_TOKENS = frozenset({
    "share", "sharing", "sharedaddy", "social", "socials", "related", "relatedposts",
    "comments", "comment", "respond", "disqus", "widget", "widgets", "sidebar", "newsletter",
    "subscribe", "subscription", "advert", "advertisement", "ads", "ad", "adsbygoogle",
    "sponsored", "promo", "breadcrumb", "breadcrumbs", "cookie", "cookies", "popup", "modal",
    "nav", "navbar", "navigation", "menu", "footer", "masthead", "byline", "tags", "tagcloud",
    "bio", "meta", "postmeta", "pagination", "pager", "print", "toolbar", "jp", "outbrain",
    "taboola", "recirc", "more", "readmore", "read", "also", "author", "hidden", "sr",
    # Photo captions and credits, datelines, and the "latest / trending / popular" rails
    # news themes put beside or under the story.
    "caption", "credit", "credits", "date", "timestamp", "dateline", "latest", "trending",
    "popular", "rail", "photo", "disclosure", "cta", "saboxplugin", "copyright", "footnotes",
})  # fmt: skip
# Page builders call every block a widget: their text and heading widgets are the article
# (Elementor's "elementor-widget-text-editor" and "-heading", SiteOrigin's "widget_sow-editor",
# HubSpot's "widget-type-rich_text"), whatever "widget" says elsewhere (a sidebar's).
_EDITOR_WIDGET = frozenset({"editor", "heading", "rich"})
# Reader comments are prose too: never kept for their paragraphs.
COMMENT_TOKENS = frozenset({"comments", "comment", "respond", "disqus"})
PROSE_SHARE = 0.2  # of the page's paragraph text: above it, a named element is content
# Tokens that make an element content, whatever else its class says.
# Each name holds "body", "content", "text" or "entry": is_content() tests those first.
CONTENT_HINTS = re.compile(
    r"\b(?:article[-_]?body|articlebody|entry[-_]content|post[-_]content|post[-_]body|"
    r"story[-_]body|article[-_]content|td-post-content|content[-_]inner|single[-_]content|"
    r"article__body|body[-_]text|news[-_]text|post[-_]entry|entry[-_]body|rich[-_]text)\b"
)
# Ad containers named by class fragments rather than whole tokens (tagDiv ``td-a-rec``,
# ``adspot``, Google's ``adsbygoogle``...).
# (Each holds "ad" but td-a-rec: _drop_named tests those substrings first.)
_AD_CLASS = re.compile(r"td-a-rec|\bad(?:spot|slot|unit|sense|vert\w*|-slot|-container|-wrap)")
_HAS_DIGIT = re.compile(r"\d")
_POSITION = re.compile(r"(?:^|[-_])(?:first|last|odd|even)(?:$|[-_])", re.IGNORECASE)


def is_content(node: HtmlElement) -> bool:
    """A container the page declares as the article's body."""
    if node.get("itemprop") == "articleBody":
        return True
    value = f"{node.get('class', '')} {node.get('id', '')}".lower()
    # Every name CONTENT_HINTS knows holds one of these words: substring tests in C first
    # (the rules ask this of every element, and most names hold none of them).
    if not ("body" in value or "content" in value or "text" in value or "entry" in value):
        return False
    return bool(CONTENT_HINTS.search(value))


def prose_len(node: HtmlElement) -> int:
    """Characters in the paragraphs under ``node``: what a menu or a link list lacks."""
    return sum(len(text_of(p)) for p in node.iter("p"))


def drop_invisible(root: HtmlElement) -> None:
    """Strip what a reader never sees as text: scripts, styles, embeds, form inputs."""
    for node in list(root.iter(*INVISIBLE_TAGS)):
        drop(node)


# A sign-up box says a line or two around its e-mail field ("Sign up for our newsletter", "By
# signing up you agree…"); more text than this is the article the field sits in.
SIGNUP_MAX_CHARS = 500
# ...nor a paragraph this long: a short article's own (the box's lines are a sentence each).
SIGNUP_MAX_PARAGRAPH = 120
# What a box around a phone field says when it signs the reader up ("Sign Me Up", "By signing
# up, you agree to receive recurring automated SMS messages").
_SIGNUP_WORDS = re.compile(r"sign(?:ing)?[ -]?(?:me )?up|subscri|\bsms\b|newsletter", re.I)
_ARTICLE_LEVEL = frozenset({"article", "main", "body", "html"})


def signup_boxes(root: HtmlElement) -> list[HtmlElement]:
    """The widest block around each form asking for an e-mail address that holds no more
    than a sign-up box's words: newsletter and deal boxes set inside the article, whatever
    their classes (utility classes name nothing). Found before :func:`drop_invisible` takes
    the fields away. A phone field alone is no such sign (sites use it for any number: a cost
    calculator's ZIP code); it is one in a box that asks to sign up or subscribe, or names
    SMS (the deal texts US shopping sites offer in the middle of a story)."""
    boxes = []
    # Each block is judged once, however many forms it holds: a page of ten thousand forms
    # in one wrapper must not read the wrapper's text ten thousand times.
    judged: dict[HtmlElement, bool] = {}
    kept: set[HtmlElement] = set()
    for form in root.iter("form"):
        kinds = {(f.get("type") or "").strip().lower() for f in form.iter("input")}
        if "email" not in kinds and "tel" not in kinds:
            continue
        box = None
        for ancestor in form.iterancestors():
            if ancestor not in judged:
                judged[ancestor] = _box_sized(ancestor)
            if not judged[ancestor]:
                break  # a short article around the field is still the article
            box = ancestor
        if "email" not in kinds and (box is None or not _SIGNUP_WORDS.search(text_of(box))):
            continue
        if box is not None and box not in kept:
            kept.add(box)
            boxes.append(box)
    return boxes


def _box_sized(node: HtmlElement) -> bool:
    """Short enough to be a sign-up box, and none of the article's own blocks."""
    return not (
        node.tag in _ARTICLE_LEVEL
        or is_content(node)
        or next(node.iter("h1"), None) is not None
        or text_len(node) > SIGNUP_MAX_CHARS
        or any(text_len(p) >= SIGNUP_MAX_PARAGRAPH for p in node.iter("p"))
    )


def remove_boilerplate(root: HtmlElement) -> None:
    """Strip invisible elements, furniture and boilerplate-named elements from ``root``."""
    drop_invisible(root)
    prose = max(prose_len(root), 1)
    for node in list(root.iter(*FURNITURE_TAGS)):
        if not any(ancestor is root for ancestor in node.iterancestors()):
            # Gone with a block dropped before it. Measured, it read the same paragraphs
            # once per nesting level: 240 nested <aside>s over 12,000 paragraphs, 6 s.
            continue
        if _misnested(node, prose):
            continue
        # A <header>/<footer> is dropped, but an <article> wrongly wrapped in one is not.
        if node.tag in {"header", "footer"} and prose_len(node) > 400:
            continue
        if node.tag == "header" and _section_header(node):
            continue
        drop(node)
    _drop_named(root)
    for node in list(root.iter("figure", "figcaption")):
        if node.tag == "figure" and (
            node.find(".//table") is not None or node.find(".//blockquote") is not None
        ):
            # A table set in a <figure> (WordPress's wp-block-table) is content, and so is a
            # quotation (HTML's figure > blockquote + figcaption for a quote and its source):
            # WCXB-dev articles A 3 better, B 1 better, 2 worse (a pull quote, a tweet).
            continue
        drop(node)


_ID_WORD = re.compile(r"[^\W_]+")


def _in_heading(node: HtmlElement) -> bool:
    """A heading, or an element inside one (a table-of-contents plugin's ``<span>``)."""
    return node.tag in HEADING_TAGS or any(a.tag in HEADING_TAGS for a in node.iterancestors())


def _anchor_of_text(heading: HtmlElement) -> bool:
    """The heading's id is its own text as an anchor (``<h2 id="h-why-use-social-shopping">Why
    Use Social Shopping?</h2>``: WordPress's block editor, table-of-contents plugins): it says
    nothing the text does not, and a heading is not furniture for a word of its text — the
    same heading without the id was kept. Two words or more past a one-letter prefix: an id of
    one word ("related") may be the theme's name for the block. WCXB-dev articles: A 15 pages
    better, 1 worse (-0.001), B 11 better, none worse; AEB dev unchanged."""
    ident = heading.get("id") or ""
    words = _ID_WORD.findall(ident.lower())
    if words and len(words[0]) == 1:
        words = words[1:]
    if len(words) < 2:
        return False
    return set(words) <= set(_ID_WORD.findall(text_of(heading).lower()))


def _section_header(header: HtmlElement) -> bool:
    """A ``<header>`` that titles a part of the article, not the page: inside an ``<article>``,
    ``<section>`` or ``<main>`` (HTML's header of that section), holding a section heading and
    no ``<h1>`` — "1. Myth: All fat is bad", "Setup step #2" above each part of a guide. The
    article's own header (its ``<h1>`` with the breadcrumb, byline and dates, which the
    metadata readers take) and a forum post's (a name and a date, no heading) still go.
    (WCXB-dev articles: 7 pages better, 1 worse, in both halves.)"""
    if next(header.iter("h2", "h3", "h4", "h5", "h6"), None) is None:
        return False
    if header.find(".//h1") is not None:
        return False
    return any(a.tag in _SECTIONING for a in header.iterancestors())


_SECTIONING = frozenset({"article", "section", "main"})


def _misnested(furniture: HtmlElement, prose: int) -> bool:
    """A furniture element holding half the page's paragraph text (``prose``): markup the
    parser could not repair (an unclosed ``<button>`` in a menu, a ``<form>`` or a modal around
    the whole page), whose content is the page's, not furniture."""
    return prose_len(furniture) > 0.5 * prose


def _drop_named(root: HtmlElement) -> None:
    total = max(text_len(root), 1)
    prose = max(prose_len(root), 1)
    named: list[tuple[HtmlElement, frozenset[str], bool]] = []
    # Syntax highlighters name a code block's own parts "comment", "meta", "tag"
    # (highlight.js's hljs-comment, Prism's "token comment"): the code's text, not furniture.
    in_code = {el for block in root.iter("pre", "code") for el in block.iterdescendants()}
    dialogs = []
    for node in root.iter(etree.Element):
        if not isinstance(node.tag, str) or not node.keys() or node in in_code:
            continue  # most elements: no class or id to read
        if node.get("role") in _DIALOG_ROLES:
            dialogs.append(node)
        cls, ident = node.get("class") or "", node.get("id") or ""
        tokens, named_as, boilerplate, is_ad = _naming(cls, ident)
        if (
            named_as
            and ident  # asked first: the climb of _in_heading costs the most
            and _in_heading(node)
            and _anchor_of_text(node)
        ):
            tokens = _builder_words_dropped(class_words(cls))
            boilerplate = bool(tokens & BOILERPLATE_TOKENS)
        if is_ad or (boilerplate and not is_content(node)):
            named.append((node, tokens, is_ad))
    for node in dialogs:
        # A <div role="dialog"> is a <dialog> (a modal's sign-up, a share sheet), dropped as
        # furniture is, with the same guard.
        if not _misnested(node, prose):
            drop(node)
    group_prose = _prose_by_class(node for node, _, _ in named)
    top = root.getroottree().getroot()
    for node, tokens, is_ad in named:
        if node.getparent() is None or node.get("role") == "main":
            continue
        if next(node.iterancestors(top.tag), None) is not top:
            continue  # inside a block dropped before it (named blocks nest): gone with it
        if text_len(node) > 0.5 * total:
            continue
        if not tokens & COMMENT_TOKENS and group_prose[node] > PROSE_SHARE * prose:
            continue  # "field--label-hidden", "has-rail-right", "elementor-widget": content
        if not is_ad and node.tag != "blockquote" and node.find(".//blockquote") is not None:
            continue  # an embedded post in a "social-embed" wrapper is quoted content
        drop(node)


def _class_key(node: HtmlElement) -> str:
    """An element's class without per-element names (``elementor-element-4cdc94e``) and
    without the names of its place among its siblings (SiteOrigin's ``panel-first-child``,
    ``odd``): blocks of one kind, wherever they stand."""
    return _kind_of_class(node.get("class", ""))


@lru_cache(maxsize=4096)
def _kind_of_class(cls: str) -> str:
    """Cached: a page's blocks share a few class strings."""
    return " ".join(
        sorted(c for c in cls.split() if not _HAS_DIGIT.search(c) and not _POSITION.search(c))
    )


@lru_cache(maxsize=8192)
def _naming(cls: str, ident: str) -> tuple[frozenset[str], bool, bool, bool]:
    """What a class and id say, for :func:`_drop_named`, once per pair (a page repeats
    them): the words (:func:`_builder_words_dropped`), whether the words as written name
    boilerplate, whether they still do, and whether the class names an ad container."""
    words = class_words(cls, ident)
    tokens = _builder_words_dropped(words)
    is_ad = ("ad" in cls or "td-a-rec" in cls) and bool(_AD_CLASS.search(cls))
    return tokens, bool(words & BOILERPLATE_TOKENS), bool(tokens & BOILERPLATE_TOKENS), is_ad


def _builder_words_dropped(tokens: frozenset[str]) -> frozenset[str]:
    """Without "widget": a page builder's word for any block, next to the name of a text or
    heading block."""
    if "widget" in tokens and tokens & _EDITOR_WIDGET:
        return tokens - {"widget", "widgets"}
    return tokens


def _prose_by_class(nodes: Iterable[HtmlElement]) -> dict[HtmlElement, int]:
    """Each node's paragraph text, or that of all the page's elements of its class when
    greater: a page builder's article is many ``elementor-widget`` blocks, each small, together
    the whole text."""
    own: dict[HtmlElement, tuple[int, str]] = {}
    by_class: dict[str, int] = {}
    outermost: dict[str, HtmlElement] = {}
    paragraphs: dict[HtmlElement, int] = {}  # named blocks nest: each <p> measured once

    def prose(node: HtmlElement) -> int:
        total = 0
        for p in node.iter("p"):
            size = paragraphs.get(p)
            if size is None:
                size = paragraphs[p] = len(text_of(p))
            total += size
        return total

    for node in nodes:  # document order: an ancestor comes before its descendants
        size, cls = prose(node), _class_key(node)
        own[node] = size, cls
        if not cls:
            continue
        last = outermost.get(cls)
        if last is not None and any(a is last for a in node.iterancestors()):
            continue  # counted with its same-class ancestor
        outermost[cls] = node
        by_class[cls] = by_class.get(cls, 0) + size
    return {node: max(size, by_class.get(cls, 0)) for node, (size, cls) in own.items()}
