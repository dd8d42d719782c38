"""The headline: what a reader sees above the article, with the page's metadata titles
(JSON-LD ``headline``, ``og:title``, ``<title>``) only guiding which heading that is.

Titles in metadata are written for search results and shares: they carry the site's name, and
sites rewrite them for search ("Best X of 2025 | Site") while the page keeps its own heading.
The archive keeps the heading; the titles pick it among the page's headings, and settle what
the heading's markup blurs (a date or a label inside the ``<h1>``, capitals from a style).
"""

from __future__ import annotations

import html
import re
from urllib.parse import urlsplit

from lxml import etree

from .html import HtmlElement, class_tokens, node_text, one_line, shown_text, text_of

# Separators between a title and the site's name. Not a colon: French puts a space before
# one ("Maroc : le roi nomme…"), and the part before it is the headline's, not a site's.
_TITLE_SEPARATORS = re.compile(r"\s+(?:[|\-–—·•»]{1,2}|::)\s+")
_QUOTES = str.maketrans("‘’‚‛“”„«»", '\'\'\'\'"""""')
# A character reference escaped twice (``&amp;#8217;`` in the source): seen as text.
_LEFT_REFERENCE = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[a-zA-Z]{2,8});")
# ``<h1>`` that hold the site's name or logo on every page, not this page's headline.
_SITE_HEADING_TOKENS = frozenset({"site", "logo", "brand", "branding", "masthead", "blogname"})
# One step with the cases as predicates: a union (``… | //h1[…] | …``) makes libxml2 merge node
# sets checking duplicates, quadratic when the cases overlap (80,000 headings that are
# ``entry-title`` and ``itemprop=headline``: 12 s).
_HEADLINE_NODES = etree.XPath(
    '//*[@itemprop="headline" or self::h1[contains(@class, "title") or ancestor::article]'
    ' or contains(@class, "entry-title")'
    ' or (contains(@class, "post-title") and (self::h1 or self::h2))]'
)


def strip_site_name(title: str, site_name: str | None) -> str:
    """``title`` without the site's name: the part equal to ``og:site_name``, else the short
    part at either end."""
    parts = _TITLE_SEPARATORS.split(title)
    if len(parts) == 1:
        return title
    if site_name:
        kept = [p for p in parts if p.strip().casefold() != site_name.strip().casefold()]
        if kept and len(kept) < len(parts):
            return " - ".join(kept).strip()
    if len(parts[-1]) < len(parts[0]) * 0.6:
        return " - ".join(parts[:-1]).strip()
    if len(parts[0]) < len(parts[-1]) * 0.6:
        return " - ".join(parts[1:]).strip()
    return title


def _parts(title: str) -> list[str]:
    parts = _TITLE_SEPARATORS.split(title)
    return parts if len(parts) > 1 else []


def clean_headline(text: str) -> str:
    """A character reference left as text by double escaping becomes its character; soft
    hyphens (hyphenation hints a reader never sees unless the line breaks there) go, and so
    does the pilcrow of a documentation generator's link to the heading ("Advanced Usage¶")."""
    if "\u00ad" in text:
        text = text.replace("\u00ad", "")
    if text.endswith("¶"):
        text = text[:-1].rstrip()
    if "&" in text and _LEFT_REFERENCE.search(text):
        return " ".join(html.unescape(text).split())
    return text


def _key(text: str) -> str:
    return " ".join(text.translate(_QUOTES).casefold().split()).strip(" .!?")


def _similar(a: str, b: str) -> bool:
    a, b = _key(a), _key(b)
    if not a or not b:
        return False
    if a == b:
        return True
    shorter, longer = sorted((a, b), key=len)
    return len(shorter) >= 0.6 * len(longer) and shorter in longer


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", text.casefold()))


def _reworded(heading: str, title: str) -> bool:
    """A heading that says what the title says with a word or two changed ("…Calculators in
    2025" under the title "…Calculators 2025")."""
    a, b = _words(heading), _words(title)
    if len(a) < 4:
        return False
    shared = len(a & b)
    return shared >= 0.8 * len(a | b) or (
        len(b) >= 4 and shared >= 0.9 * len(b) and len(a) <= 2 * len(b)
    )


def _site_heading(node: HtmlElement, text: str, site_name: str | None) -> bool:
    """A heading that names the site: its ``og:site_name``, a site-ish class, or a link to
    the home page and nothing more (Blogger's ``<h1 class="title"><a href="https://blog…/">``,
    hand-made sites' ``<h1><a href="/">example.com</a></h1>``)."""
    if site_name and _key(text) == _key(site_name):
        return True
    if class_tokens(node) & _SITE_HEADING_TOKENS:
        return True
    links = node.findall(".//a")
    return len(links) == 1 and _home_link(links[0].get("href")) and node_text(links[0]) == text


def _home_link(href: str | None) -> bool:
    """A link to a site's root: ``/``, ``https://blog.example/``; not ``#`` (a script's
    link, which a headline may carry), nor an empty one."""
    href = (href or "").strip()
    if not href or href.startswith("#"):
        return False
    try:
        parts = urlsplit(href)
    except ValueError:
        return False
    return parts.path in ("", "/") and not parts.query and not parts.fragment


def _settled(node: HtmlElement, text: str, hints: list[str]) -> str:
    """The heading's text as the metadata confirms it. A heading holding more than a title
    ("Dec 18 2025 Preparing a transition", "Title:AlignMerge…", "… Posted on July 1 by X") is
    read without the element that adds it, when what is left is a title, or as the one
    element in it that holds the title (Slashdot's "Title (source.com) 87"), or the part of a
    title before its site's name ("Klatch Coffee" in "Get that tech stack Klatch Coffee"
    under "Klatch Coffee | Shopify App Store"); a heading in capitals takes the title's
    casing (the capitals are the style's, not the author's), and the title's words where
    they differ: the heading's words cannot be told apart from its casing. (WCXB-dev
    articles: the part A +1, the capitals B +2; none lost on any page type.)"""
    keys = {_key(h): h for h in hints}
    if _key(text) in keys:
        hint = keys[_key(text)]
        if text.isupper() and not hint.isupper() and _key(hint) == _key(text):
            return hint
        return _capitalized(text, hints)
    lost = _lost_characters(text, hints)
    if lost is not None:
        return lost
    # What the heading prints beside more (a kicker in it, "Get that tech stack"): the whole
    # title, or the part a title gives before its site's ("Klatch Coffee | Shopify App Store").
    keys.update((_key(first), first) for first in _first_parts(hints) if _key(first) not in keys)
    if _key(text) in keys:
        return _capitalized(text, [keys[_key(text)]])
    whole = text_of(node)
    for child in node.iterdescendants():
        if not isinstance(child.tag, str):
            continue
        part = text_of(child)
        if not part.strip() or part.strip() == whole.strip():
            continue
        rest = " ".join(whole.replace(part, " ", 1).split())
        if _key(rest) in keys:
            return rest
    for child in node.iterdescendants():  # the title in an element of its own, beside more
        if isinstance(child.tag, str) and _key(part := node_text(child)) in keys:
            return part
    if text.isupper():  # capitals set by the style, the words said otherwise by the title
        for hint in reversed(hints):  # the titles without the site's name first
            if not hint.isupper() and _shares_words(text, [hint]):
                return _before_title_pipe(hint)
    return text


def _capitalized(text: str, hints: list[str]) -> str:
    """A heading opening in lower case where the title opens with the same words
    capitalized ("history of coffee" under "History of coffee | Origin… | Britannica"): the
    capital is the style's (``::first-letter``, ``text-transform``), as the capitals of a
    heading in capitals are. (WCXB-dev: articles A +1, no page lost.)"""
    if text[:1].islower():
        capital = text[0].upper() + text[1:]
        if any(hint.strip() == capital for hint in hints):
            return capital
    return text


def _lost_characters(text: str, hints: list[str]) -> str | None:
    """The title, where the heading is the title with characters turned into "?" ("Event
    Planning? Beginner? Guide" under the title "Event Planning: Beginner's Guide"): a
    database column or a template in a legacy charset lost what it could not hold, and the
    title, written elsewhere, kept it. Each "?" stands for one to three characters, in a
    heading with a few of them at most: a heading of "?" is no title's, and each "?" is a
    choice of three lengths that a failing match may try against every other's.
    (WCXB-dev: articles A +1, no page lost.)"""
    if text.count("?") > _MOST_LOST or not _LOST.search(text):
        return None
    pattern = re.compile(
        "".join(".{1,3}" if char == "?" else re.escape(char) for char in _key(text)) + "[ .!?]*"
    )
    for hint in hints:
        if "?" not in hint and pattern.fullmatch(_key(hint)):
            return hint
    return None


# A "?" inside a heading, a word or a space after it.
_LOST = re.compile(r"\?\s*\w")
_MOST_LOST = 4


def _first_parts(hints: list[str]) -> list[str]:
    """The part each title gives before its first separator, when it is two words or more."""
    return [parts[0] for hint in hints if (parts := _parts(hint)) and len(parts[0].split()) >= 2]


def heading_text(node: HtmlElement) -> str:
    """A heading's text on one line, as shown (:func:`.html.shown_text`: no ``<style>``), a
    line break in it read as a space: "Top MBA Programs (US)<br>Your Guide" is two phrases,
    not "(US)Your"."""
    return one_line(shown_text(node, " "))


def visible_headline(
    doc: HtmlElement, hints: list[str], site_name: str | None
) -> tuple[str, HtmlElement] | None:
    """The ``<h1>`` a reader sees, when one matches a metadata title or is the only article
    heading, with the headline read from it; else None."""
    nodes = [(h, clean_headline(heading_text(h))) for h in doc.iter("h1")]
    nodes = [(h, t) for h, t in nodes if t]
    for hint in hints:
        for node, text in nodes:
            if _similar(text, hint):
                return _settled(node, text, hints), node
    for hint in hints:
        for node, text in nodes:
            if _reworded(text, hint):
                return _settled(node, text, hints), node
    for node in _HEADLINE_NODES(doc):
        text = clean_headline(heading_text(node))
        if _site_heading(node, text, site_name) or len(text.split()) < 2:
            continue
        if _shares_words(text, hints):
            return _settled(node, text, hints), node
    pages = [(h, t) for h, t in nodes if not _site_heading(h, t, site_name)]
    for node, text in pages:  # a heading equal to one part of a title ("Topic | Agency")
        for part in (part for hint in hints for part in _parts(hint)):
            if _key(text) == _key(part):
                return (part if text.isupper() and not part.isupper() else text), node
    titled = _titled_subheading(doc, hints)
    if titled is not None:
        return titled
    # One heading, or the same one twice (a layout's mobile and desktop copies), of two words
    # or more that the title shares ("Affordable nutrition" under "Affordable food: …"; over
    # all WCXB-dev page types 15 headlines right, 4 lost, in both halves; articles B +1).
    single = len({_key(text) for _, text in pages}) == 1
    if single and len(pages[0][1].split()) >= 2 and _shares_words(pages[0][1], hints):
        return _settled(pages[0][0], pages[0][1], hints), pages[0][0]
    return None


def _titled_subheading(doc: HtmlElement, hints: list[str]) -> tuple[str, HtmlElement] | None:
    """An ``<h2>`` above every ``<h1>`` printing a metadata title word for word, where no
    ``<h1>`` matches one: the post's heading in its header, the ``<h1>`` a heading inside the
    post ("What do people love about Rust?" above "But what they love is…"). Asked before a
    lone ``<h1>`` that only shares a word with the title: the same words are stronger
    evidence than one word. Not an ``<h2>`` below the ``<h1>``: that is the article's first
    section, titled as the page's SEO title is ("Toddler Sleep Training", then "How To Get
    Toddlers To Sleep In Their Own Bed" opening the text), and the ``<h1>`` is the heading
    shown, with the date beside it. (WCXB-dev: articles B +1, A unchanged; no other page
    type loses a headline.)"""
    keys = {_key(h) for h in hints} - {""}
    for node in doc.iter("h1", "h2"):
        if node.tag == "h1":
            return None
        text = clean_headline(heading_text(node))
        if len(text.split()) >= 2 and _key(text) in keys:
            return text, node
    return None


def _shares_words(text: str, hints: list[str]) -> bool:
    """A heading with no word of the page's title ("Select an option", "Our BLOG") is not
    the headline, when there is a title to compare with."""
    if not hints:
        return True
    words = _content_words(text)
    return any(words & _content_words(hint) for hint in hints)


# Function words of three letters in the languages newsarchive archives most: sharing "the" or
# "les" with the title makes no heading the headline (a podcast list's "261. The Value of…").
_FUNCTION_WORDS = frozenset({
    "the", "and", "for", "are", "you", "how", "why", "who", "was", "not", "but", "all", "can",
    "has", "her", "his", "our", "its",  # en
    "les", "des", "une", "par", "sur", "est", "qui", "que", "aux", "ses", "son", "ces",  # fr
    "los", "las", "del", "con", "por", "una", "che", "per", "non", "gli", "dei",  # es, it
    "der", "die", "das", "und", "ein", "den", "dem", "mit", "von", "com", "dos", "uma",  # de, pt
})  # fmt: skip


def _content_words(text: str) -> set[str]:
    return set(re.findall(r"\w{3,}", text.casefold())) - _FUNCTION_WORDS


def choose_headline(
    doc: HtmlElement, meta_titles: list[str], site_name: str | None, host: str = ""
) -> tuple[str | None, HtmlElement | None]:
    """The visible headline, else the first metadata title without the site's name; with the
    heading it was read from (None for a title): where a heading prints more than the
    headline (a kicker) or other words (capitals), it is still the one that shows it."""
    titles = [clean_headline(t) for t in meta_titles]
    hints = titles + [strip_site_name(t, site_name) for t in titles]
    found = visible_headline(doc, hints, site_name)
    if not found and titles and all(_names_site(doc, t, site_name) for t in titles):
        # A title that is the site's name on every page (a CMS left at its default) says
        # nothing of this one: the page's own heading, found as on a page without a title.
        found = visible_headline(doc, [], site_name)
    if found:
        return _without_pipe_suffix(_without_site_affix(found[0], site_name)), found[1]
    if titles:
        return _before_title_pipe(_without_host(_untruncated(titles, site_name), host)), None
    return None, None


def _without_host(title: str, host: str) -> str:
    """A title that opens with the site's host name and a space, no separator after it
    ("davidbau.com Vibe Coding", hand-made sites' titles): the rest, when it is two words or
    more. Not at the end: there the name is most often a phrase's ("… Catalogs on
    Thomasnet.com"). Only for a headline read from the title: a heading printing it is the
    page's. (WCXB-dev: one article right, no other page changes.)"""
    head, _, rest = title.partition(" ")
    if "." in host and head.casefold().removeprefix("www.") == host and len(rest.split()) >= 2:
        return rest.strip()
    return title


def _names_site(doc: HtmlElement, title: str, site_name: str | None) -> bool:
    """Whether ``title`` is the site's name: its ``og:site_name``, or the text (or a logo's
    ``alt``) of a link to the home page."""
    key = _key(title)
    if not key:
        return True
    if site_name and key == _key(site_name):
        return True
    for link in doc.iter("a"):
        names = [node_text(link), *(img.get("alt") or "" for img in link.iter("img"))]
        if any(_key(name) == key for name in names) and _home_link(link.get("href")):
            return True
    return False


_ELLIPSIS = re.compile(r"\s*(?:…|\.{3})$")
_AFFIX = re.compile(r"\s+(?:[|\-–—·•»:]|::)")  # "Headline - Site": a site's affix, not a cut


def _untruncated(titles: list[str], site_name: str | None) -> str:
    """The first metadata title without the site's name, or a later one that continues it.
    SEO plugins cut the JSON-LD ``headline`` at 110 characters (the length search engines
    once asked for), mid-word or with an ellipsis, while ``og:title`` and ``<title>`` keep
    the whole of it."""
    first = strip_site_name(titles[0], site_name)
    cut = _ELLIPSIS.sub("", first)
    if len(cut) == len(first) and len(first) < 60:
        return first  # neither marked as cut nor long enough to have been
    head = _key(cut)
    for later in titles[1:]:
        whole = strip_site_name(later, site_name)
        rest = whole[len(cut) :]
        if len(whole) > len(first) and _key(whole).startswith(head) and not _AFFIX.match(rest):
            return whole
    return first


def _before_title_pipe(title: str) -> str:
    """A title tag's "Headline | Section" or "Headline | Site" whose site part is too long for
    :func:`strip_site_name` to cut by length: the part before the first pipe, when it has two
    words or more. Only for a headline read from the metadata: a pipe the page prints in its
    ``<h1>`` is the headline's own unless what follows reads as a suffix
    (:func:`_without_pipe_suffix`). (WCXB-dev articles: A +3, B 0; all its page types: A +4
    −1, B +5.)"""
    head, pipe, _ = title.partition(" | ")
    return head if pipe and len(head.split()) >= 2 else title


def shows_headline(text: str, headline: str) -> bool:
    """Whether a heading's text (both on one line) prints the headline: the headline itself,
    or with the affix it was read without ("… | Opinion", "… – Site", "Site – …"). The body
    and the header readers find the article's ``<h1>`` by it."""
    if text == headline:
        return True
    if not headline:
        return False
    text = clean_headline(text)  # what the headline was read from ("Usage¶" is "Usage")
    if text == headline:
        return True
    if text.startswith(headline):
        return _TITLE_SEPARATORS.match(text, len(headline)) is not None
    if text.endswith(headline):
        prefix = text[: len(text) - len(headline)]
        return any(m.end() == len(prefix) for m in _TITLE_SEPARATORS.finditer(prefix))
    return False


def prints_headline(node: HtmlElement, headline: str) -> bool:
    """Whether a heading element prints the headline (:func:`shows_headline`; its text as
    shown, a ``<br>`` gluing as in text_of()): how the body, the header readers and the
    body's last ``<h1>`` pass find the article's own ``<h1>``."""
    return shows_headline(one_line(shown_text(node)), one_line(headline))


def _without_pipe_suffix(heading: str) -> str:
    """An ``<h1>`` that prints a title tag's suffix after a pipe ("… | Opinion", "… | Top 19
    Companies", "… | Patient Education | Hospital"): the part before it, when what follows is
    at most half as long or holds another pipe. A second clause as long as the first is the
    headline's own ("Design Week 2018 | A light installation for the port"). (WCXB-dev
    articles: A +3, B +1, none lost; two listing and product pages' headlines right too.)"""
    head, pipe, rest = heading.partition(" | ")
    if pipe and len(head.split()) >= 3 and (len(rest) <= 0.5 * len(head) or " | " in rest):
        return head
    return heading


def _without_site_affix(text: str, site_name: str | None) -> str:
    """A heading printed with the site's name after a separator ("Best exhibitions 2025 –
    Artlyst"): the name is the site's, not the headline's. Only the exact ``og:site_name``;
    the heading's own separators are kept."""
    if not site_name:
        return text
    separators = list(_TITLE_SEPARATORS.finditer(text))
    if not separators:
        return text
    name = _key(site_name)
    last, first = separators[-1], separators[0]
    if _key(text[last.end() :]) == name:
        return text[: last.start()]
    if _key(text[: first.start()]) == name:
        return text[first.end() :]
    return text
