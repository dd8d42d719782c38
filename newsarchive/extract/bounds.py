"""The last step of every extraction: what any page may put in an item, whatever it holds.

The extractors read what pages say and trust a lot of it: a ``<title>`` left unclosed swallows
the rest of the page (RCDATA runs to the next ``</title>``), JSON-LD carries HTML in its
strings and numbers of any size, ``og:image`` may be ``javascript:``. Rather than ask every
extractor to distrust every source, the item is bounded here, once, on its way out — so the
archive, the terminal and the web UI can rely on these properties for every article:

- text fields hold no control characters (but newline and tab); the one-line fields and
  the lists hold no markup either: a value holding markup (:data:`_MARKUP`: an end tag, a
  start tag with an attribute…) loses every tag. ``article_body`` is the text a reader sees,
  read from the page's text nodes: what it holds in angle brackets is what the page printed
  (``&lt;feed&gt;`` in an article about XML, ``#include <string.h>`` in a code sample) and
  stays — it is plain text, shown escaped by everything that shows it. So does a lone tag's
  name printed in a one-line field: the headline "30 Years of <br> Tags", MDN's "<table>:
  The Table element", "vector<int>" (a headline read from an ``<h1>`` is printed text too);
- one-line fields have a length bound (a headline at most :data:`MAX_HEADLINE` characters);
- ``comment_count`` is ``None`` or within 0…:data:`MAX_COMMENT_COUNT`;
- ``canonical_url`` and ``main_image`` are ``http(s)`` URLs with a host, or ``None``;
- ``article_body_html`` went through the allow-list sanitizer (:mod:`.sanitize`), whichever
  reading produced it.
"""

from __future__ import annotations

import re
from urllib.parse import urlsplit

from ..items import Article
from .sanitize import sanitize_html

MAX_HEADLINE = 1000
MAX_COMMENT_COUNT = 10**7
# Characters kept of the other one-line fields, and entries kept of the list fields.
_LIMITS = {
    "description": 5000,
    "section": 300,
    "in_language": 35,  # the longest BCP 47 tag in use
    "comment_count_raw": 300,
    "date_published_raw": 300,
    "date_modified_raw": 300,
}
MAX_NAME = 300
MAX_ENTRIES = 100

_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_TAG = re.compile(r"<\s*/?\s*[a-zA-Z][^<>]*>")
# What only markup holds: an end tag; a start tag with an attribute (``<a href…>``,
# ``<div class="x">``, ``<img/src=x/onerror=…>``, ``<a.b onclick=…>``: whatever the tag's name,
# an attribute with a value after a space or a slash), a self-closing one (``<br/>``), or one
# glued to the word it opens (``<p>Big news``: og:title's escaped HTML). Swallowed markup has
# them (an unclosed ``<title>`` runs to the next ``</title>``; JSON-LD's ``<b>…</b>``); a
# printed "<br>" or "<table>:", "vector<int>", "Result<bool, Error>" or "<TCP/IP>" has none.
# Possessive: a "<a x" without its ">" must not make the scan retry every split of the rest.
# Every match is a tag :func:`untagged` removes (and with them every "<").
_MARKUP = re.compile(
    r"<\s*+/\s*+[a-zA-Z][^<>]*+>"
    r"|<\s*+[a-zA-Z][\w:-]*+(?:\s*+/|\s++[^\s<>=/\"']++[^<>]*+)>"
    r"|<\s*+[a-zA-Z][^\s/<>]*+(?:[\s/]++[^\s<>=/\"']++)++\s*+=[^<>]*+>"
    r"|<\s*+[a-zA-Z][\w:-]*+>(?=\w)"
)
_SPACES = re.compile(r"[ \t]{2,}")


def holds_markup(text: str) -> bool:
    """Whether a one-line value holds markup (:data:`_MARKUP`), not angle brackets it printed.
    The fuzz test's invariant asks it of every output (:mod:`newsarchive.testing.hostile_pages`)."""
    return _MARKUP.search(text) is not None


def untagged(text: str) -> str:
    """``text`` without tags: markup that reached a text field (an unclosed ``<title>`` runs
    to the next ``</title>``; JSON-LD strings carry HTML). In a text that held tags, every
    ``<`` left goes too: removing tags can make new ones (``<<b>b>``), and looping until none
    is left would be quadratic."""
    if not _TAG.search(text):
        return text
    text = _TAG.sub(" ", text).replace("<", "")
    return _SPACES.sub(" ", text).strip()


def plain(text: str | None, limit: int) -> str | None:
    """One-line text: control characters out, tags out where it holds markup (:data:`_MARKUP`),
    at most ``limit`` characters (cut at a word where there is one), ``None`` when nothing is
    left. Sane text comes back unchanged."""
    if not text:
        return text
    text = _CONTROLS.sub("", text[: limit * 4])  # cut first: a page may be long
    if holds_markup(text):
        text = untagged(text)
    if len(text) > limit:
        cut = text[: limit - 1]
        text = (cut.rsplit(" ", 1)[0] if " " in cut[limit // 2 :] else cut).rstrip() + "…"
    return text or None


def web_url(value: str | None) -> str | None:
    """``value`` when it is an http(s) URL with a host (and no whitespace or controls)."""
    if not value or _CONTROLS.search(value) or any(ch.isspace() for ch in value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in {"http", "https"} and parts.hostname else None


def bound_article(article: Article, *, html_sanitized: bool = False) -> Article:
    """``article`` (changed in place, and returned) with the properties above.
    ``html_sanitized``: its ``article_body_html`` comes from the sanitizer already (the generic
    extraction's readings all do), so the allow-list is not run over it a second time."""
    article.headline = plain(article.headline, MAX_HEADLINE)
    for name, limit in _LIMITS.items():
        setattr(article, name, plain(getattr(article, name), limit))
    article.authors = _names(article.authors)
    article.tags = _names(article.tags)
    if article.article_body:
        article.article_body = _CONTROLS.sub("", article.article_body) or None
    if article.article_body_html:
        markup = _CONTROLS.sub("", article.article_body_html)
        article.article_body_html = markup if html_sanitized else sanitize_html(markup)
    count = article.comment_count
    if count is not None and not 0 <= count <= MAX_COMMENT_COUNT:
        article.comment_count = article.comment_count_source = None
    article.canonical_url = web_url(article.canonical_url)
    article.main_image = web_url(article.main_image)
    return article


def _names(values: list[str]) -> list[str]:
    kept = (plain(value, MAX_NAME) for value in values[:MAX_ENTRIES])
    return list(dict.fromkeys(value for value in kept if value))
