"""Extraction in worker processes (newsarchive/crawl/extraction_pool.py): the same archive as
extraction in the crawl's process, a page that kills its worker costs that page only, and no
worker outlives a killed crawl."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from datetime import UTC
from pathlib import Path
from typing import Any

import pytest
from scrapy.utils.defer import deferred_from_coro
from twisted.internet.defer import DeferredList

from newsarchive.crawl.extraction_pool import (
    MAX_AUTO_WORKERS,
    READ_IN_PROCESS_FIRST,
    ExtractionPool,
    ExtractionTimeout,
    WorkerDied,
    auto_workers,
    workers_setting,
)
from newsarchive.extract import Extraction
from newsarchive.testing import NewsSite, SiteServer
from newsarchive.testing.inprocess import reactor_thread
from tests.conftest import LOCAL, REPO, crawl, run_cli, sql
from tests.pool_pages import extract_or_die

PAGE = (
    b"<html><head><title>Council votes</title></head><body><article><h1>Council votes</h1>"
    + b"<p>The council voted on the budget after a long debate about the harbour.</p>" * 8
    + b"</article></body></html>"
)

ARCHIVED = (
    "SELECT a.canonical_url, r.fingerprint, r.headline, r.article_body, r.authors,"
    " r.date_published, r.extraction_status, c.count"
    " FROM articles a JOIN revisions r ON r.article_id = a.id"
    " LEFT JOIN comment_counts c ON c.article_id = a.id ORDER BY a.canonical_url"
)


def test_workers_archive_what_the_crawl_process_would(site_server: SiteServer, tmp_path: Path):
    in_process = tmp_path / "in_process.db"
    pooled = tmp_path / "pooled.db"
    stats = crawl(site_server, in_process, "-s", "NEWSARCHIVE_EXTRACT_WORKERS=0")
    assert stats["newsarchive/extract_workers"] == 0
    stats = crawl(site_server, pooled, "-s", "NEWSARCHIVE_EXTRACT_WORKERS=2")
    assert stats["newsarchive/extract_workers"] == 2
    # The first pages read in the crawl's process, the others in the workers.
    assert stats["newsarchive/extracted_in_workers"] == 36 - READ_IN_PROCESS_FIRST
    rows = sql(pooled, ARCHIVED)
    assert len(rows) == 36
    assert rows == sql(in_process, ARCHIVED)
    assert {row[-2] for row in rows} == {"ok"}


def test_a_crawl_of_a_few_new_articles_starts_no_worker(tmp_path: Path) -> None:
    with SiteServer(NewsSite(n_articles=READ_IN_PROCESS_FIRST)) as server:
        stats = crawl(server, tmp_path / "few.db", "-s", "NEWSARCHIVE_EXTRACT_WORKERS=2")
    assert stats["newsarchive/articles_new"] == READ_IN_PROCESS_FIRST
    assert "newsarchive/extracted_in_workers" not in stats


def _extract_all(pool: ExtractionPool, urls: list[str]) -> list[tuple[bool, Any]]:
    """Every URL's extraction, all in flight at once, on the reactor the crawls run on."""

    def start() -> Any:
        calls = [deferred_from_coro(pool.extract(PAGE, url, default_tz=UTC)) for url in urls]
        return DeferredList(calls, consumeErrors=True)

    return [(ok, value if ok else value.value) for ok, value in reactor_thread().call(start)]


def test_a_page_that_kills_its_worker_costs_that_page_only() -> None:
    pool = ExtractionPool(2, function=extract_or_die)
    try:
        # Pages in flight on both workers when one dies, and pages queued behind them.
        urls = [f"http://127.0.0.1/slow/{i}/" for i in range(3)] + ["http://127.0.0.1/die/"]
        urls += [f"http://127.0.0.1/{i}/" for i in range(4)]
        results = _extract_all(pool, urls)
        # The pages caught in the broken pool were read again, one at a time, in quarantine.
        for ok, value in results[:3] + results[4:]:
            assert ok
            assert isinstance(value, Extraction)
            assert value.article.headline == "Council votes"
        ok, error = results[3]
        assert not ok
        assert isinstance(error, WorkerDied)
        assert "/die/" in str(error)
        # The pool serves on after it.
        [(ok, value)] = _extract_all(pool, ["http://127.0.0.1/after/"])
        assert ok
        assert value.article.headline == "Council votes"
    finally:
        pool.close()


def test_outside_a_crawl_too_a_page_that_kills_its_worker_costs_that_page_only() -> None:
    """``imap`` (``newsarchive reextract``): results in order, the same quarantine."""
    pool = ExtractionPool(2, function=extract_or_die)
    try:
        urls = [f"http://127.0.0.1/slow/{i}/" for i in range(3)] + ["http://127.0.0.1/die/"]
        urls += [f"http://127.0.0.1/{i}/" for i in range(10)]
        results = list(pool.imap((PAGE, url, None, UTC) for url in urls))
        assert len(results) == len(urls)
        died = [i for i, r in enumerate(results) if isinstance(r, WorkerDied)]
        assert died == [3]
        assert all(isinstance(r, Extraction) for i, r in enumerate(results) if i != 3)
        assert [r.article.url for r in results if isinstance(r, Extraction)] == [
            u for u in urls if "die" not in u
        ]
    finally:
        pool.close()


def test_a_page_handed_over_after_a_worker_died_is_read_in_quarantine() -> None:
    """The break found when the next page is handed over, not when a result is read: the
    reader pauses after the first result, so the pool is broken by the time ``imap`` tops
    up its window (CI once failed on this instant, by chance)."""
    pool = ExtractionPool(1, function=extract_or_die)
    try:
        urls = ["http://127.0.0.1/0/", "http://127.0.0.1/die/"]
        urls += [f"http://127.0.0.1/{i}/" for i in range(1, 12)]
        results = []
        for result in pool.imap((PAGE, url, None, UTC) for url in urls):
            results.append(result)
            if len(results) == 1:
                time.sleep(3)  # the worker reads /die/ meanwhile and dies
        assert [type(r) for r in results] == [Extraction, WorkerDied] + [Extraction] * 11
        assert [r.article.url for r in results if isinstance(r, Extraction)] == [
            u for u in urls if "die" not in u
        ]
    finally:
        pool.close()


def test_a_page_past_the_time_limit_is_given_up_and_its_neighbours_are_read() -> None:
    pool = ExtractionPool(2, function=extract_or_die, timeout=2)
    try:
        urls = ["http://127.0.0.1/hang/", "http://127.0.0.1/slow/1/", "http://127.0.0.1/2/"]
        crawl_results = _extract_all(pool, urls)
        reextract_results = list(pool.imap((PAGE, url, None, UTC) for url in urls))
        for results in (crawl_results, reextract_results):
            values = [value for _, value in results] if results is crawl_results else results
            assert isinstance(values[0], ExtractionTimeout)
            assert "/hang/" in str(values[0])
            assert all(isinstance(v, Extraction) for v in values[1:])
    finally:
        pool.close()


def _children(pid: int) -> set[int]:
    found = set()
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
                found.add(int(entry.name))
    return found


def _grandchildren(pid: int) -> set[int]:
    return {grandchild for child in _children(pid) for grandchild in _children(child)}


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _wait(condition: Any, timeout: float) -> Any:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if value := condition():
            return value
        time.sleep(0.05)
    return condition()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree in /proc")
def test_no_worker_outlives_a_killed_crawl(tmp_path: Path) -> None:
    with SiteServer(NewsSite(n_articles=400)) as server:
        command = [sys.executable, "-m", "newsarchive.cli", "crawl", server.url,
                   "--db", str(tmp_path / "killed.db"), *LOCAL,
                   "-s", "DOWNLOAD_DELAY=0.05", "-s", "NEWSARCHIVE_EXTRACT_WORKERS=2"]  # fmt: skip
        crawl_process = subprocess.Popen(
            command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        try:
            # Forked by the fork server, the crawl's child: the workers are its grandchildren.
            workers = _wait(lambda: _grandchildren(crawl_process.pid), 60)
            assert workers, "the crawl started no worker processes"
            helpers = _children(crawl_process.pid)  # the fork server, the resource tracker
            os.kill(crawl_process.pid, signal.SIGKILL)
            crawl_process.wait(10)
            left = workers | helpers
            assert _wait(lambda: not any(map(_alive, left)), 10), "a worker outlived the crawl"
        finally:
            crawl_process.kill()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads the process tree in /proc")
def test_prepare_starts_the_fork_server_and_no_worker() -> None:
    """A crawl starts the fork server a few pages ahead of the first page it hands over
    (``PREPARE_AT``): the server imports the extractors meanwhile, and forks no worker
    until a page comes."""
    code = (
        "import sys; from newsarchive.crawl.extraction_pool import ExtractionPool;"
        "ExtractionPool(2).prepare(); print('prepared', flush=True); sys.stdin.readline()"
    )
    with subprocess.Popen(
        [sys.executable, "-c", code], cwd=REPO, stdin=subprocess.PIPE, stdout=subprocess.PIPE
    ) as process:
        assert process.stdout is not None
        assert process.stdin is not None
        try:
            assert process.stdout.readline() == b"prepared\n"
            pid = _wait(lambda: _fork_server(process.pid), 30)
            assert pid, "prepare() started no fork server"
            time.sleep(0.5)
            assert not _children(pid), "the fork server forked a worker before any page came"
            process.stdin.close()
            assert process.wait(30) == 0
            assert _wait(lambda: not _alive(pid), 10), "the fork server outlived its crawl"
        finally:
            process.kill()


def _fork_server(parent: int) -> int | None:
    for child in _children(parent):
        try:
            command = Path(f"/proc/{child}/cmdline").read_bytes()
        except OSError:
            continue
        if b"multiprocessing.forkserver" in command:
            return child
    return None


def test_workers_setting() -> None:
    assert workers_setting(None) == workers_setting("auto") == auto_workers()
    assert 0 <= auto_workers() <= MAX_AUTO_WORKERS
    assert auto_workers() != 1  # one worker beside a single core would only cost
    assert (workers_setting("0"), workers_setting(3)) == (0, 3)
    for bad in ("-1", "two", 1.5, "2.5"):
        with pytest.raises(ValueError, match="number of processes"):
            workers_setting(bad)


def test_bad_extraction_settings_are_refused_before_crawling(
    site_server: SiteServer, tmp_path: Path
):
    db = tmp_path / "refused.db"
    result = run_cli(
        "crawl", site_server.url, "--db", str(db), "-s", "NEWSARCHIVE_EXTRACT_WORKERS=two"
    )
    assert result.returncode == 2
    assert "NEWSARCHIVE_EXTRACT_WORKERS" in result.stderr
    assert "Traceback" not in result.stderr
    for bad in ("soon", "-5"):
        setting = f"NEWSARCHIVE_EXTRACT_TIMEOUT={bad}"
        result = run_cli("crawl", site_server.url, "--db", str(db), "-s", setting)
        assert result.returncode == 2
        assert "NEWSARCHIVE_EXTRACT_TIMEOUT" in result.stderr
        assert "Traceback" not in result.stderr
    assert not db.exists() or not sql(db, "SELECT count(*) FROM crawls")[0][0]


def test_scrapy_crawl_with_a_bad_extraction_setting_stops_at_its_start(
    site_server: SiteServer, tmp_path: Path
):
    """``scrapy crawl`` skips the CLI's checks: the spider stops before fetching anything,
    with one error line, rather than failing every page from the first read in workers."""
    db = tmp_path / "scrapy.db"
    env = {**os.environ, "NEWSARCHIVE_DB_URL": f"sqlite:///{db}"}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sample", "-a", f"url={site_server.url}",
         "-s", "NEWSARCHIVE_EXTRACT_WORKERS=two", "-s", "LOG_LEVEL=INFO"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 1, result.stderr
    assert "NEWSARCHIVE_EXTRACT_WORKERS: a number of processes" in result.stderr
    assert "'finish_reason': 'bad_setting'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "'downloader/request_count'" not in result.stderr  # nothing fetched
    assert sql(db, "SELECT count(*) FROM articles")[0][0] == 0
