"""Parsing and text helpers shared by the extractors.

One lxml parse per page (about 1 ms, against ~13 ms for BeautifulSoup): every extractor reads
the same tree, and only the body extractor, which runs last, is allowed to mutate it.
"""

from __future__ import annotations

import re
import unicodedata

from lxml import etree, html

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
_WS = re.compile(r"[ \t\r\f\v\u00a0\u200b\u2009\u202f\ufeff]+")
_NL = re.compile(r"\s*\n\s*")

HtmlElement = html.HtmlElement


def parse_html(text: str) -> HtmlElement:
    """Parse a decoded page. lxml refuses str input that carries an XML encoding
    declaration, so it is dropped (the text is already decoded)."""
    text = _XML_DECL.sub("", text, count=1)
    if not text.strip():
        text = "<html><body></body></html>"
    parser = html.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)
    try:
        return html.document_fromstring(text, parser=parser)
    except (etree.ParserError, ValueError):
        return html.document_fromstring("<html><body></body></html>")


def clean_text(text: str | None) -> str:
    """Collapse runs of spaces (NBSP and zero-width ones included) and trim; keep newlines."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", text)
    text = _WS.sub(" ", text)
    return _NL.sub("\n", text).strip()


def one_line(text: str | None) -> str:
    """Whitespace of any kind collapsed to single spaces."""
    return " ".join(clean_text(text).split())


def node_text(node: HtmlElement) -> str:
    """Visible-ish text of an element on one line."""
    return one_line(node.text_content())


_TOKEN_SPLIT = re.compile(r"[\s_\-]+")
_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def class_tokens(node: HtmlElement) -> set[str]:
    """Words of an element's class and id: split on spaces, ``-``, ``_`` and camelCase humps
    (``InlineImage-imageEmbedCredit`` has a ``credit``). Whole words, not substrings:
    ``header`` is not ``head``."""
    value = _CAMEL_HUMP.sub(" ", f"{node.get('class', '')} {node.get('id', '')}").lower()
    return {t for t in _TOKEN_SPLIT.split(value) if t}


def text_len(node: HtmlElement) -> int:
    """Characters of an element's text, whitespace runs counted once."""
    return len(" ".join(node.text_content().split()))


def drop(node: HtmlElement) -> None:
    """Remove an element but keep its tail text in the document."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail and tail.strip():
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
