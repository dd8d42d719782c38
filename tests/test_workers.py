"""Work sharing on one PostgreSQL archive: worker processes split the sites, and a worker
killed with -9 mid-site has its site taken over and finished by the others, nothing lost,
nothing stored fetched again. Real processes, real loopback sites, a real server."""

from __future__ import annotations

from newsarchive.testing.workers import run_workers, sample_sites


def test_three_workers_six_sites_one_killed_mid_site(pg_url: str) -> None:
    slow = ["-s", "CONCURRENT_REQUESTS=2", "-s", "DOWNLOAD_DELAY=0.03",
            "-s", "NEWSARCHIVE_BATCH_SIZE=5"]  # fmt: skip
    with sample_sites(6, 40) as servers:
        report = run_workers(pg_url, servers, 3, kill_one=True, extra=slow)
    assert report.killed_site is not None, report
    assert 0 < report.stored_before_kill < 40
    assert sorted(report.exit_codes) == [-9, 0, 0], report
    assert report.articles == report.expected_articles == 240, report
    assert report.duplicate_urls == report.duplicate_revisions == 0
    assert report.lock_errors == []
    assert report.refetched_after_store == []


def test_two_workers_on_sqlite_split_the_sites(tmp_path) -> None:
    """The same command on one machine with a SQLite archive (flock site locks)."""
    db = f"sqlite:///{tmp_path / 'shared.db'}"
    with sample_sites(3, 12) as servers:
        report = run_workers(db, servers, 2)
    assert report.exit_codes == [0, 0], (report.lock_errors, report)
    assert report.articles == 36
    assert report.duplicate_revisions == report.duplicate_urls == 0
    assert report.lock_errors == []
