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
            "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=100000"]  # fmt: skip


def kill_and_resume(
    server: SiteServer, db: Path, repo: Path, kills: int, seed: int, window: tuple[float, float]
) -> KillReport:
    """Start the crawl, SIGKILL it ``kills`` times after a random delay in ``window``
    seconds, then let a last run finish."""
    rng = random.Random(seed)
    report = KillReport()
    article_paths = {a.path for a in server.site.articles}
    stored: set[str] = set()
    for attempt in range(kills + 1):
        server.hits.clear()
        proc = subprocess.Popen(
            crawl_command(server.url, db, repo), cwd=repo, stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL, env={**os.environ},
        )  # fmt: skip
        report.runs += 1
        if attempt < kills:
            time.sleep(rng.uniform(*window))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                report.kills += 1
            proc.wait()
        else:
            proc.wait(timeout=600)
        fetched = {h.split("?", 1)[0] for h in server.hits} & article_paths
        report.refetched_after_store.extend(sorted(fetched & stored))
        stored = stored_paths(db, server.url)
    with sqlite3.connect(db) as conn:
        report.final_articles = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        report.distinct_articles = conn.execute(
            "SELECT COUNT(DISTINCT canonical_url) FROM articles"
        ).fetchone()[0]
        report.integrity = conn.execute("PRAGMA integrity_check").fetchone()[0]
    return report
