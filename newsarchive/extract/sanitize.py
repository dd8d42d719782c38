"""Sanitized HTML for ``article_body_html``, which the web UI will show.

An allow-list, with nh3 (bindings to the Rust crate ammonia, which parses like a browser does,
with html5ever): only the tags and attributes listed here survive, URLs keep only the
``http``, ``https`` and ``mailto`` schemes, and the content of tags that hold code or widgets
(script, style, iframes, forms, SVG) goes with them. lxml-html-clean, used before, blocked every
vector tried, but its own README says it is not meant for security-sensitive use: it removes
what it knows to be dangerous, where an allow-list keeps only what it knows to be harmless.
"""

from __future__ import annotations

import re
from copy import deepcopy
from urllib.parse import unquote

import nh3
from lxml import etree, html

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
# (Media and object elements are not here: their tags go, their fallback text stays, as an
# unclosed <audio> in a broken page holds the rest of the article.)
DROPPED_WITH_CONTENT = frozenset(
    {
        "script", "style", "template", "noscript", "iframe", "frame", "frameset", "applet",
        "svg", "math", "button", "select", "textarea", "title", "head",
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
_SCHEME = re.compile(r"([a-z][a-z0-9+.\-]*):")
_IGNORED_IN_URLS = re.compile(r"[\x00-\x20\x7f]+")


# ammonia takes time quadratic in the length of one text or attribute value made of some
# characters (U+00A0-U+00BF, "&": 200k of them, 0.7 s). Longer texts are cut into pieces by
# empty <wbr> elements (a line-break opportunity, invisible), longer attributes dropped.
MAX_RUN = 2048


def sanitize_html(markup: str) -> str:
    """``markup`` (an HTML fragment) reduced to the allow-list."""
    if max(map(len, markup.split("<"))) > MAX_RUN:
        wrapper = html.fragment_fromstring(markup, create_parent="div")
        _cut_long_runs(wrapper)
        markup = (wrapper.text or "") + "".join(
            etree.tostring(child, encoding="unicode", method="html") for child in wrapper
        )
    return _clean(markup)


def sanitize_element(node: HtmlElement) -> str:
    """The element (its tail left out) as sanitized HTML. A ``<body>`` becomes a ``<div>``:
    a fragment parser drops the body tag, and the stored fragment keeps one wrapper."""
    if _has_long_runs(node):
        node = deepcopy(node)
        _cut_long_runs(node)
    markup = etree.tostring(node, encoding="unicode", method="html", with_tail=False)
    if node.tag in {"body", "html"}:
        return f"<div>{_clean(markup)}</div>"
    return _clean(markup)


def _clean(markup: str) -> str:
    return nh3.clean(
        markup,
        tags=set(ALLOWED_TAGS),
        clean_content_tags=set(DROPPED_WITH_CONTENT),
        attributes={tag: set(names) for tag, names in ALLOWED_ATTRIBUTES.items()},
        url_schemes=set(URL_SCHEMES),
        attribute_filter=_no_hidden_scheme,
        strip_comments=True,
        link_rel="noopener noreferrer nofollow",
    ).strip()


def _no_hidden_scheme(_tag: str, name: str, value: str) -> str | None:
    """Drop a URL that names another scheme once percent-decoded and rid of whitespace and
    controls (lxml writes a tab in ``jav&#9;ascript:`` as ``%09``): inert in browsers today,
    but nothing an article needs."""
    if name not in {"href", "src"}:
        return value
    bare = _IGNORED_IN_URLS.sub("", unquote(value)).lower().lstrip("`'\"")
    scheme = _SCHEME.match(bare)
    return None if scheme and scheme[1] not in URL_SCHEMES else value


# Texts and attribute values over MAX_RUN characters, found in C: lxml's ``attrib.values()``
# looks each value up by its name again, quadratic in one element's attributes (40,000 on a
# hostile page: 2.6 s). A text node of the subtree is a text child of it or of a descendant.
_HAS_LONG_RUNS = etree.XPath(
    f"boolean(descendant-or-self::*[text()[string-length() > {MAX_RUN}]"
    f" or @*[string-length() > {MAX_RUN}]])"
)
_LONG_VALUES = etree.XPath(f"descendant-or-self::*/@*[string-length() > {MAX_RUN}]")


def _has_long_runs(node: HtmlElement) -> bool:
    return bool(_HAS_LONG_RUNS(node))


def _pieces(text: str) -> list[str]:
    """``text`` in pieces of at most ``MAX_RUN`` characters, cut after a space if there is one
    in the second half of a piece."""
    pieces = []
    while len(text) > MAX_RUN:
        cut = text.rfind(" ", MAX_RUN // 2, MAX_RUN) + 1 or MAX_RUN
        pieces.append(text[:cut])
        text = text[cut:]
    return [*pieces, text]


def _cut_long_runs(root: HtmlElement) -> None:
    for value in _LONG_VALUES(root):
        del value.getparent().attrib[value.attrname]
    for el in list(root.iter()):
        # A comment's text is dropped by the cleaner; its tail is the page's text.
        if isinstance(el.tag, str) and el.text and len(el.text) > MAX_RUN:
            first, *rest = _pieces(el.text)
            el.text = first
            for index, piece in enumerate(rest):
                el.insert(index, _wbr(piece))
        if el is not root and el.tail and len(el.tail) > MAX_RUN:
            first, *rest = _pieces(el.tail)
            el.tail = first
            for piece in reversed(rest):
                el.addnext(_wbr(piece))


def _wbr(tail: str) -> HtmlElement:
    element = html.Element("wbr")
    element.tail = tail
    return element
