"""Shared test fixtures: the loopback sample site and a CLI runner for real crawls."""

from __future__ import annotations

import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from newsarchive.testing import NewsSite, SiteServer

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", REPO.parent / "shared"))
LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    """A fresh sample site (36 articles) on 127.0.0.1, random port, per test."""
    with SiteServer(NewsSite(n_articles=36)) as server:
        yield server


def run_cli(*args: str, env: dict[str, str] | None = None, timeout: float = 120):
    """Run ``newsarchive ARGS`` in a subprocess (Scrapy's reactor runs once per process)."""
    full_env = {**os.environ, **(env or {})}
    full_env.pop("NEWSARCHIVE_DB_URL", None) if env is None else None
    return subprocess.run(
        [sys.executable, "-m", "newsarchive.cli", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=REPO,
        env=full_env,
        check=False,
    )
