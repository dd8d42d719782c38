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

from newsarchive.testing import SiteServer

from .conftest import LOCAL, REPO, crawl

LIMIT_BYTES = 300_000


def _limit_file_size() -> None:
    resource.setrlimit(resource.RLIMIT_FSIZE, (LIMIT_BYTES, LIMIT_BYTES))


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

    full = subprocess.run(
        [sys.executable, "-m", "newsarchive.cli", "crawl", site_server.url, "--db", str(db),
         *LOCAL, "-s", "NEWSARCHIVE_BATCH_SIZE=5"],
        capture_output=True, text=True, timeout=120, cwd=REPO, check=False,
        preexec_fn=_limit_file_size,
    )  # fmt: skip
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
