"""Reading RSS 2.0 / Atom feeds: entry links plus what the feed says of each (comment counts
from ``<slash:comments>``, comment feeds from ``<wfw:commentRss>``, dates) — WordPress puts the
comment count of every recent post in its feed, which costs no page fetch.

Pure parsing (bytes in, entries out); :mod:`.feed_discovery` asks for feeds during a crawl,
:mod:`.refresh` reads their counts."""

from __future__ import annotations

from dataclasses import dataclass
from urllib.parse import urljoin

from lxml import etree

from .freshness import Hint, parse_when

SLASH = "http://purl.org/rss/1.0/modules/slash/"
WFW = "http://wellformedweb.org/CommentAPI/"
ATOM = "http://www.w3.org/2005/Atom"
THR = "http://purl.org/syndication/thread/1.0"


@dataclass(frozen=True, slots=True)
class FeedEntry:
    url: str
    title: str | None = None
    published_raw: str | None = None
    updated_raw: str | None = None  # Atom <updated>; RSS has no modification date
    comment_count: int | None = None
    comment_count_raw: str | None = None
    comment_feed: str | None = None


def _text(node: etree._Element | None) -> str | None:
    if node is None or node.text is None:
        return None
    return node.text.strip() or None


def _count(raw: str | None) -> int | None:
    return int(raw) if raw and raw.strip().isdigit() else None


def parse_feed(data: bytes, base_url: str) -> list[FeedEntry]:
    """Entries of an RSS or Atom document; [] for anything that is not a feed."""
    parser = etree.XMLParser(recover=True, resolve_entities=False, no_network=True, huge_tree=False)
    try:
        root = etree.fromstring(data, parser=parser)
    except etree.XMLSyntaxError:
        return []
    if root is None:
        return []
    entries: list[FeedEntry] = []
    for item in root.iter("item"):
        link = _text(item.find("link")) or _text(item.find("guid"))
        if not link:
            continue
        raw = _text(item.find(f"{{{SLASH}}}comments"))
        entries.append(
            FeedEntry(
                url=urljoin(base_url, link),
                title=_text(item.find("title")),
                published_raw=_text(item.find("pubDate")),
                comment_count=_count(raw),
                comment_count_raw=raw,
                comment_feed=_text(item.find(f"{{{WFW}}}commentRss")),
            )
        )
    for entry in root.iter(f"{{{ATOM}}}entry"):
        href = None
        for link in entry.iter(f"{{{ATOM}}}link"):
            if link.get("rel", "alternate") == "alternate" and link.get("href"):
                href = link.get("href")
                break
        if not href:
            continue
        raw = _text(entry.find(f"{{{THR}}}total")) or _text(entry.find(f"{{{SLASH}}}comments"))
        entries.append(
            FeedEntry(
                url=urljoin(base_url, href),
                title=_text(entry.find(f"{{{ATOM}}}title")),
                published_raw=_text(entry.find(f"{{{ATOM}}}published")),
                updated_raw=_text(entry.find(f"{{{ATOM}}}updated")),
                comment_count=_count(raw),
                comment_count_raw=raw,
            )
        )
    return entries


def entry_hint(entry: FeedEntry) -> Hint:
    """What the entry says of the article's dates, for the crawl's :class:`.freshness.Policy`."""
    return Hint(parse_when(entry.published_raw), parse_when(entry.updated_raw))
