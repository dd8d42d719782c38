"""One damaged row costs that row, not the command that reads it. SQLite keeps any value in
any column: a hand edit, another tool's write or a copy from elsewhere can leave JSON that
does not parse, a list where a name was, bytes where text was. Found by damaging one row of a
small archive at a time and running every reading command over it; each test failed on the
code before it (``error: JSONDecodeError``, ``TypeError: can only join an iterable``, ``Object
of type bytes is not JSON serializable``: the command ended at that row, exit 1)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest
from warcio.archiveiterator import ArchiveIterator

from newsarchive.storage import open_engine
from newsarchive.storage.queries import page_validators, previous_crawl_stats
from newsarchive.storage.readonly import open_readonly
from newsarchive.web import create_app

from ..conftest import run_cli
from ..web.asgi import Client
from .test_hardening import store_articles


def damaged(tmp_path: Path, *statements: str) -> tuple[Path, list[str]]:
    db = tmp_path / "a.db"
    urls = store_articles(db, 2)
    with sqlite3.connect(db) as conn:
        for statement in statements:
            conn.execute(statement)
    return db, urls


@pytest.mark.parametrize(
    ("damage", "shown"),
    [
        ("UPDATE revisions SET authors = '{not json' WHERE id = 1", "authors: {not json"),
        ("UPDATE revisions SET authors = '42' WHERE id = 1", "authors: 42"),
        ('UPDATE revisions SET authors = \'["Ann", {"x": 1}]\' WHERE id = 1', "Ann"),
    ],
    ids=["not-json", "not-a-list", "not-names"],
)
def test_show_and_history_read_an_article_with_garbled_authors(
    tmp_path: Path, damage: str, shown: str
) -> None:
    db, urls = damaged(tmp_path, damage)
    show = run_cli("show", urls[0], "--db", str(db))
    assert show.returncode == 0, show.stderr
    assert shown in show.stdout
    history = run_cli("history", urls[0], "--db", str(db))
    assert history.returncode == 0, history.stderr
    as_json = run_cli("show", urls[0], "--db", str(db), "--json")
    assert as_json.returncode == 0, as_json.stderr
    authors = json.loads(as_json.stdout)["revisions"][0]["authors"]
    assert all(isinstance(name, str) for name in authors)


def test_an_export_writes_bytes_found_in_a_text_column_as_text(tmp_path: Path) -> None:
    db, _ = damaged(tmp_path, "UPDATE revisions SET article_body = X'FFFE41' WHERE id = 1")
    result = run_cli("export", "jsonl", "--db", str(db))
    assert result.returncode == 0, result.stderr
    bodies = {json.loads(line)["article_body"] for line in result.stdout.splitlines()}
    # Read as UTF-8 with replacement characters; the other article as it was.
    assert bodies == {"\ufffd\ufffdA", "Body of story 1, word1."}


def test_a_search_over_a_row_that_is_not_utf8_says_the_archive_is_damaged(
    tmp_path: Path,
) -> None:
    """It said "bad search query 'Body'": the query was fine, a row was not."""
    db, _ = damaged(tmp_path, "UPDATE revisions SET article_body = X'FFFE' WHERE id = 1")
    result = run_cli("search", "Body", "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "the archive holds text that is not UTF-8 (a damaged row)" in result.stderr
    assert "bad search query" not in result.stderr
    page = Client(create_app(open_readonly(str(db)))).get("/search", {"q": "Body"})
    assert page.status_code == 500  # the archive's fault, not the reader's query (400)
    assert "the archive holds text that is not UTF-8" in page.text


def test_a_warc_export_keeps_a_page_whose_stored_headers_are_garbled(tmp_path: Path) -> None:
    db, _ = damaged(tmp_path, "UPDATE pages SET headers = '{not json' WHERE id = 1")
    out = tmp_path / "out.warc.gz"
    result = run_cli("export", "warc", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "2 responses" in result.stdout


def test_garbled_crawl_stats_and_headers_are_skipped_by_the_crawls_own_readers(
    tmp_path: Path,
) -> None:
    """The layout-break alert at a crawl's end reads the site's earlier crawls' stats, and
    ``refresh`` reads the stored headers for its conditional requests: one garbled value ended
    the crawl's summary and the refresh."""
    db, _ = damaged(tmp_path, "UPDATE pages SET headers = '{not json' WHERE id = 1")
    with sqlite3.connect(db) as conn:
        conn.executemany(
            "INSERT INTO crawls (id, spider, started_at, finished_at, status, stats)"
            " VALUES (?, 'site.example', '2025-04-12', '2025-04-12', 'finished', ?)",
            [(101, '{"item_scraped_count": 5}'), (102, "{not json"), (103, "[1]"), (104, None)],
        )
        conn.execute(
            'UPDATE pages SET headers = \'{"ETag": "abc"}\' WHERE id = 2',
        )
    engine = open_engine(str(db), create=False)
    assert previous_crawl_stats(engine, "site.example", 105) == [{"item_scraped_count": 5}]
    assert list(page_validators(engine, "site.example").values()) == [("abc", None)]


@pytest.mark.parametrize(
    "stored",
    ["'last tuesday'", "42", "'0001-01-01T00:00:00+05:00'"],
    ids=["text", "number", "out-of-range"],
)
def test_a_warc_export_leaves_out_a_fetch_whose_time_is_not_a_date(
    tmp_path: Path, stored: str
) -> None:
    """It ended the export ("ValueError: Invalid isoformat string"): the other fetches are
    written, the damaged one named, exit 1 (the output is incomplete)."""
    db, urls = damaged(tmp_path, f"UPDATE pages SET fetched_at = {stored} WHERE id = 1")
    out = tmp_path / "out.warc.gz"
    result = run_cli("export", "warc", str(out), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "1 responses" in result.stdout
    assert "1 fetches have a stored fetch time that is not a date" in result.stderr
    assert urls[0] in result.stderr
    assert "Traceback" not in result.stderr
    with out.open("rb") as fh:
        written = [r.rec_headers.get_header("WARC-Target-URI") for r in ArchiveIterator(fh)]
    assert urls[0] not in written
    assert urls[1] in written
