"""Authors as the byline prints them, next to the headline.

"By Phil Helsel", "Par Rédaction", "بقلم …", "Written by" over a name, an ``author`` element
or a link to an author page, within a short distance of the ``<h1>``: each names the
article's authors, roles ("Staff Writer", "MD") and publishers ("| Fox News") left out.
Several authors are split on commas and "and"/"et"/"y"/"und"/"و".
"""

from __future__ import annotations

import re

from lxml import etree

from .dates import parse_date
from .html import INVISIBLE_TAGS, HtmlElement, class_tokens, one_line, text_of
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
# Lines naming who checked or edited the article, not who wrote it.
_REVIEWER = re.compile(
    r"^(?:(?:medically|fact[- ]?checked(?:\s+and)?|expert|peer|legally|clinically)\s+)?"
    r"(?:reviewed|edited|fact[- ]?checked|verified|approved|checked)\s+by\b",
    re.I,
)
# A collective byline: "Podium Staff", "EcoCult Staff" (a staff role is "Staff Writer").
_COLLECTIVE = re.compile(r"^(?:[A-Z0-9][\w&'.-]*\s+){1,3}Staff$")
# Prose where a name goes: "Published by our engineering team".
_POSSESSIVE = re.compile(r"^(?:our|my|your|their|his|her)\s")
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
# A link to a person's page: a directory of people, then the person's own segment (the
# directory's index, "/columnists/", is a section's page and its link text a label).
_AUTHOR_HREF = re.compile(
    r"/(?:authors?|auteurs?|autor(?:es|en)?|writers?|people|staff|(?:user)?profile|contributors?"
    r"|columnists?|journalists?|reporters?|experts?)/[^/?#\s]",
    re.I,
)
_SEPARATORS = re.compile(
    r"\s*(?:,|;|&|\band\b|\bet\b|\by\b(?!\.)|\bund\b|\be\b(?!\.)|\bو\b|\|)\s*", re.I
)
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


# A person's name as a byline prints it bare: two to four words of letters, each capitalised
# but name particles ("van der", "de"). No digits, no sentence ("Posted on", "According to").
_BARE_NAME = re.compile(r"^[^\W\d_][\w'’.-]*(?:\s+[^\W\d_][\w'’.-]*){1,3}$")
_PARTICLES = frozenset(
    {"de", "da", "di", "del", "der", "den", "van", "von", "la", "le", "bin", "ibn", "al"}
)
_NOT_A_BYLINE_TAGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6", "title", "button", "label"})
_DATE_LINE = re.compile(r"^(?:last\s+)?(?:updated|published|posted|modified)\b|^[·|•/]$", re.I)
_BARE_WINDOW = 200  # characters after the headline: the header's meta line, not the body


def bare_name_by_date(header: list[Mention], site_name: str | None) -> list[str]:
    """A name printed bare on the header's date line ("2025-12-17 · Trond Teigen", "Ann Lee
    / Last updated: …"): small sites' themes print the author without "By" or markup. Only
    a capitalised name of two to four words that sits beside a date, an "Updated" label or
    a separator in the same short box, and is no link to another page (a category)."""
    near = [m for m in header if -BEFORE_H1 // 2 <= m.distance <= _BARE_WINDOW]
    for i, mention in enumerate(near):
        # "Ann Lee in <a>News</a>", "Ann Lee on <time>": the theme's connector to what follows.
        text = re.sub(r"\s+(?:in|on)$", "", mention.text.strip(" ·|•,"))
        el = mention.element
        if mention.is_time or not _reads_as_name(text) or text.upper() == text:
            continue
        if any(a.tag in _NOT_A_BYLINE_TAGS for a in (el, *el.iterancestors())):
            continue  # the headline's own words, a button
        if el.tag == "a" and not _is_author_link(el):
            continue
        if class_tokens(el) & (_NOT_THE_NAME | {"term", "terms", "title", "menu", "button"}):
            continue
        beside = near[max(0, i - 2) : i] + near[i + 1 : i + 3]
        if not any(_on_date_line(m, mention) for m in beside):
            continue
        names = clean_names(text, site_name)
        if names:
            return names
    return []


def _reads_as_name(text: str) -> bool:
    """Two to four words of letters, each capitalised but name particles: not "Posted on",
    "According to"."""
    return bool(_BARE_NAME.match(text)) and all(
        w[0].isupper() or w in _PARTICLES for w in text.split()
    )


def _on_date_line(other: Mention, name: Mention) -> bool:
    """``other`` is a date, a date label or a separator printed in the same short box as
    the name."""
    if abs(other.distance - name.distance) > 40:
        return False
    if not (other.is_time or _DATE_LINE.search(other.text) or parse_date(other.text)):
        return False
    box = name.element.getparent()
    for _ in range(3):
        if box is None or len(text_of(box)) > _BYLINE_BOX:
            return False
        if box is other.element or box in other.element.iterancestors():
            return True
        box = box.getparent()
    return False


def reviewer_names(header: list[Mention], site_name: str | None) -> list[str]:
    """The names of the "Reviewed by" / "Edited by" line by the headline, for a page that
    names no author anywhere: a reviewed page signed only by its reviewer credits them."""
    texts = [m for m in header if -BEFORE_H1 <= m.distance <= AFTER_H1 and not m.is_time]
    for mention in sorted(texts, key=lambda m: abs(m.distance)):
        match = _REVIEWER.match(mention.text)
        if match:
            names = clean_names(mention.text[match.end() :].lstrip(" :："), site_name)
            if names:
                return names
    return []


_WRITTEN_BY = re.compile(
    r"^(?:written|authored|article written|escrito|écrit|ecrit|scritto|geschrieben)\s+"
    r"(?:by|por|par|da|von)\b\s*[:：]?\s*",
    re.I,
)


# The first word of every _WRITTEN_BY label, lower-cased, as the text may spell it before
# NFC: looked for as plain substrings (a regex with a case-blind alternation tries every
# position of the text: 8 ms on a 400 KB listing page, 250 ms on the largest).
_WRITTEN_WORDS = ("written", "authored", "escrito", "écrit", "ecrit", "e\u0301crit", "scritto",
                  "geschrieben")  # fmt: skip


def written_by_authors(doc: HtmlElement, site_name: str | None) -> list[str]:
    """The names of the page's first "Written by" line, wherever it is: themes put it under
    the article, in the author box ("Written by <a>Ann Lee</a>"). Not in sidebars, teaser
    cards or comments; "By" alone is not enough here (teasers and photo credits use it)."""
    body = doc.find("body")
    if body is None:
        return []
    text = text_of(body).lower()
    if not any(word in text for word in _WRITTEN_WORDS):
        return []  # most pages: searches of the text instead of a walk of the tree
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


_LABEL_LEN = 20  # characters: "Written by:", "Auteurs", not a sentence ending in "by"
_NAME_LEN = 60
# "By" alone, far from the headline, is a teaser card's byline or a product's brand ("by
# Boss Office Products"): on 1,450 dev pages it named no article's author that the label
# "Author"/"Article by" would not.
_BARE_BY = re.compile(r"^(?:by|par|por|von)\s*[:：]?$", re.I)


def labelled_name(doc: HtmlElement, site_name: str | None) -> list[str]:
    """The name in the element right after the page's first element that is only an author
    label (``<h3>Author</h3><p>Ann Lee</p>``, ``<h2>Article by</h2><div>Ann Lee</div>``),
    wherever it is: metadata blocks under the article, bylines far from the ``<h1>``. The
    name must read as one (two to four capitalised words); not in sidebars, teaser cards,
    comments or figure credits."""
    body = doc.find("body")
    if body is None:
        return []
    for el in body.iter(etree.Element):
        # The label is a leaf: one cheap test per element, no subtree read.
        if len(el) or not el.text or len(el.text) > 2 * _LABEL_LEN:
            continue
        follower = el.getnext()
        if follower is None or el.tag in _NOT_A_NAME_HOLDER:
            continue
        text = one_line(el.text)
        if len(text) > _LABEL_LEN or not _LABEL_ONLY.match(text) or _BARE_BY.match(text):
            continue
        name = one_line(text_of(follower))
        if len(name) > _NAME_LEN or not _reads_as_name(name):
            continue
        if any(a.tag in {"figure", "figcaption"} for a in el.iterancestors()):
            continue
        if outside_headline_blocks(el):
            names = clean_names(name, site_name)
            if names:
                return names
    return []


_NOT_A_NAME_HOLDER = INVISIBLE_TAGS | {"option"}  # what no reader sees, and a menu's choices


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
    if _REVIEWER.match(text):
        return []  # the reviewer or editor, not the author
    match = _PREFIX.match(text)
    if match and len(text) > match.end():
        if _GERUND.match(text, match.end()):
            return []  # prose: "by following the tips below, you…"
        return clean_names(text[match.end() :], site_name)
    if _LABEL_ONLY.match(text) or el.tag == "h1":
        return []  # the label (the name follows, read then); the headline is no name
    if class_tokens(el) & _NOT_THE_NAME or _after_reviewer(el):
        return []  # the author's role, bio, the box's heading ("Insights from"), a reviewer
    if _named_author(el) or _after_label(mention) or _before_description(el):
        return clean_names(text, site_name)
    return []


def _after_reviewer(el: HtmlElement) -> bool:
    """The name after a "Reviewed by" label element (the reviewer's, not the author's),
    the name's link or span being the label's next sibling."""
    prev = el.getprevious()
    parent = el.getparent()
    if prev is None and parent is not None and parent.tag in {"a", "span"}:
        prev = parent.getprevious()
    return prev is not None and bool(_REVIEWER.match(one_line(text_of(prev))))


_DESCRIPTION_TOKENS = frozenset({"description", "desc", "bio", "biography", "role", "jobtitle"})


def _before_description(el: HtmlElement) -> bool:
    """The element right before an author's description or role (``author-description``,
    ``author-role``): an author box prints the name first, then who the author is."""
    nxt = el.getnext()
    if nxt is None or not (nxt.get("class") or nxt.get("id")):
        return False
    tokens = class_tokens(nxt)
    return bool(tokens & _DESCRIPTION_TOKENS and tokens & _AUTHOR_TOKENS)


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


def _after_label(mention: Mention) -> bool:
    """The element after a "Written by" / "Author" label (or inside its parent), or the
    text after the label's element (``<strong>Contributors:</strong> Ann Lee``). The label
    is the one the text follows, not looked for among the element's children: a hostile
    page's ``<div>`` of 100,000 ``a<br>`` made that search quadratic (40 s a page)."""
    el = mention.element
    prev = el.getprevious()
    if prev is not None and _LABEL_ONLY.match(one_line(text_of(prev))):
        return True
    label = mention.tail_of
    if label is not None and _LABEL_ONLY.match(one_line(text_of(label))):
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
        part = part.strip(" .,:;()[]-–—")
        if not part or (len(part) == 1 and part.isascii()) or _CREDENTIAL.match(part):
            continue
        if _NOT_NAME.search(part):
            continue
        if _PREFIX.fullmatch(f"{part} "):  # the byline's "By"/"بقلم" alone, its name elsewhere
            continue
        if _ROLE.search(part) and not _is_collective(part):
            continue
        if _POSSESSIVE.match(part):
            continue
        if len(part.split()) > 5 or len(part) > 60 or not re.match(r"\w", part):
            continue
        if part.casefold() in _NOT_A_NAME or _WEEKDAYS_MONTHS.match(part):
            continue
        if is_publisher(part, site_name):
            continue
        names.append(part)
    return names


def _is_collective(part: str) -> bool:
    """ "Podium Staff": a newsroom signing as a whole, not a role ("Staff Writer")."""
    return bool(_COLLECTIVE.match(part)) and not _ROLE.search(part.rsplit(" ", 1)[0])


def is_placeholder(name: str) -> bool:
    """The account name a CMS prints where no person is named ("admin", "Webmaster")."""
    return one_line(name).strip(" .,:;").casefold() in _ACCOUNTS


def is_publisher(name: str, site_name: str | None) -> bool:
    """The site's own name (``og:site_name``) where an author's is expected."""
    return bool(site_name) and one_line(name).casefold() == one_line(site_name).casefold()
