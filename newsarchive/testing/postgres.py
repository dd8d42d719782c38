"""Throwaway PostgreSQL databases for tests and benchmarks, on a real server.

``NEWSARCHIVE_PG_URL`` names the server: a SQLAlchemy URL of a database the tests may connect
to as a user who may create databases (``postgresql+psycopg://postgres@/postgres?host=/tmp/x``),
or just the folder holding the server's unix socket. ``scripts/pg-cluster start`` makes such a
server in a temp folder and prints the URL; ``.ci/run`` does that and exports it.

Each test gets a database of its own, cloned from a template that is already migrated (a
``CREATE DATABASE … TEMPLATE`` is a file copy: ~0.1 s instead of the migrations' ~1 s), and
dropped afterwards, connections and all.
"""

from __future__ import annotations

import itertools
import os
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import NullPool

ENV_URL = "NEWSARCHIVE_PG_URL"
ENV_REQUIRE = "NEWSARCHIVE_REQUIRE_PG"
NO_SERVER = f"no PostgreSQL server: set {ENV_URL}, see .ci/run"
SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "pg-cluster"


def server_url(value: str | None = None) -> URL | None:
    """The admin URL ``NEWSARCHIVE_PG_URL`` (or ``value``) names; None when unset. A bare
    folder is the unix socket folder of a server that trusts the ``postgres`` user."""
    value = value if value is not None else os.environ.get(ENV_URL, "")
    if not value.strip():
        return None
    if "://" not in value:
        return make_url(f"postgresql+psycopg://postgres@/postgres?host={value.strip()}")
    from ..storage.dialect import normalize_url

    return make_url(normalize_url(value.strip()))


class Databases:
    """Creates and drops databases on one server; names are unique to this process."""

    def __init__(self, admin: URL, prefix: str = "na_test") -> None:
        self.admin = admin
        self.prefix = f"{prefix}_{os.getpid()}"
        self._names = itertools.count(1)
        self._engine = create_engine(admin, isolation_level="AUTOCOMMIT", poolclass=NullPool)

    def check(self) -> None:
        """Raise (``OperationalError``) if the server cannot be reached."""
        with self._engine.connect() as conn:
            conn.execute(text("SELECT 1"))

    def create(self, template: str | None = None) -> URL:
        """A new empty database (or a copy of ``template``); its URL."""
        name = f"{self.prefix}_{next(self._names)}"
        clause = f' TEMPLATE "{template}"' if template else " TEMPLATE template0 ENCODING 'UTF8'"
        with self._engine.connect() as conn:
            conn.execute(text(f'CREATE DATABASE "{name}"{clause}'))
        return self.admin.set(database=name)

    def drop(self, url: URL | str) -> None:
        """Drop the database, ending any session still connected to it."""
        name = make_url(url).database
        with self._engine.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))

    def close(self) -> None:
        self._engine.dispose()


def render(url: URL) -> str:
    """The URL as a command line takes it (password included: these are local test servers)."""
    return url.render_as_string(hide_password=False)


@contextmanager
def cluster() -> Iterator[URL]:
    """The server ``NEWSARCHIVE_PG_URL`` names; without one, a throwaway cluster made by
    ``scripts/pg-cluster`` for the block (benchmarks use this)."""
    found = server_url()
    if found is not None:
        yield found
        return
    started = subprocess.run([str(SCRIPT), "start"], capture_output=True, text=True, check=False)
    if started.returncode != 0:
        raise RuntimeError(f"could not start a PostgreSQL cluster: {started.stderr.strip()}")
    url = make_url(started.stdout.strip())
    try:
        yield url
    finally:
        subprocess.run([str(SCRIPT), "stop", str(url.query["host"])], check=False)
