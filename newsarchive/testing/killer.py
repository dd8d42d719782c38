"""Kill a crawl with SIGKILL at random moments and resume it, checking what each resume
fetches. Shared by the kill test and ``benchmarks/kill_resume.py``."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

from .server import SiteServer

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


def stored_paths(db: Path, base: str) -> set[str]:
    if not db.exists():
        return set()
    with sqlite3.connect(db, timeout=60) as conn:
        try:
            rows = conn.execute("SELECT canonical_url FROM articles").fetchall()
        except sqlite3.OperationalError:
            return set()
    return {u.removeprefix(base.rstrip("/")) for (u,) in rows}


def crawl_command(url: str, db: Path, repo: Path) -> list[str]:
    return [sys.executable, "-m", "newsarchive.cli", "crawl", url, "--db", str(db), *LOCAL,
            "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=100000",
            "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=16"]  # fmt: skip


def _count(db: Path) -> int:
    """Articles stored so far; 0 before the schema exists. Waits out a busy database rather
    than guessing (a wrong 0 would kill the next run before it starts)."""
    if not db.exists():
        return 0
    with sqlite3.connect(db, timeout=60) as conn:
        try:
            return conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        except sqlite3.OperationalError as exc:
            if "no such table" in str(exc):
                return 0
            raise


def kill_and_resume(
    server: SiteServer,
    db: Path,
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
    with sqlite3.connect(db) as conn:
        report.final_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        report.distinct_articles = conn.execute(
            "SELECT COUNT(DISTINCT canonical_url) FROM articles"
        ).fetchone()[0]
        report.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return report
