"""Main text of an article page.

A readability-style scorer on the one lxml tree, written for speed (no second parse, no
BeautifulSoup) and for the layouts of small news sites:

1. Boilerplate goes first (:mod:`.boilerplate`).
2. Every block holding a sentence or more of its own text scores points for its ancestors
   (length, commas; Readability's shares: all, half, a sixth, a ninth); a container's score is
   discounted by its link density.
3. The best container wins; it is promoted to the ancestor it shares with three strong rivals
   (an article spread over sections), and a known content container (``itemprop=articleBody``,
   ``entry-content``...) is preferred when it holds the winner or is held by it. An article
   split into repeated blocks of the same layout (one ``article__body`` per section) is read
   from all of them, or from their common wrapper when it adds prose with few links. A
   winner in a ``footer``/``aside``/``nav`` that does not hold the headline gives way to the
   best candidate outside. A winner that does not hold the headline takes those of its
   siblings, after the headline's block, that score like article text (Readability's
   sibling step).
4. Inside it, blocks a heading labels as other stories ("Top stories", "À lire aussi"), link
   lists (not sentences with links in them) and the headline's own ``<h1>`` go; text comes
   out one line per block (a ``<pre>``, one per line of it), control labels ("Toggle") aside.

Besides that strict reading, a *wide* one: the lowest ancestor the container shares with the
headline's element (its ``<h1>``, else another element printing it), when what it adds is
prose with few links — page builders (Divi, Squarespace, SiteOrigin) put each section of an
article in its own block, and the headline's wrapper holds them all. Which of the two is
right is not decided here: when they differ a lot, :mod:`.second_opinion` asks another
extractor.

Run last: it mutates the tree it is given.
"""

from __future__ import annotations

import re
import traceback
from dataclasses import dataclass

from lxml import etree

from ..urls import host_or_blank
from .boilerplate import (
    drop_invisible,
    is_content,
    prose_len,
    remove_boilerplate,
    signup_boxes,
)
from .headline import prints_headline, shows_headline
from .headline_place import ASIDES, headline_element
from .html import (
    HtmlElement,
    class_tokens,
    drop,
    one_line,
    removed_kept,
    shown_text,
    text_len,
    text_of,
)

BLOCK_TAGS = {
    "p", "div", "section", "article", "main", "blockquote", "pre", "li", "ul", "ol", "dl",
    "dd", "dt", "td", "tr", "table", "tbody", "thead", "h1", "h2", "h3", "h4", "h5", "h6",
    "figure", "figcaption", "center", "address", "details", "summary", "hr", "br", "body",
}  # fmt: skip
_COMMAS = (",", "\u060c", ";")  # the Arabic comma too; counted with str.count, in C
MIN_BLOCK_CHARS = 25
_ANCESTOR_SHARE = (1.0, 0.5, 1 / 6, 1 / 9)
NEAR_HEADLINE_GAP = 1  # levels of nesting
NEAR_HEADLINE_SHARE = 0.3  # of the best score
MIN_CHUNK_CHARS = 200  # a repeated block must hold this much text to join the body
# A list of links is the article's own (its sources, the products or resources it names) when
# at least this share of its links leave the site.
OUTBOUND_SHARE = 0.8
# Readability's sibling step: a sibling joins the container when it scores this share of the
# container's score, and at least the minimum; or when it is a paragraph this long with fewer
# links than this share.
SIBLING_SHARE = 0.2
SIBLING_MIN_SCORE = 10.0
SIBLING_PARAGRAPH_CHARS = 80
SIBLING_PARAGRAPH_LINKS = 0.25
# What the wide reading may add: text with fewer links than this share...
WIDE_MAX_LINK_DENSITY = 0.3
# ...and at least this share of it in blocks holding a sentence or more of their own.
WIDE_MIN_PROSE = 0.5
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


@dataclass(slots=True)
class Body:
    text: str | None
    html_text: str | None = None
    """Sanitized HTML, when made up front (the second opinion's paragraphs)."""
    source: str = "newsarchive"
    """Which reading produced it: ``newsarchive`` (strict), ``newsarchive-wide`` or
    ``trafilatura`` (the second opinion)."""
    nodes: list[HtmlElement] | None = None
    """The blocks the text was read from: their HTML is sanitized only for the reading that
    is kept (the allow-list costs more than the reading itself)."""

    @property
    def html(self) -> str | None:
        if self.html_text is None and self.nodes and self.text:
            self.html_text = "\n".join(_sanitized_html(node) for node in self.nodes)
        return self.html_text

    def link_share(self) -> float:
        """The share of the text that is link text: an article's is prose with a few links,
        a listing's or an index's "body" is its links. 0 for a reading without its blocks
        (the second opinion's)."""
        if not self.text or not self.nodes:
            return 0.0
        links = sum(text_len(a) for node in self.nodes for a in node.iter("a"))
        return min(links / len(self.text), 1.0)


@dataclass(slots=True)
class BodyReadings:
    """What the page offers: the strict reading, the wide one when it differs, and the
    page's paragraph text (to tell a strict reading that took too little)."""

    strict: Body
    wide: Body | None
    page_prose: int
    page_text: int
    """Characters of the page's visible text (scripts, styles and the like left out)."""
    anchored: bool = False
    """The strict reading's container holds the headline's element: the article's own."""
    core_chars: int | None = None
    """Characters of the strict reading without its introduction (:func:`_introduction`),
    when it has one and there is a wide reading: what the wide reading is measured against,
    as before the introduction was read."""


class _Lengths:
    """Text lengths (:func:`text_len`) of the elements, each measured once while the tree is
    not changed: scoring asks for every candidate's text and link text, then for its parent's
    and grandparent's, and each ask serialized the whole subtree again (the links of a page
    were measured once per ancestor)."""

    def __init__(self) -> None:
        self._text: dict[HtmlElement, int] = {}
        self._own: dict[HtmlElement, int] = {}

    def text(self, node: HtmlElement) -> int:
        size = self._text.get(node)
        if size is None:
            size = self._text[node] = text_len(node)
        return size

    def own(self, node: HtmlElement) -> int:
        """Characters of text directly in this block (inline children included, blocks not);
        remembered too: scoring asks it of every candidate, the prose measures of the wide
        reading of every block under the container again."""
        size = self._own.get(node)
        if size is not None:
            return size
        size = len((node.text or "").strip())
        for child in node:
            if isinstance(child.tag, str) and child.tag not in BLOCK_TAGS:
                size += self.text(child)
            size += len((child.tail or "").strip())
        self._own[node] = size
        return size

    def links(self, node: HtmlElement) -> int:
        return sum(self.text(a) for a in node.iter("a"))

    def link_density(self, node: HtmlElement) -> float:
        total = self.text(node)
        if not total:
            return 1.0
        return min(self.links(node) / total, 1.0)


def _link_density(node: HtmlElement) -> float:
    """Measured afresh: the story-list pass drops blocks as it goes."""
    return _Lengths().link_density(node)


def _score_candidates(root: HtmlElement, lengths: _Lengths) -> dict[HtmlElement, float]:
    scores: dict[HtmlElement, float] = {}
    # Candidates stop at the root (the <body>): a page of list items at the right depth gave
    # its <html> the top score, a container outside the body the reader then failed on.
    outside = root.getparent()
    for node in root.iter("p", "pre", "td", "blockquote", "div", "section", "li", "span"):
        own = lengths.own(node)
        if own < MIN_BLOCK_CHARS:
            continue
        if node.tag in {"div", "section", "span", "li"} and own < 80:
            continue
        text = text_of(node)
        points = 1.0 + sum(map(text.count, _COMMAS)) + min(own / 100.0, 3.0)
        # Readability's shares: the parent takes all, the grandparent half, then a sixth and
        # a ninth, so a wrapper around several sections still collects their weight.
        for level, ancestor in enumerate(node.iterancestors()):
            if level >= len(_ANCESTOR_SHARE) or ancestor is outside:
                break
            scores[ancestor] = scores.get(ancestor, 0.0) + points * _ANCESTOR_SHARE[level]
    return {node: score * (1.0 - lengths.link_density(node)) for node, score in scores.items()}


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
            if ancestor.tag in {"body", "html"}:  # the best is the <body> itself: no higher
                break
            if sum(ancestor in lineage for lineage in rivals) >= 3:
                scores[ancestor] = max(scores.get(ancestor, 0.0), scores[best])
                return ancestor
    last = scores[best]
    for ancestor in best.iterancestors():
        if ancestor.tag in {"body", "html"}:
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


def _in_furniture(node: HtmlElement, anchor: list[HtmlElement]) -> bool:
    """``node`` lies in a ``footer``, ``aside`` or ``nav`` that does not hold the headline (a
    ``header`` is some page builders' word for any section: Webflow's)."""
    return any(a.tag in ASIDES and a not in anchor for a in (node, *node.iterancestors()))


def _best_container(
    root: HtmlElement,
    anchor: list[HtmlElement],
    scores: dict[HtmlElement, float],
    lengths: _Lengths,
) -> HtmlElement | None:
    if not scores:
        return None
    best = _promote(max(scores, key=scores.__getitem__), scores)
    if anchor and _in_furniture(best, anchor):
        # A <footer> or <aside> kept for its prose (the guard for misnested pages) holds a
        # disclaimer or a bio; the headline is elsewhere, so is the article.
        outside = [n for n in scores if not _in_furniture(n, anchor)]
        if outside:
            best = max(outside, key=scores.__getitem__)
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
    best_len = lengths.text(best)
    for node in root.iter(etree.Element):
        if not isinstance(node.tag, str) or not is_content(node):
            continue
        if node is best:
            return best
        if best in node.iterancestors() and lengths.text(node) > 0.5 * best_len:
            return node
        if node in best_ancestors and lengths.text(node) >= 0.8 * best_len:
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
        if tag == "pre":  # code and verse keep their lines (not their indentation)
            flush()
            # A <br> in it is a line too: code pasted by an editor, "import os<br>import sys".
            for line in shown_text(el, "\n").split("\n"):
                buf.append(line)
                flush()
            return
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
        raw = text_of(heading)
        if len(raw) > 200:
            continue  # cheap first: a label is short
        label = one_line(raw)
        if not label or len(label) > 40 or not _MORE_STORIES.match(label):
            continue
        node = heading  # climb through the heading's own wrappers
        while (parent := node.getparent()) is not None and parent is not container:
            if text_len(parent) > 3 * max(text_len(node), 1) + 40:
                break
            node = parent
        block = node.getparent()
        if (
            block is not None
            and block is not container
            and _lists_stories(block)
            and text_len(block) < 0.5 * text_len(container)
        ):
            drop(block)
            continue
        following = list(node.itersiblings())
        drop(node)
        for sibling in following:
            if not _lists_stories(sibling):
                break
            drop(sibling)


def _lists_stories(node: HtmlElement) -> bool:
    """Mostly links, or links each with a line of teaser at most (prose has far fewer)."""
    if _link_density(node) >= 0.25:
        return True
    links = sum(1 for a in node.iter("a") if a.get("href"))
    return links >= 1 and text_len(node) <= 200 * links and node.tag in {"ul", "ol", "div"}


def _prune_link_lists(container: HtmlElement, host: str = "") -> None:
    """Inside the chosen container, drop lists and blocks that are mostly links — but not a
    list whose links lead to other sites: a site's menus and "related" lists link to its own
    pages, while a writer's list of sources, tools or products links out (WCXB A +0.0009,
    B +0.0002, AEB +0.0001). Such a list is read whole, the paragraphs inside its items and
    a block that only wraps it included (AsciiDoc's ``div.ulist`` > ``ul`` > ``li`` > ``p``
    > ``a``: WCXB A +0.0003, B +0.0001, AEB 0). Blocks of outbound links other than lists
    are still dropped: they are shop buttons ("Buy now at …", "See it at Amazon") more often
    than content."""
    # Measured once each: a node is measured before anything inside it is dropped (document
    # order), and a link, measured for each block around it, before anything inside it is.
    # A dropped block's own blocks, next in document order, are passed over: measured, each
    # would count every link inside again (a list of 16,000 links under 200 nested <div>s,
    # dropped whole at the first: ~2 s).
    lengths = _Lengths()
    kept: set[HtmlElement] = set()
    blocks = list(container.iter(*_LINK_LIST_BLOCKS))
    index = 0
    while index < len(blocks):
        node = blocks[index]
        index += 1
        if node is container or node.getparent() is None:
            continue
        if kept and not kept.isdisjoint(node.iterancestors()):
            continue
        size = lengths.text(node)
        if size == 0:
            if node.find(".//img") is None:
                index += _drop_block(node)
            continue
        density = lengths.link_density(node)
        if (density > 0.5 and size < 400) or (density > 0.8):
            if node.tag == "p" and density <= 0.8 and _ENDS_SENTENCE.search(text_of(node)):
                continue  # a sentence with links in it ("Read more: <a>…</a>" ends in one)
            if node.tag in {"ul", "ol"} and density <= 0.8 and _sentence_items(node):
                continue  # the same, item by item
            if host and _outbound_list(node, host):
                kept.add(node)
                continue
            index += _drop_block(node)


_LINK_LIST_BLOCKS = ("ul", "ol", "div", "section", "p", "table")


def _sentence_items(node: HtmlElement) -> bool:
    """Every item of the list is a sentence ("This resort also features in my lists of the
    <a>best hotels</a> and the <a>best spas</a>."): prose with links in it, which a list of
    stories ("<a>Headline</a>", a date) is not. WCXB-dev: 4 pages better (A 2, B 2), none
    worse; AEB unchanged."""
    items = [li for li in node if li.tag == "li"]
    return bool(items) and all(_ENDS_SENTENCE.search(text_of(li)) for li in items)


def _drop_block(node: HtmlElement) -> int:
    """Drop ``node``; the number of blocks inside it (:data:`_LINK_LIST_BLOCKS`), which follow
    it in document order."""
    inside = sum(1 for _ in node.iterdescendants(*_LINK_LIST_BLOCKS))
    drop(node)
    return inside


def _outbound_list(node: HtmlElement, host: str) -> bool:
    """A list whose links lead off the site (:data:`OUTBOUND_SHARE`), or a block that only
    wraps one."""
    if node.tag in {"div", "section"}:
        children = [child for child in node if isinstance(child.tag, str)]
        if len(children) != 1:
            return False
        node = children[0]
    return node.tag in {"ul", "ol"} and _outbound_share(node, host) >= OUTBOUND_SHARE


# The end of a sentence, closing quotes or bracket after it.
_ENDS_SENTENCE = re.compile(r"[.!?…。؟]['\"”’)]?\s*$")


def _outbound_share(node: HtmlElement, host: str) -> float:
    """Share of the links under ``node`` that lead off the site of ``host`` (a subdomain of
    it, or it of theirs, is the same site; relative links stay on it)."""
    links = outbound = 0
    for a in node.iter("a"):
        href = (a.get("href") or "").strip()
        if not href:
            continue
        links += 1
        if "//" not in href[:8]:
            continue  # relative, or mailto:/tel:
        other = host_or_blank(href)  # "" for one the URL parser refuses: not outbound
        if (
            other
            and other != host
            and not other.endswith(f".{host}")
            and not host.endswith(f".{other}")
        ):
            outbound += 1
    return outbound / links if links else 0.0


def _shape(node: HtmlElement) -> tuple[str, ...]:
    """Tag and class of a node and its parent: repeated blocks of one layout share it."""
    parent = node.getparent()
    outer = (parent.tag, parent.get("class", "")) if parent is not None else ("", "")
    return (node.tag, node.get("class", ""), *outer)


def _chunks(root: HtmlElement, container: HtmlElement, lengths: _Lengths) -> list[HtmlElement]:
    """The container, plus the other parts of an article split into repeated blocks of the
    same tag and class (Condé Nast's ``article__body`` per section, the NYT's
    ``StoryBodyCompanionColumn``): each holding real prose (or a list of links between two
    that do), none inside another. Document order."""
    cls = container.get("class")
    if not cls or not cls.strip():
        return [container]
    shape = _shape(container)
    alike = [
        node
        for node in root.iter(container.tag)
        if node is container
        or (
            node.get("class") == cls
            and _shape(node) == shape  # a second story in another column is not a chunk
            and lengths.text(node) >= MIN_CHUNK_CHARS
        )
    ]
    # A block of links among them is a second story's only before the first block of prose
    # or after the last: between two, it is a section of this one (a report's list of patches).
    prose = [i for i, n in enumerate(alike) if n is container or lengths.link_density(n) < 0.3]
    found = alike[prose[0] : prose[-1] + 1]
    outer = set(found)
    if len(found) == 1 or outer & set(container.iterancestors()):
        return [container]
    # A chunk inside another one is read with it, not twice.
    chunks = [n for n in found if not outer & set(n.iterancestors())]
    span = _span(chunks, lengths)
    return [span] if span is not None else _with_headings(chunks)


_SECTION_HEADINGS = frozenset({"h2", "h3", "h4", "h5", "h6"})


def _with_headings(chunks: list[HtmlElement]) -> list[HtmlElement]:
    """Each repeated block with the heading just before it: a section's title sits beside
    its body (AsciiDoc's ``sect1`` > ``h2`` + ``sectionbody``, page builders' heading
    widget beside the text widget), not inside it."""
    out: list[HtmlElement] = []
    for chunk in chunks:
        before = chunk.getprevious()
        while before is not None and not isinstance(before.tag, str):
            before = before.getprevious()  # a comment between them
        if before is not None and before.tag in _SECTION_HEADINGS and before not in out:
            out.append(before)
        out.append(chunk)
    return out


def _span(chunks: list[HtmlElement], lengths: _Lengths) -> HtmlElement | None:
    """The lowest ancestor holding all ``chunks``, when what it adds between and around them
    reads like more of the article (an intro before the first product card, the prose between
    sections): prose, few links. None otherwise."""
    common = set(chunks[0].iterancestors())
    for chunk in chunks[1:]:
        common &= set(chunk.iterancestors())
    shared = next((a for a in chunks[0].iterancestors() if a in common), None)
    if shared is None or shared.tag in {"body", "html"}:
        return None
    extra = lengths.text(shared) - sum(lengths.text(c) for c in chunks)
    if extra <= 0:
        return shared
    links = lengths.links(shared) - sum(lengths.links(c) for c in chunks)
    prose = _block_prose(shared, lengths) - sum(_block_prose(c, lengths) for c in chunks)
    if links / extra >= WIDE_MAX_LINK_DENSITY or prose < WIDE_MIN_PROSE * extra:
        return None
    return shared


def _block_prose(node: HtmlElement, lengths: _Lengths) -> int:
    """Text of the blocks under ``node`` that hold a sentence or more of their own."""
    total = 0
    for el in node.iter("p", "li", "blockquote", "pre", "h2", "h3", "h4", "td", "div", "dd"):
        own = lengths.own(el)
        if own >= MIN_BLOCK_CHARS:
            total += own
    return total


def _headline_wrapper(
    container: HtmlElement, anchor: list[HtmlElement], lengths: _Lengths
) -> HtmlElement | None:
    """The lowest ancestor ``container`` shares with the headline's element, when what it
    adds reads like more of the article: prose, few links. None otherwise."""
    lineage = set(container.iterancestors())
    shared = next((a for a in anchor if a in lineage), None)
    if shared is None or shared.tag in {"body", "html"}:
        return None
    extra = lengths.text(shared) - lengths.text(container)
    if extra <= 0:
        return None
    links = lengths.links(shared) - lengths.links(container)
    prose = _block_prose(shared, lengths) - _block_prose(container, lengths)
    if links / extra >= WIDE_MAX_LINK_DENSITY or prose < WIDE_MIN_PROSE * extra:
        return None
    return shared


def extract_body(
    doc: HtmlElement,
    headline: str | None = None,
    url: str | None = None,
    heading: HtmlElement | None = None,
) -> BodyReadings:
    """The strict and wide readings of the article in ``doc`` (mutated); ``url``, the page's,
    tells the site's own links from outbound ones. ``heading``: the element printing the
    headline in ``doc``, when the caller has found it (the metadata reader does); else it is
    looked for here."""
    with removed_kept():  # ended after _readings()'s caches of elements are gone
        try:
            return _readings(doc, headline, url, heading)
        except BaseException as exc:
            # The traceback holds _readings()'s frame, its caches with it: cleared here, or
            # they outlive the kept elements and the slow release comes back (9.5 s).
            traceback.clear_frames(exc.__traceback__)
            raise


def _readings(
    doc: HtmlElement, headline: str | None, url: str | None, heading: HtmlElement | None
) -> BodyReadings:
    body = doc.find("body")
    root = body if body is not None else doc
    if heading is None:
        heading = headline_element(root, headline)
    anchor = list(heading.iterancestors()) if heading is not None else []
    host = host_or_blank(url)  # refused by the URL parser: every link counts as outbound
    boxes = signup_boxes(root)
    drop_invisible(root)
    page_prose, page_text = prose_len(root), text_len(root)  # the page as shown
    for box in boxes:
        drop(box)
    remove_boilerplate(root)
    lengths = _Lengths()  # valid until the pruning below
    scores = _score_candidates(root, lengths)
    container = _best_container(root, anchor, scores, lengths)
    if container is None:
        return BodyReadings(Body(None), None, page_prose, page_text)
    wrapper = _headline_wrapper(container, anchor, lengths) if container not in anchor else None
    chunks = _chunks(root, container, lengths)
    if chunks == [container] and container not in anchor:
        # Beside the headline the container is the article's own: its siblings are the
        # page's (an AEB page lost two thirds of its F1 to them).
        chunks = _with_siblings(container, anchor, scores, lengths)
    chunks += _faq_blocks(container, chunks)
    # A container that holds the headline has nothing between the two.
    intro = (
        _introduction(root, heading, container, chunks, lengths) if container not in anchor else []
    )
    for node in ([wrapper] if wrapper is not None else []) + chunks:
        _drop_story_lists(node)
        _prune_link_lists(node, host)
        for h1 in list(node.iter("h1")):
            # The headline has its own field; other <h1>s in the text are its sections'
            # headings (themes' block editors offer H1 for them).
            if not headline or prints_headline(h1, headline):
                drop(h1)
        if heading is not None and heading.getparent() is not None and node in anchor:
            drop(heading)  # the headline in an <h2> or a <div> goes the same way
    # Still in the page: a link block the pruning above dropped may have held a paragraph.
    intro = [p for p in intro if any(a is root for a in p.iterancestors())]
    strict = _read(intro + chunks, headline, "newsarchive")
    wide = _read([wrapper], headline, "newsarchive-wide") if wrapper is not None else None
    # Measured only where a wide reading is there to measure against it.
    core = None
    if intro and wide is not None:
        core = len(_read(chunks, headline, "newsarchive").text or "")
    return BodyReadings(strict, wide, page_prose, page_text, container in anchor, core)


def _with_siblings(
    container: HtmlElement,
    anchor: list[HtmlElement],
    scores: dict[HtmlElement, float],
    lengths: _Lengths,
) -> list[HtmlElement]:
    """The container and, in document order, its siblings that score like article text:
    Readability's sibling step. Templates split an article over sibling blocks (the text in
    one field, its opening paragraphs or closing notes in the next), and the best-scoring
    block holds only its own part. Not what comes before the headline's block (a
    breadcrumb, a kicker): the article follows its headline."""
    headline_blocks = set(anchor)
    parent = container.getparent()
    if parent is None or parent.tag == "html":
        return [container]
    best = scores.get(container, 0.0)
    threshold = max(SIBLING_MIN_SCORE, SIBLING_SHARE * best)
    cls = container.get("class")
    kept = []
    for sibling in parent:
        if sibling is container:
            kept.append(sibling)
            continue
        if sibling in headline_blocks or sibling.tag == "h1":
            kept = [node for node in kept if node is container]
            continue
        if not isinstance(sibling.tag, str) or sibling.tag in ASIDES:
            continue
        score = scores.get(sibling, 0.0)
        if cls and sibling.get("class") == cls:
            score += SIBLING_SHARE * best  # the same block again
        if score >= threshold or (
            sibling.tag == "p"
            and lengths.text(sibling) > SIBLING_PARAGRAPH_CHARS
            and lengths.link_density(sibling) < SIBLING_PARAGRAPH_LINKS
        ):
            kept.append(sibling)
    return kept


# An introduction is read when it has this many paragraphs: one alone under the headline is
# most often a dek, an excerpt or a disclaimer, which the article's text does not repeat.
INTRO_MIN_PARAGRAPHS = 2


def _introduction(
    root: HtmlElement,
    heading: HtmlElement | None,
    container: HtmlElement,
    chunks: list[HtmlElement],
    lengths: _Lengths,
) -> list[HtmlElement]:
    """The paragraphs between the headline and the article's container, when there are two or
    more (:data:`INTRO_MIN_PARAGRAPHS`): a guide's or a landing post's opening, which page
    builders set in the hero section beside the headline, apart from the body's block.
    Paragraphs as the sibling step counts them (a sentence or more, few links), none in an
    ``aside``/``nav``/``footer`` or inside the heading, each text once (responsive templates
    print a block twice, for two screen sizes). Not asked where the container holds the
    headline: then nothing stands between them.

    WCXB-dev articles: A 6 better, 1 worse (0.9594 → 0.9598), B 3 better, 3 worse (0.9495 →
    0.9497; the worse: a dek and a disclaimer set as two paragraphs, a promo box, a sentence
    the truth leaves out), AEB unchanged; other page types 25 better, 1 worse. Without the
    two-paragraph floor AEB lost 0.0025 (captions, pull quotes and standfirsts under the
    headline)."""
    if heading is None or heading.getparent() is None:
        return []
    inside_heading = set(heading.iter())
    taken = set(chunks)
    asides: dict[HtmlElement, bool] = {}
    found: list[HtmlElement] = []
    seen: set[str] = set()
    started = False
    for node in root.iter(etree.Element):
        if node is heading:
            started = True
            continue
        if node is container or node in taken:
            break
        if not started or node.tag != "p" or node in inside_heading:
            continue
        if lengths.text(node) <= SIBLING_PARAGRAPH_CHARS:
            continue
        if lengths.link_density(node) >= SIBLING_PARAGRAPH_LINKS:
            continue
        if _under_aside(node, asides):
            continue
        text = text_of(node)
        if text not in seen:
            seen.add(text)
            found.append(node)
    return found if len(found) >= INTRO_MIN_PARAGRAPHS else []


def _under_aside(node: HtmlElement, known: dict[HtmlElement, bool]) -> bool:
    """Whether an ancestor of ``node`` is an ``aside``, ``nav`` or ``footer``; ``known``
    remembers the answer for every ancestor passed, so a page's paragraphs climb each
    wrapper once."""
    path = []
    answer = False
    for ancestor in node.iterancestors():
        if ancestor in known:
            answer = known[ancestor]
            break
        if ancestor.tag in ASIDES:
            answer = True
            break
        path.append(ancestor)
    for ancestor in path:
        known[ancestor] = answer
    return answer


# How far above the article's container a FAQ block may share an ancestor with it: the
# article's column, not the page.
FAQ_MAX_LEVELS = 3
_FAQ_TOKENS = frozenset({"faq", "faqs"})


def _faq_blocks(container: HtmlElement, chunks: list[HtmlElement]) -> list[HtmlElement]:
    """The blocks named FAQ that follow the container in the article's column (its
    ancestors up to :data:`FAQ_MAX_LEVELS` levels), outside the chunks already read and
    outside any ``aside``/``nav``/``footer``: the questions and answers a guide ends with
    (Yoast's ``schema-faq``, page builders' ``faq-sec``, ``blog-faq``) are the article's, and
    templates set them in a block of their own beside the text's. WCXB-dev's truth keeps the
    FAQ block on 34 of the 44 article pages that have one; read with the article: 4 pages
    better, one −0.001 (A 0.9591 → 0.9594, B 0.9490 → 0.9495), AEB unchanged.

    A walk, not ``top.iter()``: it goes down only the path to the container before it and
    passes over a FAQ block's own inside, so nested blocks cost nothing twice."""
    lineage = list(container.iterancestors())[:FAQ_MAX_LEVELS]
    if not lineage or lineage[-1].tag in {"body", "html"}:
        return []
    taken = set(chunks)
    if not taken.isdisjoint(lineage):
        return []  # the reading already holds the column
    path = set(lineage)
    found: list[HtmlElement] = []
    after = False
    stack = list(reversed(lineage[-1]))
    while stack:
        node = stack.pop()
        if node is container:
            after = True
            continue
        if not after and node not in path:
            continue  # before the container: not the article's end
        if not isinstance(node.tag, str) or node in taken:
            continue
        if node.tag in ASIDES and node not in path:
            continue
        if after and _FAQ_TOKENS & class_tokens(node):
            found.append(node)
            continue
        stack.extend(reversed(node))
    return found


def _read(chunks: list[HtmlElement], headline: str | None, source: str) -> Body:
    lines = [line for chunk in chunks for line in _lines(chunk) if _shown_text(line)]
    if headline and lines and shows_headline(one_line(lines[0]), one_line(headline)):
        lines = lines[1:]
    # Each line is one_line()'s (NFC, no runs, no zero-width space, trimmed, not empty):
    # joined, they need no whitespace regex over the whole body (~0.5 ms a page, once).
    text = "\n".join(lines) or None
    if not text:
        return Body(None, None, source)
    return Body(text, None, source, chunks)


# Characters that show nothing on their own: zero-width joiners and marks, a BOM.
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u00ad"
# Lines that are a control's label, not the article's words (a "Toggle" button, the heading of
# a table of contents whose links are gone), casefolded, trailing arrows and colons aside.
_UI_LABELS = frozenset({
    "table of contents", "contents", "toggle", "read more", "learn more", "close",
    "show caption", "hide caption", "continue reading", "sommaire", "lire la suite",
    "inhaltsverzeichnis", "weiterlesen", "índice", "tabla de contenidos", "leer más",
    "jump to", "skip to content", "اقرأ المزيد", "جدول المحتويات",
})  # fmt: skip


def _shown_text(line: str) -> bool:
    """Whether a line holds words a reader sees and that are no control's label."""
    if not line.strip(_INVISIBLE + " "):
        return False
    return len(line) > 30 or line.casefold().strip(" :.»›→>|↓") not in _UI_LABELS


def _sanitized_html(container: HtmlElement) -> str:
    from .sanitize import sanitize_element  # the allow-list (nh3), kept in its own module

    return sanitize_element(container)
