"""Re-extraction: today's extractor over the raw pages the archive already holds.

Every fetched article page is kept byte for byte, so an extraction fix reaches the whole
archive without fetching anything again: each article's newest stored page is read back,
extracted, and a revision is added only where the content fingerprint changed — an article
whose body came out empty last month gets one once the extractor learns its layout. Where
only the descriptive fields read differently (a language guessed, a section found), the
newest revision takes today's reading of them in place (:meth:`Archive.revise`). The
article keeps its identity (canonical URL, site); comment counts are not re-observed (a
count belongs to the moment of its fetch, and that moment was recorded then).
"""

from __future__ import annotations

import json
import logging
import time
from collections import deque
from collections.abc import Iterator
from contextlib import closing
from dataclasses import dataclass, field
from datetime import UTC, tzinfo
from itertools import islice

from sqlalchemy import Engine, func, select
from sqlalchemy.orm import Session

from .collector import tuned_for_extraction
from .crawl.extraction_pool import (
    READ_IN_PROCESS_FIRST,
    TIMEOUT_SECONDS,
    ExtractionPool,
    PageToRead,
)
from .extract import Extraction, extract_page, extraction_status, timezone_for
from .items import Article
from .storage.archive import Archive
from .storage.blobs import CorruptBlob
from .storage.db import now_iso
from .storage.models import ArticleRow, Page, Site

logger = logging.getLogger(__name__)

# Extraction workers start when the pages left would take this long in this process: with
# spawned workers, each cost about a second of CPU to start (benchmarks/archive.py: 150 light
# pages, ~1 s of work, ran at 130 pages/s with two workers against 184 in process; 600 pages,
# ~3 s, at 196 against 165). Forked by a fork server they start faster (~0.2 s in all); the
# threshold was not measured again.
WORKERS_WORTH_SECONDS = 2.0


@dataclass(slots=True)
class ReextractResult:
    pages: int = 0
    revised: int = 0
    """Articles given a new revision (their extracted content changed)."""
    reread: int = 0
    """Articles whose content is unchanged but whose descriptive fields (language, section,
    tags, description…) read differently today: updated in their newest revision."""
    unchanged: int = 0
    failed: int = 0
    """Pages whose raw bytes could not be read back (a corrupt blob) or extracted."""
    seconds: float = 0.0
    in_workers: int = 0
    """Pages read in extraction worker processes (the others in this one)."""
    statuses: dict[str, int] = field(default_factory=dict)
    """Extraction status of each page re-read (``ok``, ``no_body``…)."""

    @property
    def pages_per_second(self) -> float:
        return self.pages / self.seconds if self.seconds else 0.0


@dataclass(frozen=True, slots=True)
class _Stored:
    article_id: int
    canonical_url: str
    site: str
    url: str
    headers: str | None  # JSON, read with the page (a damaged row fails that page alone)
    sha256: str


def reextract(
    engine: Engine,
    *,
    site: str | None = None,
    article_id: int | None = None,
    since: str | None = None,
    timezones: dict[str, str] | None = None,
    batch: int = 100,
    workers: int = 0,
) -> ReextractResult:
    """Re-extract the newest stored page of each article (of ``site``, or only
    ``article_id``; fetched at or after ``since``, an ISO date) and store what changed.
    ``timezones``: the catalogue's IANA zone by site name, for dates printed without one.
    ``workers``: processes to extract in (:mod:`.crawl.extraction_pool`) once the pages left
    are worth starting them (:class:`_Reading`); 0: this one."""
    archive = Archive(engine)
    result = ReextractResult()
    start = time.perf_counter()
    zones: dict[str, tzinfo] = {}
    waiting: deque[_Stored] = deque()  # the pages handed to the extractor, in order

    stored_pages = _newest_pages(engine, site, article_id, since)

    def readable() -> Iterator[PageToRead]:
        for stored in stored_pages:
            result.pages += 1
            try:
                body = archive.raw_body(stored.sha256)  # KeyError: its row is gone
                headers = json.loads(stored.headers or "{}")
                if not isinstance(headers, dict):
                    raise ValueError("headers are not a JSON object")
            except (CorruptBlob, KeyError, ValueError):
                result.failed += 1
                continue
            zone = zones.setdefault(stored.site, timezone_for((timezones or {}).get(stored.site)))
            waiting.append(stored)
            yield body, stored.url, headers, zone or UTC

    reading = _Reading(readable(), len(stored_pages), workers, result)
    # The first pages are read here (_Reading); the workers are stopped first on the way out.
    with tuned_for_extraction(), closing(reading):
        pending: list[tuple[int, Article]] = []
        for outcome in reading:
            stored = waiting.popleft()
            article = _article(stored, outcome, result)
            if article is not None:
                pending.append((stored.article_id, article))
            if len(pending) >= batch:
                _store(archive, pending, result)
        _store(archive, pending, result)
    result.seconds = time.perf_counter() - start
    return result


class _Reading:
    """The extractions of ``pages``, in order: the first ones in this process, timed, then
    the rest in ``workers`` processes only when what is left would take long enough here
    to pay for starting them (:data:`WORKERS_WORTH_SECONDS`), else here too."""

    def __init__(
        self, pages: Iterator[PageToRead], total: int, workers: int, result: ReextractResult
    ) -> None:
        self._pages = pages
        self._total = total
        self._workers = workers
        self._result = result
        self.pool: ExtractionPool | None = None

    def __iter__(self) -> Iterator[Extraction | Exception]:
        spent, done = 0.0, 0
        for page in islice(self._pages, READ_IN_PROCESS_FIRST):
            began = time.perf_counter()
            outcome = _in_process(page)
            spent += time.perf_counter() - began
            done += 1
            yield outcome
        left = self._total - done
        if self._workers > 0 and done and left * spent / done > WORKERS_WORTH_SECONDS:
            self.pool = ExtractionPool(self._workers, timeout=TIMEOUT_SECONDS)
            for outcome in self.pool.imap(self._pages):
                self._result.in_workers += 1
                yield outcome
        else:
            yield from map(_in_process, self._pages)

    def close(self) -> None:
        if self.pool is not None:
            self.pool.close()


def _in_process(page: PageToRead) -> Extraction | Exception:
    html, url, headers, zone = page
    try:
        return extract_page(html, url, headers, default_tz=zone)
    except Exception as exc:  # recorded as the page's failure, as a worker's would be
        return exc


def _article(
    stored: _Stored, outcome: Extraction | Exception, result: ReextractResult
) -> Article | None:
    if isinstance(outcome, Exception):
        logger.error("extraction failed on %s: %r", stored.url, outcome)
        result.failed += 1
        return None
    article = outcome.article
    # The same article: its identity is the archive's, whatever today's canonical says.
    article.canonical_url = stored.canonical_url
    article.site = stored.site
    status = article.extraction_status = extraction_status(article)
    result.statuses[status] = result.statuses.get(status, 0) + 1
    return article


def _store(archive: Archive, pending: list[tuple[int, Article]], result: ReextractResult) -> None:
    if not pending:
        return
    done = archive.revise(pending, seen_at=now_iso())
    result.revised += done.revised
    result.reread += done.reread
    result.unchanged += len(pending) - done.revised - done.reread
    pending.clear()


def _newest_pages(
    engine: Engine, site: str | None, article_id: int | None, since: str | None
) -> list[_Stored]:
    newest = select(Page.article_id, func.max(Page.id).label("page_id")).group_by(Page.article_id)
    if since:
        newest = newest.where(Page.fetched_at >= since)
    if article_id is not None:
        newest = newest.where(Page.article_id == article_id)
    latest = newest.subquery()
    query = (
        select(
            ArticleRow.id,
            ArticleRow.canonical_url,
            Site.name,
            Page.url,
            Page.headers,
            Page.body_sha256,
        )
        .join(latest, latest.c.article_id == ArticleRow.id)
        .join(Page, Page.id == latest.c.page_id)
        .join(Site, Site.id == ArticleRow.site_id)
        .order_by(ArticleRow.id)
    )
    if site:
        query = query.where(Site.name == site)
    with Session(engine) as session:
        rows = session.execute(query).all()
    return [_Stored(row[0], row[1], row[2], row[3], row.headers, row[5]) for row in rows]
