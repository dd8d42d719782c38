"""Running from cron: the overlap lock, exit codes, rotating logs, the summary, layout breaks."""

from __future__ import annotations

import sqlite3
from itertools import pairwise
from pathlib import Path

from newsarchive.health import coverage_alerts, error_kinds
from newsarchive.lock import crawl_lock
from newsarchive.storage import resolve_db_url
from newsarchive.testing import SiteServer
from newsarchive.urls import host_of

from .conftest import LOCAL, crawl, run_cli


def test_overlapping_run_exits_at_once_with_code_3(
    site_server: SiteServer, db_url: str, tmp_path: Path
) -> None:
    """SQLite: a flock beside the file; PostgreSQL: an advisory lock on the server, which
    every crawler machine sees. With --log-file (and no terminal: cron) the log says so
    and stderr nothing, as cron mails any line of it and exit 3 needs no action."""
    db, log = db_url, tmp_path / "cron.log"
    with crawl_lock(resolve_db_url(str(db)), host_of(site_server.url)):
        result = run_cli("crawl", site_server.url, "--db", str(db), *LOCAL, "--log-file", str(log))
        alone = run_cli("crawl", site_server.url, "--db", str(db), *LOCAL)
    assert result.returncode == alone.returncode == 3
    assert result.stderr == ""
    assert "[newsarchive] NOT RUN exit 3: a crawl of " in log.read_text()
    assert "pid " in log.read_text()
    assert "already running" in alone.stderr  # the only place to say it
    assert "pid " in alone.stderr
    assert not [h for h in site_server.hits if h != "/robots.txt"]  # it fetched nothing
    # The lock is released with its holder: the next run goes ahead.
    assert run_cli("crawl", site_server.url, "--db", str(db), *LOCAL).returncode == 0


def test_log_file_rotates_and_gets_the_summary(site_server: SiteServer, tmp_path: Path) -> None:
    db, log = tmp_path / "log.db", tmp_path / "crawl.log"
    args = ("--db", str(db), "--log-file", str(log), "-s", "LOG_LEVEL=DEBUG",
            "-s", "NEWSARCHIVE_LOG_MAX_BYTES=20000", "-s", "NEWSARCHIVE_LOG_BACKUPS=2", *LOCAL)  # fmt: skip
    result = run_cli("crawl", site_server.url, *args)
    assert result.returncode == 0, result.stderr
    assert result.stdout == ""  # quiet when not on a terminal
    assert (tmp_path / "crawl.log.1").exists()
    assert not (tmp_path / "crawl.log.3").exists()
    summary = [line for line in log.read_text().splitlines() if "SUMMARY" in line]
    assert len(summary) == 1
    assert "36 articles (36 new" in summary[0]
    assert "errors: none" in summary[0]


def test_failing_article_pages_above_the_threshold_exit_1(
    site_server: SiteServer, tmp_path: Path
) -> None:
    site = site_server.site
    site.failing = {a.path for a in site.articles[::2]}  # half the articles answer 500
    log = tmp_path / "err.log"
    result = run_cli("crawl", site_server.url, "--db", str(tmp_path / "err.db"), *LOCAL,
                     "-s", "RETRY_TIMES=0", "-v", "--log-file", str(log))  # fmt: skip
    assert result.returncode == 1
    assert "18 of 36 article fetches failed" in result.stderr
    assert "http_500 18" in result.stdout or "article_errors 18" in result.stdout
    # The log says why too (it held only the summary; the reason went to stderr alone).
    [why] = [line for line in log.read_text().splitlines() if "[newsarchive] ERROR" in line]
    assert "exit 1: 18 of 36 article fetches failed" in why


def test_layout_break_is_reported_with_code_4(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "layout.db"
    assert run_cli("crawl", site_server.url, "--db", str(db), *LOCAL).returncode == 0
    site_server.site.broken_layout = True  # a theme change moves no lastmod: --full
    result = run_cli("crawl", site_server.url, "--db", str(db), *LOCAL, "--full")
    assert result.returncode == 4
    # The date still comes from the URL (htmldate); the comments moved to a JS widget.
    assert "comment_count found on 0% of articles (usually 86%)" in result.stderr


def stats(extracted: int, **coverage: int) -> dict:
    out = {"newsarchive/articles_extracted": extracted}
    out.update({f"newsarchive/coverage/{k}": v for k, v in coverage.items()})
    return out


def test_coverage_alerts_need_history_and_a_real_drop() -> None:
    full = stats(100, headline=100, article_body=99, comment_count=90, date_published=98)
    assert coverage_alerts(full, []) == []
    assert coverage_alerts(full, [full, full]) == []
    small_drop = stats(100, headline=100, article_body=99, comment_count=75, date_published=98)
    assert coverage_alerts(small_drop, [full]) == []
    broken = stats(100, headline=100, article_body=20, comment_count=90, date_published=98)
    [alert] = coverage_alerts(broken, [full, full, full])
    assert alert.startswith("article_body found on 20% of articles (usually 99%)")
    tiny = stats(5, headline=0, article_body=0, comment_count=0, date_published=0)
    assert coverage_alerts(tiny, [full]) == []


def test_error_kinds_for_the_summary() -> None:
    kinds = error_kinds({
        "newsarchive/article_error/timeout": 3,
        "newsarchive/article_error/redirect_loop": 1,
        "newsarchive/article_errors": 4,
        "newsarchive/http_404": 2,
        "downloader/exception_type_count/twisted.internet.error.TimeoutError": 5,
        "newsarchive/articles_new": 9,
    })  # fmt: skip
    # Final failures by kind; retried attempts (the downloader's count) are not errors.
    assert kinds == {"timeout": 3, "redirect_loop": 1, "http_404": 2}


def test_a_crawl_stopped_before_it_could_close_says_so() -> None:
    """A second SIGINT stops the reactor before the spider closes: no finish reason, and the
    summary read "crawl 1 None" and "crawl ended early: None"."""
    from types import SimpleNamespace

    from newsarchive.cli.crawling import summary_line
    from newsarchive.health import verdict
    from newsarchive.runner import outcome_of

    stats = {"newsarchive/crawl_id": 1, "response_received_count": 137}
    crawler = SimpleNamespace(stats=SimpleNamespace(get_stats=lambda: dict(stats)))
    outcome = outcome_of(crawler)  # type: ignore[arg-type]
    assert summary_line(outcome.stats, outcome.reason).startswith("crawl 1 interrupted (")
    judged = verdict(outcome.stats, outcome.reason)
    assert judged.exit_code == 1
    assert "None" not in judged.message
    assert "the next run resumes" in judged.message


def test_summary_says_what_was_not_fetched_and_why() -> None:
    from newsarchive.cli.crawling import summary_line

    line = summary_line({
        "newsarchive/crawl_id": 7, "response_received_count": 40,
        "newsarchive/articles_extracted": 3, "newsarchive/not_modified": 30,
        "newsarchive/skipped/unchanged": 1663, "newsarchive/skipped/not_due": 1,
        "newsarchive/article_error/timeout": 2,
    }, "finished")  # fmt: skip
    assert line.startswith("crawl 7 finished: 40 pages, 3 articles (0 new")
    assert "; 30 unchanged (304); skipped: not_due 1, unchanged 1663); errors: timeout 2" in line


def test_not_modified_answers_count_as_successful_fetches() -> None:
    from newsarchive.health import error_rate

    stats = {"newsarchive/article_errors": 3, "newsarchive/articles_extracted": 2,
             "newsarchive/not_modified": 95}  # fmt: skip
    assert error_rate(stats) == (3, 100)


def test_retry_after_is_honoured_per_domain(site_server: SiteServer, tmp_path: Path) -> None:
    site = site_server.site
    victim = site.articles[7]
    site.rate_limited = {victim.path: 2}  # 429, "Retry-After: 2", once
    result = run_cli("crawl", site_server.url, "--db", str(tmp_path / "429.db"), *LOCAL, "-v")
    assert result.returncode == 0, result.stderr
    times = sorted((t, p) for t, p in site_server.hit_times if not p.startswith("/robots"))
    refused_at = next(t for t, p in times if p == victim.path)
    # The refused article is retried only once the server's two seconds are over...
    retried_at = next(t for t, p in times if p == victim.path and t > refused_at)
    assert retried_at >= refused_at + 1.9
    # ...and the whole domain was held meanwhile: requests already on the wire when the 429
    # came back may still arrive (later on a loaded machine), then the domain goes quiet.
    window = [refused_at] + [t for t, _ in times if refused_at < t < retried_at] + [retried_at]
    longest_quiet = max(b - a for a, b in pairwise(window))
    assert longest_quiet >= 0.9
    assert "36 articles (36 new" in result.stdout


def test_retry_after_parsing() -> None:
    from newsarchive.crawl.retries import retry_after_seconds

    assert retry_after_seconds("120") == 120.0
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT", now=1445412480.0 - 30) == 30.0
    assert retry_after_seconds("soon") is None
    assert retry_after_seconds(None) is None


def test_broken_responses_are_errors_not_short_articles(
    site_server: SiteServer, tmp_path: Path
) -> None:
    site = site_server.site
    broken = {
        site.articles[3].path: "truncated",
        site.articles[9].path: "redirect-loop",
        site.articles[14].path: "gzip-bomb",
        site.articles[20].path: "oversized",
    }
    site.faults = dict(broken)
    db = tmp_path / "faults.db"
    result = run_cli("crawl", site_server.url, "--db", str(db), *LOCAL, "-v",
                     "-s", "RETRY_TIMES=0", "-s", "DOWNLOAD_MAXSIZE=1000000",
                     "-s", "DOWNLOAD_WARNSIZE=0")  # fmt: skip
    # 4 failures of 36 is under the 20 % threshold: the run succeeds, and says what failed.
    assert result.returncode == 0, result.stderr
    summary = result.stdout.strip().splitlines()[-1]
    assert "32 articles (32 new" in summary
    assert "errors: redirect_loop 1, too_large 2, truncated 1" in summary
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT canonical_url FROM articles")}
    for path in broken:
        assert site.url(path) not in stored, broken[path]  # nothing half-read was archived
    assert "max redirections" in result.stderr or "redirect" in result.stderr.lower()


def test_resets_timeouts_and_redirect_ping_pong_are_recorded_errors(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """Each broken article is retried, then counted under its own kind — none vanishes the way
    Scrapy's duplicate filter drops a redirect back to a URL it has seen."""
    site = site_server.site
    broken = {
        site.articles[2].path: "reset",
        site.articles[5].path: "hang",
        site.articles[8].path: "slow-drip",
        site.articles[11].path: "redirect-ping-pong",
        site.articles[17].path: "meta-refresh-loop",
    }
    site.faults = dict(broken)
    db = tmp_path / "faults.db"
    result = run_cli("crawl", site_server.url, "--db", str(db), *LOCAL, "-v",
                     "-s", "RETRY_TIMES=1", "-s", "DOWNLOAD_TIMEOUT=2",
                     "-s", "NEWSARCHIVE_RETRY_BACKOFF=0.1")  # fmt: skip
    assert result.returncode == 0, result.stderr  # 5 of 36: under the 20 % threshold
    summary = result.stdout.strip().splitlines()[-1]
    assert "31 articles (31 new" in summary
    assert "article_errors 5" not in summary  # kinds, not one lump
    for kind in ("connection_lost 1", "timeout 2", "redirect_loop 2"):
        assert kind in summary, summary
    assert "redirect loop (301)" in result.stderr
    assert "redirect loop (meta refresh)" in result.stderr
    for path, fault in broken.items():
        requests = [h for _, h in site_server.hit_times if h.split("?")[0] == path]
        if fault in {"hang", "slow-drip"}:
            assert len(requests) == 2, (fault, requests)  # tried, retried once, given up
        elif fault == "reset":
            # Twisted's connection pool itself resends once when a reused keep-alive
            # connection dies before an answer: 2 or 3 arrivals.
            assert 2 <= len(requests) <= 3, requests
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT canonical_url FROM articles")}
        assert conn.execute("SELECT state, COUNT(*) FROM frontier GROUP BY state").fetchall() == [
            ("done", 31),
            ("pending", 5),
        ]
    assert not {site.url(p) for p in broken} & stored


def test_failed_fetches_are_retried_with_growing_waits(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """A 502 without Retry-After: retried after ~base, then ~2×base (±50 % jitter) — not at
    once, as Scrapy's RetryMiddleware does."""
    site = site_server.site
    flaky = site.articles[4].path
    site.flaky = {flaky: 2}
    crawl(site_server, tmp_path / "flaky.db", "-s", "NEWSARCHIVE_RETRY_BACKOFF=0.6")
    times = [t for t, p in site_server.hit_times if p == flaky]
    assert len(times) == 3  # 502, 502, 200
    first_wait, second_wait = times[1] - times[0], times[2] - times[1]
    assert first_wait >= 0.6 * 0.5
    assert second_wait >= 1.2 * 0.5
    with sqlite3.connect(tmp_path / "flaky.db") as conn:
        assert conn.execute(
            "SELECT COUNT(*) FROM articles WHERE canonical_url = ?", (site.url(flaky),)
        ).fetchone() == (1,)


def test_an_article_that_failed_is_not_asked_again_until_due(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """The frontier counts failures and schedules the next try (an hour, doubling): a page
    broken for days is not hammered by every crawl; --full asks anyway."""
    site = site_server.site
    broken = site.articles[7].path
    site.failing = {broken}
    db = tmp_path / "due.db"
    crawl(site_server, db, "-s", "RETRY_TIMES=0")
    with sqlite3.connect(db) as conn:
        row = conn.execute(
            "SELECT state, attempts, last_error, next_due > strftime('%Y-%m-%dT%H:%M:%S', 'now', '+50 minutes') "
            "FROM frontier WHERE url = ?", (site.url(broken),),
        ).fetchone()  # fmt: skip
    assert row == ("pending", 1, "http_500", 1)
    site_server.hit_times.clear()
    stats = crawl(site_server, db, "-s", "RETRY_TIMES=0", "--full")  # --full: asked anyway
    assert stats["newsarchive/article_error/http_500"] == 1
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT attempts FROM frontier WHERE url = ?", (site.url(broken),)
        ).fetchone() == (2,)
    site.failing = set()  # fixed, but the next try is not due: left alone
    site_server.hit_times.clear()
    stats = crawl(site_server, db)
    assert stats["newsarchive/skipped/not_due"] == 1
    assert broken not in {p for _, p in site_server.hit_times}
    crawl(site_server, db, "--full")
    with sqlite3.connect(db) as conn:
        assert conn.execute(
            "SELECT state, attempts, next_due FROM frontier WHERE url = ?", (site.url(broken),)
        ).fetchone() == ("done", 0, None)


def test_failed_urls_wait_longer_each_time() -> None:
    from datetime import UTC, datetime

    from newsarchive.storage.frontier import RETRY_MAX_SECONDS, retry_at

    now = datetime(2025, 3, 1, tzinfo=UTC)
    waits = [
        (datetime.fromisoformat(retry_at(n, 3600, now)) - now).total_seconds() for n in (1, 2, 3)
    ]
    assert waits == [3600, 7200, 14400]
    assert (datetime.fromisoformat(retry_at(20, 3600, now)) - now).total_seconds() == (
        RETRY_MAX_SECONDS
    )


def test_backoff_doubles_with_jitter_and_a_cap() -> None:
    import random

    from newsarchive.crawl.retries import backoff_seconds

    rng = random.Random(1)
    waits = [backoff_seconds(n, 1.0, 10.0, rng) for n in range(1, 7)]
    for n, wait in enumerate(waits[:4], start=1):
        assert 0.5 * 2 ** (n - 1) <= wait <= 1.5 * 2 ** (n - 1)
    assert waits[-1] == 10.0  # 32 s (±50 %) capped
    assert backoff_seconds(0, 1.0, 10.0) == 0.0  # a first attempt does not wait


def test_crawl_beside_a_long_archivist_read(site_server: SiteServer, tmp_path: Path) -> None:
    """An archivist's long query holds a read transaction for the whole crawl: WAL lets the
    crawl write anyway (0 lock errors), and the reader keeps its consistent snapshot."""
    import subprocess
    import sys

    db = tmp_path / "shared.db"
    assert run_cli("crawl", site_server.url, "--db", str(db), *LOCAL).returncode == 0
    site_server.site.edit_body(0, "Une précision ajoutée pendant la lecture.")
    reader = sqlite3.connect(db, timeout=60)
    reader.execute("BEGIN")
    before = reader.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    crawl = subprocess.Popen(
        [sys.executable, "-m", "newsarchive.cli", "crawl", site_server.url, "--db", str(db),
         *LOCAL, "-v"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    while crawl.poll() is None:
        # The long query: scans and joins, again and again, inside one read transaction.
        assert (
            reader.execute(
                "SELECT COUNT(*) FROM revisions r JOIN articles a ON a.id = r.article_id"
            ).fetchone()[0]
            == before
        )
    out, err = crawl.communicate()
    reader.execute("COMMIT")
    assert crawl.returncode == 0, err
    assert "locked" not in err.lower()
    assert "1 new revisions" in out
    assert reader.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == before + 1
    reader.close()


def test_two_crawls_and_a_reader_on_one_archive(site_server: SiteServer, tmp_path: Path) -> None:
    """Two sites crawled into one file at the same moment, an archivist's read transaction
    open throughout: 0 lock errors, every article once, the file intact."""
    import subprocess
    import sys

    from newsarchive.testing import NewsSite

    db = tmp_path / "two.db"
    assert run_cli("db", "upgrade", "--db", str(db)).returncode == 0
    reader = sqlite3.connect(db, timeout=60)
    reader.execute("BEGIN")
    reader.execute("SELECT COUNT(*) FROM articles").fetchone()
    with SiteServer(NewsSite(n_articles=36, seed=11)) as other:
        # One by URL (site "127.0.0.1"), one as the catalogued "sample" spider.
        targets = ([site_server.url], ["sample", "-a", f"url={other.url}"])
        options = ["--db", str(db), *LOCAL, "-v", "-s", "NEWSARCHIVE_BATCH_SIZE=5"]
        crawls = [
            subprocess.Popen(
                [sys.executable, "-m", "newsarchive.cli", "crawl", *target, *options],
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for target in targets
        ]
        results = [c.communicate(timeout=180) for c in crawls]
    reader.execute("COMMIT")
    reader.close()
    for crawl_process, (out, err) in zip(crawls, results, strict=True):
        assert crawl_process.returncode == 0, err
        assert "locked" not in err.lower()
        assert "36 articles (36 new" in out
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT COUNT(*), COUNT(DISTINCT canonical_url) FROM articles"
                            ).fetchone() == (72, 72)  # fmt: skip
        assert conn.execute("SELECT COUNT(*) FROM sites").fetchone() == (2,)
