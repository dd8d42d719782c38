"""A full disk mid-crawl: a clean error and its own exit code, the archive intact, and the next
crawl resumes the run.

The crawl runs with ``RLIMIT_FSIZE`` set below the archive's size: the kernel refuses every
write past that offset, which SQLite meets exactly as it meets a full disk (a failed write in
the middle of a transaction)."""

from __future__ import annotations

import resource
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from newsarchive.testing import SiteServer

from .conftest import LOCAL, REPO, crawl

LIMIT_BYTES = 300_000


def _crawl_limited(url: str, db: Path, limit: int, *args: str) -> subprocess.CompletedProcess:
    """``newsarchive crawl`` in a process that may write no file past ``limit`` bytes."""

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (limit, limit))

    return subprocess.run(
        [sys.executable, "-m", "newsarchive.cli", "crawl", url, "--db", str(db), *LOCAL, *args],
        capture_output=True, text=True, timeout=120, cwd=REPO, check=False,
        preexec_fn=limit_file_size,
    )  # fmt: skip


def test_full_disk_stops_cleanly_and_the_next_crawl_resumes(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "full.db"
    crawl(site_server, db)
    with sqlite3.connect(db) as conn:
        before = conn.execute("SELECT id, article_body FROM revisions ORDER BY id").fetchall()
    assert len(before) == 36
    assert db.stat().st_size > LIMIT_BYTES
    for i in range(36):
        site_server.site.edit_body(i, f"Correction apportée à l'article, version {i}.")

    full = _crawl_limited(site_server.url, db, LIMIT_BYTES, "-s", "NEWSARCHIVE_BATCH_SIZE=5")
    assert full.returncode == 5, full.stderr
    error = full.stderr.strip().splitlines()[-1]
    assert error.startswith("error: could not write to the archive (disk I/O error")
    assert "Traceback" not in full.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        after = conn.execute("SELECT id, article_body FROM revisions ORDER BY id").fetchall()
        status = conn.execute("SELECT status FROM crawls ORDER BY id DESC LIMIT 1").fetchone()
    assert after[:36] == before  # nothing stored earlier was touched
    assert len(after) < 72  # the crawl did stop early
    # "failed" if the last small write still fitted, else "running": either way resumable.
    assert status in {("failed",), ("running",)}

    stats = crawl(site_server, db)
    assert stats["newsarchive/resumed_from"] == 2
    with sqlite3.connect(db) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone() == (72,)
        assert conn.execute(
            "SELECT COUNT(DISTINCT article_id) FROM revisions WHERE article_body LIKE "
            "'%Correction apportée%'"
        ).fetchone() == (36,)


def test_a_full_disk_under_the_log_file_is_one_line_and_its_own_exit_code(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """The disk fills under ``--log-file``, not under the archive: every log message printed
    logging's traceback ("--- Logging error ---"), and the summary's write then ended the run
    with "error: OSError: [Errno 27] File too large" and exit 1. Now one line says so, the
    crawl goes on and stores every article, and the run exits 5 (docs/operations.md)."""
    limit = 3_000_000  # far above the archive, and the log already at it
    log = tmp_path / "crawl.log"
    log.write_bytes(b"earlier runs\n" * (limit // 13) + b"x" * (limit % 13))
    assert log.stat().st_size == limit
    db = tmp_path / "a.db"
    full = _crawl_limited(
        site_server.url, db, limit, "--log-file", str(log), "-s", "LOG_LEVEL=INFO"
    )
    assert full.returncode == 5, full.stderr
    assert "Traceback" not in full.stderr
    assert "Logging error" not in full.stderr
    lines = full.stderr.strip().splitlines()
    assert lines == [
        f"newsarchive: cannot write to the log file {log} (File too large); the crawl goes on"
        " without its log",
        f"error: could not write to the log file {log} (File too large): the crawl finished"
        " and the archive holds it; the log does not",
    ]
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone() == (36,)
        assert conn.execute("SELECT status FROM crawls").fetchone() == ("finished",)


@pytest.mark.skipif(not Path("/sys/kernel/notes").is_file(), reason="no /sys/kernel/notes here")
def test_a_log_file_that_cannot_be_opened_is_refused(tmp_path: Path) -> None:
    """A ``--log-file`` the process may not write (sysfs refuses even root) is a usage error
    before the crawl starts, not logging's OSError after the lock is taken."""
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive.cli", "crawl", "http://127.0.0.1:9/", "--db",
         str(tmp_path / "a.db"), "--log-file", "/sys/kernel/notes"],
        capture_output=True, text=True, timeout=60, cwd=REPO, check=False,
    )  # fmt: skip
    assert result.returncode == 2, result.stderr
    assert result.stderr.strip().startswith("error: --log-file /sys/kernel/notes: cannot open it (")
