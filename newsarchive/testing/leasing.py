"""Workers sharing one site's frontier through leases (``storage/leases.py``), for the lease
test and ``benchmarks/postgres.py``.

Each worker is a process that leases a batch of the run's pending URLs, fetches each page from
the loopback sample site, extracts it with the real extractor and stores it with the real write
path, which marks the URL done in the same transaction. A killed worker's leases lapse and the
others take its URLs. (The Scrapy crawl asks the same leases for its article URLs once hooked
in: see ``docs/scale.md``.)
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import time
import urllib.request
from dataclasses import dataclass, field
from datetime import UTC, datetime

from ..extract import extract_article
from ..items import ArticleRecord, RawPage
from ..storage import Archive, open_engine
from ..storage.db import session_factory
from ..storage.frontier import Run, add_discovered, start_run
from ..storage.leases import lease, owner_name
from ..urls import canonicalize
from .server import SiteServer
from .workers import query

SPIDER = "shared.example"


def seed_run(db_url: str, urls: list[str]) -> tuple[int, int]:
    """Start the site's run and put ``urls`` in its frontier; ``(crawl_id, run_id)``."""
    engine = open_engine(db_url)
    sessions = session_factory(engine)
    run = start_run(sessions, SPIDER)
    with sessions.begin() as session:
        add_discovered(session, run, [canonicalize(u) for u in urls])
    engine.dispose()
    return run.crawl_id, run.run_id


def _fetch(url: str) -> RawPage:
    with urllib.request.urlopen(url, timeout=30) as response:  # noqa: S310 - loopback only
        body = response.read()
        headers = dict(response.headers.items())
        return RawPage(url=url, status=response.status, headers=headers, body=body,
                       fetched_at=datetime.now(UTC).isoformat(timespec="seconds"))  # fmt: skip


def lease_worker(db_url: str, crawl_id: int, run_id: int, batch: int, ttl: float) -> None:
    """Lease, fetch, extract, store until the run has nothing pending left."""
    engine = open_engine(db_url)
    archive = Archive(engine)
    run = Run(SPIDER, crawl_id, run_id)  # shared by the workers, not resumed by any
    owner = owner_name()
    while True:
        urls = lease(engine, SPIDER, run_id, owner, batch, ttl)
        if not urls:
            pending = query(db_url, "SELECT COUNT(*) FROM frontier WHERE spider = :s AND "
                            "state = 'pending'", s=SPIDER)[0][0]  # fmt: skip
            if not pending:
                break
            time.sleep(0.2)  # what is left is leased by others: theirs, or lapsing
            continue
        records = []
        for url in urls:
            raw = _fetch(url)
            article = extract_article(raw.body, url, raw.headers)
            article.site = SPIDER
            records.append(ArticleRecord(article=article, raw=raw, frontier_url=url))
        archive.store(records, crawl_id, run=run)
    engine.dispose()


@dataclass
class LeaseReport:
    articles: int = 0
    expected: int = 0
    duplicate_revisions: int = 0
    fetched_after_store: list[str] = field(default_factory=list)
    exit_codes: list[int | None] = field(default_factory=list)
    seconds: float = 0.0
    fetches: int = 0


def share_site(db_url: str, server: SiteServer, workers: int, *, kill_after: int | None = None,
               batch: int = 10, ttl: float = 2.0) -> LeaseReport:  # fmt: skip
    """``workers`` processes share the site's frontier; with ``kill_after``, one is killed
    with SIGKILL once that many articles are stored."""
    urls = [server.site.url(a.path) for a in server.site.articles]
    crawl_id, run_id = seed_run(db_url, urls)
    server.hits.clear()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=lease_worker, args=(db_url, crawl_id, run_id, batch, ttl))
             for _ in range(workers)]  # fmt: skip
    started = time.monotonic()
    for proc in procs:
        proc.start()
    killed_at, stored_then = None, set()
    if kill_after is not None:
        while any(p.is_alive() for p in procs):
            stored = query(db_url, "SELECT COUNT(*) FROM articles")[0][0]
            if stored >= kill_after:
                stored_then = {u for (u,) in query(db_url, "SELECT canonical_url FROM articles")}
                assert procs[0].pid is not None
                os.kill(procs[0].pid, signal.SIGKILL)
                killed_at = time.monotonic()
                break
            time.sleep(0.02)
    for proc in procs:
        proc.join(600)
    report = LeaseReport(expected=len(urls), seconds=time.monotonic() - started)
    report.exit_codes = [p.exitcode for p in procs]
    report.articles = query(db_url, "SELECT COUNT(*) FROM articles")[0][0]
    report.duplicate_revisions = query(
        db_url, "SELECT COUNT(*) FROM (SELECT article_id FROM revisions GROUP BY 1 "
        "HAVING COUNT(*) > 1) d")[0][0]  # fmt: skip
    report.fetches = len(server.hits)
    base = server.url.rstrip("/")
    seen: dict[str, int] = {}
    for when, path in server.hit_times:
        url = base + path.split("?", 1)[0]
        seen[url] = seen.get(url, 0) + 1
        if killed_at is not None and when > killed_at and url in stored_then:
            report.fetched_after_store.append(url)
    if killed_at is None:  # without a kill every page is fetched exactly once
        report.fetched_after_store += [u for u, n in seen.items() if n > 1]
    return report
