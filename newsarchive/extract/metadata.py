"""Article metadata: headline, dates, authors, language, section, tags, image, canonical URL.

Each field has an ordered list of sources; the first that yields a value wins. The order puts
what the publisher states about *this* article (JSON-LD article node, ``article:*`` OpenGraph)
before page-level hints (``<meta>``, ``<html lang>``) and before visible-text heuristics.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import tzinfo
from typing import Any
from urllib.parse import urljoin

from lxml import etree

from ..urls import canonical_or_none, canonicalize, host_or_blank, same_site
from . import jsonld
from .byline import (
    AFTER_H1,
    BEFORE_H1,
    author_box_names,
    bare_name_by_date,
    byline_authors,
    clean_names,
    is_placeholder,
    is_publisher,
    labelled_name,
    reviewer_names,
    written_by_authors,
)
from .dates import parse_date
from .header_date import header_date, printed_days
from .headline import choose_headline
from .headline_place import headline_element
from .html import ClassTokens, HtmlElement, class_tokens, node_text, one_line
from .htmldate_search import htmldate_day
from .near_headline import Mention, header_mentions
from .second_opinion import trafilatura_authors

_BYLINE_PREFIX = re.compile(r"^(?:by|par|de|von|por|بقلم|كتب|written by)\s*:?\s+", re.I)
# WordPress core marks category links rel="category tag" and tag links rel="tag"; themes put
# them in boxes of these classes. Both kinds are found in one walk each (links, boxes) and
# told apart in Python (:class:`_Taxonomy`): a page that names neither in JSON-LD or <meta>
# asks for both, and each walk costs a few tenths of a millisecond. The boxes are found by
# walking class attributes, not elements (an element's ``@class`` step makes a node set for
# each element tested: a third more time), each attribute's element read in Python: a
# ``/parent::*`` step after it merges one node set per attribute, quadratic (200,000 boxes:
# 32 s). The links are taken from the boxes by :func:`_links`.
_MARKED_LINKS = etree.XPath('//a[@rel="category tag" or @rel="tag"]')
_TAXONOMY_CLASSES = etree.XPath('//@class[contains(., "cat") or contains(., "tags")]')
_CATEGORY_CLASSES = ("entry-category", "cat-links", "post-category", "td-category")
_TAG_CLASSES = ("td-tags", "tags-links", "post-tags", "entry-tags")


class _Taxonomy:
    """The page's category and tag links, read when first asked for."""

    def __init__(self, doc: HtmlElement) -> None:
        self.doc = doc
        self._found: tuple[list[HtmlElement], list[HtmlElement]] | None = None

    def _read(self) -> tuple[list[HtmlElement], list[HtmlElement]]:
        if self._found is None:
            boxes = [value.getparent() for value in _TAXONOMY_CLASSES(self.doc)]
            self._found = _MARKED_LINKS(self.doc), boxes
        return self._found

    def categories(self) -> list[HtmlElement]:
        marked, boxes = self._read()
        return _links(
            self.doc,
            [a for a in marked if a.get("rel") == "category tag"],
            [
                box
                for box in boxes
                if _names_one(box.get("class", ""), _CATEGORY_CLASSES)
                and any(a.tag == "article" for a in box.iterancestors())
            ],
        )

    def tags(self) -> list[HtmlElement]:
        marked, boxes = self._read()
        return _links(
            self.doc,
            [a for a in marked if a.get("rel") == "tag"],
            [box for box in boxes if _names_one(box.get("class", ""), _TAG_CLASSES)],
        )


def _names_one(cls: str, names: tuple[str, ...]) -> bool:
    return any(name in cls for name in names)


# Elements whose class/id names a date (tokens, camelCase split: ``articleDate``).
_DATE_TOKENS = frozenset(
    {"date", "time", "timestamp", "dateline", "published", "posted", "submitted", "pubdate",
     "publishdate", "publish", "publication", "publi", "datum", "fecha"}
)  # fmt: skip
_DATE_HOLDERS = ("span", "div", "p", "li", "small", "abbr", "h3", "h4", "h5", "h6", "em")
_BYLINE_TOKENS = frozenset({"author", "authors", "byline", "byl", "auteur", "writer"})
# Containers whose dates belong to other pages (widgets, related posts, comments).
_NOT_THIS_PAGE = frozenset(
    {"sidebar", "widget", "widgets", "related", "comment", "comments", "rail", "latest",
     "trending", "popular", "recommended", "events"}
)  # fmt: skip
# A CMS login where a name is expected ("andrew.keaveney", "jdoe_42", "jsteinhardt").
_HANDLE = re.compile(r"^(?=[^\s]*[a-z])(?:[\w.-]*[._\d][\w.-]*|[a-z]+)$")
_HAS_LETTER = re.compile(r"[^\W\d_]")  # a user id ("262588213843476") is no name
_LANG = re.compile(r"^([a-zA-Z]{2,3})(?:[-_]([a-zA-Z0-9]{2,8}))?")


# The item fields metadata gives, under the item's names (``Article``).
ITEM_FIELDS = (
    "canonical_url", "headline", "description", "authors", "date_published",
    "date_published_raw", "date_published_source", "date_modified", "date_modified_raw",
    "in_language", "section", "tags", "main_image",
)  # fmt: skip


@dataclass(slots=True)
class Metadata:
    """What the page says about the article beyond its body: :data:`ITEM_FIELDS` for the
    item, and the judgements the rest of extraction needs."""

    headline: str | None = None
    description: str | None = None
    authors: list[str] = field(default_factory=list)
    date_published: str | None = None
    date_published_raw: str | None = None
    date_published_source: str | None = None
    date_modified: str | None = None
    date_modified_raw: str | None = None
    in_language: str | None = None
    section: str | None = None
    tags: list[str] = field(default_factory=list)
    main_image: str | None = None
    canonical_url: str | None = None
    site_name: str | None = None
    declared_article: bool = False
    """The page says it is an article: a JSON-LD article node or ``og:type=article``."""
    single_post: bool = False
    """WordPress's ``single`` body class or ``article:published_time``: one post's page."""
    article_node: dict[str, Any] | None = None
    jsonld_nodes: list[dict[str, Any]] = field(default_factory=list)
    headline_element: HtmlElement | None = None
    """The element printing the headline (:func:`.headline_place.headline_element`): where
    the header is read, and where the body reader places the article."""

    def item_fields(self) -> dict[str, Any]:
        return {name: getattr(self, name) for name in ITEM_FIELDS}


def _meta_map(doc: HtmlElement) -> dict[str, list[str]]:
    """``<meta>`` values by lower-cased property/name/itemprop, in page order."""
    found: dict[str, list[str]] = {}
    for meta in doc.iter("meta"):
        key = meta.get("property") or meta.get("name") or meta.get("itemprop")
        value = meta.get("content")
        if key and value and value.strip():
            found.setdefault(key.strip().lower(), []).append(value.strip())
    return found


def _first(meta: dict[str, list[str]], *keys: str) -> str | None:
    for key in keys:
        if meta.get(key):
            return meta[key][0]
    return None


def _dedupe(values: list[str]) -> list[str]:
    seen: set[str] = set()
    out = []
    for value in values:
        key = value.casefold()
        if value and key not in seen:
            seen.add(key)
            out.append(value)
    return out


def normalize_language(raw: str | None) -> str | None:
    if not raw:
        return None
    match = _LANG.match(raw.strip())
    if not match:
        return None
    primary, region = match.groups()
    if region and len(region) == 2:
        return f"{primary.lower()}-{region.upper()}"
    return primary.lower()


def _authors(
    node: dict[str, Any] | None,
    by_id: dict[str, Any],
    meta: dict[str, list[str]],
    doc: HtmlElement,
    header: list[Mention],
    site_name: str | None,
) -> list[str]:
    """JSON-LD's people; else the byline printed by the headline; else JSON-LD's
    organisations, ``<meta>``'s names (a publisher's name there is no author), the first
    linked byline on the page."""
    declared = jsonld.texts(node.get("author"), by_id) if node is not None else []
    people = [] if node is None else jsonld.texts(_people(node.get("author"), by_id), by_id)
    metas = meta.get("author", []) + meta.get("article:author", [])
    # The site naming itself as the author (a company blog, a personal site), in JSON-LD or
    # <meta>.
    site_declared = [d for d in declared + metas + _written_by(meta) if is_publisher(d, site_name)]
    # Each source in turn, asked only when those before gave no usable name: a source that
    # names no one (a URL, "admin", the publisher) must not end the search.
    sources: tuple[Callable[[], list[str]], ...] = (
        lambda: [] if all(map(_HANDLE.match, people)) else _persons(people, site_name),
        lambda: byline_authors(header, site_name),
        lambda: _persons(people, site_name),  # login names ("jane.doe") when nothing is printed
        lambda: written_by_authors(doc, site_name),
        lambda: [n for n in declared if not is_publisher(n.strip(" ,"), site_name)],
        lambda: [a for a in metas if not is_publisher(a, site_name) and not is_placeholder(a)],
        lambda: [
            a for a in _written_by(meta) if not is_publisher(a, site_name) and not is_placeholder(a)
        ],
        lambda: _byline_names(doc),
        lambda: author_box_names(doc, site_name),
        lambda: labelled_name(doc, site_name),
        lambda: bare_name_by_date(header, site_name),
        lambda: _site_as_author(site_declared, header, site_name),
        lambda: reviewer_names(header, site_name),
        lambda: [n for found in trafilatura_authors(doc) for n in clean_names(found, site_name)],
        lambda: site_declared[:1],
    )
    for source in sources:
        cleaned = _usable(source(), site_name)
        if cleaned:
            return cleaned
    return []


def _site_as_author(
    site_declared: list[str], header: list[Mention], site_name: str | None
) -> list[str]:
    """The site's own name, when the page both declares it as the author (JSON-LD's
    ``author``, a person or an organisation; ``<meta name=author>``; the Twitter card's
    "Written by": ``site_declared``) and prints it by the headline ("By Quiet Light", the
    company's name over the date): a company blog signing as itself, or a personal site named
    after its author. Asked before the readings of a person that come later in the chain;
    the declaration alone is the chain's last resort."""
    if not site_name or not site_declared:
        return []
    wanted = one_line(site_name).casefold()
    for mention in header:
        if mention.is_time or not -BEFORE_H1 <= mention.distance <= AFTER_H1:
            continue
        if _BYLINE_PREFIX.sub("", mention.text).strip(" ,;").casefold() == wanted:
            return site_declared[:1]
    return []


def _persons(names: list[str], site_name: str | None) -> list[str]:
    return [n for n in names if not is_publisher(n.strip(" ,"), site_name)]


def _usable(names: list[str], site_name: str | None) -> list[str]:
    """Names as stored: prefix and stray punctuation out; URLs, user ids out; a long one
    (a name with its titles: "Jane Doe, Sr. Director of Operations, Acme Inc - 10+ Years")
    read as a byline whose first name is the person's."""
    cleaned = []
    for name in names:
        name = _BYLINE_PREFIX.sub("", one_line(name)).strip(" ,;-–—")
        for part in clean_names(name, site_name)[:1] if len(name) > 80 else [name]:
            if part and "://" not in part and len(part) <= 80 and _HAS_LETTER.search(part):
                cleaned.append(part)
    return _dedupe(cleaned)


def _written_by(meta: dict[str, list[str]]) -> list[str]:
    """The author SEO plugins (Yoast) give Twitter's card: ``twitter:label1`` "Written by"
    with the name in ``twitter:data1``."""
    found = []
    for i in range(1, 5):
        label = _first(meta, f"twitter:label{i}") or ""
        value = _first(meta, f"twitter:data{i}")
        if value and re.match(r"^(?:written by|author)\b", label.strip(), re.I):
            found.append(value)
    return found


def _people(value: Any, by_id: dict[str, Any]) -> list[Any]:
    """JSON-LD authors that are people: an ``Organization`` there is the publisher."""
    entries = value if isinstance(value, list) else [value]
    kept = []
    for entry in entries:
        resolved = jsonld.resolve(entry, by_id)
        if isinstance(resolved, dict) and jsonld.types_of(resolved) & _ORGANIZATIONS:
            continue
        kept.append(entry)
    return kept


_ORGANIZATIONS = frozenset({"organization", "newsmediaorganization", "corporation"})


# Every link, and the names inside an ``itemprop=author``. One step, an ancestor test: not
# ``//*[@itemprop="author"]//*`` nor a union (``//a | …``): libxml2 merges node sets, one per
# element before ``//`` and one per branch of ``|``, checking duplicates, quadratic in them.
_LINKS_AND_AUTHOR_NAMES = etree.XPath(
    '//*[self::a or (@itemprop="name" and ancestor::*[@itemprop="author"])]'
)


def _byline_names(doc: HtmlElement) -> list[str]:
    """Names linked in the page's first byline, for pages without structured authors. Not
    every author link on the page: related-post lists and sidebars name other articles'
    authors; and not the handles, publishers ("| Fox News") or dates themes put beside."""
    groups: dict[HtmlElement, list[str]] = {}
    tokens = ClassTokens()
    for link in _LINKS_AND_AUTHOR_NAMES(doc):
        holder = _byline_of(link, tokens)
        if holder is None or _elsewhere(link, tokens):
            continue
        name = one_line(node_text(link))
        if not name or name[0] in "@|" or any(ch.isdigit() for ch in name):
            continue
        groups.setdefault(holder, []).append(name)
    return next(iter(groups.values()), [])


def _byline_of(link: HtmlElement, tokens: ClassTokens) -> HtmlElement | None:
    """The byline holding an author link (``rel=author``, or an element a few levels up
    named ``author``/``byline``: ``td-post-author-name``, ``byline__authors``), or None."""
    if link.get("rel") == "author" or link.get("itemprop") == "name":
        return link.getparent()
    for depth, ancestor in enumerate(link.iterancestors()):
        if depth >= 3:
            break
        if tokens(ancestor) & _BYLINE_TOKENS:
            return ancestor
    return None


def _keywords(value: Any) -> list[str]:
    if isinstance(value, str):
        return [one_line(v) for v in value.split(",") if one_line(v)]
    if isinstance(value, list):
        out: list[str] = []
        for entry in value:
            out.extend(_keywords(entry))
        return out
    return []


def _image(value: Any, base: str) -> str | None:
    if isinstance(value, list):
        value = value[0] if value else None
    if isinstance(value, dict):
        value = value.get("url") or value.get("contentUrl") or value.get("@id")
    return urljoin(base, value.strip()) if isinstance(value, str) and value.strip() else None


def _time_element(doc: HtmlElement, kind: str) -> str | None:
    if next(doc.iter("time", "abbr"), None) is None:
        return None  # two pages in three: one walk in C rather than the XPath
    if kind == "published":
        xpath = (  # one step, not a union of six (see _LINKS_AND_AUTHOR_NAMES)
            '//*[self::time[@datetime][@itemprop="datePublished" or contains(@class, "published")'
            ' or contains(@class, "entry-date") or ancestor::article or @pubdate]'
            ' or self::abbr[@title][contains(@class, "published")]]'
        )
    else:
        # Themes mark the *published* time "entry-date updated" for hAtom; only a time that
        # is not also the entry date says when the article changed.
        xpath = (
            '//time[@datetime][@itemprop="dateModified"'
            ' or ((contains(@class, "updated") or contains(@class, "modified"))'
            ' and not(contains(@class, "entry-date")) and not(contains(@class, "published")))]'
        )
    found = doc.xpath(xpath)
    if not found:
        return None
    first = found[0]
    return str(first.get("datetime") if first.tag == "time" else first.get("title")).strip()


def _printed_date(doc: HtmlElement) -> str | None:
    """Last resort for pages without structured dates: the first ``<time datetime>``, else
    the first short printed date in an element named for it (``class="post-time"``,
    ``author_date``, ``dateline``, a ``<time>`` without ``datetime``) — outside sidebars,
    footers, widgets and comments, whose dates are other pages'."""
    candidates = 0
    tokens = ClassTokens()
    for node in doc.iter("time", *_DATE_HOLDERS):
        if node.tag != "time" and not class_tokens(node) & _DATE_TOKENS:
            continue
        if _elsewhere(node, tokens):
            continue
        stamp = node.get("datetime") if node.tag == "time" else None
        if stamp and parse_date(stamp):
            return str(stamp).strip()
        text = node_text(node)
        if 6 <= len(text) <= 120 and parse_date(text):
            return text
        candidates += 1
        if candidates >= 12:
            break
    return None


def _elsewhere(node: HtmlElement, class_tokens_of: ClassTokens) -> bool:
    """Inside a sidebar, a widget, related posts, comments or the site's footer (an
    ``<article>``'s own footer, where hAtom themes put the byline, is the article's)."""
    for ancestor in node.iterancestors():
        tokens = class_tokens_of(ancestor)
        if ancestor.tag in {"aside", "nav"} or tokens & _NOT_THIS_PAGE:
            return True
        if (ancestor.tag == "footer" or "footer" in tokens) and not any(
            a.tag == "article" for a in ancestor.iterancestors()
        ):
            return True
    return False


def extract_metadata(doc: HtmlElement, url: str, default_tz: tzinfo) -> Metadata:
    md = Metadata()
    meta = _meta_map(doc)
    nodes = jsonld.nodes(doc)
    by_id = jsonld.index_by_id(nodes)
    node = jsonld.article_node(nodes, url)
    md.jsonld_nodes = nodes
    md.article_node = node
    n = node or {}

    md.site_name = _first(meta, "og:site_name", "application-name")
    if not md.site_name:
        for candidate in nodes:
            if "website" in jsonld.types_of(candidate) and candidate.get("name"):
                md.site_name = jsonld.first_text(candidate.get("name"))
                break

    # Headline: what a reader sees; metadata only guides the choice.
    title_tag = doc.find(".//title")
    page_title = node_text(title_tag) if title_tag is not None else None
    meta_titles = [
        t
        for t in (
            jsonld.first_text(n.get("headline")),
            _first(meta, "og:title", "twitter:title"),
            page_title,
        )
        if t
    ]
    md.headline, read_from = choose_headline(doc, meta_titles, md.site_name, host_or_blank(url))

    md.description = jsonld.first_text(n.get("description")) or _first(
        meta, "og:description", "description", "twitter:description"
    )

    body = doc.find("body")
    # The heading that prints the headline; else the one it was read from, which shows it
    # with more (a kicker) or in other words (capitals).
    md.headline_element = headline_element(body if body is not None else doc, md.headline)
    if md.headline_element is None:
        md.headline_element = read_from
    header = header_mentions(doc, md.headline_element)
    md.authors = _authors(node, by_id, meta, doc, header, md.site_name)

    published = _published(doc, n, meta, header, url, default_tz)
    md.date_published_raw, md.date_published, md.date_published_source = published
    raw = (
        jsonld.first_text(n.get("dateModified"))
        or _first(meta, *_MODIFIED_KEYS)
        or _time_element(doc, "modified")
    )
    parsed = parse_date(raw, default_tz)
    md.date_modified_raw, md.date_modified = (raw, parsed) if parsed else (None, None)

    html_lang = doc.get("lang") or doc.get("xml:lang")
    md.in_language = normalize_language(
        jsonld.first_text(n.get("inLanguage"))
        or html_lang
        or _first(meta, "og:locale", "content-language", "language", "dc.language")
    )

    taxonomy = _Taxonomy(doc)
    sections = jsonld.texts(n.get("articleSection")) or meta.get("article:section", [])
    if not sections:
        sections = [node_text(a) for a in taxonomy.categories()]
    md.section = sections[0] if sections else None

    tags = _keywords(n.get("keywords")) or meta.get("article:tag", [])
    if not tags:
        tags = [node_text(a) for a in taxonomy.tags()]
    if not tags:
        tags = _keywords(_first(meta, "news_keywords", "keywords"))
    md.tags = _dedupe([t for t in tags if t])

    md.main_image = (
        _image(_first(meta, "og:image", "og:image:url", "og:image:secure_url"), url)
        or _image(n.get("image"), url)
        or _image(_first(meta, "twitter:image", "twitter:image:src"), url)
    )

    md.canonical_url = canonical_for(doc, url)

    og_type = (_first(meta, "og:type") or "").lower()
    body = doc.find("body")
    body_class = f" {body.get('class', '') if body is not None else ''} "
    md.declared_article = node is not None or og_type == "article"
    md.single_post = bool(
        " single-post " in body_class
        or " single " in body_class
        or meta.get("article:published_time")
    )
    return md


def _links(
    doc: HtmlElement, links: list[HtmlElement], found: list[HtmlElement]
) -> list[HtmlElement]:
    """The marked ``links`` and the links inside the boxes ``found``, in document order. Not
    ``//box//a``: libxml2 merges one node set per box, checking each for duplicates —
    quadratic in the boxes (80,000 on a hostile page: 3 s; ``//article//*`` over 20,000
    teasers: 1.7 s)."""
    if not found:
        return links
    inside = set(links)
    for box in found:
        inside.update(box.iterdescendants("a"))
    return [a for a in doc.iter("a") if a in inside]


_PUBLISHED_KEYS = (
    "article:published_time",
    "datepublished",
    "date",
    "pubdate",
    "publish-date",
    "dc.date.issued",
    "sailthru.date",
    "parsely-pub-date",
    "citation_publication_date",
    "citation_date",
    "dc.date",
    "dcterms.date",
    "dcterms.created",
)
_MODIFIED_KEYS = (
    "article:modified_time",
    "og:updated_time",
    "datemodified",
    "last-modified",
    "dc.date.modified",
)
Dated = tuple[str | None, str | None, str | None]  # raw, ISO 8601, source


def _published(
    doc: HtmlElement,
    node: dict[str, Any],
    meta: dict[str, list[str]],
    header: list[Mention],
    url: str,
    default_tz: tzinfo,
) -> Dated:
    """The publication date, its raw text and where it came from.

    What the publisher declares (JSON-LD, ``<meta>``, a ``<time>`` marked as the publication)
    and what the article's header prints by the headline are both read. They mostly agree;
    the declared one is kept then, for its time and offset. When they differ, the printed
    date wins unless it is labelled as an update or is later than the declared one (a "last
    reviewed" date the header shows). Then a printed date elsewhere in the page's meta area,
    then htmldate's — only when that day is printed on the page, in the URL, or declared as
    the publication under a name we do not read (:func:`_second_opinion_date`).
    """
    declared: Dated = (None, None, None)
    sources: tuple[tuple[Callable[[], str | None], str], ...] = (
        (lambda: jsonld.first_text(node.get("datePublished")), "jsonld"),
        (lambda: _first(meta, *_PUBLISHED_KEYS), "meta"),
        (lambda: _time_element(doc, "published"), "time-element"),
    )
    for read, source in sources:  # each asked only when those before gave no date
        raw = read()
        parsed = parse_date(raw, default_tz)
        if raw and parsed:
            declared = (raw, parsed, source)
            break
    shown = header_date(header, default_tz)
    day = declared[1][:10] if declared[1] else None
    if (
        shown is not None
        and shown.iso[:10] != day
        and (day is None or (shown.label != "updated" and shown.iso[:10] < day))
    ):
        return shown.raw, shown.iso, "header"
    if declared[1]:
        return declared
    printed = _printed_date(doc)
    parsed = parse_date(printed, default_tz)
    if printed and parsed:
        return printed, parsed, "printed"
    found = _second_opinion_date(doc, meta, url, default_tz)
    if found:
        return found, parse_date(found, default_tz), "htmldate"
    return None, None, None


def _second_opinion_date(
    doc: HtmlElement, meta: dict[str, list[str]], url: str, default_tz: tzinfo
) -> str | None:
    """htmldate's publication date, believed only when the day is printed on the page,
    written in the URL, or declared as the publication in markup under a name no rule of
    ours reads (``<meta name="published">``, ``<body data-pubdate>``): a date nobody shows or
    declares may be a template's or a sitemap's, and a date window must not be fed invented
    dates. Its fast, markup-only search first; its extensive one (dates in free text) only
    when the page declares a publication day for it to confirm. Not asked at all where no
    answer could be believed (no day printed, declared or in the URL): four in five of the
    pages that reach it, each a serialization and a second parse of the page saved."""
    declared = _declared_days(doc, meta, default_tz)
    printed: set[str] | None = None
    if not declared and not _URL_DAY.search(url):
        printed = printed_days(doc, default_tz)
        if not printed:
            return None  # no day htmldate could find would be believed: not asked
    page = etree.tostring(doc, encoding="unicode")
    found = htmldate_day(page, url, extensive=False)
    if printed is None and found:
        printed = printed_days(doc, default_tz)
    if found and (found in (printed or ()) or found.replace("-", "/") in url or found in url):
        return found
    if not declared:
        return None
    if found is None:
        found = htmldate_day(page, url, extensive=True)
    return found if found in declared else None


# A day written in a URL as htmldate's answer is looked for there ("2025/03/04", "2025-03-04").
_URL_DAY = re.compile(r"\d{4}([/-])\d{2}\1\d{2}")
# A <meta> name or data- attribute that says publication, not a later change.
_PUBLICATION_NAME = re.compile(r"publish|pubdate|pub[-_]date|issued|created", re.I)
_CHANGE_NAME = re.compile(r"modif|updat|expir|revis|edit", re.I)
# data- attributes that may name a publication (one XPath pass, not a Python loop over
# every attribute of the page); the HTML parser lower-cases attribute names.
_DATA_DATES = etree.XPath(
    "//@*[starts-with(name(), 'data-') and (contains(name(), 'pub')"
    " or contains(name(), 'issued') or contains(name(), 'created'))]"
)


def _declared_days(doc: HtmlElement, meta: dict[str, list[str]], default_tz: tzinfo) -> set[str]:
    """Days (``YYYY-MM-DD``) declared as the publication under names the publisher chose:
    ``<meta>`` names (``published``, ``w-published-date``) and ``data-`` attributes
    (``data-pubdate``) that say publication and not modification."""
    values = [
        value
        for key, found in meta.items()
        if _PUBLICATION_NAME.search(key) and not _CHANGE_NAME.search(key)
        for value in found
    ]
    for attribute in _DATA_DATES(doc):
        if _PUBLICATION_NAME.search(attribute.attrname) and not _CHANGE_NAME.search(
            attribute.attrname
        ):
            values.append(str(attribute))
    return {iso[:10] for iso in (parse_date(v, default_tz) for v in values) if iso}


def canonical_for(doc: HtmlElement, url: str) -> str:
    """``rel=canonical`` when it is an http(s) URL of the page's own site — host and port, as
    the crawl scope compares them (:func:`..urls.same_site`) — else the fetched URL; normalized.
    ``refresh`` fetches archived articles again at this URL: a ``file:`` or ``javascript:``
    one, or another server's, must never be stored."""
    for link in doc.iter("link"):
        rels = (link.get("rel") or "").lower().split()
        href = (link.get("href") or "").strip()
        if "canonical" in rels and href:
            absolute = urljoin(url, href)
            if same_site(absolute, url) and (canonical := canonical_or_none(absolute)):
                return canonical
            break
    return canonicalize(url)
