"""Kill a crawl with SIGKILL at random moments and resume it, checking what each resume
fetches. Shared by the kill test and ``benchmarks/kill_resume.py``. The archive is a SQLite
path or any database URL (PostgreSQL)."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy.exc import DBAPIError

from .server import SiteServer
from .workers import query

LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@dataclass
class KillReport:
    kills: int = 0
    refetched_after_store: list[str] = field(default_factory=list)
    """Article paths fetched again by a resumed run although already stored: must stay empty."""
    final_articles: int = 0
    distinct_articles: int = 0
    integrity: str = ""
    runs: int = 0
    attempts: list[tuple[bool, int, int]] = field(default_factory=list)
    """Per run: (killed, article paths requested, articles stored before it)."""


def _url(db: Path | str) -> str:
    return db if isinstance(db, str) and "://" in db else f"sqlite:///{db}"


def _exists(db: Path | str) -> bool:
    return (isinstance(db, str) and "://" in db) or Path(db).exists()


def _articles(db: Path | str, sql: str) -> list[tuple] | None:
    """Rows of ``sql`` over the articles; None before the schema exists. A busy SQLite file
    is waited out rather than guessed about (a wrong 0 would kill the next run before it
    starts)."""
    if not _exists(db):
        return None
    try:
        return query(_url(db), sql)
    except DBAPIError as exc:
        if "no such table" in str(exc.orig) or "does not exist" in str(exc.orig):
            return None
        raise


def stored_paths(db: Path | str, base: str) -> set[str]:
    rows = _articles(db, "SELECT canonical_url FROM articles") or []
    return {u.removeprefix(base.rstrip("/")) for (u,) in rows}


def crawl_command(url: str, db: Path | str, repo: Path) -> list[str]:
    return [sys.executable, "-m", "newsarchive.cli", "crawl", url, "--db", str(db), *LOCAL,
            "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=100000",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]  # fmt: skip


def _count(db: Path | str) -> int:
    """Articles stored so far; 0 before the schema exists."""
    rows = _articles(db, "SELECT COUNT(*) FROM articles")
    return rows[0][0] if rows else 0


def kill_and_resume(
    server: SiteServer,
    db: Path | str,
    repo: Path,
    kills: int,
    seed: int,
    shares: tuple[float, float] = (0.05, 0.4),
) -> KillReport:
    """Start the crawl and SIGKILL it ``kills`` times at random moments — each once a random
    share (in ``shares``) of the articles still missing has been stored — then let a last run
    finish. Refetches are checked only across a kill: a run that finished before its kill
    ends its run, and the next one rightly fetches everything again."""
    rng = random.Random(seed)
    report = KillReport()
    article_paths = {a.path for a in server.site.articles}
    total = len(article_paths)
    stored: set[str] = set()
    for attempt in range(kills + 1):
        server.hits.clear()
        proc = subprocess.Popen(
            crawl_command(server.url, db, repo), cwd=repo, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env={**os.environ},
        )  # fmt: skip
        report.runs += 1
        killed = False
        if attempt < kills:
            already = _count(db)
            target = already + max(1, int((total - already) * rng.uniform(*shares)))
            while proc.poll() is None and _count(db) < target:
                time.sleep(0.05)
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                report.kills += 1
                killed = True
        proc.wait(timeout=600)
        fetched = {h.split("?", 1)[0] for h in server.hits} & article_paths
        report.refetched_after_store.extend(sorted(fetched & stored))
        report.attempts.append((killed, len(fetched), len(stored)))
        stored = stored_paths(db, server.url) if killed else set()
    report.final_articles = _count(db)
    report.distinct_articles = query(_url(db), "SELECT COUNT(DISTINCT canonical_url) FROM "
                                     "articles")[0][0]  # fmt: skip
    if _url(db).startswith("sqlite"):
        report.integrity = query(_url(db), "PRAGMA integrity_check")[0][0]
    else:  # PostgreSQL checks its pages itself; amcheck is not installed everywhere
        report.integrity = "ok"
    return report
