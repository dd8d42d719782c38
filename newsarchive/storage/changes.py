"""What a crawl learns besides articles, written in the same transaction as the articles.

The crawl state (:mod:`newsarchive.crawl.state`) gathers these as the crawl goes — URLs found,
articles answered ``304``, articles gone, pages not kept, fetches that failed — and the store
pipeline hands them to :meth:`~newsarchive.storage.Archive.store` with its next batch: a URL is
marked done in the very transaction that stores its article, so a crash never separates the
two (``docs/archive.md``, "Crash safety").
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True, slots=True)
class Unchanged:
    """An archived article answered ``304 Not Modified``: seen again, unchanged."""

    url: str
    seen_at: str
    revisit_at: str | None = None
    """When a recent article's next visit is due (None: every crawl, or left to lastmod)."""


@dataclass(frozen=True, slots=True)
class Gone:
    """An archived article's URL now answers 404 or 410: marked, never removed."""

    url: str
    status: int
    seen_at: str


@dataclass(slots=True)
class CrawlChanges:
    """The frontier and archive changes pending for the next write."""

    discovered: list[str] = field(default_factory=list)
    """Article URLs the crawl will request, recorded as pending in the run's frontier."""
    unchanged: list[Unchanged] = field(default_factory=list)
    gone: list[Gone] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """``(url, reason)``: fetched or refused, not kept (``not_article``, ``robots_disallowed``…)."""
    failed: list[tuple[str, str]] = field(default_factory=list)
    """``(url, kind)``: fetches that failed for good; the frontier schedules the next try."""

    def __bool__(self) -> bool:
        return bool(self.discovered or self.unchanged or self.gone or self.skipped or self.failed)

    @property
    def observations(self) -> int:
        """Changes that touch archived articles (what counts toward a batch)."""
        return len(self.unchanged)
