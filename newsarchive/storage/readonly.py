"""Opening an archive for reading only: the web UI's way in.

``open_engine`` creates, migrates and writes (WAL pragma, ``BEGIN IMMEDIATE``); a viewer must do
none of that, so it could never damage an archive a crawl is writing, nor hold its write lock.
Here the database itself refuses writes: SQLite is opened through a ``mode=ro`` URI with
``query_only`` on as a second lock; PostgreSQL sessions start with
``default_transaction_read_only``. Other databases are refused rather than trusted.
"""

from __future__ import annotations

from pathlib import Path
from urllib.parse import quote

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError

from ..errors import UserError
from .db import BUSY_TIMEOUT_MS, current_revision, db_error_reason, resolve_db_url
from .dialect import engine_options
from .models import SCHEMA_VERSION


def open_readonly(value: str | None) -> Engine:
    """An engine that cannot write, on an archive at the current schema.

    Raises :class:`UserError` (one line) for a bad URL, a missing file, an unsupported
    database or an archive that needs ``newsarchive db upgrade``.
    """
    url = resolve_db_url(value)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"invalid database URL {url!r}: {exc}") from None
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        engine = _sqlite_readonly(parsed)
    elif backend == "postgresql":
        engine = _create(parsed, {"options": "-c default_transaction_read_only=on"})
    else:
        raise UserError(f"read-only access to {backend} databases is not supported (SQLite or "
                        "PostgreSQL)")  # fmt: skip
    try:
        found = current_revision(engine)
    except SQLAlchemyError as exc:
        engine.dispose()
        raise UserError(f"cannot read database {_shown(parsed)}: {db_error_reason(exc)}") from None
    if found != SCHEMA_VERSION:
        engine.dispose()
        raise UserError(
            f"the archive at {_shown(parsed)} has schema {found or 'unknown'}, this newsarchive "
            f"needs {SCHEMA_VERSION}: run `newsarchive db upgrade`"
        )
    return engine


def _shown(url: URL) -> str:
    return url.render_as_string(hide_password=True)


def _create(url: URL, connect_args: dict[str, object]) -> Engine:
    try:
        return create_engine(url, **engine_options(url, connect_args))
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise UserError(f"cannot use database {_shown(url)}: {exc}") from None


def _sqlite_readonly(parsed: URL) -> Engine:
    database = parsed.database
    if not database or database == ":memory:" or database.startswith("file:"):
        raise UserError("serve needs an archive file (sqlite:///PATH or a path)")
    path = Path(database)
    if not path.is_file():
        raise UserError(f"no archive at {path} (run a crawl first, or pass --db)")
    # A URI filename must be percent-encoded: a '?' or '#' in the path would start its query.
    uri = parsed.set(
        database=f"file:{quote(str(path.resolve()))}",
        query={**parsed.query, "mode": "ro", "uri": "true"},
    )
    engine = _create(uri, {"timeout": BUSY_TIMEOUT_MS / 1000})

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        # No journal_mode pragma (a write) and no BEGIN IMMEDIATE (the write lock): a viewer
        # opens deferred read transactions, one consistent snapshot each.
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA query_only = ON")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN")

    return engine
