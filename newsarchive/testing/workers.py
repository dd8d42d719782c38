"""Several ``newsarchive worker`` processes sharing sites on one archive, with one killed
mid-site: what the worker test and ``benchmarks/postgres.py`` run and check.

Each site is a sample site on a loopback address of its own (``127.0.0.2``, ``127.0.0.3``…):
the archive tells sites apart by host name. A worker is killed with ``SIGKILL`` once a crawl of
one of its sites has stored some articles: its crawl dies with it, its site lock lapses with its
database session, and another worker must take the site over and finish it.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from ..storage.dialect import engine_options
from .server import SiteServer
from .site import NewsSite

LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]
REPO = Path(__file__).resolve().parents[2]
LOCK_TROUBLE = ("already running", "database is locked", "deadlock", "could not write")


@dataclass
class SharingReport:
    sites: int = 0
    expected_articles: int = 0
    articles: int = 0
    duplicate_urls: int = 0
    """Canonical URLs stored twice (the unique index makes this 0 or an error)."""
    duplicate_revisions: int = 0
    """Articles with more than one revision although no page changed."""
    lock_errors: list[str] = field(default_factory=list)
    """Worker output lines about locks or failed writes."""
    exit_codes: list[int | None] = field(default_factory=list)
    killed_site: str | None = None
    stored_before_kill: int = 0
    refetched_after_store: list[str] = field(default_factory=list)
    """Articles of the killed worker's site stored before the kill and fetched again after."""
    seconds: float = 0.0
    pages: int = 0

    @property
    def ok(self) -> bool:
        return (
            self.articles == self.expected_articles
            and not self.duplicate_urls
            and not self.duplicate_revisions
            and not self.lock_errors
            and not self.refetched_after_store
        )


def query(db_url: str, sql: str, **params: object) -> list[tuple]:
    url = make_url(db_url)
    engine = create_engine(url, poolclass=NullPool, **engine_options(url))
    try:
        with engine.connect() as conn:
            return [tuple(r) for r in conn.execute(text(sql), params)]
    finally:
        engine.dispose()


@contextmanager
def sample_sites(n_sites: int, articles: int) -> Iterator[list[SiteServer]]:
    """``n_sites`` sample sites of ``articles`` each, on 127.0.0.2, 127.0.0.3…"""
    with ExitStack() as stack:
        yield [
            stack.enter_context(SiteServer(NewsSite(n_articles=articles), host=f"127.0.0.{i + 2}"))
            for i in range(n_sites)
        ]


def worker_command(db_url: str, servers: list[SiteServer], extra: list[str]) -> list[str]:
    return [sys.executable, "-m", "newsarchive.cli", "worker", *(s.url for s in servers),
            "--db", db_url, "--poll", "0.5", *LOCAL, *extra]  # fmt: skip


def _parent_of(pid: int) -> int | None:
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except OSError:
        return None
    return int(stat.rsplit(")", 1)[1].split()[1])


def _victim(
    db_url: str, workers: list[subprocess.Popen], min_stored: int
) -> tuple[int, str] | None:
    """A worker whose crawl has stored at least ``min_stored`` articles of a site not finished
    yet: ``(worker pid, site)``."""
    rows = query(
        db_url,
        "SELECT c.spider, COUNT(*) FROM crawls c JOIN frontier f ON f.spider = c.spider "
        "AND f.run_id = c.run_id WHERE c.status = 'running' AND f.outcome = 'stored' "
        "GROUP BY c.spider",
    )
    pids = {w.pid for w in workers if w.poll() is None}
    for site, stored in rows:
        if stored < min_stored:
            continue
        holders = query(
            db_url,
            "SELECT application_name FROM pg_stat_activity WHERE application_name LIKE "
            "'newsarchive pid %' AND datname = current_database()",
        )
        for (name,) in holders:
            child = int(name.split()[2])
            parent = _parent_of(child)
            if parent in pids and _crawls(child, site):
                return parent, site
    return None


def _crawls(pid: int, site: str) -> bool:
    """Whether process ``pid`` is a ``newsarchive crawl`` of ``site``."""
    try:
        argv = Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")
    except OSError:
        return False
    return b"crawl" in argv and any(site.encode() in a for a in argv)


def run_workers(
    db_url: str, servers: list[SiteServer], workers: int, *, kill_one: bool = False,
    extra: list[str] | None = None, timeout: float = 600,
) -> SharingReport:  # fmt: skip
    """Start ``workers`` worker processes on ``servers``' sites; with ``kill_one``, SIGKILL
    one mid-site. Waits for the others and checks the archive."""
    report = SharingReport(sites=len(servers))
    report.expected_articles = sum(len(s.site.articles) for s in servers)
    for server in servers:
        server.hits.clear()
    started = time.monotonic()
    procs = [
        subprocess.Popen(
            worker_command(db_url, servers, extra or []),
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            cwd=REPO,  # the checkout's code, whatever is installed
        )
        for _ in range(workers)
    ]
    kill_time = None
    stored_then: set[str] = set()
    if kill_one:
        per_site = min(len(s.site.articles) for s in servers)
        while time.monotonic() - started < timeout and kill_time is None:
            found = _victim(db_url, procs, max(2, per_site // 5))
            if found is None:
                if all(p.poll() is not None for p in procs):
                    break
                time.sleep(0.05)
                continue
            pid, site = found
            stored_then = {u for (u,) in query(
                db_url, "SELECT a.canonical_url FROM articles a JOIN sites s ON s.id = a.site_id "
                "WHERE s.name = :site", site=site)}  # fmt: skip
            os.kill(pid, signal.SIGKILL)
            kill_time = time.monotonic()
            report.killed_site, report.stored_before_kill = site, len(stored_then)
    outputs = []
    for proc in procs:
        out, _ = proc.communicate(timeout=max(1.0, timeout - (time.monotonic() - started)))
        outputs.append(out or "")
        report.exit_codes.append(proc.returncode)
    report.seconds = time.monotonic() - started
    report.lock_errors = [
        line for out in outputs for line in out.splitlines()
        if any(word in line for word in LOCK_TROUBLE)
    ]  # fmt: skip
    report.articles = query(db_url, "SELECT COUNT(*) FROM articles")[0][0]
    report.duplicate_urls = query(
        db_url, "SELECT COUNT(*) FROM (SELECT canonical_url FROM articles GROUP BY 1 "
        "HAVING COUNT(*) > 1) d")[0][0]  # fmt: skip
    report.duplicate_revisions = query(
        db_url, "SELECT COUNT(*) FROM (SELECT article_id FROM revisions GROUP BY 1 "
        "HAVING COUNT(*) > 1) d")[0][0]  # fmt: skip
    report.pages = sum(len(s.hits) for s in servers)
    if kill_time is not None:
        server = next(
            s for s in servers if s.url.split("//")[1].split(":")[0] == report.killed_site
        )
        base = server.url.rstrip("/")
        after = {path.split("?", 1)[0] for when, path in server.hit_times if when > kill_time}
        report.refetched_after_store = sorted(
            u for u in stored_then if u.removeprefix(base) in after
        )
    return report
