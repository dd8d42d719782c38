"""Shared test fixtures: the loopback sample site and a CLI runner for real crawls."""

from __future__ import annotations

import json
import os
import sqlite3
import sys
from collections.abc import Iterator
from pathlib import Path
from subprocess import run as subprocess_run
from typing import Any

import pytest

from newsarchive.testing import NewsSite, SiteServer, inprocess

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", REPO.parent / "shared"))
LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    """A fresh sample site (36 articles) on 127.0.0.1, random port, per test."""
    with SiteServer(NewsSite(n_articles=36)) as server:
        yield server


def run_cli(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120, subprocess: bool = False
) -> Any:
    """``newsarchive ARGS``, as from a shell in the repository: ``returncode``, ``stdout``,
    ``stderr`` (the crawl's log included). In this process (:mod:`newsarchive.testing.inprocess`:
    the crawls share one reactor thread) unless ``subprocess``: where a process of its own is
    the point (a forced exit, a signal, a limit on the process)."""
    if not subprocess:
        return inprocess.invoke(*args, env=env or {"NEWSARCHIVE_DB_URL": None}, cwd=REPO)
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NEWSARCHIVE_DB_URL", None) if env is None else None
    return subprocess_run(
        [sys.executable, "-m", "newsarchive.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=full_env,
        check=False,
    )


def crawl(server: SiteServer, db: Path, *args: str, command: str = "crawl") -> dict:
    """``newsarchive crawl|refresh`` of the loopback site; must succeed. Returns the Scrapy
    stats the run recorded in its ``crawls`` row."""
    result = run_cli(command, server.url, "--db", str(db), *LOCAL, *args)
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        stats = conn.execute("SELECT stats FROM crawls ORDER BY id DESC LIMIT 1").fetchone()[0]
    return json.loads(stats)


def count_series(db: Path, path: str) -> list[tuple[int, str]]:
    """``(count, source)`` observations of the article whose URL ends with ``path``, in order."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT c.count, c.source FROM comment_counts c JOIN articles a ON a.id = c.article_id "
            "WHERE a.canonical_url LIKE ? ORDER BY c.id",
            (f"%{path}",),
        ).fetchall()


def stored_counts(db: Path) -> dict[str, int | None]:
    """``{canonical_url: count}`` of every archived article (None: no count observed)."""
    with sqlite3.connect(db) as conn:
        return dict(
            conn.execute(
                "SELECT a.canonical_url, c.count FROM articles a "
                "LEFT JOIN comment_counts c ON c.article_id = a.id"
            ).fetchall()
        )
