"""Which discovered articles a crawl fetches, and in what order (pure rules)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from newsarchive.crawl.feed_parser import entry_hint, parse_feed
from newsarchive.crawl.freshness import (
    UNDATED_PRIORITY,
    Archived,
    Hint,
    Policy,
    parse_when,
    revisit_interval,
    url_date,
)
from newsarchive.crawl.sitemap_discovery import url_hints

NOW = datetime(2025, 6, 30, 12, 0, tzinfo=UTC)


def at(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=UTC)


def test_dates_sources_give() -> None:
    assert parse_when("2025-03-14T10:00:00+01:00").start == at("2025-03-14T09:00:00")
    bare = parse_when("2025-03-14")
    assert bare.whole_day
    assert bare.end == at("2025-03-15T00:00:00")
    assert parse_when("Fri, 14 Mar 2025 09:00:00 +0000").start == at("2025-03-14T09:00:00")
    assert parse_when("not a date") is None
    assert url_date("https://x.example/2025/03/14/slug/").start == at("2025-03-14T00:00:00")
    assert url_date("https://x.example/2025/13/40/slug/") is None  # no such day
    assert url_date("https://x.example/news/slug-2025/") is None


def test_unchanged_old_articles_are_skipped_recent_ones_are_not() -> None:
    policy = Policy(recent_days=14, now=NOW)
    archived = Archived(last_seen=at("2025-05-01T08:00:00"), published=at("2025-03-01T00:00:00"))
    old = Hint(published=None, modified=parse_when("2025-04-01T00:00:00Z"))
    assert policy.skip_reason(old, archived) == "unchanged"
    edited = Hint(published=None, modified=parse_when("2025-05-01T09:00:00Z"))
    assert policy.skip_reason(edited, archived) is None  # modified after we last saw it
    # A bare-date lastmod on the day we last saw it may be later that day: fetch.
    assert policy.skip_reason(Hint(modified=parse_when("2025-05-01")), archived) is None
    recent = Archived(last_seen=at("2025-06-29T00:00:00"), published=at("2025-06-25T00:00:00"))
    assert policy.skip_reason(old, recent) is None  # comments still move
    assert policy.skip_reason(old, None) is None  # not archived: fetch
    assert policy.skip_reason(Hint(), archived) is None  # no lastmod: conditional request
    # ... once a day: a listing names its old articles on every crawl.
    today = Archived(last_seen=NOW - timedelta(hours=20), published=archived.published)
    assert policy.skip_reason(Hint(), today) == "not_due"
    assert policy.skip_reason(Hint(modified=parse_when("2025-06-30T10:00:00Z")), today) is None
    assert Policy(skip_unchanged=False, now=NOW).skip_reason(Hint(), today) is None  # --full
    ahead = Archived(last_seen=NOW + timedelta(hours=5), published=archived.published)
    assert policy.skip_reason(Hint(), ahead) is None  # a clock ahead: not skipped for ever
    assert Policy(skip_unchanged=False, now=NOW).skip_reason(old, archived) is None


def test_date_window() -> None:
    policy = Policy(since=at("2025-03-10T00:00:00"), until=at("2025-03-20T00:00:00"), now=NOW)
    assert policy.skip_reason(Hint(published=parse_when("2025-03-09")), None) == "out_of_window"
    assert policy.skip_reason(Hint(published=parse_when("2025-03-10")), None) is None
    assert policy.skip_reason(Hint(published=parse_when("2025-03-20")), None) == "out_of_window"
    # lastmod before the window: published before it too.
    assert policy.skip_reason(Hint(modified=parse_when("2025-03-01")), None) == "out_of_window"
    # lastmod after the window says nothing about publication: fetch, judge the page's date.
    assert policy.skip_reason(Hint(modified=parse_when("2025-04-01")), None) is None
    assert policy.in_window(at("2025-03-15T00:00:00"))
    assert not policy.in_window(at("2025-03-20T00:00:00"))
    assert policy.in_window(None)  # undated pages are kept


def test_newest_first_priorities() -> None:
    policy = Policy(now=NOW)
    newer = policy.priority(Hint(published=parse_when("2025-06-29")))
    older = policy.priority(Hint(published=parse_when("2025-01-01")))
    assert 0 >= newer > older > UNDATED_PRIORITY
    assert policy.priority(Hint()) == UNDATED_PRIORITY
    assert Policy(newest_first=False).priority(Hint(published=parse_when("2025-06-29"))) == 0


def test_sitemap_and_feed_hints() -> None:
    sitemap = b"""<?xml version="1.0"?>
    <urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9"
            xmlns:news="http://www.google.com/schemas/sitemap-news/0.9">
      <url><loc> https://x.example/a/ </loc><lastmod>2025-03-02</lastmod></url>
      <url><loc>https://x.example/b/</loc>
        <news:news><news:publication_date>2025-03-01T08:00:00Z</news:publication_date></news:news>
      </url>
      <url><lastmod>2025-03-02</lastmod></url>
    </urlset>"""
    hints = dict(url_hints(sitemap))
    assert list(hints) == ["https://x.example/a/", "https://x.example/b/"]
    assert hints["https://x.example/a/"].modified == parse_when("2025-03-02")
    assert hints["https://x.example/b/"].published.start == at("2025-03-01T08:00:00")
    atom = b"""<feed xmlns="http://www.w3.org/2005/Atom"><entry>
      <link rel="alternate" href="https://x.example/c/"/>
      <published>2025-03-01T08:00:00Z</published><updated>2025-03-04T08:00:00Z</updated>
    </entry></feed>"""
    (entry,) = parse_feed(atom, "https://x.example/")
    hint = entry_hint(entry)
    assert hint.published.start == at("2025-03-01T08:00:00")
    assert hint.modified.start == at("2025-03-04T08:00:00")


def test_recent_articles_slow_down() -> None:
    from datetime import timedelta

    def interval(days: float) -> timedelta | None:
        return revisit_interval(NOW - timedelta(days=days), NOW, 14)

    assert interval(0.5) is None  # every crawl
    assert interval(3) == timedelta(hours=6)
    assert interval(10) == timedelta(days=1)
    assert interval(20) is None  # old: lastmod decides
    assert revisit_interval(None, NOW, 14) is None
    policy = Policy(recent_days=14, now=NOW)
    archived = Archived(last_seen=at("2025-06-29T00:00:00"), published=at("2025-06-25T00:00:00"))
    assert policy.skip_reason(Hint(), archived, revisit_later=True) == "not_due"
    assert policy.skip_reason(Hint(), archived, revisit_later=False) is None
    edited = Hint(modified=parse_when("2025-06-30T08:00:00Z"))
    assert policy.skip_reason(edited, archived, revisit_later=True) is None  # changed: fetch
