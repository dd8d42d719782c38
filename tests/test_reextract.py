"""Never lose a fetched page: an empty extraction is archived with its raw page, and
``reextract`` brings later extractors' results to it without fetching anything."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path

import pytest

from newsarchive import reextract as reextract_module
from newsarchive.crawl.extraction_pool import READ_IN_PROCESS_FIRST
from newsarchive.extract import extract_page
from newsarchive.items import Article, ArticleRecord, RawPage
from newsarchive.reextract import reextract
from newsarchive.storage import Archive, open_engine
from newsarchive.testing import SiteServer
from tests.conftest import run_cli

URL = "https://site.example/2025/04/12/council-budget/"
PAGE = (
    "<html><head><title>Council approves the budget</title></head><body><article>"
    "<h1>Council approves the budget</h1><p>By Jane Doe</p>"
    + "<p>The council voted on the budget late on Tuesday, after a long debate. </p>" * 8
    + "</article></body></html>"
).encode()


def archived_without_body(db: Path, url: str = URL) -> None:
    """What an older extractor left: the page kept, the article with no body."""
    article = Article(url=url, canonical_url=url, headline=None, article_body=None,
                      site="site.example", fetched_at="2025-04-12T10:00:00+00:00",
                      http_status=200, extraction_status="no_body")  # fmt: skip
    raw = RawPage(url=url, status=200, headers={"Content-Type": "text/html; charset=utf-8"},
                  body=PAGE if url == URL else PAGE.replace(b"budget", url[-4:].encode()),
                  fetched_at="2025-04-12T10:00:00+00:00")  # fmt: skip
    Archive(open_engine(str(db))).store([ArticleRecord(article=article, raw=raw)])


def revisions(db: Path) -> list[tuple[str | None, int | None]]:
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT extraction_status, instr(article_body, 'The council voted') > 0 "
            "FROM revisions ORDER BY id"
        ).fetchall()


def test_an_empty_extraction_is_archived_and_reextract_fills_it(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    archived_without_body(db)
    assert revisions(db) == [("no_body", None)]
    result = reextract(open_engine(str(db)))
    assert (result.pages, result.revised, result.failed) == (1, 1, 0)
    assert revisions(db)[-1] == ("ok", 1)
    again = reextract(open_engine(str(db)))
    assert (again.revised, again.unchanged) == (0, 1)  # nothing changed: no new revision
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 1  # nothing fetched


def test_a_better_reading_of_descriptive_fields_reaches_the_archive(tmp_path: Path) -> None:
    """An older extractor read no language and another section from the same page: today's
    reading replaces those in the newest revision (the content, and so the fingerprint, the
    same: no new revision), on every re-extraction that reads them differently."""
    db = tmp_path / "a.db"
    archived_without_body(db)
    assert reextract(open_engine(str(db))).revised == 1
    today = extract_page(PAGE, URL).article
    assert today.in_language  # guessed from the text: the page declares none
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE revisions SET in_language = NULL, section = 'Old', tags = '[\"x\"]'"
                     " WHERE id = (SELECT MAX(id) FROM revisions)")  # fmt: skip
        before = conn.execute("SELECT COUNT(*), MAX(fingerprint) FROM revisions").fetchone()
    result = reextract(open_engine(str(db)))
    assert (result.revised, result.reread, result.unchanged) == (0, 1, 0)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*), MAX(fingerprint) FROM revisions").fetchone() == before
        row = conn.execute(
            "SELECT in_language, section, tags FROM revisions ORDER BY id DESC LIMIT 1"
        ).fetchone()
    assert row == (today.in_language, today.section, json.dumps(today.tags))
    again = reextract(open_engine(str(db)))
    assert (again.revised, again.reread, again.unchanged) == (0, 0, 1)


def test_reextract_in_worker_processes_writes_what_it_writes_in_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Several stored pages, the first read in this process and the rest in two worker
    processes (some pages in flight at once), give the revisions one process gives."""
    monkeypatch.setattr(reextract_module, "WORKERS_WORTH_SECONDS", 0.0)  # any work left
    outcomes = {}
    for workers in (2, 0):
        db = tmp_path / f"w{workers}.db"
        for n in range(12):
            archived_without_body(db, URL.replace("council-budget", f"council-budget-{n}"))
        result = reextract(open_engine(str(db)), workers=workers)
        assert (result.pages, result.revised, result.failed) == (12, 12, 0)
        assert result.in_workers == (12 - READ_IN_PROCESS_FIRST if workers else 0)
        with sqlite3.connect(db) as conn:
            outcomes[workers] = conn.execute(
                "SELECT url, fingerprint, headline, article_body, authors, extraction_status "
                "FROM revisions WHERE extraction_status = 'ok' ORDER BY url"
            ).fetchall()
    assert len(outcomes[2]) == 12
    assert outcomes[2] == outcomes[0]


def test_workers_start_only_for_work_worth_their_start_up(tmp_path: Path) -> None:
    """Twelve light pages take milliseconds here; starting two processes takes a second or
    two: they are read in this process, workers asked for or not."""
    db = tmp_path / "a.db"
    for n in range(12):
        archived_without_body(db, URL.replace("council-budget", f"council-budget-{n}"))
    result = reextract(open_engine(str(db)), workers=2)
    assert (result.pages, result.revised, result.in_workers) == (12, 12, 0)


def test_reextract_command_by_site_and_by_url(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    archived_without_body(db)
    result = run_cli("reextract", "site.example", "--db", str(db), "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["revised"] == 1
    by_url = run_cli("reextract", URL, "--db", str(db))
    assert by_url.returncode == 0, by_url.stderr
    assert "0 new revisions, 0 re-read in place" in by_url.stdout
    assert "1 unchanged" in by_url.stdout
    missing = run_cli("reextract", "https://site.example/nope/", "--db", str(db))
    assert missing.returncode == 2
    assert "no archived article" in missing.stderr
    typo = run_cli("reextract", "site.exmaple", "--db", str(db))  # re-extracted 0, exit 0
    assert typo.returncode == 2
    assert "no site 'site.exmaple' in the archive (sites: site.example)" in typo.stderr
    bad_date = run_cli("reextract", "--since", "notadate", "--db", str(db))
    assert bad_date.returncode == 2
    bad_workers = run_cli("reextract", "--workers", "many", "--db", str(db))
    assert bad_workers.returncode == 2
    assert "--workers" in bad_workers.stderr


@pytest.mark.parametrize(
    "damage",
    [
        "DELETE FROM blobs WHERE sha256 = (SELECT body_sha256 FROM pages WHERE id = 1)",
        "UPDATE blobs SET compression = 'zstd-dict', dictionary_id = 999 "
        "WHERE sha256 = (SELECT body_sha256 FROM pages WHERE id = 1)",
        "UPDATE blobs SET data = 'text' WHERE sha256 = (SELECT body_sha256 FROM pages WHERE id = 1)",
        "UPDATE pages SET headers = '{not json' WHERE id = 1",
        "UPDATE pages SET headers = '[1, 2]' WHERE id = 1",
    ],
    ids=[
        "blob-row-gone",
        "dictionary-gone",
        "blob-stored-as-text",
        "headers-not-json",
        "headers-not-object",
    ],
)
def test_a_damaged_stored_page_fails_alone(tmp_path: Path, damage: str) -> None:
    """A page whose raw body row was gone was left out without a word (exit 0); a missing
    dictionary, garbled headers or a body SQLite holds as text ended the whole run at that page
    (an AssertionError, a JSONDecodeError, a TypeError). Each is that page's failure, counted; the others are re-extracted."""
    db = tmp_path / "a.db"
    for url in (URL, URL + "b/", URL + "c/"):
        archived_without_body(db, url)
    with sqlite3.connect(db) as conn:
        conn.execute(damage)
    result = run_cli("reextract", "--db", str(db), "--json")
    assert result.returncode == 1, result.stderr
    assert "could not be read back or extracted" in result.stderr
    figures = json.loads(result.stdout)
    assert (figures["pages"], figures["failed"], figures["revised"]) == (3, 1, 2)


def test_stats_and_show_say_an_article_has_no_body(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    archived_without_body(db)
    stats = run_cli("stats", "--db", str(db))
    assert "incomplete: no body 1" in stats.stdout
    show = run_cli("show", URL, "--db", str(db))
    assert "extraction: no body (raw page kept" in show.stdout
    data = json.loads(run_cli("stats", "--db", str(db), "--json").stdout)
    assert data["extraction"] == {"no_body": 1}


def test_a_finished_crawl_leaves_no_url_without_an_outcome(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """Every URL the crawl took up ends stored, skipped with its reason (a listing reached
    through a sitemap is ``skipped:not_article``), or failed with its error kind."""
    from tests.conftest import crawl

    db = tmp_path / "a.db"
    crawl(site_server, db)
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT state, outcome, last_error FROM frontier").fetchall()
    assert rows
    undecided = [r for r in rows if r[0] == "pending" and not r[2]]
    assert undecided == []
    outcomes = {r[1] for r in rows if r[0] == "done"}
    assert None not in outcomes
    assert all(
        o in {"stored", "not_modified", "gone"} or o.startswith("skipped:") for o in outcomes
    )
