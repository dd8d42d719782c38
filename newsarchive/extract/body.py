"""Main text of an article page.

A readability-style scorer on the one lxml tree, written for speed (no second parse, no
BeautifulSoup) and for the layouts of small news sites:

1. Boilerplate goes first: non-content tags (scripts, forms, navigation, asides, footers) and
   elements whose class/id *tokens* name boilerplate (``share``, ``related``, ``comments``,
   ``widget``...). Tokens, not substrings: ``header`` must not match ``head``, and
   ``post-content-shared`` is still content; camelCase humps split too. An element holding most
   of the page's text is never dropped this way, whatever its class says, nor one holding a
   ``<blockquote>`` (an embedded tweet in a ``social-media-embed`` wrapper is quoted content).
2. Every block holding a sentence or more of its own text scores points for its parent and
   grandparent (length, commas); a container's score is discounted by its link density.
3. The best container wins; a known content container (``itemprop=articleBody``,
   ``entry-content``...) is preferred when it holds the winner or is held by it. An article
   split into repeated blocks of the same layout (one ``article__body`` per section) is read
   from all of them.
4. Inside it, blocks a heading labels as other stories ("Top stories", "À lire aussi") and
   link lists go; text comes out one line per block.

Run last: it mutates the tree it is given.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from lxml import etree
from lxml_html_clean import Cleaner

from .html import HtmlElement, class_tokens, clean_text, one_line

# Never visible text: dropped whatever they hold.
INVISIBLE_TAGS = {
    "script", "style", "noscript", "template", "svg", "iframe", "object", "embed", "canvas",
    "audio", "video", "map", "link", "meta", "select", "textarea", "input",
}  # fmt: skip
# Page furniture: dropped, unless a broken page nests the article inside (an unclosed
# ``<button>`` or ``<nav>``, an ASP.NET ``<form>`` around the whole page).
FURNITURE_TAGS = {"form", "button", "nav", "aside", "footer", "header", "menu", "dialog"}
DROP_TAGS = INVISIBLE_TAGS | FURNITURE_TAGS
BOILERPLATE_TOKENS = {
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
    "popular", "rail", "photo",
}  # fmt: skip
COMMENT_TOKENS = {"comments", "comment", "respond", "disqus"}
PROSE_SHARE = 0.2
# Tokens that make an element content, whatever else its class says.
CONTENT_HINTS = re.compile(
    r"\b(?:article[-_]?body|articlebody|entry[-_]content|post[-_]content|post[-_]body|"
    r"story[-_]body|article[-_]content|td-post-content|content[-_]inner|single[-_]content|"
    r"article__body|body[-_]text|news[-_]text|post[-_]entry|entry[-_]body|rich[-_]text)\b"
)
BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol", "dl",
    "dd", "dt", "td", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
    "figure", "figcaption", "center", "address", "details", "summary", "hr", "br", "body",
}  # fmt: skip
# Ad containers named by class fragments rather than whole tokens (tagDiv ``td-a-rec``,
# ``adspot``, Google's ``adsbygoogle``...).
_AD_CLASS = re.compile(r"td-a-rec|\bad(?:spot|slot|unit|sense|vert\w*|-slot|-container|-wrap)")
_COMMAS = re.compile(r"[,،،;]")
MIN_BLOCK_CHARS = 25
_ANCESTOR_SHARE = (1.0, 0.5, 1 / 6, 1 / 9)
NEAR_HEADLINE_GAP = 1  # levels of nesting
NEAR_HEADLINE_SHARE = 0.3  # of the best score
MIN_CHUNK_CHARS = 200  # a repeated block must hold this much text to join the body
# Headings of "other stories" blocks, in the languages of the sites we archive.
_MORE_STORIES = re.compile(
    r"^(?:top stories|most (?:read|popular)|(?:our )?latest (?:stories|news)|"
    r"related (?:stories|articles|posts)|more stories|more from [\w\s]+|more great [\w\s]+|"
    r"you (?:may|might) also like|recommended(?: for you)?|partner news|read next|"
    r"trending(?: now)?|editor'?s picks|(?:à|a) lire aussi|lire aussi|sur le même sujet|"
    r"les plus lus|dans la même rubrique|اقرأ أيضا|اقرأ أيضاً|مقالات ذات صلة|الأكثر قراءة|"
    r"lesen sie auch|mehr zum thema|te puede interesar|leggi anche|veja também|leia também|"
    r"notícias relacionadas)\s*[:.…]*$",
    re.I,
)

_cleaner = Cleaner(
    scripts=True,
    javascript=True,
    comments=True,
    style=True,
    inline_style=True,
    links=True,
    meta=True,
    page_structure=True,
    processing_instructions=True,
    embedded=True,
    frames=True,
    forms=True,
    annoying_tags=True,
    safe_attrs_only=True,
    safe_attrs=frozenset({"href", "src", "alt", "title", "dir", "lang", "datetime"}),
)


@dataclass(slots=True)
class Body:
    text: str | None
    html: str | None


def _is_content(node: HtmlElement) -> bool:
    if node.get("itemprop") == "articleBody":
        return True
    return bool(CONTENT_HINTS.search(f"{node.get('class', '')} {node.get('id', '')}".lower()))


def _text_len(node: HtmlElement) -> int:
    return len(" ".join(node.text_content().split()))


def _drop(node: HtmlElement) -> None:
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


def _prose_len(node: HtmlElement) -> int:
    """Characters in the paragraphs under ``node``: what a menu or a link list lacks."""
    return sum(len(p.text_content()) for p in node.iter("p"))


def _class_key(node: HtmlElement) -> str:
    """An element's class without per-element names (``elementor-element-4cdc94e``)."""
    return " ".join(sorted(c for c in node.get("class", "").split() if not _HAS_DIGIT.search(c)))


_HAS_DIGIT = re.compile(r"\d")


def _prose_by_class(nodes: Iterable[HtmlElement]) -> dict[HtmlElement, int]:
    """Each node's paragraph text, or that of all the page's elements of its class when
    greater: a page builder's article is many ``elementor-widget`` blocks, each small, together
    the whole text."""
    own: dict[HtmlElement, int] = {}
    by_class: dict[str, int] = {}
    outermost: dict[str, HtmlElement] = {}
    for node in nodes:  # document order: an ancestor comes before its descendants
        own[node] = size = _prose_len(node)
        cls = _class_key(node)
        if not cls:
            continue
        last = outermost.get(cls)
        if last is not None and last in set(node.iterancestors()):
            continue  # counted with its same-class ancestor
        outermost[cls] = node
        by_class[cls] = by_class.get(cls, 0) + size
    return {
        node: max(size, by_class.get(_class_key(node), 0))
        for node, size in own.items()
    }


def remove_boilerplate(root: HtmlElement, tokens_named: frozenset[str] | set[str] = BOILERPLATE_TOKENS) -> None:
    """Strip non-content tags and boilerplate-named elements from ``root`` in place."""
    for node in list(root.iter(*INVISIBLE_TAGS)):
        _drop(node)
    prose = max(_prose_len(root), 1)
    for node in list(root.iter(*FURNITURE_TAGS)):
        if _prose_len(node) > 0.5 * prose:
            continue  # misnested: the page's paragraphs are inside
        # A <header>/<footer> is dropped, but an <article> wrongly wrapped in one is not.
        if node.tag in {"header", "footer"} and node.find(".//p") is not None:
            paragraphs = sum(len(p.text_content()) for p in node.iter("p"))
            if paragraphs > 400:
                continue
        _drop(node)
    total = max(_text_len(root), 1)
    prose = max(_prose_len(root), 1)
    named: list[tuple[HtmlElement, set[str], bool]] = []
    for node in root.iter(etree.Element):
        if not isinstance(node.tag, str):
            continue
        tokens = class_tokens(node)
        is_ad = bool(_AD_CLASS.search(node.get("class", "")))
        if is_ad or (tokens & tokens_named and not _is_content(node)):
            named.append((node, tokens, is_ad))
    group_prose = _prose_by_class(node for node, _, _ in named)
    for node, tokens, is_ad in named:
        if node.getparent() is None:
            continue
        if node.get("role") == "main":
            continue
        if _text_len(node) > 0.5 * total:
            continue
        if not tokens & COMMENT_TOKENS and group_prose[node] > PROSE_SHARE * prose:
            continue  # "field--label-hidden", "overflow-hidden", "has-rail-right": a modifier
        if not is_ad and node.tag != "blockquote" and node.find(".//blockquote") is not None:
            continue  # an embedded post in a "social-embed" wrapper is quoted content
        _drop(node)
    for node in list(root.iter("figure", "figcaption")):
        _drop(node)


def _own_text_len(node: HtmlElement) -> int:
    """Characters of text directly in this block (inline children included, blocks not)."""
    size = len((node.text or "").strip())
    for child in node:
        if isinstance(child.tag, str) and child.tag in BLOCK_TAGS:
            size += len((child.tail or "").strip())
        else:
            size += len(" ".join(child.text_content().split())) if isinstance(child.tag, str) else 0
            size += len((child.tail or "").strip())
    return size


def _link_density(node: HtmlElement) -> float:
    total = _text_len(node)
    if not total:
        return 1.0
    links = sum(len(" ".join(a.text_content().split())) for a in node.iter("a"))
    return min(links / total, 1.0)


def _score_candidates(root: HtmlElement) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    for node in root.iter("p", "pre", "td", "blockquote", "div", "section", "li", "span"):
        own = _own_text_len(node)
        if own < MIN_BLOCK_CHARS:
            continue
        if node.tag in {"div", "section", "span", "li"} and own < 80:
            continue
        text = node.text_content()
        points = 1.0 + len(_COMMAS.findall(text)) + min(own / 100.0, 3.0)
        # Readability's shares: the parent takes all, the grandparent half, then a sixth and
        # a ninth, so a wrapper around several sections still collects their weight.
        for level, ancestor in enumerate(node.iterancestors()):
            if level >= len(_ANCESTOR_SHARE):
                break
            scores[ancestor] = scores.get(ancestor, 0.0) + points * _ANCESTOR_SHARE[level]
    return {node: score * (1.0 - _link_density(node)) for node, score in scores.items()}


def _headline_anchor(root: HtmlElement, headline: str | None) -> list[HtmlElement]:
    """Ancestors (nearest first) of the ``<h1>`` showing the headline, found before boilerplate
    removal: the article's text lives near its headline."""
    if not headline:
        return []
    wanted = one_line(headline)
    for h1 in root.iter("h1"):
        if one_line(h1.text_content()) == wanted:
            return list(h1.iterancestors())
    return []


def _distance(node: HtmlElement, anchor: list[HtmlElement]) -> int:
    """How far up from the headline the lowest ancestor shared with ``node`` is."""
    lineage = {node, *node.iterancestors()}
    for depth, ancestor in enumerate(anchor):
        if ancestor in lineage:
            return depth
    return len(anchor)


def _promote(best: HtmlElement, scores: dict[HtmlElement, float]) -> HtmlElement:
    """Readability's unification: when three other strong candidates share an ancestor with
    the best one, the article is spread over sections and that ancestor holds it all; and a
    parent scoring higher than its child holds more of the article than the child."""
    top = sorted(scores, key=scores.__getitem__, reverse=True)[1:5]
    rivals = [set(n.iterancestors()) for n in top if scores[n] >= 0.75 * scores[best]]
    if len(rivals) >= 3:
        for ancestor in best.iterancestors():
            if ancestor.tag == "body":
                break
            if sum(ancestor in lineage for lineage in rivals) >= 3:
                scores[ancestor] = max(scores.get(ancestor, 0.0), scores[best])
                return ancestor
    last = scores[best]
    for ancestor in best.iterancestors():
        if ancestor.tag == "body":
            break
        score = scores.get(ancestor)
        if score is None:
            continue
        if score < scores[best] / 3:
            break
        if score > last:
            return ancestor
        last = score
    return best


def _best_container(
    root: HtmlElement, anchor: list[HtmlElement], scores: dict[HtmlElement, float]
) -> HtmlElement | None:
    if not scores:
        return None
    best = _promote(max(scores, key=scores.__getitem__), scores)
    if anchor:
        # A block far from the headline ("you may also like", a second story) can outscore a
        # short article; prefer a good candidate sharing a much closer ancestor with the h1.
        eligible = [n for n in scores if scores[n] >= NEAR_HEADLINE_SHARE * scores[best]]
        near = min(eligible, key=lambda n: (_distance(n, anchor), -scores[n]))
        if (
            near is not best
            and _distance(best, anchor) >= _distance(near, anchor) + NEAR_HEADLINE_GAP
        ):
            best = near
    # Prefer a declared content container related to the winner: inside it with most of its
    # text, or around it without much more.
    best_ancestors = set(best.iterancestors())
    best_len = _text_len(best)
    for node in root.iter(etree.Element):
        if not isinstance(node.tag, str) or not _is_content(node):
            continue
        if node is best:
            return best
        if best in node.iterancestors() and _text_len(node) > 0.5 * best_len:
            return node
        if node in best_ancestors and _text_len(node) >= 0.8 * best_len:
            return node
    return best


def _lines(node: HtmlElement) -> list[str]:
    """Text one line per block, in document order."""
    lines: list[str] = []
    buf: list[str] = []

    def flush() -> None:
        if buf:
            line = one_line("".join(buf))
            if line:
                lines.append(line)
            buf.clear()

    def walk(el: HtmlElement) -> None:
        tag = el.tag if isinstance(el.tag, str) else ""
        block = tag in BLOCK_TAGS
        if block:
            flush()
        if tag == "br":
            flush()
        elif el.text:
            buf.append(el.text)
        for child in el:
            walk(child)
            if child.tail:
                buf.append(child.tail)
        if block:
            flush()

    walk(node)
    flush()
    return lines


def _drop_story_lists(container: HtmlElement) -> None:
    """Inside the chosen container, drop blocks a heading labels as other stories ("Top
    stories", "À lire aussi", "اقرأ أيضا"…): the heading, and the link-heavy block it titles
    (or the link-heavy blocks that follow it). Their teasers carry enough plain text to pass
    the link-density test on their own."""
    for heading in list(container.iter(etree.Element)):
        if heading.tag in {"a", "p"} or heading.getparent() is None or len(heading) > 3:
            continue  # a "Read more" link, a sentence: not a heading
        label = one_line(heading.text_content())
        if not label or len(label) > 40 or not _MORE_STORIES.match(label):
            continue
        node = heading  # climb through the heading's own wrappers
        while (parent := node.getparent()) is not None and parent is not container:
            if _text_len(parent) > 3 * max(_text_len(node), 1) + 40:
                break
            node = parent
        block = node.getparent()
        if (
            block is not None
            and block is not container
            and _lists_stories(block)
            and _text_len(block) < 0.5 * _text_len(container)
        ):
            _drop(block)
            continue
        following = list(node.itersiblings())
        _drop(node)
        for sibling in following:
            if not _lists_stories(sibling):
                break
            _drop(sibling)


def _lists_stories(node: HtmlElement) -> bool:
    """Mostly links, or links each with a line of teaser at most (prose has far fewer)."""
    if _link_density(node) >= 0.25:
        return True
    links = sum(1 for a in node.iter("a") if a.get("href"))
    return links >= 1 and _text_len(node) <= 200 * links and node.tag in {"ul", "ol", "div"}


def _prune_link_lists(container: HtmlElement) -> None:
    """Inside the chosen container, drop lists and blocks that are mostly links."""
    for node in list(container.iter("ul", "ol", "div", "section", "p", "table")):
        if node is container or node.getparent() is None:
            continue
        size = _text_len(node)
        if size == 0:
            if node.find(".//img") is None:
                _drop(node)
            continue
        density = _link_density(node)
        if (density > 0.5 and size < 400) or (density > 0.8):
            _drop(node)


def _shape(node: HtmlElement) -> tuple[str, ...]:
    """Tag and class of a node and its parent: repeated blocks of one layout share it."""
    parent = node.getparent()
    outer = (parent.tag, parent.get("class", "")) if parent is not None else ("", "")
    return (node.tag, node.get("class", ""), *outer)


def _chunks(root: HtmlElement, container: HtmlElement) -> list[HtmlElement]:
    """The container, plus the other parts of an article split into repeated blocks of the
    same tag and class (Condé Nast's ``article__body`` per section, the NYT's
    ``StoryBodyCompanionColumn``): each holding real prose, none inside another. Document
    order."""
    cls = container.get("class")
    if not cls or not cls.strip():
        return [container]
    shape = _shape(container)
    found = [
        node
        for node in root.iter(container.tag)
        if node is container
        or (
            node.get("class") == cls
            and _shape(node) == shape  # a second story in another column is not a chunk
            and _text_len(node) >= MIN_CHUNK_CHARS
            and _link_density(node) < 0.3
        )
    ]
    outer = set(found)
    if len(found) == 1 or outer & set(container.iterancestors()):
        return [container]
    # A chunk inside another one is read with it, not twice.
    return [n for n in found if not outer & set(n.iterancestors())]


def extract_body(doc: HtmlElement, headline: str | None = None, tokens_named=BOILERPLATE_TOKENS) -> Body:
    """Main text and sanitized HTML of the article in ``doc`` (mutated)."""
    body = doc.find("body")
    root = body if body is not None else doc
    anchor = _headline_anchor(root, headline)
    remove_boilerplate(root, tokens_named)
    scores = _score_candidates(root)
    container = _best_container(root, anchor, scores)
    if container is None:
        return Body(None, None)
    chunks = _chunks(root, container)
    lines: list[str] = []
    for chunk in chunks:
        _drop_story_lists(chunk)
        _prune_link_lists(chunk)
        for heading in list(chunk.iter("h1")):
            _drop(heading)  # the headline has its own field
        lines.extend(_lines(chunk))
    if headline and lines and one_line(lines[0]) == one_line(headline):
        lines = lines[1:]
    text = clean_text("\n".join(lines)) or None
    if not text:
        return Body(None, None)
    return Body(text, "\n".join(_sanitized_html(chunk) for chunk in chunks))


def _sanitized_html(container: HtmlElement) -> str:
    if container.tag == "body":
        container.tag = "div"
    cleaned = _cleaner.clean_html(container)
    return etree.tostring(cleaned, encoding="unicode", method="html").strip()
