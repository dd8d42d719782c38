"""Recorded migrations: an archive made by an older version upgrades in place, losing nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner
from sqlalchemy import text

from newsarchive.cli import main
from newsarchive.errors import UserError
from newsarchive.storage import open_engine
from newsarchive.storage.db import _alembic_config, current_revision
from newsarchive.storage.models import SCHEMA_VERSION, Base

from .conftest import REPO, run_cli, sql


def run_cli_async(*args: str) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "newsarchive.cli", *args], cwd=REPO,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)  # fmt: skip


def make_v1_archive(path: Path) -> None:
    """An archive as the first released schema (0001) left it, with data in every table."""
    engine = open_engine(str(path), migrate=False)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0001")
    with sqlite3.connect(path) as db:
        db.executescript(
            """
            INSERT INTO sites VALUES (1, 'site.example', 'https://site.example/', '2025-01-01');
            INSERT INTO crawls VALUES (1, 'site.example', '2025-01-01', '2025-01-01', 'finished',
                                       'finished', '{}');
            INSERT INTO articles VALUES (1, 1, 'https://site.example/a/', 42, '2025-01-01',
                                         '2025-01-02');
            INSERT INTO article_urls VALUES (1, 1, 'https://site.example/a/', '2025-01-01');
            INSERT INTO revisions (id, article_id, fingerprint, first_seen, last_seen, crawl_id,
                                   url, headline, article_body, authors, tags)
            VALUES (1, 1, 'f1', '2025-01-01', '2025-01-02', 1, 'https://site.example/a/',
                    'La sécurité routière', 'Le texte complet de la première version.', '[]', '[]');
            INSERT INTO comment_counts (id, article_id, count, source, raw, first_seen, last_seen)
            VALUES (1, 1, 3, 'theme', '3', '2025-01-01', '2025-01-02');
            INSERT INTO blobs VALUES ('ab', 5, 'gzip', X'1f8b');
            INSERT INTO pages VALUES (1, 1, 1, 'https://site.example/a/', '2025-01-01', 200, '{}', 'ab');
            """
        )
    engine.dispose()


def test_models_match_the_migrated_schema(db_url: str) -> None:
    engine = open_engine(db_url)
    with engine.connect() as conn:
        diff = compare_metadata(
            MigrationContext.configure(conn, opts={"include_name": _tables_only}), Base.metadata
        )
    engine.dispose()
    assert diff == []


def _tables_only(name, type_, parent_names) -> bool:
    """What the models do not describe: the search indexes (FTS5 tables, PostgreSQL's
    generated ``search_vector`` and its GIN index) and Alembic's own table."""
    if type_ == "table" and name:
        return not (name.startswith("revisions_fts") or name == "alembic_version")
    return name not in {"search_vector", "ix_revisions_search_vector"}


def test_old_archive_upgrades_in_place_and_keeps_everything(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    make_v1_archive(path)
    engine = open_engine(str(path), migrate=False)
    assert current_revision(engine) == "0001"
    # Read commands refuse an old schema with a clear message instead of failing later.
    with pytest.raises(UserError, match="db upgrade"):
        open_engine(str(path), create=False)

    result = CliRunner().invoke(main, ["db", "upgrade", "--db", str(path)])
    assert result.exit_code == 0, result.output
    assert "was 0001" in result.output
    assert current_revision(engine) == SCHEMA_VERSION
    with sqlite3.connect(path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, n in (("sites", 1), ("articles", 1), ("article_urls", 1), ("revisions", 1),
                         ("comment_counts", 1), ("pages", 1), ("blobs", 1), ("crawls", 1)):  # fmt: skip
            assert db.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0] == n, table
        assert db.execute("SELECT wp_post_id, gone_at FROM articles").fetchone() == (42, None)
        # The full-text index was built from the revisions already there.
        hits = db.execute(
            "SELECT rowid FROM revisions_fts WHERE revisions_fts MATCH 'securite'"
        ).fetchall()
        assert hits == [(1,)]
        assert (
            db.execute("SELECT headline FROM latest_revisions").fetchone()[0]
            == "La sécurité routière"
        )
    # Upgrading again is a no-op.
    again = CliRunner().invoke(main, ["db", "upgrade", "--db", str(path)])
    assert again.exit_code == 0
    assert "was" not in again.output


def test_postgresql_archive_upgrades_in_place_two_upgraders_at_once(pg_empty_url: str) -> None:
    """A PostgreSQL archive at 0006 (JSON as text, no search column) upgrades to JSONB and a
    full-text index over the revisions already there; two `db upgrade` started together take
    turns on the advisory lock: one migrates, the other finds nothing to do."""
    engine = open_engine(pg_empty_url, migrate=False)
    with engine.begin() as conn:
        command.upgrade(_alembic_config(conn), "0006")
        for statement in (
            "INSERT INTO sites VALUES (1, 'site.example', 'https://site.example/', '2025-01-01')",
            "INSERT INTO crawls VALUES (1, 'site.example', '2025-01-01', '2025-01-01', "
            "'finished', 'finished', '{\"item_scraped_count\": 1}', 1)",
            "INSERT INTO articles VALUES (1, 1, 'https://site.example/a/', 42, '2025-01-01', "
            "'2025-01-02')",
            "INSERT INTO revisions (id, article_id, fingerprint, first_seen, last_seen, url, "
            "headline, article_body, authors, tags, in_language) VALUES (1, 1, 'f1', "
            "'2025-01-01', '2025-01-02', 'https://site.example/a/', 'La sécurité routière', "
            "'Le texte complet.', '[\"Nadia\"]', '[]', 'fr-FR')",
        ):
            conn.execute(text(statement))
    engine.dispose()
    procs = [run_cli_async("db", "upgrade", "--db", pg_empty_url) for _ in range(2)]
    outputs = [p.communicate(timeout=60) for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outputs
    assert sorted("was 0006" in out for out, _ in outputs) == [False, True], outputs
    assert sql(pg_empty_url, "SELECT authors->>0, pg_typeof(authors)::text FROM revisions") == [
        ("Nadia", "jsonb")
    ]
    assert sql(pg_empty_url, "SELECT stats->>'item_scraped_count' FROM crawls") == [("1",)]
    found = run_cli("search", "securite", "--db", pg_empty_url, "--json")
    assert found.returncode == 0, found.stderr
    assert [json.loads(line)["revision_id"] for line in found.stdout.splitlines()] == [1]
