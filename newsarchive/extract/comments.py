"""How many comments a page says *this* article has.

Three states: an int the page states, ``0`` only on positive evidence of zero, ``None`` when
nothing trustworthy says (no comment feature, closed comments without a count, a JS-only widget
such as Disqus). Every signal found is reported with its source and raw text; the winner is
chosen in this documented order:

1. ``wp-comments-link`` / ``theme`` — a visible count for this article: a comments link whose
   target is this page (``#comments``, ``#respond``), or a theme's count element (tagDiv
   ``td-post-comments``, JNews ``jeg_meta_comment``, ``comments-link``, ``post-comments``).
   What the site shows its readers is the count we archive.
2. ``jsonld`` / ``microdata`` — ``commentCount`` or a ``CommentAction`` statistic on the article
   node. Below the visible count because caching plugins serve it stale.
3. ``comment-list`` — rendered comments, replies included (WordPress counts them too). Below
   structured data because long threads are paginated.
4. ``comment-form`` — an open reply form with no comment rendered: zero.

Counts belonging to other articles are never taken: elements inside sidebars, widgets,
related-post blocks, navigation or footers are skipped, and a link counts only when it points
at this page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from ..urls import same_page
from .html import HtmlElement, node_text, one_line

SOURCE_ORDER = (
    "api",
    "feed",
    "wp-comments-link",
    "theme",
    "jsonld",
    "microdata",
    "comment-list",
    "comment-form",
)

_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
_WORD = (
    r"(?:comments?|commentaires?|kommentare?|comentarios?|commenti|commento|reacties?|"
    r"komentarz(?:y|e)?|réactions?|reactions?|responses?|réponses?|replies|thoughts?|messages?|"
    r"تعليقات|تعليقان|تعليق|ردود|رد)"
)
_NUM_BEFORE = re.compile(rf"(\d[\d  .,]*)\s*{_WORD}", re.IGNORECASE)
_NUM_AFTER = re.compile(rf"{_WORD}\s*[:(\[]?\s*(\d[\d  .,]*)", re.IGNORECASE)
_BARE_NUM = re.compile(r"^\(?\s*(\d[\d  .,]*)\s*\)?$")
_ONE = re.compile(
    r"^(?:un|one|1|ein|uno|une)\s+(?:comment|commentaire|kommentar|comentario|commento)\b"
    r"|تعليق واحد|^تعليق$",
    re.IGNORECASE,
)
_ZERO = re.compile(
    r"\b(?:no|aucun|pas de|sans|keine|sin|nessun|geen|brak)\s+"
    r"(?:comments?|commentaires?|kommentare?|comentarios?|commenti|reacties|komentarzy)\b"
    r"|leave a (?:comment|reply)|laisser un commentaire|soyez le premier|be the first"
    r"|لا توجد تعليقات|لا تعليقات|أضف تعليق|اترك تعليق|اترك تعليقاً|اترك تعليقا",
    re.IGNORECASE,
)


# (class, source): elements whose text is this article's count. ``comments-link`` is what
# WordPress core's comments_popup_link() prints; the others are common news themes.
_COUNT_ELEMENTS = (
    ("comments-link", "wp-comments-link"),
    ("td-post-comments", "theme"),  # tagDiv Newspaper
    ("jeg_meta_comment", "theme"),  # JNews
    ("post-comments", "theme"),  # Jannah / Sahifa
    ("comment-count", "theme"),
    ("comments-count", "theme"),
    ("meta-comment", "theme"),
    ("entry-comments", "theme"),
    ("comments-title", "theme"),  # "3 réponses à « ... »" above the list
    ("wpd-thread-info", "theme"),  # wpDiscuz "12 Comments"
    ("comment-comments", "theme"),  # Drupal 7 node links
    ("comment-link", "theme"),  # Blogger
)
# Containers of rendered comments, the comments inside them, and "comments closed" markers.
_LIST_CLASSES = ("comment-list", "commentlist", "comments-list", "comments")
_LIST_IDS = ("comments", "wpdcom")
_ITEM_CLASSES = ("comment", "pingback", "trackback", "wpd-comment", "forum-message")
_CLOSED_CLASSES = ("comments-closed", "nocomments", "no-comments", "comments-are-closed")
_INDEXED_CLASSES = frozenset(
    [c for c, _ in _COUNT_ELEMENTS] + [*_LIST_CLASSES, "forum", *_ITEM_CLASSES, *_CLOSED_CLASSES]
)


class _PageIndex:
    """One pass over the tree: the elements the comment rules look at, by class and id, and
    the links that carry a fragment. Replaces a dozen whole-document XPath scans."""

    def __init__(self, doc: HtmlElement) -> None:
        self.by_class: dict[str, list[HtmlElement]] = {}
        self.by_id: dict[str, HtmlElement] = {}
        self.fragment_links: list[HtmlElement] = []
        for el in doc.iter(etree.Element):
            cls = el.get("class")
            if cls:
                for token in cls.split():
                    if token in _INDEXED_CLASSES:
                        self.by_class.setdefault(token, []).append(el)
            ident = el.get("id")
            if ident and ident not in self.by_id:
                self.by_id[ident] = el
            if el.tag == "a" and "#" in (el.get("href") or ""):
                self.fragment_links.append(el)

    def with_class(self, name: str) -> list[HtmlElement]:
        return self.by_class.get(name, [])


_ELSEWHERE_TOKENS = {
    "sidebar", "widget", "widgets", "related", "relatedposts", "recent", "popular", "most",
    "trending", "nav", "menu", "navigation", "carousel", "slider", "ticker",
    "yarpp", "jp-relatedposts", "more", "also", "recommended", "block-posts",
}  # fmt: skip
_ELSEWHERE_TAGS = {"aside", "footer", "nav"}
# Link targets that mean "this article's comments": WordPress, Blogger (#comment-form), SPIP
# (#forum), Disqus (#disqus_thread: counted only if the link text holds a number).
_COUNT_FRAGMENTS = {
    "comments", "respond", "comment", "reply", "disqus_thread", "comment-form", "forum", "forums",
}  # fmt: skip
_TOKEN_SPLIT = re.compile(r"[\s_\-]+")


@dataclass(frozen=True, slots=True)
class CommentSignal:
    count: int | None
    raw: str
    source: str


@dataclass(frozen=True, slots=True)
class CommentEvidence:
    """All signals found, and the one that decides."""

    signals: tuple[CommentSignal, ...]

    @property
    def winner(self) -> CommentSignal | None:
        ranked = sorted(
            (s for s in self.signals if s.count is not None),
            key=lambda s: SOURCE_ORDER.index(s.source),
        )
        return ranked[0] if ranked else None

    @property
    def disagreement(self) -> bool:
        return len({s.count for s in self.signals if s.count is not None}) > 1


def parse_count(text: str, bare_number_ok: bool = False) -> int | None:
    """The comment count a short text states, or None.

    "12 commentaires" → 12, "Commentaires (6)" → 6, "Un commentaire" → 1, "Leave a comment"
    → 0; a bare "0" or "(11)" only where the element is known to hold a count.
    """
    # Length first, on a cheap whitespace collapse (twice the limit: room for the zero-width
    # characters only one_line removes); the full clean-up is not worth running on a paragraph.
    if len(" ".join(text.split())) > 160:
        return None
    text = one_line(text).translate(_DIGITS)
    if not text or len(text) > 80:
        return None
    for pattern in (_NUM_BEFORE, _NUM_AFTER):
        match = pattern.search(text)
        if match:
            return _to_int(match.group(1))
    if _ONE.search(text):
        return 1
    if _ZERO.search(text):
        return 0
    if bare_number_ok:
        match = _BARE_NUM.match(text)
        if match:
            return _to_int(match.group(1))
    return None


def _to_int(raw: str) -> int | None:
    digits = re.sub(r"[^\d]", "", raw)
    return int(digits) if digits and len(digits) < 9 else None


def _elsewhere(node: HtmlElement) -> bool:
    """True when the node sits in a part of the page about other articles."""
    for anc in node.iterancestors():
        if anc.tag in _ELSEWHERE_TAGS:
            return True
        value = f"{anc.get('class', '')} {anc.get('id', '')}".lower()
        if value.strip() and set(_TOKEN_SPLIT.split(value)) & _ELSEWHERE_TOKENS:
            return True
    return False


def _links_here(node: HtmlElement, url: str) -> bool:
    """True when every link in (or on) the node points at this page, fragments aside."""
    links = [node] if node.tag == "a" else list(node.iter("a"))
    for link in links:
        href = (link.get("href") or "").strip()
        if not href or href.startswith("#"):
            continue
        if "replytocom" in href or not same_page(urljoin(url, href), url):
            return False
    return True


def _fragment(href: str) -> str:
    return href.split("#", 1)[1].strip().lower() if "#" in href else ""


def _visible_signals(index: _PageIndex, url: str) -> list[CommentSignal]:
    signals: list[CommentSignal] = []
    seen: set[HtmlElement] = set()
    for cls, source in _COUNT_ELEMENTS:
        for node in index.with_class(cls):
            if node in seen or _elsewhere(node) or not _links_here(node, url):
                continue
            seen.add(node)
            seen.update(node.iter())
            text = node_text(node)
            count = parse_count(text, bare_number_ok=True)
            if count is None:
                count = _count_from_links(node)
            if count is not None:
                signals.append(CommentSignal(count, text or _hrefs(node), source))
    for link in index.fragment_links:
        if link in seen:
            continue
        href = (link.get("href") or "").strip()
        fragment = _fragment(href)
        if fragment not in _COUNT_FRAGMENTS:
            continue
        cls = (link.get("class") or "").lower()
        if "comment-reply" in cls or "replytocom" in href:
            continue
        if _elsewhere(link) or _in_comment_area(link) or not _links_here(link, url):
            continue
        text = node_text(link)
        count = parse_count(text, bare_number_ok=True)
        if count is None and fragment == "respond" and not re.search(r"\d", text):
            count = 0
        if count is not None:
            signals.append(CommentSignal(count, text or href, "wp-comments-link"))
    return signals


def _in_comment_area(link: HtmlElement) -> bool:
    """Links inside the comment section itself ("Cancel reply", permalinks) are not counts."""
    if link.get("id") == "cancel-comment-reply-link":
        return True
    for anc in link.iterancestors():
        if anc.tag == "form" or anc.get("id") in {"respond", "comments", "commentform"}:
            return True
    return False


def _count_from_links(node: HtmlElement) -> int | None:
    for link in node.iter("a"):
        if _fragment(link.get("href") or "") == "respond":
            return 0
    return None


def _hrefs(node: HtmlElement) -> str:
    return " ".join(a.get("href", "") for a in node.iter("a"))


def _structured_signals(article_node: dict[str, Any] | None, doc: HtmlElement):
    signals: list[CommentSignal] = []
    if article_node:
        raw = article_node.get("commentCount")
        if isinstance(raw, int | str) and not isinstance(raw, bool):
            count = _to_int(str(raw)) if str(raw).strip().isdigit() else None
            if count is not None:
                signals.append(CommentSignal(count, str(raw), "jsonld"))
        stats = article_node.get("interactionStatistic") or []
        for stat in stats if isinstance(stats, list) else [stats]:
            if not isinstance(stat, dict):
                continue
            kind = stat.get("interactionType")
            if isinstance(kind, dict):
                kind = kind.get("@type")
            if isinstance(kind, str) and kind.rsplit("/", 1)[-1] == "CommentAction":
                raw = stat.get("userInteractionCount")
                if raw is not None and str(raw).strip().isdigit():
                    signals.append(CommentSignal(int(str(raw).strip()), str(raw), "jsonld"))
    for node in doc.xpath('//*[@itemprop="commentCount"]'):
        if _elsewhere(node):
            continue
        raw = node.get("content") or node_text(node)
        count = parse_count(raw, bare_number_ok=True)
        if count is not None:
            signals.append(CommentSignal(count, raw, "microdata"))
            break
    return signals


def _is_item(el: HtmlElement) -> bool:
    """A rendered comment: WordPress's <li class="comment"> (replies nested inside), themes'
    <div class="comment" id="comment-N">, wpDiscuz's .wpd-comment, SPIP's .forum-message.
    Pingbacks count, as in WordPress's own total."""
    tokens = set((el.get("class") or "").split())
    if el.tag == "li" and tokens & {"comment", "pingback", "trackback"}:
        return True
    if "comment" in tokens and (el.get("id") or "").startswith("comment-"):
        return True
    return bool(tokens & {"wpd-comment", "forum-message"})


def _list_and_form_signals(doc: HtmlElement, index: _PageIndex) -> list[CommentSignal]:
    signals: list[CommentSignal] = []
    containers = [el for cls in _LIST_CLASSES for el in index.with_class(cls)]
    containers += [el for el in index.with_class("forum") if el.tag == "ul"]
    containers += [index.by_id[i] for i in _LIST_IDS if i in index.by_id]
    lists = {n for n in containers if not _elsewhere(n)}
    items = {
        el
        for cls in _ITEM_CLASSES
        for el in index.with_class(cls)
        if _is_item(el) and any(a in lists for a in el.iterancestors())
    }
    if items:
        count = len(items)
        signals.append(CommentSignal(count, f"{count} rendered", "comment-list"))
        return signals
    closed = any(index.with_class(cls) for cls in _CLOSED_CLASSES)
    form = doc.xpath(
        '//form[@id="commentform" or contains(@action, "wp-comments-post")'
        ' or contains(@class, "comment-form")]'
    )
    if form and not closed:
        heading = index.by_id.get("reply-title")
        raw = one_line(heading.text) if heading is not None and heading.text else ""
        if not raw:
            raw = node_text(heading) if heading is not None else "comment form, no comments"
        signals.append(CommentSignal(0, raw, "comment-form"))
    return signals


_POST_ID_BODY = re.compile(r"\bpostid-(\d+)\b")
_SHORTLINK = re.compile(r"[?&]p=(\d+)\b")


def wp_post_id(doc: HtmlElement) -> int | None:
    """The WordPress post ID of the page, from the comment form, the body class or the
    shortlink; None on other CMSs."""
    for value in doc.xpath('//input[@name="comment_post_ID"]/@value'):
        if str(value).strip().isdigit():
            return int(str(value).strip())
    body = doc.find("body")
    if body is not None:
        match = _POST_ID_BODY.search(body.get("class", ""))
        if match:
            return int(match.group(1))
    for href in doc.xpath('//link[@rel="shortlink"]/@href'):
        match = _SHORTLINK.search(str(href))
        if match:
            return int(match.group(1))
    return None


def extract_comment_evidence(
    doc: HtmlElement, url: str, article_node: dict[str, Any] | None
) -> CommentEvidence:
    """Collect every comment-count signal on the page. Read-only on ``doc``."""
    index = _PageIndex(doc)
    signals = [
        *_visible_signals(index, url),
        *_structured_signals(article_node, doc),
        *_list_and_form_signals(doc, index),
    ]
    return CommentEvidence(tuple(signals))
