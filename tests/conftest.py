"""Shared test fixtures: the loopback sample site, a CLI runner for real crawls, and archives
on both databases (``db_url``: SQLite, and PostgreSQL when ``NEWSARCHIVE_PG_URL`` names a
server; see ``newsarchive/testing/postgres.py``)."""

from __future__ import annotations

import gc
import json
import os
import sqlite3
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path
from subprocess import run as subprocess_run
from typing import Any

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.pool import NullPool

from newsarchive.storage.dialect import engine_options
from newsarchive.testing import NewsSite, SiteServer, inprocess
from newsarchive.testing import postgres as pg

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", REPO.parent / "shared"))
LOCAL = ["-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False"]


@pytest.fixture
def site_server() -> Iterator[SiteServer]:
    """A fresh sample site (36 articles) on 127.0.0.1, random port, per test."""
    with SiteServer(NewsSite(n_articles=36)) as server:
        yield server


@pytest.fixture(scope="session")
def pg_databases() -> Iterator[tuple[pg.Databases, str]]:
    """The PostgreSQL server and a migrated template database. Without a server the tests
    that need one skip, with the reason; under ``NEWSARCHIVE_REQUIRE_PG=1`` (CI) they fail."""
    admin = pg.server_url()
    problem = None
    if admin is None:
        problem = pg.NO_SERVER
    else:
        databases = pg.Databases(admin)
        try:
            databases.check()
        except OperationalError as exc:
            problem = f"{pg.NO_SERVER} ({' '.join(str(exc.orig).split())[:200]})"
    if problem is not None:
        if os.environ.get(pg.ENV_REQUIRE) == "1":
            pytest.fail(f"{pg.ENV_REQUIRE}=1 but {problem}")
        pytest.skip(problem)
    from newsarchive.storage import open_engine

    template = databases.create()
    open_engine(pg.render(template)).dispose()
    try:
        yield databases, template.database or ""
    finally:
        databases.drop(template)
        databases.close()


@pytest.fixture
def pg_url(pg_databases: tuple[pg.Databases, str]) -> Iterator[str]:
    """A fresh PostgreSQL archive at the current schema, dropped after the test."""
    databases, template = pg_databases
    url = databases.create(template)
    yield pg.render(url)
    _collect_engines()
    databases.drop(url)


@pytest.fixture
def pg_empty_url(pg_databases: tuple[pg.Databases, str]) -> Iterator[str]:
    """A fresh, empty PostgreSQL database (no schema), dropped after the test."""
    databases, _ = pg_databases
    url = databases.create()
    yield pg.render(url)
    _collect_engines()
    databases.drop(url)


def _collect_engines() -> None:
    """Close the connections of engines a test left to the garbage collector (``open_engine``
    without ``dispose()``, as the CLI does before exiting): psycopg warns about each one it
    finds open, and would do so during a later test."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", ResourceWarning)
        gc.collect()


@pytest.fixture(params=["sqlite", "postgresql"])
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    """An archive URL on each database: a new SQLite file, or a new PostgreSQL database."""
    if request.param == "sqlite":
        return f"sqlite:///{tmp_path / 'archive.db'}"
    return request.getfixturevalue("pg_url")


def sql(db: str | Path, query: str, **params: object) -> list[tuple]:
    """Rows of ``query`` on an archive (a SQLite path or any URL), for assertions."""
    url = make_url(db if isinstance(db, str) and "://" in db else f"sqlite:///{db}")
    engine = create_engine(url, poolclass=NullPool, **engine_options(url))  # as the app reads
    try:
        with engine.connect() as conn:
            return [tuple(row) for row in conn.execute(text(query), params)]
    finally:
        engine.dispose()


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


def crawl(server: SiteServer, db: Path | str, *args: str, command: str = "crawl") -> dict:
    """``newsarchive crawl|refresh`` of the loopback site; must succeed. Returns the Scrapy
    stats the run recorded in its ``crawls`` row."""
    result = run_cli(command, server.url, "--db", str(db), *LOCAL, *args)
    assert result.returncode == 0, result.stderr
    stats = sql(db, "SELECT stats FROM crawls ORDER BY id DESC LIMIT 1")[0][0]
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
