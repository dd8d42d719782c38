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
from urllib.parse import urljoin, urlsplit

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


def _by_class(name: str) -> str:
    return f'//*[contains(concat(" ", normalize-space(@class), " "), " {name} ")]'


# (xpath, source): elements whose text is this article's count. ``comments-link`` is what
# WordPress core's comments_popup_link() prints; the others are common news themes.
_COUNT_ELEMENTS = (
    (_by_class("comments-link"), "wp-comments-link"),
    (_by_class("td-post-comments"), "theme"),  # tagDiv Newspaper
    (_by_class("jeg_meta_comment"), "theme"),  # JNews
    (_by_class("post-comments"), "theme"),  # Jannah / Sahifa
    (_by_class("comment-count"), "theme"),
    (_by_class("comments-count"), "theme"),
    (_by_class("meta-comment"), "theme"),
    (_by_class("entry-comments"), "theme"),
    (_by_class("comments-title"), "theme"),  # "3 réponses à « ... »" above the list
    (_by_class("wpd-thread-info"), "theme"),  # wpDiscuz "12 Comments"
    (_by_class("comment-comments"), "theme"),  # Drupal 7 node links
    (_by_class("comment-link"), "theme"),  # Blogger
)
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
    return urlsplit(href).fragment.lower()


def _visible_signals(doc: HtmlElement, url: str) -> list[CommentSignal]:
    signals: list[CommentSignal] = []
    seen: set[HtmlElement] = set()
    for xpath, source in _COUNT_ELEMENTS:
        for node in doc.xpath(xpath):
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
    for link in doc.iter("a"):
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


_LIST_XPATH = (
    '//*[contains(concat(" ", normalize-space(@class), " "), " comment-list ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " commentlist ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " comments-list ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " comments ")'
    ' or self::ul[contains(concat(" ", normalize-space(@class), " "), " forum ")]'
    ' or @id="comments" or @id="wpdcom"]'
)
# A rendered comment: WordPress's <li class="comment"> (replies nested inside), themes'
# <div class="comment" id="comment-N">, wpDiscuz's .wpd-comment. Pingbacks count, as in
# WordPress's own total.
_ITEM_XPATH = (
    './/li[contains(concat(" ", normalize-space(@class), " "), " comment ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " pingback ")'
    ' or contains(concat(" ", normalize-space(@class), " "), " trackback ")]'
    ' | .//*[not(self::li)][contains(concat(" ", normalize-space(@class), " "), " comment ")]'
    '[starts-with(@id, "comment-")]'
    ' | .//*[contains(concat(" ", normalize-space(@class), " "), " wpd-comment ")]'
    ' | .//*[contains(concat(" ", normalize-space(@class), " "), " forum-message ")]'
)


def _list_and_form_signals(doc: HtmlElement) -> list[CommentSignal]:
    signals: list[CommentSignal] = []
    lists = [n for n in doc.xpath(_LIST_XPATH) if not _elsewhere(n)]
    # Reply lists sit inside the outer list: count items under outer containers only.
    outer = [n for n in lists if not any(a in lists for a in n.iterancestors())]
    items = {item for n in outer for item in n.xpath(_ITEM_XPATH)}
    if items:
        count = len(items)
        signals.append(CommentSignal(count, f"{count} rendered", "comment-list"))
        return signals
    closed = doc.xpath(
        '//*[contains(@class, "comments-closed") or contains(@class, "nocomments")'
        ' or contains(@class, "no-comments") or contains(@class, "comments-are-closed")]'
    )
    form = doc.xpath(
        '//form[@id="commentform" or contains(@action, "wp-comments-post")'
        ' or contains(@class, "comment-form")]'
    )
    if form and not closed:
        heading = doc.xpath('//*[@id="reply-title"]')
        raw = one_line(heading[0].text) if heading and heading[0].text else ""
        raw = raw or (node_text(heading[0]) if heading else "comment form, no comments")
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
    signals = [
        *_visible_signals(doc, url),
        *_structured_signals(article_node, doc),
        *_list_and_form_signals(doc),
    ]
    return CommentEvidence(tuple(signals))
