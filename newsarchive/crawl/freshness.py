"""Which discovered articles a crawl fetches, and in what order — decided before any request.

Sitemaps, feeds and URLs say when an article was published or last modified
(``<lastmod>``, ``<news:publication_date>``, ``<pubDate>``, ``/2025/03/14/`` in the path). With
what the archive knows of each article (when it was last seen, when it was published), that
is enough to:

- skip articles the archive already holds in their latest version: the sitemap's ``lastmod``
  is not after the archive last saw the article, and the article is older than the site's
  ``recent_days`` — recent ones are re-visited, because new comments do not move ``lastmod``
  (WordPress core, Yoast and Rank Math all take it from the post, not its comments), on a
  schedule that slows as they age (:func:`revisit_interval`: every crawl for two days, then
  every 6 hours for a week, then daily), unless ``lastmod`` says they changed; an old article
  that no source dates (a listing's link) is asked again, conditionally, once a day;
- keep a crawl inside a date window (``--since`` / ``--until``, on the publication date);
- fetch the newest first, so a crawl cut short has archived what matters most.

Pure code: no Scrapy, no database; the spider feeds it.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from ..extract.dates import parse_date

_URL_DATE = re.compile(r"/((?:19|20)\d{2})/(\d{1,2})/(\d{1,2})/")
_DATE_ONLY = re.compile(r"^\s*\d{4}-\d{2}-\d{2}\s*$")
DEFAULT_RECENT_DAYS = 14  # a site's articles this young still gain comments
UNDATED_PRIORITY = -100_000  # after every dated article, before nothing else
DAY = timedelta(days=1)
OLD_REVISIT = DAY  # an old article no source dates is asked (conditionally) once a day


@dataclass(frozen=True, slots=True)
class When:
    """A moment a source gives, with its precision: a bare date (``2025-03-14``) covers the
    whole day, so it is before a moment only when the whole day is."""

    start: datetime
    whole_day: bool = False

    @property
    def end(self) -> datetime:
        return self.start + DAY if self.whole_day else self.start


def parse_when(raw: str | None) -> When | None:
    """A sitemap/feed date (W3C datetime, bare date, RFC 822) as UTC; None if unreadable."""
    if not raw:
        return None
    if _DATE_ONLY.match(raw):
        try:
            day = date.fromisoformat(raw.strip())
        except ValueError:
            return None
        return When(datetime.combine(day, time(), UTC), whole_day=True)
    iso = parse_date(raw)
    if iso is None:
        return None
    return When(datetime.fromisoformat(iso).astimezone(UTC))


def url_date(url: str) -> When | None:
    """The day in a WordPress-style permalink (``/2025/03/14/slug/``)."""
    match = _URL_DATE.search(url)
    if not match:
        return None
    try:
        day = date(*(int(g) for g in match.groups()))
    except ValueError:
        return None
    return When(datetime.combine(day, time(), UTC), whole_day=True)


@dataclass(frozen=True, slots=True)
class Hint:
    """What a discovery source says about an article before it is fetched."""

    published: When | None = None
    modified: When | None = None  # sitemap <lastmod>, Atom <updated>

    def with_url(self, url: str) -> Hint:
        return self if self.published is not None else Hint(url_date(url), self.modified)


@dataclass(frozen=True, slots=True)
class Archived:
    """What the archive holds of an article: when its content was last confirmed (fetched or
    answered 304) and when it says it was published."""

    last_seen: datetime
    published: datetime | None


def revisit_interval(
    published: datetime | None, now: datetime, recent_days: int
) -> timedelta | None:
    """How long after a visit a recent article is due again for its comment count; None for
    every crawl (the first two days, when most comments come) and for articles past
    ``recent_days`` (left to ``lastmod``)."""
    if published is None:
        return None
    age = now - published
    if age < timedelta(days=2) or age >= timedelta(days=recent_days):
        return None
    return timedelta(hours=6) if age < timedelta(days=7) else timedelta(days=1)


@dataclass(frozen=True, slots=True)
class Policy:
    since: datetime | None = None
    until: datetime | None = None  # exclusive
    recent_days: int = DEFAULT_RECENT_DAYS
    skip_unchanged: bool = True
    newest_first: bool = True
    now: datetime | None = None

    @property
    def full(self) -> bool:
        """``--full``: ask for every article, and for failed ones before their next try."""
        return not self.skip_unchanged

    def skip_reason(
        self, hint: Hint, archived: Archived | None, revisit_later: bool = False
    ) -> str | None:
        """``"out_of_window"``, ``"unchanged"``, ``"not_due"``, or None to fetch.
        ``revisit_later``: the frontier says this recent article's next visit is not due."""
        published = hint.published
        if published is None and archived is not None and archived.published is not None:
            published = When(archived.published)
        if self.since is not None:
            # lastmod is never before publication: an article modified before the window
            # opened was published before it too.
            latest = min((w.end for w in (published, hint.modified) if w is not None), default=None)
            if latest is not None and latest <= self.since:
                return "out_of_window"
        if self.until is not None and published is not None and published.start >= self.until:
            return "out_of_window"
        if not self.skip_unchanged or archived is None:
            return None
        # >=: both are to the second, and a lastmod in the very second of the last visit may
        # be an edit made just after it. Fetching once more is cheaper than missing an edit.
        changed = hint.modified is not None and hint.modified.end >= archived.last_seen
        now = self.now or datetime.now(UTC)
        if published is None or published.end > now - timedelta(days=self.recent_days):
            # Recent (or of unknown age): re-visited for its comment count when due.
            return "not_due" if revisit_later and not changed else None
        if hint.modified is None:
            # Nothing says whether it changed (a listing's link; the sitemap, read later in
            # the crawl, may say): asked again once a day, not on every crawl of a site
            # crawled every half hour (a listing's old links: 40-85 conditional requests a
            # crawl of an unchanged site). ``--full`` asks them all.
            since_seen = now - archived.last_seen  # negative: a clock ahead; asked
            return "not_due" if timedelta(0) <= since_seen < OLD_REVISIT else None
        return None if changed else "unchanged"

    def in_window(self, published: datetime | None) -> bool:
        """After extraction: does the article's own date fall in the window? Undated articles
        are kept (nothing says they are outside)."""
        if published is None:
            return True
        if self.since is not None and published < self.since:
            return False
        return not (self.until is not None and published >= self.until)

    def priority(self, hint: Hint) -> int:
        """Scrapy request priority: higher for newer articles (days before now, negated), so
        the scheduler hands out the newest first; undated articles last. 0 when ordering is
        off (the site's own order)."""
        if not self.newest_first:
            return 0
        when = hint.published or hint.modified
        if when is None:
            return UNDATED_PRIORITY
        now = self.now or datetime.now(UTC)
        age_days = (now - when.start).days
        return max(UNDATED_PRIORITY + 1, min(0, -age_days))
