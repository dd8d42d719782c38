"""Authors as the byline prints them, next to the headline.

"By Phil Helsel", "Par Rédaction", "بقلم …", "Written by" over a name, an ``author`` element
or a link to an author page, within a short distance of the ``<h1>``: each names the
article's authors, roles ("Staff Writer", "MD") and publishers ("| Fox News") left out.
Several authors are split on commas and "and"/"et"/"y"/"und"/"و".
"""

from __future__ import annotations

import re

from lxml import etree

from .html import HtmlElement, class_tokens, one_line, text_of
from .near_headline import Mention, outside_headline_blocks

AFTER_H1 = 700
BEFORE_H1 = 300
_PREFIX = re.compile(
    r"^(?:(?:written|posted|published|reviewed|edited|reported|words|story|stories|text|"
    r"articles?|posts?|authored|contributed)\s+by|by|par|"
    r"por|von|di|door|av|af|przez|autor(?:a|in)?|authors?|auteur|writer|reporter|yazar|автор|"
    r"بقلم|كتب|كتبه|كتبت|نویسنده|contributors?(?=\s*[:：]))\s*[:：]?\s+",
    re.I,
)
_GERUND = re.compile(r"[a-z]+ing\b")  # "by installing…": a sentence, not a byline
_LABEL_ONLY = re.compile(
    r"^(?:written by|posted by|article by|authored by|by|par|por|von|author|authors|auteur|"
    r"autor|écrit par|"
    r"escrito por|autore|auteurs|contributors?(?=\s*[:：]))\s*[:：]?$",
    re.I,
)
_AUTHOR_TOKENS = frozenset(
    {"author", "authors", "byline", "byl", "auteur", "writer", "autor", "author-name", "by"}
)
# Parts of a byline or author box that are not the name: ``author-description``,
# ``author-heading``, the article type or category a byline starts with ("Guide by …").
_NOT_THE_NAME = frozenset(
    {"description", "desc", "bio", "biography", "role", "job", "position", "heading", "label",
     "jobtitle", "avatar", "type", "category", "categories", "kicker", "tag", "tags"}
)  # fmt: skip
_BYLINE_BOX = 300  # characters: an author box holds a name, a role, a date; not the article
_AUTHOR_HREF = re.compile(r"/(?:author|authors|auteur|autor|writers?|people|staff|profile)/", re.I)
_SEPARATORS = re.compile(r"\s*(?:,|;|&|\band\b|\bet\b|\by\b|\bund\b|\be\b|\bو\b|\|)\s*", re.I)
_ROLE = re.compile(
    r"\b(?:staff|writer|editor|editors|reporter|correspondent|contributor|columnist|expert|"
    r"director|founder|co-founder|ceo|cto|cfo|president|manager|officer|consultant|attorney|"
    r"dietitian|nutritionist|specialist|analyst|journalist|rédacteur|redacteur|chief|"
    r"senior|sr|head|lead|member|candidate|representative|"
    r"professor|student|fellow|coach|strategist|marketing|content|years)\b",
    re.I,
)
_SOCIAL = re.compile(
    r"bsky\.app|twitter\.com|x\.com|facebook\.com|linkedin\.com|instagram\.com|"
    r"threads\.net|mastodon|youtube\.com|tiktok\.com|medium\.com|github\.com"
)
# Words that are not names, though bylines put them where a name goes.
_NOT_A_NAME = frozenset(
    {"sponsored", "bluesky", "twitter", "facebook", "linkedin", "share", "get", "follow",
     "subscribe", "admin", "administrator", "webmaster", "guest", "anonymous", "home", "news",
     "blog"}
)  # fmt: skip
_ACCOUNTS = frozenset({"admin", "administrator", "webmaster"})
_WEEKDAYS_MONTHS = re.compile(
    r"^(?:mon(?:day)?|tue(?:s|sday)?|wed(?:nesday)?|thu(?:r|rs|rsday)?|fri(?:day)?|"
    r"sat(?:urday)?|sun(?:day)?|jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|"
    r"june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?$",
    re.I,
)
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z]\.[A-Z]\.?)$")
_NOT_NAME = re.compile(
    r"\d|@|https?:|\bmin(?:ute)?s?\b|\bread\b|\bupdated\b|\bpublished\b"
    # Labels printed where the name goes ("Written By", "Authors of this article", "Listen"
    # for the audio player) and class names a fallback read as text ("wp-block-co-authors").
    r"|\bwritten\b|author|\barticles?\b|\blisten\b|\w+(?:-\w+){3}",
    re.I,
)


def byline_authors(header: list[Mention], site_name: str | None) -> list[str]:
    """The names the byline next to the headline prints (``header``:
    :func:`.near_headline.header_mentions`); empty when none is found."""
    texts = [m for m in header if -BEFORE_H1 <= m.distance <= AFTER_H1]
    texts.sort(key=lambda m: abs(m.distance))
    for mention in texts:
        names = _names_in(mention, site_name)
        if names:
            return _dedupe(names + _co_authors(mention.element, site_name))
    return []


_WRITTEN_BY = re.compile(
    r"^(?:written|authored|article written|escrito|écrit|ecrit|scritto|geschrieben)\s+"
    r"(?:by|por|par|da|von)\b\s*[:：]?\s*",
    re.I,
)


def written_by_authors(doc: HtmlElement, site_name: str | None) -> list[str]:
    """The names of the page's first "Written by" line, wherever it is: themes put it under
    the article, in the author box ("Written by <a>Ann Lee</a>"). Not in sidebars, teaser
    cards or comments; "By" alone is not enough here (teasers and photo credits use it)."""
    body = doc.find("body")
    if body is None:
        return []
    waiting: HtmlElement | None = None  # the label, the name in the next text
    for event, el in etree.iterwalk(body, events=("start", "end")):
        if not isinstance(el.tag, str) or el.tag in {"script", "style", "noscript", "template"}:
            continue
        raw = el.text if event == "start" else el.tail
        holder = el if event == "start" else el.getparent()
        text = one_line(raw or "")
        if not text or len(text) > 120 or holder is None:
            continue
        if waiting is not None:
            # The name follows the label in the same small box, not paragraphs later.
            box = waiting.getparent()
            names = clean_names(text, site_name)
            if names and box is not None and _holds(box, holder):
                return _dedupe(names + _co_authors(box, site_name))
            waiting = None
        match = _WRITTEN_BY.match(text)
        if match and outside_headline_blocks(holder):
            if len(text) > match.end():
                names = clean_names(text[match.end() :], site_name)
                if names:
                    return names
            else:
                waiting = holder
    return []


def author_box_names(doc: HtmlElement, site_name: str | None) -> list[str]:
    """The name in the page's first author box (``author-name``, ``author-box__name``,
    ``authorName``) wherever it is — under the article, in its header — when no byline
    names anyone. Not in sidebars, teaser cards or comments."""
    body = doc.find("body")
    if body is None:
        return []
    for el in body.iter():
        if not isinstance(el.tag, str) or not (el.get("class") or el.get("id")):
            continue
        tokens = class_tokens(el)
        if not ("name" in tokens and tokens & {"author", "authors", "writer", "byline"}):
            continue
        text = one_line(text_of(el))
        if not text or len(text) > 80 or not outside_headline_blocks(el):
            continue
        names = clean_names(text, site_name)
        if names:
            return names
    return []


def _holds(box: HtmlElement, el: HtmlElement) -> bool:
    return len(text_of(box)) <= 2 * _BYLINE_BOX and (el is box or box in el.iterancestors())


def _co_authors(el: HtmlElement, site_name: str | None) -> list[str]:
    """The other author links of the same byline ("By <a>A</a>, <a>B</a> & <a>C</a>")."""
    holder = el.getparent() if el.tag == "a" else el
    if holder is None:
        return []
    names: list[str] = []
    for link in holder.iter("a"):
        if link is not el and _is_author_link(link):
            names += clean_names(text_of(link), site_name)
    return names


def _dedupe(names: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for name in names:
        key = name.casefold()
        if key not in seen:
            seen.add(key)
            out.append(name)
    return out


def _is_author_link(link: HtmlElement) -> bool:
    """A link to an author page of the same site (not a social profile)."""
    href = link.get("href") or ""
    if link.get("rel") == "author":
        return True
    host = re.match(r"^(?:https?:)?//([^/]+)", href)
    return bool(_AUTHOR_HREF.search(href)) and not (host and _SOCIAL.search(host.group(1)))


def _names_in(mention: Mention, site_name: str | None) -> list[str]:
    text, el = mention.text, mention.element
    if mention.is_time:
        return []
    match = _PREFIX.match(text)
    if match and len(text) > match.end():
        if _GERUND.match(text, match.end()):
            return []  # prose: "by following the tips below, you…"
        return clean_names(text[match.end() :], site_name)
    if _LABEL_ONLY.match(text) or el.tag == "h1":
        return []  # the label (the name follows, read then); the headline is no name
    if class_tokens(el) & _NOT_THE_NAME:
        return []  # the author's role, bio or the box's heading ("Insights from")
    if _named_author(el) or _after_label(el, text):
        return clean_names(text, site_name)
    return []


def _named_author(el: HtmlElement) -> bool:
    """An element (or its link) that says it holds the author: ``class="author-name"``,
    ``itemprop="author"``, ``rel="author"``, a link to an author page."""
    for node in (el, *list(el.iterancestors())[:2]):
        if node.get("rel") == "author" or node.get("itemprop") in {"author", "name"}:
            return node.get("itemprop") != "name" or _in_author_scope(node)
        if node.tag == "a" and _is_author_link(node):
            return True
        # A byline box is short; a post's wrapper classed "author-jane-doe" is not one.
        if (
            (node.get("class") or node.get("id"))
            and class_tokens(node) & _AUTHOR_TOKENS
            and len(text_of(node)) <= _BYLINE_BOX
        ):
            return True
    return False


def _in_author_scope(node: HtmlElement) -> bool:
    return any(a.get("itemprop") == "author" for a in node.iterancestors())


def _after_label(el: HtmlElement, text: str) -> bool:
    """The element after a "Written by" / "Author" label (or inside its parent), or the
    text after the label's element (``<strong>Contributors:</strong> Ann Lee``)."""
    prev = el.getprevious()
    if prev is not None and _LABEL_ONLY.match(one_line(text_of(prev))):
        return True
    for child in el:
        if one_line(child.tail or "") == text and _LABEL_ONLY.match(one_line(text_of(child))):
            return True
    parent = el.getparent()
    return bool(parent is not None and parent.text and _LABEL_ONLY.match(one_line(parent.text)))


def clean_names(raw: str, site_name: str | None) -> list[str]:
    """Names from a byline's text: prefix, roles, credentials, publishers and dates out."""
    text = one_line(raw)
    text = _PREFIX.sub("", text)
    text = re.split(r"\s[|·•—–-]\s|\s+on\s+|\s+le\s+|\s+el\s+|\s+am\s+|\s+in\s+", text)[0]
    names: list[str] = []
    for part in _SEPARATORS.split(text):
        part = part.strip(" .,:;()[]")
        if not part or _CREDENTIAL.match(part) or _ROLE.search(part) or _NOT_NAME.search(part):
            continue
        if len(part.split()) > 5 or len(part) > 60 or not re.match(r"\w", part):
            continue
        if part.casefold() in _NOT_A_NAME or _WEEKDAYS_MONTHS.match(part):
            continue
        if is_publisher(part, site_name):
            continue
        names.append(part)
    return names


def is_placeholder(name: str) -> bool:
    """The account name a CMS prints where no person is named ("admin", "Webmaster")."""
    return one_line(name).strip(" .,:;").casefold() in _ACCOUNTS


def is_publisher(name: str, site_name: str | None) -> bool:
    """The site's own name (``og:site_name``) where an author's is expected."""
    return bool(site_name) and one_line(name).casefold() == one_line(site_name).casefold()
