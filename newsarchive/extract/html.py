"""Parsing and text helpers shared by the extractors.

One lxml parse per page (about 1 ms, against ~13 ms for BeautifulSoup): every extractor reads
the same tree, and only the body extractor, which runs last, is allowed to mutate it.
"""

from __future__ import annotations

import copy
import re
import unicodedata
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from functools import lru_cache
from typing import TypeAlias
from urllib.parse import urlsplit

from lxml import etree

_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>", re.IGNORECASE)
# What lxml refuses in a tree ("All strings must be XML compatible"): C0 controls but tab,
# newline and carriage return; lone surrogates; U+FFFE and U+FFFF. DEL and the C1 controls go
# too: no language writes with them, and U+009B is a terminal's CSI. Vertical tab and form
# feed separate words, so they become spaces.
_UNSAFE = re.compile("[\x00-\x08\x0e-\x1f\x7f-\x9f\ud800-\udfff\ufffe\uffff]")
_SPACING_CONTROLS = re.compile("[\x0b\x0c]")
# Two scans, not one: a class mixing Latin-1 and surrogate ranges scans slower than both apart.
_CONTROL_OR_SPACING = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_NONCHARACTER = re.compile("[\ud800-\udfff\ufffe\uffff]")

# Plain lxml elements: lxml.html's HtmlElement runs a Python class lookup for every element
# the code touches (thousands a page, a fifth of the extraction's time); :func:`text_of` does
# what its text_content() did.
HtmlElement: TypeAlias = etree._Element


# Whitespace runs longer than this become one space (one newline if they hold one). Readers
# collapse runs anyway, and patterns of the shape ``\s+X\s+`` take time quadratic in a run's
# length: a title of 100k U+2005 took over 8 s in the site-name splitter.
MAX_WHITESPACE_RUN = 64
# Tried only where a run starts (the look-behind after one character, which lets the scan
# jump from whitespace to whitespace; a look-behind first is tried at every position, three
# times slower): tried anywhere, a scan re-read each indentation run once per character.
_LONG_RUN = re.compile(rf"\s(?<!\s\s)\s{{{MAX_WHITESPACE_RUN},}}")


def _shorten_run(match: re.Match[str]) -> str:
    return "\n" if "\n" in match.group() else " "


# Character references the parser would turn into characters lxml then refuses (``&#27;``);
# libxml2 itself maps NUL, surrogates and C1 references (to cp1252, as browsers do).
_CHAR_REF = re.compile(r"&#(?:[xX]0*([0-9a-fA-F]{1,6})|0*([0-9]{1,7}))(?![0-9a-fA-F]);?")


# Only the references :func:`_unsafe_ref` changes: C0 controls (vertical tab and form feed
# become spaces), DEL, U+FFFE and U+FFFF.
_UNSAFE_REF = re.compile(
    r"&#(?:0*(?:[1-8]|1[1-9]|2[0-9]|3[01]|127|6553[45])(?![0-9])"
    r"|[xX]0*(?:[1-8bBcCeEfF]|1[0-9a-fA-F]|7[fF]|[fF]{3}[eEfF])(?![0-9a-fA-F]))"
)


def _unsafe_ref(match: re.Match[str]) -> str:
    value = int(match[1], 16) if match[1] else int(match[2])
    if value in (0x0B, 0x0C):
        return " "
    if (0 < value < 0x20 and value not in (0x09, 0x0A, 0x0D)) or value in (0x7F, 0xFFFE, 0xFFFF):
        return ""
    return match.group()


# The page's end tags, and what may follow the last of them without being content. The
# search takes the usual spellings only (str.find for each: a regex scan stops at every "</").
_END_TAG_SPELLINGS = ("</body", "</html", "</BODY", "</HTML")
_END_TAG = re.compile(r"</(?:body|html)\s*>", re.IGNORECASE)
# Possessive: a failed match must not retry every split of a whitespace run.
_TRAILER = re.compile(r"(?:\s|<!--.*?-->|</(?:body|html)\s*+>)*+", re.IGNORECASE | re.DOTALL)


def reopen_body(text: str) -> str:
    """``text`` without the ``</body>`` and ``</html>`` end tags that close the page before
    its content does (a template including a header with its own ``</body></html>``). A
    browser ignores them: HTML5's "after body" mode goes back to "in body" at the next
    content. libxml2 does not: after ``</html>`` it stops reading, and what follows a
    ``</body>`` lands outside the body — the article with it. Without those tags the tree is
    the one a browser builds."""
    starts = [i for tag in _END_TAG_SPELLINGS if (i := text.find(tag)) >= 0]
    if not starts:
        return text
    start = min(starts)
    if _TRAILER.fullmatch(text, start):
        return text  # the usual page: the end tags end it
    return text[:start] + _END_TAG.sub("", text[start:])


def xml_safe(text: str, utf8: bytes | None = None) -> str:
    """``text`` without the characters lxml refuses to hold, and with whitespace runs
    bounded, and without end tags that would close the page before its content
    (:func:`reopen_body`). Page text reaches the tree only through here: one stray ESC used to
    pass the parser and then fail the first edit of the tree (the body's boilerplate removal),
    losing the article.

    ``utf8``: the bytes ``text`` was decoded from as UTF-8 (or ASCII), when it was; the
    checks then look at the bytes first (see :func:`_bytes_may_hold_controls`)."""
    # Searches first, substitutions only where needed: most pages need none, and a scan of a
    # 200 KB page costs about a millisecond per pattern.
    if (utf8 is None or _bytes_may_hold_controls(utf8)) and (
        _CONTROL_OR_SPACING.search(text) or _NONCHARACTER.search(text)
    ):
        text = _UNSAFE.sub("", _SPACING_CONTROLS.sub(" ", text))
        utf8 = None  # the bytes no longer say what the text holds: "  \x01  " is one run now
    if _UNSAFE_REF.search(text):  # literal prefix "&#": a fast scan
        text = _CHAR_REF.sub(_unsafe_ref, text)
        utf8 = None
    if utf8 is None:
        text = _LONG_RUN.sub(_shorten_run, text)  # no search first: as slow as the sub
    else:
        text = _shorten_runs_in_windows(text, utf8)
    if utf8 is not None and not _bytes_may_close_early(utf8):
        return text
    return reopen_body(text)


# The bytes of what xml_safe() removes, in UTF-8: C0 controls but tab, newline and carriage
# return (vertical tab and form feed too: they become spaces), DEL ("z" once mapped); the C1
# controls (U+0080 to U+009F: "\xc2" then 0x80-0x9f, "Cc") and U+FFFE/U+FFFF ("\xef\xbf\xbe",
# "\xef\xbf\xbf": both "EFF", one search; "\xef\xbe\xbe" too, which the text regex then
# clears). A decode by Python's UTF-8 codec holds no surrogates.
_CONTROL_MAP = bytes(
    ord(
        "z" if b in (*range(0x00, 0x09), 0x0B, 0x0C, *range(0x0E, 0x20), 0x7F)
        else "C" if b == 0xC2 else "c" if 0x80 <= b <= 0x9F
        else "E" if b == 0xEF else "F" if b in (0xBE, 0xBF)
        else "x"
    )
    for b in range(256)
)  # fmt: skip
# Every byte that may belong to a whitespace character (``\s``: ASCII whitespace with
# U+001C-U+001F, and U+0085, U+00A0, U+1680, U+2000-U+200A, U+2028, U+2029, U+202F, U+205F,
# U+3000 in UTF-8) becomes a space, any other an "x": a run of more than MAX_WHITESPACE_RUN
# whitespace characters is at least as many such bytes in a row. Text in Arabic, Cyrillic or
# CJK script breaks such rows at each letter's first byte, which none of those has.
_SPACE_BYTES = frozenset(
    byte for code in range(0x3001) if chr(code).isspace()  # \s is str.isspace(); U+3000 last
    for byte in chr(code).encode("utf-8")
)  # fmt: skip
_WHITESPACE_MAP = bytes(0x20 if b in _SPACE_BYTES else 0x78 for b in range(256))
_LONG_SPACE_RUN = b" " * (MAX_WHITESPACE_RUN + 1)
# UTF-8 continuation bytes become "c": a byte offset less the continuation bytes before it is
# the offset of the character starting there (or of the next one).
_CONTINUATION_MAP = bytes(0x63 if 0x80 <= b <= 0xBF else 0x2E for b in range(256))


def _bytes_may_hold_controls(data: bytes) -> bool:
    """Whether UTF-8 ``data`` may decode to a character :func:`xml_safe` removes: one
    ``bytes.translate`` and searches of its result, in C, instead of two regex scans of the
    text (a tenth of the time on a 200 KB page)."""
    mapped = data.translate(_CONTROL_MAP)
    # A pair or a triple is looked for only where its first byte is: a one-byte search runs
    # through 200 KB in microseconds, a longer one in a tenth of a millisecond or more.
    return (
        b"z" in mapped
        or (b"C" in mapped and b"Cc" in mapped)
        or (b"E" in mapped and b"EFF" in mapped)
    )


def _shorten_runs_in_windows(text: str, data: bytes) -> str:
    """``_LONG_RUN.sub`` over ``text``, decoded from UTF-8 ``data``, run only on the stretches
    where the bytes allow a long run (rows of :data:`_WHITESPACE_MAP` spaces): a regex scan of
    a 200 KB page costs about a millisecond, and a page indented with long runs (a third of
    the dev pages) needed it over all of its text. Each stretch is bounded by bytes no
    whitespace character holds, so no run crosses its ends and the look-behind sees what it
    would in the whole text. The whole text is scanned when the bytes do not line up with it
    (a byte-order mark dropped, UTF-16 that looked like ASCII)."""
    spaces = data.translate(_WHITESPACE_MAP)
    found = spaces.find(_LONG_SPACE_RUN)
    if found < 0:
        return text
    continuation = data.translate(_CONTINUATION_MAP)
    if len(data) - continuation.count(b"c") != len(text):
        return _LONG_RUN.sub(_shorten_run, text)
    pieces: list[str] = []
    done_bytes = done_chars = 0  # the text's bytes and characters already in pieces
    while found >= 0:
        end = spaces.find(b"x", found)
        end = len(data) if end < 0 else end
        start_char = done_chars + (found - done_bytes) - continuation.count(b"c", done_bytes, found)
        end_char = start_char + (end - found) - continuation.count(b"c", found, end)
        pieces.append(text[done_chars:start_char])
        pieces.append(_LONG_RUN.sub(_shorten_run, text[start_char:end_char]))
        done_bytes, done_chars = end, end_char
        found = spaces.find(_LONG_SPACE_RUN, end)
    pieces.append(text[done_chars:])
    return "".join(pieces)


_BYTES_TRAILER = re.compile(_TRAILER.pattern.encode("ascii"), re.IGNORECASE | re.DOTALL)


def _bytes_may_close_early(data: bytes) -> bool:
    """Whether :func:`reopen_body` may have work: an end tag of the page followed by more
    than its trailer, looked for in the bytes, lower-cased at once, the way reopen_body
    looks in the text."""
    lowered = data.lower()
    starts = [i for tag in (b"</body", b"</html") if (i := lowered.find(tag)) >= 0]
    return bool(starts) and not _BYTES_TRAILER.fullmatch(lowered, min(starts))


# Attributes the extractors read URLs from, and what makes a ``content`` value a URL.
_URL_ATTRIBUTES = ("href", "src", "content")
_LOOKS_LIKE_URL = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:)?//")


# One XPath per attribute, not their union: libxml2 merges a union's node sets checking each
# node against the other set, quadratic (80,000 links with all three: 18 s; 0.05 s apart).
_URL_VALUES = tuple(etree.XPath(f"//@{name}", smart_strings=False) for name in _URL_ATTRIBUTES)
# What may make urlsplit raise: brackets, a colon in the host part not followed by a port of
# at most four digits, non-ASCII in the host part. A prefilter: a hit is then checked. The host
# part runs to the first / ? or #, spaces included ("https://x : y" has the port " y"); the
# values are searched joined by NULs, which no value holds (xml_safe) and it does not cross.
_PARSER_TRAP = re.compile(r"//[^/?#\x00]*(?::(?!\d{1,4}(?:[/?#\s\x00]|$))|[^\x00-\x7f])")


def _parser_trap(value: str) -> bool:
    """Whether ``value`` holds a bracket or a host part :data:`_PARSER_TRAP` describes. The
    brackets by ``in``, the rest by a pattern that opens with "//": the regex engine looks for
    that literal with a string search instead of trying three branches at every character."""
    return "[" in value or "]" in value or _PARSER_TRAP.search(value) is not None


def readable_url(value: str) -> bool:
    """Whether Python's URL parser accepts ``value``: ``http://[x``, ``http://h:99999`` and
    netlocs that change under NFKC make ``urlsplit``, ``urljoin`` or ``.port`` raise."""
    try:
        urlsplit(value.strip()).port  # noqa: B018 - parsed for its ValueError
    except ValueError:
        return False
    return True


def _drop_unreadable_urls(doc: HtmlElement) -> None:
    """Remove URL attributes no parser reads: every extractor joins and splits links, and
    one bracket in one ``href`` raised out of the whole extraction."""
    if not _parser_trap("\0".join("\0".join(values(doc)) for values in _URL_VALUES)):
        return  # the common case: one regex pass over every URL at once
    for node in doc.xpath("//*[@href or @src or @content]"):
        for name in _URL_ATTRIBUTES:
            value = node.get(name)
            if not value or (name == "content" and not _LOOKS_LIKE_URL.match(value)):
                continue
            if not _parser_trap(value):
                continue
            if not readable_url(value):
                del node.attrib[name]


_PARSER = etree.HTMLParser(remove_comments=True, remove_pis=True, default_doctype=False)


def text_of(node: HtmlElement) -> str:
    """An element's text, its descendants' included, its own tail not (lxml.html's
    ``text_content()``), in C."""
    return str(etree.tostring(node, method="text", encoding="unicode", with_tail=False))


def parse_html(text: str, *, safe: bool = False) -> HtmlElement:
    """Parse a decoded page. lxml refuses str input that carries an XML encoding
    declaration, so it is dropped (the text is already decoded); so are control characters
    (:func:`xml_safe`; ``safe``: the caller already passed the text through it, as
    :func:`~.encoding.decode_html` does)."""
    text = _XML_DECL.sub("", text, count=1)
    if not safe:
        text = xml_safe(text)
    if not text.strip():
        text = "<html><body></body></html>"
    try:
        doc = etree.fromstring(text, _PARSER)
    except (etree.ParserError, etree.XMLSyntaxError, ValueError):
        doc = None
    if doc is None:
        return etree.fromstring("<html><body></body></html>", _PARSER)
    _drop_unreadable_urls(doc)
    return doc


_ZERO_WIDTH = str.maketrans({"\u200b": " ", "\ufeff": " "})


def one_line(text: str | None) -> str:
    """Whitespace of any kind (zero-width spaces included) collapsed to single spaces, NFC.
    Called hundreds of times a page: ``str.split`` collapses every Unicode space, no regex."""
    if not text:
        return ""
    if not text.isascii():
        text = unicodedata.normalize("NFC", text)
        # A search first: translate() looks every character up in its table, some hundred
        # times the cost of the two scans on a line of text (one_line runs on every short
        # text of a page).
        if "\u200b" in text or "\ufeff" in text:
            text = text.translate(_ZERO_WIDTH)
    return " ".join(text.split())


HEADING_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})

# Never visible text: dropped whatever they hold. A ``<title>`` in the body too: browsers do
# not show it, and the parser reads its content as raw text (markup included) to the next
# ``</title>``.
INVISIBLE_TAGS = frozenset({
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "audio", "video", "map", "link", "meta", "select", "textarea", "input", "title", "noembed",
    "noframes",
})  # fmt: skip


def shown_text(node: HtmlElement, line_break: str = "") -> str:
    """:func:`text_of` as a reader sees it: without the descendants browsers never show (the
    ``<style>`` CSS-in-JS libraries such as Emotion print inside a React page's headline, an
    icon's ``<svg><title>``), their tails kept ("Port<style/> breaks" is two words), and with
    each ``<br>`` read as ``line_break`` (text_of() drops them, gluing "(US)<br>Your" into
    "(US)Your" and "os<br>import" into "osimport")."""
    hidden = next(node.iterdescendants(*INVISIBLE_TAGS), None) is not None
    breaks = bool(line_break) and node.find(".//br") is not None
    if not hidden and not breaks:
        return text_of(node)
    node = copy.deepcopy(node)
    if hidden:
        etree.strip_elements(node, *INVISIBLE_TAGS, with_tail=False)
    for br in node.iter("br") if breaks else ():
        br.tail = line_break + (br.tail or "")
    return text_of(node)


def node_text(node: HtmlElement) -> str:
    """Visible-ish text of an element on one line."""
    return one_line(text_of(node))


_CAMEL_HUMP = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


_NO_TOKENS: frozenset[str] = frozenset()


def class_tokens(node: HtmlElement) -> frozenset[str]:
    """Words of an element's class and id: split on spaces, ``-``, ``_`` and camelCase humps
    (``InlineImage-imageEmbedCredit`` has a ``credit``). Whole words, not substrings:
    ``header`` is not ``head``."""
    cls, ident = node.get("class"), node.get("id")
    if not cls and not ident:
        return _NO_TOKENS
    return _tokens(cls or "", ident or "")


class ClassTokens:
    """:func:`class_tokens` remembered per element, for one read of a tree that does not
    change meanwhile: rules that climb from every link or date through its wrappers ask it of
    the same few elements thousands of times, and each ask copies the class and id out of the
    tree and hashes them (an id of 400 KB on the wrapper of 16,000 links: 3 s)."""

    def __init__(self) -> None:
        self._known: dict[HtmlElement, frozenset[str]] = {}

    def __call__(self, node: HtmlElement) -> frozenset[str]:
        found = self._known.get(node)
        if found is None:
            found = self._known[node] = class_tokens(node)
        return found


def class_words(cls: str, ident: str = "") -> frozenset[str]:
    """:func:`class_tokens` of a class and id given as strings (a filtered class list)."""
    return _tokens(cls, ident)


@lru_cache(maxsize=8192)
def _tokens(cls: str, ident: str) -> frozenset[str]:
    """Cached: the rules walk ancestor chains, so one page asks for the same few class
    strings tens of thousands of times."""
    value = f"{cls} {ident}"
    # Searches in C before the regexes, which try every offset: no capital, no hump (most
    # names are lower case); "-" and "_" read as spaces, then str.split() splits on the
    # whitespace runs, as ``\s`` has them.
    if not value.islower():
        value = _CAMEL_HUMP.sub(" ", value)
    return frozenset(value.lower().replace("-", " ").replace("_", " ").split())


def text_len(node: HtmlElement) -> int:
    """Characters of an element's text, whitespace runs counted once."""
    return len(" ".join(text_of(node).split()))


def text_longer_than(node: HtmlElement, limit: int) -> bool:
    """``text_len(node) > limit``, reading the text only until it is: a question asked of
    a wrapper of the whole page must not serialize the page each time. (Exact: appending
    text never shortens what came before, whitespace runs counted once.)"""
    pieces: list[str] = []
    size = 0
    checked_at = limit
    for piece in node.itertext():
        pieces.append(piece)
        size += len(piece)
        if size > checked_at:
            if len(" ".join("".join(pieces).split())) > limit:
                return True
            checked_at = 2 * size  # whitespace: look again once there is twice as much
    return len(" ".join("".join(pieces).split())) > limit


def drop(node: HtmlElement) -> None:
    """Remove an element but keep its tail text in the document, a space alone too:
    "<b>Port</b><script/> <i>breaks</i>" is two words (and the element alive to the end of
    a :func:`removed_kept` block)."""
    parent = node.getparent()
    if parent is None:
        return
    tail = node.tail
    if tail:
        prev = node.getprevious()
        if prev is not None:
            prev.tail = (prev.tail or "") + tail
        else:
            parent.text = (parent.text or "") + tail
    parent.remove(node)
    kept = _KEPT.get()
    if kept is not None:
        kept.append(node)


_KEPT: ContextVar[list[HtmlElement] | None] = ContextVar("newsarchive_kept", default=None)


@contextmanager
def removed_kept() -> Iterator[None]:
    """Keep what :func:`drop` removes alive until the block ends. lxml frees a removed
    subtree when the last Python proxy of its elements dies, and each proxy's death first
    walks the subtree looking for others; with proxies held in a cache that releases the
    oldest first (a dict: a subtree's top before its elements), that is a walk per element,
    quadratic: 2 s for a hostile page's list of 20,000 links, 10 s for 40,000. While the top
    lives, a death stops at it; the top's own walks the subtree once. Use it around code whose
    caches outlive its drops, ended after they are gone."""
    kept: list[HtmlElement] = []
    token = _KEPT.set(kept)
    try:
        yield
    finally:
        _KEPT.reset(token)
