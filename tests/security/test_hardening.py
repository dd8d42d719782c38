"""Issue 15, findings 9-16: files, imports, exports and the command line, against hostile
pages, archives and arguments. One test per finding; each failed on the code before it."""

from __future__ import annotations

import gzip
import json
import os
import sqlite3
import stat
import time
from io import BytesIO
from pathlib import Path

import pytest
from click.testing import CliRunner
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from newsarchive.cli import main
from newsarchive.errors import UserError
from newsarchive.items import Article, ArticleRecord, RawPage
from newsarchive.lock import crawl_lock, lock_path
from newsarchive.storage import Archive, open_engine

from ..conftest import run_cli

PAGE = (
    "<html><head><title>{title}</title></head><body><article><h1>{title}</h1>"
    '<div class="entry-content"><p>The council approved the budget on Tuesday, after a long '
    "debate, with amendments.</p><p>{word} was the word of the day, said the minister, and "
    "many agreed.</p></div></article></body></html>"
)


def scrambled_archive(db: Path) -> None:
    """An archive of 200 articles at ``db`` with database pages of its last quarter
    overwritten (the schema still reads): "database disk image is malformed" on reading."""
    store_articles(db, 200)
    size = db.stat().st_size
    with db.open("r+b") as fh:
        fh.seek(size * 3 // 4 // 4096 * 4096)
        fh.write(bytes(range(256)) * 16 * 8)


def store_articles(db: Path, n: int = 3, *, headline: str = "Budget {i}") -> list[str]:
    """``n`` articles with raw pages in a fresh archive at ``db``; their URLs."""
    archive = Archive(open_engine(str(db)))
    urls, records = [], []
    for i in range(n):
        url = f"https://site.example/2025/04/{i + 1:02d}/story-{i}/"
        body = PAGE.format(title=f"Story {i}", word=f"word{i}").encode()
        article = Article(url=url, canonical_url=url, headline=headline.format(i=i),
                          article_body=f"Body of story {i}, word{i}.", site="site.example",
                          fetched_at="2025-04-12T09:30:00+00:00", http_status=200)  # fmt: skip
        raw = RawPage(url=url, status=200, headers={"Content-Type": "text/html"}, body=body,
                      fetched_at="2025-04-12T09:30:00+00:00")  # fmt: skip
        records.append(ArticleRecord(article=article, raw=raw))
        urls.append(url)
    archive.store(records)
    archive.engine.dispose()
    return urls


def invoke(*args: str):  # type: ignore[no-untyped-def]
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


def one_line_error(result, code: int) -> str:  # type: ignore[no-untyped-def]
    assert result.exit_code == code, result.output
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    return lines[0]


# -- 9 ------------------------------------------------------------------------------------------


def test_9_lock_file_is_not_followed_through_a_symlink_and_is_private(tmp_path: Path) -> None:
    db_url = f"sqlite:///{tmp_path / 'a.db'}"
    victim = tmp_path / "precious.txt"
    victim.write_text("do not truncate me")
    path = lock_path(db_url, "site.example")
    path.symlink_to(victim)
    with pytest.raises(UserError, match="symbolic link"), crawl_lock(db_url, "site.example"):
        pass
    assert victim.read_text() == "do not truncate me"
    path.unlink()
    old = os.umask(0o022)
    try:
        with crawl_lock(db_url, "site.example") as held:
            assert stat.S_IMODE(held.stat().st_mode) == 0o600
    finally:
        os.umask(old)


# -- 10 -----------------------------------------------------------------------------------------


def test_10_export_warc_writes_safely(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    db = tmp_path / "a.db"
    store_articles(db)
    out = tmp_path / "out.warc.gz"
    # A symlink planted where the old code wrote its temporary file is never followed.
    victim = tmp_path / "victim.txt"
    victim.write_text("keep")
    (tmp_path / "out.warc.gz.part").symlink_to(victim)
    assert run_cli("export", "warc", str(out), "--db", str(db)).returncode == 0
    assert victim.read_text() == "keep"
    # An existing OUT is kept without --force, replaced with it.
    before = out.read_bytes()
    refused = run_cli("export", "warc", str(out), "--db", str(db))
    assert refused.returncode == 2
    assert "--force" in refused.stderr
    assert out.read_bytes() == before
    assert run_cli("export", "warc", str(out), "--db", str(db), "--force").returncode == 0
    # A failed export leaves neither a partial OUT nor a temporary file behind.
    import newsarchive.warc

    def broken(*_args: object, **_kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(newsarchive.warc, "export_warc", broken)
    failed = tmp_path / "failed.warc.gz"
    assert invoke("export", "warc", str(failed), "--db", str(db)).exit_code == 1
    assert not failed.exists()
    assert sorted(p.name for p in tmp_path.iterdir() if "part" in p.name) == ["out.warc.gz.part"]


# -- 11 -----------------------------------------------------------------------------------------


def _warc(records: list[tuple[str | None, str, str | None, bytes]]) -> bytes:
    """A gzipped WARC of ``(uri, status line, date, body)`` responses (None: no such header)."""
    buf = BytesIO()
    writer = WARCWriter(buf, gzip=True)
    for uri, status, date, body in records:
        http = StatusAndHeaders(status, [("Content-Type", "text/html")], protocol="HTTP/1.1")
        record = writer.create_warc_record(uri or "https://site.example/x/", "response",
                                           payload=BytesIO(body), http_headers=http,
                                           warc_headers_dict={"WARC-Date": date or ""})  # fmt: skip
        if uri is None:
            record.rec_headers.remove_header("WARC-Target-URI")
        if date is None:
            record.rec_headers.remove_header("WARC-Date")
        writer.write_record(record)
    return buf.getvalue()


def _page(i: int) -> bytes:
    return PAGE.format(title=f"Imported {i}", word=f"imp{i}").encode()


# warcio buffers each record it writes in a SpooledTemporaryFile it never closes.
@pytest.mark.filterwarnings("ignore::ResourceWarning")
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_11_import_warc_skips_counts_and_reports(tmp_path: Path) -> None:
    date = "2025-04-12T09:30:00Z"
    good = [(f"https://site.example/2025/04/12/imported-{i}/", "200 OK", date, _page(i))
            for i in range(3)]  # fmt: skip
    bad = [
        ("https://site.example/2025/04/12/bad-status/", "abc Bad", date, _page(7)),
        ("https://site.example/2025/04/12/bad-date/", "200 OK", "not-a-date", _page(8)),
        ("http://[bad-host/x/", "200 OK", date, _page(9)),
        # Placed by their fetch time among an article's revisions: none (the import's own
        # time made it the latest), or one past every later crawl (which it then held out).
        ("https://site.example/2025/04/12/no-date/", "200 OK", None, _page(11)),
        ("https://site.example/2025/04/12/future/", "200 OK", "2099-01-01T00:00:00Z", _page(12)),
    ]
    # warcio's own reader fails on a response without a URI and cannot resume: the records
    # before it are imported and the stop is reported.
    no_uri = (None, "200 OK", date, _page(10))
    warc = tmp_path / "mixed.warc.gz"
    warc.write_bytes(_warc([good[0], *bad, *good[1:], no_uri]))
    db = tmp_path / "a.db"
    result = run_cli("import", "warc", str(warc), "--db", str(db))
    assert result.returncode == 1, result.stderr
    line = result.stderr.strip()
    assert len(line.splitlines()) == 1, line
    assert "5 bad records skipped" in line
    reasons = ("bad HTTP status", "bad WARC-Date", "no WARC-Date", "dated in the future",
               "unreadable record")  # fmt: skip
    for reason in reasons:
        assert reason in line
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == 3
    # A record larger than a crawl may fetch is skipped, not read into memory.
    big = tmp_path / "big.warc.gz"
    big.write_bytes(_warc([(good[0][0], "200 OK", date, b"<p>" + b"x" * (17 << 20))]))
    result = run_cli("import", "warc", str(big), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "larger than 16 MB" in result.stderr
    # A truncated file imports what it can read and says it is truncated.
    whole = _warc(good)
    cut = tmp_path / "cut.warc.gz"
    cut.write_bytes(whole[: len(whole) - 40])
    result = run_cli("import", "warc", str(cut), "--db", str(tmp_path / "b.db"))
    assert result.returncode == 1, result.stderr
    assert "truncated" in result.stderr


# -- 12 -----------------------------------------------------------------------------------------


def test_12_blobs_are_verified_on_read(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    urls = store_articles(db, 4)
    with sqlite3.connect(db) as conn:
        digests = [row[0] for row in conn.execute("SELECT sha256 FROM blobs ORDER BY sha256")]
        data = dict(conn.execute("SELECT sha256, data FROM blobs"))
        # Two blobs swapped, one overwritten with garbage, one with text: SQLite stores a
        # str in a BLOB column as TEXT, which ended the export with a TypeError.
        conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", (data[digests[1]], digests[0]))
        conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", (data[digests[0]], digests[1]))
        conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", (b"garbage", digests[2]))
        conn.execute("UPDATE blobs SET data = ? WHERE sha256 = ?", ("text", digests[3]))
    out = tmp_path / "out.warc.gz"
    result = run_cli("export", "warc", str(out), "--db", str(db))
    assert result.returncode == 1, result.stderr
    assert "4 stored bodies could not be read back" in result.stderr
    assert out.exists()  # what could be verified is exported (here: nothing but warcinfo)
    with gzip.open(out) as fh:
        content = fh.read()
    for url in urls:
        assert url.encode() not in content


# -- 13 -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["../../escaped", "/var/absolute-fixture", "two\nlines", "."])
def test_13_fixture_names_stay_inside_their_folder(tmp_path: Path, name: str) -> None:
    root = tmp_path / "fixtures"
    root.mkdir()
    result = invoke("fixture", "record", "http://127.0.0.1:9/x", "--dir", str(root),
                    "--name", name)  # fmt: skip
    line = one_line_error(result, 2)
    assert "--name" in line
    assert list(tmp_path.iterdir()) == [root]


def test_13_replay_does_not_follow_a_body_symlink_out_of_its_folder(tmp_path: Path) -> None:
    secret = tmp_path / "secret.html"
    secret.write_text("<html><body><p>SECRET-TOKEN from outside the fixture</p></body></html>")
    folder = tmp_path / "fixtures" / "evil"
    folder.mkdir(parents=True)
    (folder / "info.json").write_text(
        json.dumps(
            {
                "url": "https://site.example/a/",
                "status": 200,
                "headers": {"Content-Type": "text/html"},
            }
        )
    )
    (folder / "meta.json").write_text(json.dumps({"kind": "article"}))
    (folder / "body.html").symlink_to(secret)
    db = tmp_path / "a.db"
    result = run_cli("replay", str(tmp_path / "fixtures"), "--db", str(db))
    assert result.returncode == 2, result.stderr
    assert "leads out of its folder" in result.stderr
    if db.exists():
        with sqlite3.connect(db) as conn:
            assert conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0] == 0


# -- 14 -----------------------------------------------------------------------------------------


def test_14_show_and_search_print_no_control_characters(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    urls = store_articles(db, 1, headline="Budget \x1b[2J\x1b]0;pwned\x07 vote\x00 \x9b31m")
    show = invoke("show", urls[0], "--db", str(db))
    found = invoke("search", "budget", "--db", str(db))
    as_json = invoke("show", urls[0], "--db", str(db), "--json")
    for result in (show, found, as_json):
        assert result.exit_code == 0, result.output
        assert "Budget" in result.output
        for ch in "\x1b\x00\x07\x9b":
            assert ch not in result.output
    assert json.loads(as_json.output)["revisions"][0]["headline"].startswith("Budget \x1b[2J")


# -- 15 -----------------------------------------------------------------------------------------


def test_15_raw_search_is_bounded_in_terms_and_time(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db = tmp_path / "a.db"
    store_articles(db, 36)
    prefixes = " ".join(f"{chr(97 + i % 26)}*" for i in range(150))
    start = time.monotonic()
    line = one_line_error(invoke("search", "--raw", prefixes, "--db", str(db)), 2)
    assert time.monotonic() - start < 5
    assert "terms" in line
    from newsarchive.storage.search import Filters
    from newsarchive.storage.search_page import search

    engine = open_engine(str(db), create=False)
    monkeypatch.setattr("newsarchive.storage.search_page._PROGRESS_STEPS", 1)
    with pytest.raises(UserError, match="stopped after"):
        search(engine, "b* OR s* OR w*", Filters(), raw=True, time_limit=0.0)
    assert search(engine, "budget", Filters())  # and the connection still serves searches


# -- 16 -----------------------------------------------------------------------------------------


def test_16_cli_errors_are_one_line_exit_2_with_secrets_masked(tmp_path: Path) -> None:
    db = tmp_path / "a.db"
    urls = store_articles(db, 1)
    not_a_db = tmp_path / "notes.txt"
    not_a_db.write_text("not a database\n" * 100)
    cases = {
        "--since": ["search", "budget", "--db", str(db), "--since", "notadate"],
        "--limit": ["search", "budget", "--db", str(db), "--limit", str(2**70)],
        "URL": ["show", "http://[::1/broken", "--db", str(db)],
        "upgrade": ["db", "upgrade", "--db", str(not_a_db)],
        "export --since": ["export", "jsonl", "--db", str(db), "--since", "12/04/2025"],
    }
    for what, args in cases.items():
        line = one_line_error(invoke(*args), 2)
        assert line.startswith("error: "), what
    crawl = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "c.db"),
                    "-s", "ITEM_PIPELINES={bad json")  # fmt: skip
    assert crawl.returncode == 2, crawl.stderr
    assert len(crawl.stderr.strip().splitlines()) == 1, crawl.stderr
    assert "JSON" in crawl.stderr
    secret = invoke("stats", "--db", "postgresql://archivist:hunter2@127.0.0.1:1/news")
    assert secret.exit_code == 2
    assert "hunter2" not in secret.output
    assert invoke("show", urls[0], "--db", str(db)).exit_code == 0
