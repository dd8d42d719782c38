"""Crash safety: a crawl killed with SIGKILL at random moments resumes with nothing lost and
nothing that was already stored fetched again."""

from __future__ import annotations

from pathlib import Path

from newsarchive.testing import NewsSite, SiteServer
from newsarchive.testing.killer import kill_and_resume

from .conftest import REPO


def test_kill_9_three_times_then_resume(tmp_path: Path) -> None:
    with SiteServer(NewsSite(n_articles=400)) as server:
        report = kill_and_resume(server, tmp_path / "kill.db", REPO, kills=3, seed=5)
        n = len(server.site.articles)
    # A run that stores its last articles before its kill lands simply finishes; most land.
    assert report.kills >= 2, report.attempts
    assert report.refetched_after_store == [], report.attempts
    assert report.final_articles == report.distinct_articles == n
    assert report.integrity == "ok"


def test_kill_9_twice_then_resume_on_postgresql(pg_url: str) -> None:
    """The same on PostgreSQL: the killed crawl's site lock lapses with its session, and its
    run resumes from the frontier."""
    with SiteServer(NewsSite(n_articles=200)) as server:
        report = kill_and_resume(server, pg_url, REPO, kills=2, seed=7)
        n = len(server.site.articles)
    # A run that stores its last articles before its kill lands simply finishes; most land.
    assert report.kills >= 2, report.attempts
    assert report.refetched_after_store == [], report.attempts
    assert report.final_articles == report.distinct_articles == n
    assert report.integrity == "ok"
