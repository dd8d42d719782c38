"""Article or not: the crawler keeps article pages and records other pages as such.

A small logistic model over signals any page carries, fitted on half of WCXB-dev's 1,358 pages
(711 articles; listings, forums, collections, products, service and documentation pages) and
checked on the other half (see docs/extraction.md). Each weight is in log-odds; the signals:

- declared: ``og:type=article`` or a JSON-LD article node; a WordPress ``single`` body class or
  ``article:published_time``;
- what was extracted: a publication date, authors, the body's length and its share of the
  page's visible text (a listing's "body" is a sliver of it);
- shape: one ``<h1>``; links to other pages of the site carrying a headline's worth of words
  (teasers), per half-kilobyte of body; many elements named like forum posts; product markup;
- the URL: a ``/YYYY/MM/`` date or a long hyphenated slug (articles), a ``/category/``,
  ``/tag/``, ``/page/``… segment (listings), forum software's paths and hosts (``/t/``,
  ``/questions/``, ``/threads/``, ``forum.*``); ``<time>`` elements, one per forum post;
  headings holding links and repeated ``<article>`` elements (a listing's teasers);
- a body that is mostly link text (an index of links: weight set by hand);
- a forum's URL and its posts' names together, and the site's front page (weights set by
  hand: a thread that declares itself an article; a home page showing one long post).

The threshold favours recall: an article judged "not an article" is not archived, a service
page judged an article costs a row.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from lxml import etree

from ..urls import is_tracking
from .html import HtmlElement, class_words, text_of

THRESHOLD = 0.3  # probability of "article" at or above which a page reads as one
# A page the crawl reached as an article candidate (its URL looks like a permalink) is kept
# from this lower probability: the candidate's own odds are higher than a random page's.
CANDIDATE_THRESHOLD = 0.15
# Log-odds weights fitted on WCXB-dev split A (but ``forum_thread`` and ``front_page``); on
# held-out split B the threshold gives precision 0.793 and recall 0.948 for "article"
# (benchmarks/page_types.py; 0.80 / 0.94 when fitted, before other extraction changes moved
# the signals).
WEIGHTS = {
    "bias": -2.4,
    "declared": 1.1,
    "single": 0.5,
    "dated": 0.6,
    "authored": 0.7,
    "body_share": 1.2,
    "log_body": 0.6,
    "forum": -0.3,
    "product": -0.8,
    "teasers": -0.7,
    "date_url": 0.3,
    "long_slug": 1.4,
    "listing_url": -0.7,
    "one_h1": 0.2,
    "forum_url": -1.3,
    "times": -0.6,
    "linked_headings": -0.4,
    "many_articles": 0.1,
    # Set by hand, not fitted: a forum's URL and 20+ elements named like its posts together.
    # Discourse, NodeBB and Invision threads declare a single dated, authored post with a
    # long body, which outweighed either sign alone (17 of WCXB-dev's 112 forum pages read
    # as articles, 10 in A, 7 in B). Together they hold on 79 forum pages, one listing and
    # one article (a Britannica /topic/ page, already judged not an article). Or a forum's
    # URL and five <time>s or more, one a post: forum software that names its posts in its
    # own words (Invision Community's "cPost ipsComment", Vanilla's "Item") escapes the
    # count of elements named like posts. Six forum threads of split A, on six sites, read
    # as articles before; the five article pages at a forum-like URL (/topic/, /topics/)
    # hold no <time>; two collection pages at /topic/ URLs were already not articles; split
    # B holds no page either way.
    "forum_thread": -3.0,
    # Set by hand: the site's root URL (``/``, ``/index.html``, tracking parameters aside) is
    # its front page, a listing of the latest stories whatever it declares; a blog's front
    # page showing its latest post in full reads as that post's article otherwise. WCXB-dev:
    # 10 pages no longer read as articles (listings: Slashdot's, LWN's, two company blogs'; a
    # forum; five service pages), one lost (a marketing agency's home page, labelled
    # "article"); A precision 0.786 -> 0.798, B 0.785 -> 0.791, recall A -0.002, B same.
    # Article URLs never have that shape: WordPress's plain permalinks (``/?p=123``) carry a
    # query, Invision's threads (``/index.php?/topic/…``) one too.
    "front_page": -1.0,
    # Set by hand: a body whose text is three fifths link text or more (LINK_LIST_SHARE) is an
    # index of links (a link aggregator's "newest", a catalogue, an encyclopedia's list
    # article), whatever else it shows; an article is prose with links in it. WCXB-dev: 7 pages
    # no longer read as articles (A: 3 listings, a collection; B: 2 listings, a forum), none
    # lost; the article pages' bodies reach 0.36 at most (AEB dev: under 0.3); A precision
    # 0.804 -> 0.811, B 0.789 -> 0.795, recall the same. A roundup post from a feed is kept
    # all the same (the crawl keeps what discovery lists as a post).
    "link_list": -3.0,
}
# The link text's share of the body at which it reads as an index of links (``link_list``).
LINK_LIST_SHARE = 0.6
_DATE_PATH = re.compile(r"/(?:19|20)\d\d/(?:0?[1-9]|1[0-2])/")
_LISTING_PATH = re.compile(
    r"/(?:category|categories|tag|tags|topics?|page|author|archive|search|forums?|threads?|"
    r"community|shop|products?|collections?)(?:/|$)"
)
# Forum software's URLs: Discourse /t/, StackExchange /questions/, XenForo /threads/, phpBB
# viewtopic.php, vBulletin showthread.php, Reddit /comments/, message boards' /boards/;
# forum.* and community.* hosts.
_FORUM_URL = re.compile(
    r"^(?:forums?|community|bbs|discuss|discussions?|answers)\.|"
    r"/(?:t|questions|threads?|topics?|forums?|discussions?|comments|boards?)/|viewtopic|showthread"
)
# The site's root: ``/``, or an index file there.
_FRONT_PAGE_PATH = re.compile(r"/?(?:index\.(?:html?|php|aspx?|jsp))?", re.IGNORECASE)
_FORUM_TOKENS = frozenset(
    {"post", "message", "reply", "thread", "topic", "forum", "username", "postbit"}
)
_FORUM_WORD = re.compile(r"post|message|reply|thread|topic|forum|username")
_PRODUCT_MARKUP = re.compile(r"schema\.org/product\b|add to (?:cart|basket|bag)", re.I)


@dataclass(frozen=True, slots=True)
class PageShape:
    """What the page's markup says before the body extractor mutates it."""

    one_h1: bool
    teasers: int
    forum_elements: int
    product: bool
    times: int
    """``<time>`` elements: one for an article, one per post on a forum page."""
    linked_headings: int
    """``<h2>``–``<h4>`` holding a link: a listing's teaser headlines."""
    articles: int
    """``<article>`` elements: one for an article page, one per teaser on many listings."""


_HEADLINE_LINKS = etree.XPath("//body//a[@href][string-length(normalize-space(.)) > 12]")
_CLASSES = etree.XPath("//body//@class", smart_strings=False)
_ITEMTYPES = etree.XPath("//@itemtype", smart_strings=False)
_OG_TYPE = etree.XPath("//meta[@property='og:type']/@content", smart_strings=False)
_BUY_BUTTONS = etree.XPath(
    "boolean(//body//*[self::a or self::button][contains(., 'dd to cart') or "
    "contains(., 'dd to basket') or contains(., 'dd to bag') or contains(., 'DD TO CART')])"
)


_BUY_WORDS = ("dd to ", "DD TO ")  # what each of _BUY_BUTTONS' phrases holds


def page_shape(doc: HtmlElement, url: str) -> PageShape:
    """Headings, teaser links, forum-post elements, product markup: XPath counts in C, and
    Python only over the links long enough to be a headline and the classes naming posts."""
    host = urlsplit(url).netloc.lower()
    here = urlsplit(url).path.rstrip("/")
    teasers = sum(_is_teaser(link, host, here) for link in _HEADLINE_LINKS(doc))
    classes = _CLASSES(doc)
    hinted = _lines_holding("\n".join(classes).lower(), _FORUM_WORD)
    forum = sum(1 for cls in hinted if class_words(cls) & _FORUM_TOKENS)
    product = (
        any("product" in value.lower() for value in _OG_TYPE(doc))
        or any(_PRODUCT_MARKUP.search(value) for value in _ITEMTYPES(doc))
        or _has_buy_button(doc)
    )
    h1s, times, articles, linked_headings = _tag_counts(doc)
    return PageShape(
        one_h1=h1s == 1,
        teasers=teasers,
        forum_elements=forum,
        product=product,
        times=times,
        linked_headings=linked_headings,
        articles=articles,
    )


def _lines_holding(text: str, pattern: re.Pattern[str]) -> list[str]:
    """The lines of ``text`` in which ``pattern`` occurs, each once: one search per line
    found, then on from its end. (``^.*(?:…).*$`` said the same, but tried its ``.*`` and
    backed off it at every line of the page's classes: 0.3 ms a page.)"""
    lines = []
    found = pattern.search(text)
    while found is not None:
        start = text.rfind("\n", 0, found.start()) + 1
        end = text.find("\n", found.end())
        if end < 0:
            end = len(text)
        lines.append(text[start:end])
        found = pattern.search(text, end)
    return lines


def _has_buy_button(doc: HtmlElement) -> bool:
    """The XPath, where the body's text holds the words at all: a link's or a button's text
    is a stretch of it. The XPath reads the text of every link and button four times over,
    the page's text is read once, and it lacks the words on most pages (half the time)."""
    texts = [text_of(body) for body in doc.iter("body")]
    if not any(words in text for text in texts for words in _BUY_WORDS):
        return False
    return bool(_BUY_BUTTONS(doc))


def _tag_counts(doc: HtmlElement) -> tuple[int, int, int, int]:
    """``<h1>``, ``<time>``, ``<article>`` and headings holding a link, in the body: one
    tag-filtered iteration (in C) instead of four XPath counts, each a walk of the page."""
    h1s = times = articles = linked_headings = 0
    for body in doc.iter("body"):
        for el in body.iter("h1", "time", "article", "h2", "h3", "h4"):
            tag = el.tag
            if tag == "h1":
                h1s += 1
            elif tag == "time":
                times += 1
            elif tag == "article":
                articles += 1
            elif el.find(".//a[@href]") is not None:
                linked_headings += 1
    return h1s, times, articles, linked_headings


def _is_teaser(link: HtmlElement, host: str, here: str) -> bool:
    href = (link.get("href") or "").strip()
    if not href or href.startswith(("#", "mailto:", "javascript:", "tel:")):
        return False
    if len(text_of(link).split()) < 4:  # before the URL is parsed: three links in five fail here
        return False
    if href.startswith("/") and not href.startswith("//"):
        path = href.split("#", 1)[0].split("?", 1)[0]  # the common case, without urlsplit
    else:
        parts = urlsplit(href)
        if parts.netloc and parts.netloc.lower() != host:
            return False
        path = parts.path
    return path.rstrip("/") not in {"", here}


def article_signals(
    shape: PageShape,
    url: str,
    *,
    declared: bool,
    single: bool,
    dated: bool,
    authored: bool,
    body_chars: int,
    page_chars: int,
    body_links: float,
) -> dict[str, float]:
    """The model's inputs, each in 0…1 (``log_body`` about so)."""
    parts = urlsplit(url)
    path = parts.path.lower()
    slug = path.rstrip("/").rsplit("/", 1)[-1]
    forum_url = float(bool(_FORUM_URL.search(f"{parts.netloc.lower()}{path}")))
    return {
        "bias": 1.0,
        "declared": float(declared),
        "single": float(single),
        "dated": float(dated),
        "authored": float(authored),
        "body_share": min(body_chars / max(page_chars, 1), 1.0),
        "log_body": math.log1p(body_chars) / 10,
        "forum": float(shape.forum_elements >= 20),
        "product": float(shape.product),
        "teasers": min(shape.teasers / (1 + body_chars / 500), 5) / 5,
        "date_url": float(bool(_DATE_PATH.search(path))),
        "long_slug": float(slug.count("-") >= 3),
        "listing_url": float(bool(_LISTING_PATH.search(path))),
        "one_h1": float(shape.one_h1),
        "forum_url": forum_url,
        "times": min(shape.times / 10, 1.0),
        "linked_headings": min(shape.linked_headings / 10, 1.0),
        "many_articles": float(shape.articles > 2),
        "forum_thread": float(bool(forum_url) and (shape.forum_elements >= 20 or shape.times >= 5)),
        "front_page": float(_front_page(parts.path, parts.query)),
        "link_list": float(body_links >= LINK_LIST_SHARE),
    }


def _front_page(path: str, query: str) -> bool:
    """The site's root URL, with no query but tracking parameters (``?utm_source=…``): a
    query may name an article (``/?p=123``, ``/index.php?/topic/…``)."""
    if not _FRONT_PAGE_PATH.fullmatch(path):
        return False
    return all(is_tracking(pair.split("=", 1)[0]) for pair in query.split("&") if pair)


def article_probability(signals: dict[str, float]) -> float:
    z = sum(WEIGHTS[name] * value for name, value in signals.items())
    return 1 / (1 + math.exp(-z))
