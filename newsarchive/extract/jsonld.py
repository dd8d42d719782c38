"""JSON-LD: the article node and what it says.

Sites put several nodes on a page (Yoast's ``@graph`` of WebSite, WebPage, Article, Person,
BreadcrumbList; a VideoObject for an embed; an ItemList of related posts). Only the node that
describes *this* article may fill the item, and references (``{"@id": ...}``) are resolved
against the page's other nodes, as Yoast writes authors that way.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import accumulate
from typing import Any

from .html import HtmlElement, one_line, readable_url

ARTICLE_TYPES = frozenset(
    {
        "article", "newsarticle", "blogposting", "reportagenewsarticle",
        "analysisnewsarticle", "opinionnewsarticle", "backgroundnewsarticle",
        "reviewnewsarticle", "askpublicnewsarticle", "liveblogposting", "report",
        "scholarlyarticle", "techarticle", "satiricalarticle", "posting",
        "socialmediaposting", "discussionforumposting",
    }
)  # fmt: skip
_TRAILING_COMMA = re.compile(r",\s*([}\]])")
_URL_LIKE = re.compile(r"\s*(?:[a-zA-Z][a-zA-Z0-9+.\-]*:)?//")
_CDATA = re.compile(r"^\s*(?://\s*)?<!\[CDATA\[|(?://\s*)?\]\]>\s*$")


# Deeper than any real schema.org graph (Yoast's is about 6 levels); a script nested deeper is
# dropped whole, so no reader of the nodes can recurse its way out of the stack.
MAX_DEPTH = 32


def _loads(text: str) -> Any:
    text = text.strip()
    if "<![CDATA[" in text or "]]>" in text:  # the pattern's second branch tries every offset
        text = _CDATA.sub("", text)
    if _nesting(text) > MAX_DEPTH:
        return None  # never handed to the parser: see _nesting
    for candidate in (text, _TRAILING_COMMA.sub(r"\1", text)):
        try:
            data = json.loads(candidate, strict=False)
        except (ValueError, RecursionError):
            continue
        return data if _tame(data, MAX_DEPTH) else None
    return None


# A string, or an unclosed one to the end: every match succeeds, so the scan never starts
# again at a later quote (which made a page of escaped quotes quadratic).
_JSON_STRING = re.compile(r'"(?:[^"\\]|\\.)*+(?:"|\\?\Z)', re.DOTALL)
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")


def _nesting(text: str) -> int:
    """How deep the arrays and objects of a JSON text nest, strings aside. 100k nested "["
    made the parser recurse to the interpreter's limit: caught, but what the garbage
    collector finalized at that depth failed for want of stack (a full test run saw it), so
    such a text is never parsed. Two regex passes in C, then a count of the brackets left: a
    few dozen on a real page."""
    brackets = _NOT_BRACKET.sub("", _JSON_STRING.sub("", text))
    return max(accumulate(1 if b in "[{" else -1 for b in brackets), default=0)


def _tame(data: Any, limit: int) -> bool:
    """Whether ``data`` nests no deeper than ``limit``; on the way, URL-like strings no URL
    parser reads (``http://[x``) become None, as such attributes do in the tree
    (:func:`~.html.readable_url`). Iterative: it may not recurse."""
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if not isinstance(value, dict | list):
            continue
        if depth > limit:
            return False
        keys = value.keys() if isinstance(value, dict) else range(len(value))
        for key in list(keys):
            child = value[key]
            if isinstance(child, str):
                if "//" in child and _URL_LIKE.match(child) and not readable_url(child):
                    value[key] = None
            else:
                stack.append((child, depth + 1))
    return True


def _walk(data: Any) -> Iterator[dict[str, Any]]:
    if isinstance(data, list):
        for entry in data:
            yield from _walk(entry)
    elif isinstance(data, dict):
        if "@type" in data or "@id" in data:
            yield data
        graph = data.get("@graph")
        if graph is not None:
            yield from _walk(graph)


def types_of(node: dict[str, Any]) -> set[str]:
    raw = node.get("@type", [])
    if not isinstance(raw, list):
        raw = [raw]  # a string, as it should be, or anything a broken page writes
    return {str(t).rsplit("/", 1)[-1].lower() for t in raw if isinstance(t, str) and t}


# What the XPath ``translate(@type, "LDJSON", "ldjson")`` lowered: those letters only.
_LD_JSON_LOWER = str.maketrans("LDJSON", "ldjson")


def nodes(doc: HtmlElement) -> list[dict[str, Any]]:
    """Every typed node in every JSON-LD script, ``@graph`` flattened."""
    found: list[dict[str, Any]] = []
    for script in doc.iter("script"):  # a tag-filtered walk in C: half the time of an XPath
        if "ld+json" not in (script.get("type") or "").translate(_LD_JSON_LOWER):
            continue
        data = _loads(script.text or "")
        if data is not None:
            found.extend(_walk(data))
    return found


def _node_urls(node: dict[str, Any]) -> set[str]:
    urls = set()
    for key in ("url", "@id", "mainEntityOfPage"):
        value = node.get(key)
        if isinstance(value, dict):
            value = value.get("@id") or value.get("url")
        if isinstance(value, str):
            urls.add(value.split("#", 1)[0].rstrip("/"))
    return urls


def article_node(all_nodes: list[dict[str, Any]], page_url: str) -> dict[str, Any] | None:
    """The node describing this page's article: an Article-like type, preferring one whose URL
    is this page's, then one with a headline."""
    candidates = [n for n in all_nodes if types_of(n) & ARTICLE_TYPES]
    if not candidates:
        return None
    page = page_url.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    for node in candidates:
        if any(u.split("?", 1)[0] == page for u in _node_urls(node)):
            return node
    with_headline = [n for n in candidates if n.get("headline") or n.get("name")]
    return (with_headline or candidates)[0]


def resolve(value: Any, by_id: dict[str, dict[str, Any]]) -> Any:
    """Follow a ``{"@id": ...}`` reference to its node when the page defines it."""
    ref = value.get("@id") if isinstance(value, dict) and set(value) <= {"@id"} else None
    if isinstance(ref, str) and ref in by_id:
        return by_id[ref]
    return value


def index_by_id(all_nodes: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {n["@id"]: n for n in all_nodes if isinstance(n.get("@id"), str)}


def texts(value: Any, by_id: dict[str, dict[str, Any]] | None = None) -> list[str]:
    """Strings out of a JSON-LD value: a string, a list, or nodes with a name."""
    by_id = by_id or {}
    out: list[str] = []
    values = value if isinstance(value, list) else [value]
    for entry in values:
        entry = resolve(entry, by_id)
        if isinstance(entry, dict):
            entry = entry.get("name") or entry.get("url") or entry.get("@value")
        if isinstance(entry, int | float) and not isinstance(entry, bool):
            entry = str(entry)
        if isinstance(entry, str) and one_line(entry):
            out.append(one_line(entry))
    return out


def first_text(value: Any, by_id: dict[str, dict[str, Any]] | None = None) -> str | None:
    found = texts(value, by_id)
    return found[0] if found else None
