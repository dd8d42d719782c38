"""The archive is never the casualty of a bad argument: an output pointed at it, a file that is
not a regular one, a WARC cut short, another application's database, a crawl target or
setting no crawl could use. Each found by an audit of every command with bad input; each
test failed on the code before it."""

from __future__ import annotations

import gzip
import hashlib
import os
import sqlite3
from pathlib import Path

import pytest

from ..conftest import run_cli, sql
from .test_hardening import scrambled_archive, store_articles


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def refused(*args: str) -> str:
    """Run a command that must fail as bad input: exit 2, one line, no traceback."""
    result = run_cli(*args)
    assert result.returncode == 2, (args, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


def test_no_command_writes_over_the_archive_it_reads(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store_articles(db)
    before = digest(db)
    for args in (
        ("export", "comment-counts", "-o", str(db)),
        ("export", "jsonl", "-o", str(db)),
        ("export", "csv", "-o", f"{db}-wal"),  # the archive's own WAL, before it exists
        ("export", "warc", str(db), "--force"),
        ("crawl", "http://127.0.0.1:9/", "--log-file", str(db)),  # log rotation renamed it
    ):
        assert "archive's own file" in refused(*args, "--db", str(db))
    os.link(db, tmp_path / "hard.db")  # the same file under another name
    assert "archive's own file" in refused("export", "jsonl", "-o", str(tmp_path / "hard.db"),
                                           "--db", str(db))  # fmt: skip
    assert digest(db) == before


def test_an_export_writes_only_a_regular_file_it_can_make(tmp_path: Path) -> None:
    """``--force`` replaced a FIFO (or /dev/full) by the export's file; an output no file can
    be made at was exit 1 naming a temporary file, or click's own "Error:"."""
    db = tmp_path / "a.db"
    store_articles(db)
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    assert "not a regular file" in refused("export", "warc", str(fifo), "--force",
                                           "--db", str(db))  # fmt: skip
    assert fifo.is_fifo()
    assert refused("export", "warc", "/proc/x.warc.gz", "--db", str(db)) == (
        "error: cannot write /proc/x.warc.gz: No such file or directory"
    )
    assert "a folder, not a file name" in refused("export", "warc", "", "--force",
                                                  "--db", str(db))  # fmt: skip
    assert refused("export", "jsonl", "-o", "/proc/x", "--db", str(db)) == (
        "error: cannot open /proc/x: No such file or directory"
    )


@pytest.mark.filterwarnings("ignore::ResourceWarning")
def test_a_warc_cut_inside_a_record_adds_no_revision(tmp_path: Path) -> None:
    """The last record of a cut file was stored: half a page, an empty body, as the article's
    newest revision. Cut inside its last record, plain or gzipped, an export re-imported
    changes nothing and says what it skipped (exit 1)."""
    db = tmp_path / "a.db"
    store_articles(db, 3)
    out = tmp_path / "out.warc.gz"
    assert run_cli("export", "warc", str(out), "--db", str(db)).returncode == 0
    plain = gzip.decompress(out.read_bytes())
    last = plain.rindex(b"WARC-Type: response")
    cut_plain = tmp_path / "cut.warc"
    cut_plain.write_bytes(plain[: plain.index(b"</p>", last)])  # in the page's first paragraph
    whole = out.read_bytes()
    cut_gzip = tmp_path / "cut.warc.gz"
    cut_gzip.write_bytes(whole[: len(whole) * 2 // 3])
    imported = tmp_path / "imported.db"  # the pages as the extractor reads them
    assert run_cli("import", "warc", str(out), "--db", str(imported)).returncode == 0
    with sqlite3.connect(imported) as conn:
        revisions = conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]
    for cut in (cut_plain, cut_gzip):
        result = run_cli("import", "warc", str(cut), "--db", str(imported))
        assert result.returncode == 1, result.stderr
        assert "truncated" in result.stderr
        with sqlite3.connect(imported) as conn:
            assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == revisions
            assert conn.execute("SELECT COUNT(*) FROM revisions WHERE article_body IS NULL "
                                "OR article_body = ''").fetchone()[0] == 0  # fmt: skip


def test_another_applications_database_is_left_as_it_was(tmp_path: Path) -> None:
    """Opening switched it to WAL; ``db upgrade`` (which the error advised) added the
    archive's tables next to the application's own."""
    other = tmp_path / "app.db"
    with sqlite3.connect(other) as conn:
        conn.execute("CREATE TABLE users (id INTEGER PRIMARY KEY, name TEXT)")
    conn.close()
    before = digest(other)
    for args in (("stats",), ("search", "budget"), ("db", "upgrade"), ("export", "jsonl")):
        line = refused(*args, "--db", str(other))
        assert "not a newsarchive archive" in line
        assert "users" in line
    assert digest(other) == before
    empty = tmp_path / "empty.db"
    empty.touch()
    assert "no archive at" in refused("stats", "--db", str(empty))
    assert empty.stat().st_size == 0


def test_a_refresh_or_an_empty_db_value_makes_no_archive(tmp_path: Path) -> None:
    """``refresh`` of a mistyped ``--db`` made an empty archive there (and its lock file) and
    exited 0; ``--db ""`` — an unset variable in a cron line — named ``./newsarchive.db``."""
    missing = tmp_path / "typo.db"
    assert "no archive at" in refused("refresh", "sample", "--db", str(missing))
    assert list(tmp_path.iterdir()) == []
    for args in (("stats",), ("crawl", "sample"), ("refresh", "sample")):
        result = run_cli(*args, "--db", " ")
        assert result.returncode == 2, result.stderr
        assert "an empty value names no archive" in result.stderr
    unset = run_cli("stats", env={"NEWSARCHIVE_DB_URL": ""})  # NEWSARCHIVE_DB_URL= in cron
    assert unset.returncode == 2, unset.stderr
    assert "set but empty" in unset.stderr


def test_a_refresh_of_an_empty_postgresql_database_makes_no_archive(pg_empty_url: str) -> None:
    """As with SQLite above: ``refresh`` pointed at a database without the archive created
    its schema there and exited 0."""
    assert "no archive in" in refused("refresh", "sample", "--db", pg_empty_url)
    tables = "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'"
    assert sql(pg_empty_url, tables) == [(0,)]


@pytest.mark.parametrize(
    ("args", "reason"),
    [
        (("http://127.0.0.1:99999/",), "Port out of range"),
        (("http://[::1/",), "Invalid IPv6 URL"),
        ((os.fsdecode(b"http://127.0.0.1/\xff"),), "not a valid URL"),
        (("http://127.0.0.1/" + "a" * 3000,), "longer than 2083"),
        (("http://user:secret@127.0.0.1:9/",), "with user info"),  # crawled without them
        (("http://127.0.0.1:9/", "-s", "DOWNLOAD_DELAY=abc"), "not a number"),
        (("http://127.0.0.1:9/", "-s", "NEWSARCHIVE_KEEP_RAW=maybe"), "not true or false"),
        (("http://127.0.0.1:9/", "-s", "LOG_LEVEL=BOGUS"), "not a log level"),
        (("http://127.0.0.1:9/", "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=-1"), "negative"),
        (("http://127.0.0.1:9/", "--log-file", "/nonexistent/crawl.log"), "does not exist"),
    ],
)
def test_a_crawl_no_fetch_could_serve_is_refused_before_it_starts(
    tmp_path: Path, args: tuple[str, ...], reason: str
) -> None:
    """These ended in a Twisted traceback (exit 1), or exited 0 having fetched nothing (a URL
    Scrapy drops for its length): bad input, said in one line."""
    assert reason in refused("crawl", *args, "--db", str(tmp_path / "a.db"))


def test_a_damaged_archive_fails_in_one_line_and_a_failed_copy_leaves_nothing(
    tmp_path: Path,
) -> None:
    """A database page scrambled mid-file: commands said SQLAlchemy's statement dump, and
    ``db copy`` left an empty archive where it failed to write one."""
    db = tmp_path / "a.db"
    scrambled_archive(db)
    result = run_cli("export", "jsonl", "--db", str(db))
    assert result.returncode == 1
    assert result.stderr.strip() == "error: the database failed: database disk image is malformed"
    copy = tmp_path / "copy.db"
    result = run_cli("db", "copy", str(db), str(copy))
    assert result.returncode == 1, result.stderr
    assert not list(tmp_path.glob("copy.db*"))


def test_a_copy_onto_its_own_source_under_another_name_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    store_articles(db)
    os.link(db, tmp_path / "same.db")
    line = refused("db", "copy", str(db), str(tmp_path / "same.db"), "--force")
    assert "same database" in line
