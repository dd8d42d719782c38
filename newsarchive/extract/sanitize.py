"""Sanitized HTML for ``article_body_html``, which the web UI will show.

An allow-list, with nh3 (bindings to the Rust crate ammonia, which parses like a browser does,
with html5ever): only the tags and attributes listed here survive, URLs keep only the
``http``, ``https`` and ``mailto`` schemes, and the content of tags that hold code or widgets
(script, style, iframes, forms, SVG) goes with them. lxml-html-clean, used before, blocked every
vector tried, but its own README says it is not meant for security-sensitive use: it removes
what it knows to be dangerous, where an allow-list keeps only what it knows to be harmless.
"""

from __future__ import annotations

import nh3
from lxml import etree

from .html import HtmlElement

# Text structure and inline formatting: what an article's body is made of.
ALLOWED_TAGS = frozenset(
    {
        "a", "abbr", "address", "article", "b", "bdi", "bdo", "blockquote", "br", "caption",
        "center", "cite", "code", "col", "colgroup", "dd", "del", "details", "dfn", "div", "dl",
        "dt", "em", "figcaption", "figure", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i",
        "img", "ins", "kbd", "li", "mark", "ol", "p", "pre", "q", "rp", "rt", "ruby", "s",
        "samp", "section", "small", "span", "strong", "sub", "summary", "sup", "table", "tbody",
        "td", "tfoot", "th", "thead", "time", "tr", "u", "ul", "var", "wbr",
    }
)  # fmt: skip
# Removed with everything inside: code, styles, embedded documents, widgets, form controls.
# Text in them is not the article's, and a browser would not show it as text either.
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "object",
        "applet", "svg", "math", "button", "select", "textarea", "title", "audio", "video",
        "canvas", "map", "head",
    }
)  # fmt: skip
# The attributes the lxml cleaner kept (href, src, alt, title, dir, lang, datetime), each on
# the tags it means something on, and table spans.
ALLOWED_ATTRIBUTES = {
    "*": {"title", "dir", "lang"},
    "a": {"href"},
    "img": {"src", "alt", "width", "height"},
    "time": {"datetime"},
    "del": {"datetime"},
    "ins": {"datetime"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
    "ol": {"start", "reversed"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto"})


def sanitize_html(markup: str) -> str:
    """``markup`` (an HTML fragment) reduced to the allow-list."""
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def sanitize_element(node: HtmlElement) -> str:
    """The element (its tail left out) as sanitized HTML. A ``<body>`` becomes a ``<div>``:
    a fragment parser drops the body tag, and the stored fragment keeps one wrapper."""
    markup = etree.tostring(node, encoding="unicode", method="html", with_tail=False)
    if node.tag in {"body", "html"}:
        return f"<div>{sanitize_html(markup)}</div>"
    return sanitize_html(markup)
