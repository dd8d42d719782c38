"""Opening the archive database: URL resolution, SQLite pragmas, schema creation.

SQLite is the default and is tuned for several processes sharing one file: WAL (readers never
block the writer), foreign keys on, and every transaction opened with ``BEGIN IMMEDIATE`` so two
crawls queue for the write lock at the start of a batch instead of failing with "database is
locked" half-way through it. PostgreSQL (``postgresql://``, psycopg 3) is the archive for
several machines; what differs there lives in ``dialect.py``. Any other SQLAlchemy URL is
accepted as is.
"""

from __future__ import annotations

import os
import sqlite3
import time
import weakref
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, create_engine, event, insert, inspect, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import UserError
from .dialect import LOCK_MIGRATE, advisory_xact_lock, engine_options, is_postgres, normalize_url
from .models import SCHEMA_VERSION, SchemaInfo

DEFAULT_DB = "newsarchive.db"
ENV_VAR = "NEWSARCHIVE_DB_URL"
BUSY_TIMEOUT_MS = 60_000


def now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


def resolve_db_url(value: str | None) -> str:
    """``--db`` value (a path or a SQLAlchemy URL), else ``$NEWSARCHIVE_DB_URL``, else
    ``./newsarchive.db``; paths become absolute ``sqlite:///`` URLs, ``postgresql://`` URLs
    get the psycopg 3 driver. A set but empty ``$NEWSARCHIVE_DB_URL`` (``NEWSARCHIVE_DB_URL=``
    in a crontab) names no archive: refused, not taken for the default."""
    if not value and ENV_VAR in os.environ and not os.environ[ENV_VAR].strip():
        raise UserError(f"${ENV_VAR} is set but empty: it names no archive")
    value = value or os.environ.get(ENV_VAR) or DEFAULT_DB
    if "://" in value:
        return normalize_url(value)
    return f"sqlite:///{Path(value).expanduser().resolve()}"


def archive_files(value: str | None) -> list[Path]:
    """The files a SQLite archive lives in (the database, its WAL, shared memory and rollback
    journal); none for a server's archive."""
    parsed = make_url(resolve_db_url(value))
    if parsed.get_backend_name() != "sqlite" or parsed.database in (None, "", ":memory:"):
        return []
    path = Path(parsed.database)
    return [path, *(path.with_name(path.name + suffix) for suffix in ("-wal", "-shm", "-journal"))]


def same_file(a: Path, b: Path) -> bool:
    """Whether two paths name one file: the same path, or another name for it (a hard link,
    ``..`` in a path) — where SQLite would lock against itself or write over itself."""
    return a.resolve() == b.resolve() or (a.exists() and b.exists() and a.samefile(b))


def _set_wal(cursor: sqlite3.Cursor) -> None:
    """Switch the file to WAL, retrying while another process holds it.

    SQLite can answer this pragma "database is locked" at once, without calling the busy
    handler, while another process holds the file (seen about one run in six when two workers
    open a new archive together: the second worker exited 2). The busy timeout still bounds
    the wait; any other error is raised as is.
    """
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    delay = 0.01
    while True:
        try:
            cursor.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(delay)
            delay = min(delay * 2, 0.5)


def _sqlite_setup(engine: Engine) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        cursor = dbapi_connection.cursor()
        cursor.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        _set_wal(cursor)
        cursor.execute("PRAGMA foreign_keys = ON")
        cursor.execute("PRAGMA synchronous = NORMAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn) -> None:  # type: ignore[no-untyped-def]
        conn.exec_driver_sql("BEGIN IMMEDIATE")


def open_engine(
    value: str | None, *, create: bool = True, migrate: bool = True, existing: bool = False
) -> Engine:
    """An engine on the archive: with ``create``, schema created or upgraded (unless
    ``migrate`` is off); without, the archive must exist at the current schema. ``existing``:
    the archive must exist (a SQLite file, a PostgreSQL database holding its schema), its
    schema may be upgraded (``refresh`` has nothing to do in a new archive, and made one where
    a mistyped ``--db`` pointed).

    Raises :class:`UserError` with a one-line reason for a bad URL, a path whose folder does
    not exist or is not writable, or a file that is not a database.
    """
    url = resolve_db_url(value)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise UserError(f"invalid database URL {url!r}: {exc}") from None
    is_sqlite = parsed.get_backend_name() == "sqlite"
    if is_sqlite and parsed.database and parsed.database != ":memory:":
        path = Path(parsed.database)
        if not path.parent.is_dir():
            raise UserError(f"cannot open database {path}: folder {path.parent} does not exist")
        missing = not path.exists() or (path.is_file() and not path.stat().st_size)
        if (existing or not create) and missing:
            raise UserError(f"no archive at {path} (run a crawl first, or pass --db)")
        _refuse_foreign(path)
    try:
        connect_args = {"timeout": BUSY_TIMEOUT_MS / 1000} if is_sqlite else {}
        engine = create_engine(url, **engine_options(parsed, connect_args))
    except (ArgumentError, SQLAlchemyError, ImportError) as exc:
        raise UserError(f"cannot use database {url!r}: {exc}") from None
    if is_sqlite:
        _sqlite_setup(engine)
    try:
        if create:
            if existing and not is_sqlite and current_revision(engine) is None:
                engine.dispose()
                raise UserError(f"no archive in {url} (run a crawl first, or pass --db)")
            if migrate:
                upgrade(engine)
        elif (found := current_revision(engine)) != SCHEMA_VERSION:
            raise UserError(
                f"the archive at {url} has schema {found or 'unknown'}, this "
                f"newsarchive needs {SCHEMA_VERSION}: run `newsarchive db upgrade`"
            )
    except SQLAlchemyError as exc:
        engine.dispose()
        raise UserError(f"cannot open database {url}: {db_error_reason(exc)}") from None
    _opened.add(engine)
    return engine


# Tables that make a SQLite file an archive, at any schema version (an old one is upgraded).
_OUR_TABLES = frozenset({"alembic_version", "articles", "revisions"})


def _refuse_foreign(path: Path) -> None:
    """Refuse a SQLite file that holds another application's tables, before anything writes
    to it: opening switches a file to WAL, and an upgrade would add the archive's tables next
    to the other ones. Looked at read-only; a file SQLite cannot read is left to the open
    that follows (it says why)."""
    if not path.is_file() or not path.stat().st_size:
        return
    try:
        with closing(sqlite3.connect(f"{path.as_uri()}?mode=ro", uri=True)) as peek:
            names = {row[0] for row in peek.execute("SELECT name FROM sqlite_master")}
    except sqlite3.Error:
        return
    tables = {name for name in names if not name.startswith("sqlite_")}
    if tables and not tables & _OUR_TABLES:
        shown = ", ".join(sorted(tables)[:5]) + (", …" if len(tables) > 5 else "")
        raise UserError(
            f"{path} is not a newsarchive archive: it holds another application's tables "
            f"({shown}); nothing was changed — choose another --db"
        )


# Engines open_engine() made, so that a command can close their connections when it ends
# (:func:`dispose_engines`): an engine's pool lives in reference cycles, and PostgreSQL
# connections left to the garbage collector close at some later, arbitrary moment.
_opened: weakref.WeakSet[Engine] = weakref.WeakSet()


def dispose_engines() -> None:
    """Close the pooled connections of every engine :func:`open_engine` made."""
    for engine in list(_opened):
        engine.dispose()


def db_error_reason(exc: BaseException) -> str:
    """The database's own one-line reason (``database or disk is full``), without SQLAlchemy's
    statement dump and "Background on this error" link."""
    orig = getattr(exc, "orig", None)
    if orig is not None:
        # libpq's reasons run over several lines ("connection failed: …\nIs the server…").
        return " ".join(line.strip() for line in str(orig).splitlines() if line.strip())[:500]
    return str(exc).split("\n", 1)[0] or exc.__class__.__name__


def _alembic_config(connection: Connection) -> Config:
    config = Config()
    config.set_main_option("script_location", str(Path(__file__).parent / "migrations"))
    config.attributes["connection"] = connection
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        if not inspect(conn).has_table("alembic_version"):
            return None
        return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()


def upgrade(engine: Engine) -> tuple[str | None, str]:
    """Bring the schema to the newest version, in one transaction; ``(before, after)``.

    On SQLite the transaction starts ``BEGIN IMMEDIATE``; on PostgreSQL it first takes an
    advisory lock (DDL is transactional there too). Either way two crawls starting at once
    upgrade one after the other and the second finds nothing to do.
    """
    with engine.begin() as conn:
        if is_postgres(conn):
            advisory_xact_lock(conn, LOCK_MIGRATE, 0)
        before = (
            conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
            if inspect(conn).has_table("alembic_version")
            else None
        )
        command.upgrade(_alembic_config(conn), "head")
        if conn.execute(select(SchemaInfo).where(SchemaInfo.key == "created_at")).first() is None:
            conn.execute(insert(SchemaInfo).values(key="created_at", value=now_iso()))
    return before, SCHEMA_VERSION


def session_factory(engine: Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)
