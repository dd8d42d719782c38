"""Locks that hold across machines: PostgreSQL advisory locks on a connection of their own.

A ``flock`` beside a SQLite file only works among the processes of one machine. With the
archive on PostgreSQL, the server is the one place every crawler machine sees, so the site lock
is ``pg_try_advisory_lock(LOCK_SITE, hash(site))`` held on a dedicated connection for the whole
crawl. The server drops it when that session ends — the process exited, was killed with
``-9``, or its machine vanished (once TCP notices) — so a dead crawler never leaves a stale lock.

The connection runs in autocommit: it holds a session lock, never an open transaction (an
"idle in transaction" session would hold back vacuum for the whole crawl).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager, suppress

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.pool import NullPool

from ..errors import UserError
from .db import db_error_reason
from .dialect import LOCK_SITE, advisory_key, engine_options

EXIT_LOCKED = 3

HOLDER_SQL = text(
    """
SELECT a.application_name FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid
WHERE l.locktype = 'advisory' AND l.granted AND l.classid::bigint = :ns % 4294967296
  AND l.objid::bigint = (:key + 4294967296) % 4294967296 AND l.database = (
    SELECT oid FROM pg_database WHERE datname = current_database())
LIMIT 1"""
)


def try_lock(conn: Connection, namespace: int, key: int) -> bool:
    """Take the session advisory lock ``(namespace, key)`` if free; never waits."""
    return bool(
        conn.execute(
            text("SELECT pg_try_advisory_lock(:ns, :key)"), {"ns": namespace, "key": key}
        ).scalar()
    )


def unlock(conn: Connection, namespace: int, key: int) -> None:
    conn.execute(text("SELECT pg_advisory_unlock(:ns, :key)"), {"ns": namespace, "key": key})


def holder(conn: Connection, namespace: int, key: int) -> str | None:
    """The ``application_name`` of the session holding the lock (``newsarchive pid 12 on
    crawler-2``), if visible."""
    return conn.execute(HOLDER_SQL, {"ns": namespace, "key": key}).scalar()


@contextmanager
def lock_connection(db_url: str) -> Iterator[Connection]:
    """A connection of its own, in autocommit, for session locks."""
    url = make_url(db_url)
    engine = create_engine(
        url, poolclass=NullPool, isolation_level="AUTOCOMMIT", **engine_options(url)
    )
    try:
        conn = engine.connect()
    except SQLAlchemyError as exc:
        engine.dispose()
        shown = url.render_as_string(hide_password=True)
        raise UserError(f"cannot lock on database {shown}: {db_error_reason(exc)}") from None
    try:
        yield conn
    finally:
        with suppress(SQLAlchemyError):  # the server went away: so did the session's locks
            conn.close()
        engine.dispose()


@contextmanager
def site_lock(db_url: str, site: str) -> Iterator[str]:
    """Hold the site's lock on the archive's server for the block; :class:`UserError`
    (exit code 3) if another process, on any machine, holds it."""
    key = advisory_key(site)
    with lock_connection(db_url) as conn:
        if not try_lock(conn, LOCK_SITE, key):
            who = holder(conn, LOCK_SITE, key) or "another process"
            raise UserError(
                f"a crawl of {site} into this archive is already running ({who}); exiting",
                exit_code=EXIT_LOCKED,
            )
        try:
            yield f"advisory lock {LOCK_SITE}/{key}"
        finally:
            with suppress(SQLAlchemyError):  # the session is gone, and its locks with it
                unlock(conn, LOCK_SITE, key)
