"""What differs between the two archive databases, in one place: SQLite (one file, the default)
and PostgreSQL (one server shared by several crawler machines).

The rest of the storage code asks here instead of testing dialect names itself:

- URLs: ``postgresql://`` and ``postgres://`` mean psycopg 3 (SQLAlchemy would pick psycopg2,
  which newsarchive does not use);
- engine options: on PostgreSQL, pooled connections are pinged before use (a crawl outlives a
  server restart) and JSONB values are read back as JSON text, as SQLite returns them, so every
  reader sees the same ``str`` on both;
- :class:`JsonText`: a column holding a JSON document — ``TEXT`` on SQLite, ``JSONB`` on
  PostgreSQL (archivists query it with ``->``, ``@>``);
- :func:`insert_if_absent`: ``INSERT … ON CONFLICT DO NOTHING`` on both. SQLite serializes
  writers (``BEGIN IMMEDIATE``) so "select, then insert if missing" was safe there; on
  PostgreSQL two writers run at once and the unique index decides who inserts;
- :func:`lock_article`: a row lock that serializes the "is this a new revision?" decision per
  article on PostgreSQL (a no-op on SQLite, where the whole transaction is already exclusive);
- advisory lock keys (:func:`advisory_key`) for the site lock, the migration lock and the
  dictionary training lock.
"""

from __future__ import annotations

import hashlib
import json
import os
import random
import socket
import time
from collections.abc import Callable, Sequence
from functools import wraps
from typing import Any, TypeVar

from sqlalchemy import Connection, Engine, Text, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.engine import URL, Dialect
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session
from sqlalchemy.types import TypeDecorator, TypeEngine

T = TypeVar("T")
POSTGRES_SCHEMES = ("postgresql://", "postgres://")
DRIVER = "postgresql+psycopg://"

# Namespaces of the two-key advisory locks (the first key): the second key is a site's hash
# or an id. Constants, so every newsarchive process agrees on them.
LOCK_MIGRATE = 0x6E61_0001
LOCK_SITE = 0x6E61_0002
LOCK_TRAIN = 0x6E61_0003
LOCK_CRAWL = 0x6E61_0004


def normalize_url(url: str) -> str:
    """``postgresql://…`` and ``postgres://…`` (as libpq, Heroku and most docs write them) to
    the psycopg 3 driver; anything else unchanged."""
    for scheme in POSTGRES_SCHEMES:
        if url.startswith(scheme):
            return DRIVER + url[len(scheme) :]
    return url


def dialect_of(bind: Engine | Connection | Session | Dialect) -> Dialect:
    if isinstance(bind, Dialect):
        return bind
    if isinstance(bind, Session):
        return bind.get_bind().dialect
    return bind.dialect


def is_postgres(bind: Engine | Connection | Session | Dialect) -> bool:
    return dialect_of(bind).name == "postgresql"


def _json_text(value: bytes | str) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def application_name(role: str = "newsarchive") -> str:
    """How a connection names itself in ``pg_stat_activity``: which process on which machine
    (a lock's holder is reported by it)."""
    return f"{role} pid {os.getpid()} on {socket.gethostname()}"[:63]


def engine_options(url: URL, connect_args: dict[str, Any] | None = None) -> dict[str, Any]:
    """Keyword arguments for ``create_engine``, ``connect_args`` included."""
    options: dict[str, Any] = {"connect_args": dict(connect_args or {})}
    if url.get_backend_name() == "postgresql":
        options["connect_args"].setdefault("application_name", application_name())
        options |= {"pool_pre_ping": True, "json_deserializer": _json_text}
    return options


class JsonText(TypeDecorator[str]):
    """A JSON document the application handles as text (``json.dumps`` output): ``TEXT`` on
    SQLite, ``JSONB`` on PostgreSQL. Values go in and come out as ``str`` on both."""

    impl = Text
    cache_ok = True

    def load_dialect_impl(self, dialect: Dialect) -> TypeEngine[Any]:
        if dialect.name == "postgresql":
            return dialect.type_descriptor(postgresql.JSONB(none_as_null=True))
        return dialect.type_descriptor(Text())

    def process_bind_param(self, value: Any, dialect: Dialect) -> Any:
        if dialect.name == "postgresql" and isinstance(value, str):
            return json.loads(value)  # JSONB's own serializer writes it back
        return value

    def process_result_value(self, value: Any, dialect: Dialect) -> str | None:
        if value is None or isinstance(value, str):
            return value
        if isinstance(value, bytes):
            return value.decode("utf-8")
        return json.dumps(value, ensure_ascii=False)


def insert_if_absent(
    session: Session | Connection, model: Any, rows: Sequence[dict[str, Any]],
    index_elements: Sequence[str], *, returning: Any = None,
) -> Any:  # fmt: skip
    """Insert ``rows`` into ``model``'s table, skipping those a unique index already holds
    (also rows another transaction is inserting: the index waits for its commit, then skips).
    With ``returning`` (a column) and one row: that column of the inserted row, or None when
    it was skipped."""
    if not rows:
        return None
    if isinstance(session, Session):
        session.flush()  # pending ORM rows first: these may refer to them
    insert = postgresql.insert if is_postgres(session) else sqlite.insert
    statement = insert(model.__table__).on_conflict_do_nothing(index_elements=list(index_elements))
    if returning is None:
        session.execute(statement, list(rows))
        return None
    assert len(rows) == 1, "returning needs a single row"
    return session.execute(statement.values(rows[0]).returning(returning)).scalar()


def lock_article(session: Session, article_id: int) -> None:
    """Hold the article's row until commit (``FOR UPDATE``), so two writers never both decide
    that the same new revision or count is new. SQLite renders no ``FOR UPDATE``: its
    transactions are exclusive already."""
    from .models import ArticleRow

    if is_postgres(session):
        session.execute(select(ArticleRow.id).where(ArticleRow.id == article_id).with_for_update())


TRANSIENT_STATES = frozenset({"40P01", "40001"})  # deadlock detected, serialization failure
ATTEMPTS = 5


def retry_transient(method: Callable[..., T]) -> Callable[..., T]:
    """Run a write method again when PostgreSQL aborted its transaction to break a deadlock
    (two writers locking the same articles in another order): the whole transaction rolled
    back, so running it again is safe. The method's arguments must be lists, not iterators;
    ``self.forget_cached()`` drops ids remembered from the rolled-back attempt."""

    @wraps(method)
    def wrapper(self: Any, *args: Any, **kwargs: Any) -> T:
        for attempt in range(1, ATTEMPTS + 1):
            try:
                return method(self, *args, **kwargs)
            except DBAPIError as exc:
                state = getattr(exc.orig, "sqlstate", None)
                if state not in TRANSIENT_STATES or attempt == ATTEMPTS:
                    raise
                self.forget_cached()
                time.sleep(random.uniform(0.05, 0.2) * attempt)  # noqa: S311 (not crypto)
        raise AssertionError("unreachable")

    return wrapper


def advisory_key(name: str) -> int:
    """A stable signed 32-bit key for ``name`` (a site), the second key of a two-key
    advisory lock."""
    return int.from_bytes(hashlib.sha256(name.encode("utf-8")).digest()[:4], "big", signed=True)


def advisory_xact_lock(session: Session | Connection, namespace: int, key: int) -> None:
    """Wait for the transaction-scoped advisory lock ``(namespace, key)``; released at commit
    or rollback. PostgreSQL only (callers check)."""
    from sqlalchemy import text

    session.execute(text("SELECT pg_advisory_xact_lock(:ns, :key)"), {"ns": namespace, "key": key})
