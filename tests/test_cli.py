"""The command line: every command documented, errors as one line with meaningful exit codes,
and the demo, replay and fixture commands end to end."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from click.testing import CliRunner

from newsarchive.cli import main
from newsarchive.errors import UserError
from newsarchive.storage.search import filter_date
from newsarchive.testing import SiteServer
from newsarchive.urls import canonicalize

from .conftest import LOCAL, REPO, crawl, run_cli

FIXTURES = REPO / "fixtures"


def all_commands():
    for name, command in main.commands.items():
        sub = getattr(command, "commands", None)
        if sub:
            for sub_name, sub_command in sub.items():
                yield f"{name} {sub_name}", sub_command
        yield name, command


@pytest.mark.parametrize(("name", "command"), list(all_commands()), ids=lambda x: str(x))
def test_every_command_has_help_with_an_example(name: str, command) -> None:
    assert command.help, name
    assert "Example:" in command.help, name


def assert_one_line_error(result, code: int) -> str:
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    return lines[0]


def test_unknown_site(tmp_path: Path) -> None:
    result = run_cli("crawl", "no-such-site", "--db", str(tmp_path / "x.db"))
    assert "unknown site" in assert_one_line_error(result, 2)


def test_bad_url(tmp_path: Path) -> None:
    result = run_cli("crawl", "ftp://example.org/", "--db", str(tmp_path / "x.db"))
    assert "not an http(s) URL" in assert_one_line_error(result, 2)


def test_unreachable_url_leaves_db_intact(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "intact.db"
    assert run_cli("crawl", site_server.url, "--db", str(db), *LOCAL).returncode == 0
    before = (
        db.stat().st_size,
        sqlite3.connect(db).execute("SELECT COUNT(*) FROM revisions").fetchone(),
    )
    # Port 9 (discard) on loopback: nothing listens there.
    result = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(db), *LOCAL, "-s", "RETRY_TIMES=0")
    assert "could not fetch the start page" in assert_one_line_error(result, 1)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone() == before[1]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT status FROM crawls ORDER BY id DESC").fetchone()[0] == "failed"


def test_unwritable_db_path() -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--db", "/nonexistent-dir/archive.db")
    assert "does not exist" in assert_one_line_error(result, 2)


def test_bad_setting_override(tmp_path: Path) -> None:
    result = run_cli(
        "crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "x.db"), "-s", "NOEQUALS"
    )
    assert "NAME=VALUE" in assert_one_line_error(result, 2)


def test_show_and_stats_on_missing_db(tmp_path: Path) -> None:
    runner = CliRunner()
    result = runner.invoke(main, ["stats", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 2
    assert "no archive" in result.output
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize(
    ("info", "meta"),
    [
        ("{not json", None),
        ('{"url": "https://a.example:99999/x"}', None),  # a crawl's Twisted traceback, once
        ('{"url": "https://[::1/x"}', None),
        ('{"url": "https://a.example/x", "status": 99999}', None),
        ('{"url": "https://a.example/x", "status": true}', None),
        ('{"url": "https://a.example/x"}', "[" * 100_000 + "]" * 100_000),  # RecursionError
        ('{"url": "https://a.example/x"}', "[]"),  # AttributeError, exit 1
        # Failed as the page was answered: replay stored nothing and exited 0.
        ('{"url": "https://a.example/x", "headers": {"X-\u00e9": "\u4e2d"}}', None),
        ('{"url": "https://a.example/x", "headers": {"Content-Type": ["text/html"]}}', None),
        ('{"url": "https://a.example/x"}', '{"checks": "headline"}'),  # a set of letters
    ],
    ids=[
        "not-json",
        "port",
        "ipv6",
        "status-range",
        "status-bool",
        "nested-meta",
        "meta-list",
        "header-not-latin1",
        "header-list",
        "checks-string",
    ],
)
def test_malformed_fixture(tmp_path: Path, info: str, meta: str | None) -> None:
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "info.json").write_text(info)
    if meta is not None:
        (bad / "meta.json").write_text(meta)
    (bad / "body.html").write_text("<p>x</p>")
    runner = CliRunner()
    for args in (
        ["fixture", "show", str(bad)],
        ["replay", str(tmp_path), "--db", str(tmp_path / "r.db")],
    ):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        assert "malformed fixture" in result.output
    assert not (tmp_path / "r.db").exists()


def test_fixture_files_that_cannot_be_read_or_written_are_bad_input(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """An info.json that is a folder, two fixtures of one URL (a replay stored one, silently),
    a --dir under a file (found after the fetch: exit 1 with the OS's error)."""
    bad = tmp_path / "fx" / "bad"
    (bad / "info.json").mkdir(parents=True)
    (bad / "body.html").write_text("<p>x</p>")
    assert "cannot read info.json" in assert_one_line_error(run_cli("fixture", "show", str(bad)), 2)
    twice = tmp_path / "twice"
    for name, text in (("v1", "<p>un</p>"), ("v2", "<p>deux</p>")):
        (twice / name).mkdir(parents=True)
        (twice / name / "info.json").write_text('{"url": "https://a.example/x?utm_source=y"}')
        (twice / name / "body.html").write_text(text)
    replayed = run_cli("replay", str(twice), "--db", str(tmp_path / "r.db"))
    assert "two fixtures of one URL" in assert_one_line_error(replayed, 2)
    assert not (tmp_path / "r.db").exists()
    a_file = tmp_path / "file"
    a_file.write_text("")
    url = site_server.site.url(site_server.site.articles[0].path)
    recorded = run_cli("fixture", "record", url, "--dir", str(a_file / "sub"))
    assert "is not a folder" in assert_one_line_error(recorded, 2)
    assert not site_server.hits


def test_a_page_sent_compressed_unasked_is_recorded_decoded(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """The recorder asks for no compression; a server that gzips anyway had the gzip bytes
    saved as body.html and the review output say "not an article" (a replay, through
    Scrapy's decompression, archived it), whatever the case of the header's name."""
    import gzip
    import urllib.request

    from newsarchive.testing.site import Canned

    site = site_server.site
    article = site.articles[1]
    url = site.url(article.path)
    with urllib.request.urlopen(url) as response:
        page = response.read()
    site.canned[article.path] = Canned(
        headers={"Content-Type": "text/html; charset=utf-8", "content-encoding": "gzip"},
        body=gzip.compress(page),
    )
    result = run_cli("fixture", "record", url, "--dir", str(tmp_path), "--name", "gz")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "gz" / "body.html").read_bytes() == page
    info = json.loads((tmp_path / "gz" / "info.json").read_text())
    assert "content-encoding" not in {k.lower() for k in info["headers"]}
    output = json.loads((tmp_path / "gz" / "output.json").read_text())
    assert output["headline"] == article.headline


def test_demo_archives_the_sample_site(tmp_path: Path) -> None:
    db = tmp_path / "demo.db"
    result = run_cli("demo", "--db", str(db))
    assert result.returncode == 0, result.stderr
    assert "36 articles" in result.stdout
    assert "newsarchive show" in result.stdout
    with sqlite3.connect(db) as conn:
        rows = conn.execute(
            "SELECT r.headline, r.article_body FROM revisions r JOIN articles a ON a.id = r.article_id"
        ).fetchall()
    assert len(rows) >= 30
    assert all(headline and body for headline, body in rows)

    show = run_cli("show", rows and _any_url(db), "--db", str(db), "--json")
    assert show.returncode == 0, show.stderr
    history = json.loads(show.stdout)
    assert len(history["revisions"]) == 1
    stats = run_cli("stats", "--db", str(db), "--json")
    assert json.loads(stats.stdout)["totals"]["articles"] == 36


def _any_url(db: Path) -> str:
    with sqlite3.connect(db) as conn:
        return (
            conn.execute("SELECT canonical_url FROM articles LIMIT 1").fetchone()[0]
            + "?utm_source=x"
        )


def test_replay_fixtures_offline_into_the_db(tmp_path: Path) -> None:
    db = tmp_path / "replay.db"
    result = run_cli("replay", str(FIXTURES), "--db", str(db))
    assert result.returncode == 0, result.stderr
    articles = [
        p
        for p in FIXTURES.iterdir()
        if json.loads((p / "meta.json").read_text())["kind"] == "article"
    ]
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT canonical_url FROM articles")}
        pages = conn.execute("SELECT COUNT(*) FROM pages").fetchone()[0]
    expected = {
        json.loads((p / "output.json").read_text()).get("canonical_url")
        or canonicalize(json.loads((p / "info.json").read_text())["url"])
        for p in articles
    }
    assert stored == expected
    assert pages == len(articles)
    # Replaying again changes nothing.
    assert run_cli("replay", str(FIXTURES), "--db", str(db)).returncode == 0
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == len(articles)


def test_a_replay_marks_no_archived_article_gone(site_server: SiteServer, tmp_path: Path) -> None:
    """A replay answers what it has no saved copy of with a 404: replaying a listing into the
    archive a crawl made marked every article it links to gone (HTTP 404), exit 0."""
    db = tmp_path / "crawled.db"
    crawl(site_server, db)
    recorded = run_cli("fixture", "record", site_server.url, "--dir", str(tmp_path / "fx"),
                       "--name", "home", "--kind", "listing")  # fmt: skip
    assert recorded.returncode == 0, recorded.stderr
    result = run_cli("replay", str(tmp_path / "fx"), "--db", str(db))
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(
            site_server.site.articles
        )
        gone = conn.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL")
        assert gone.fetchone()[0] == 0


def test_fixture_record_then_show(site_server: SiteServer, tmp_path: Path) -> None:
    article = site_server.site.articles[3]
    url = site_server.site.url(article.path)
    result = run_cli("fixture", "record", url, "--dir", str(tmp_path), "--name", "rec")
    assert result.returncode == 0, result.stderr
    folder = tmp_path / "rec"
    assert (folder / "body.html").read_bytes().startswith(b"<!DOCTYPE html>")
    info = json.loads((folder / "info.json").read_text())
    assert info["url"] == url
    assert info["status"] == 200
    output = json.loads((folder / "output.json").read_text())
    assert output["headline"] == article.headline
    # Never pinned (the root conftest made each a test of the HTML or the signals' wording).
    assert not {"article_body_html", "comment_count_signals", "fetched_at"} & set(output)
    # Never overwritten.
    again = run_cli("fixture", "record", url, "--dir", str(tmp_path), "--name", "rec")
    assert "never overwritten" in assert_one_line_error(again, 2)
    shown = CliRunner().invoke(main, ["fixture", "show", str(folder)])
    assert json.loads(shown.output)["headline"] == article.headline
    shutil.rmtree(folder)


def test_sites_lists_the_catalogue() -> None:
    result = CliRunner().invoke(main, ["sites"])
    assert result.exit_code == 0
    assert "sample" in result.output


@pytest.mark.parametrize("arg", ["strategies=bogus", "days=abc", "mode=fast"])
def test_bad_spider_argument(arg: str, tmp_path: Path) -> None:
    result = run_cli("crawl", "http://127.0.0.1:9/", "--db", str(tmp_path / "x.db"), "-a", arg)
    assert "bad spider argument" in assert_one_line_error(result, 2)


def test_read_and_maintenance_commands_on_both_databases(
    site_server: SiteServer, db_url: str
) -> None:
    """Every command that reads or rewrites the archive, on SQLite and on PostgreSQL."""
    crawl(site_server, db_url)
    url = site_server.site.url(site_server.site.articles[0].path)
    stats = run_cli("stats", "--db", db_url, "--json")
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["totals"]["articles"] == 36
    for args in (("show", url), ("show", url, "--json"), ("history", url), ("diff", url),
                 ("export", "comment-counts"), ("reextract",), ("db", "upgrade")):  # fmt: skip
        result = run_cli(*args, "--db", db_url)
        assert "Traceback" not in result.stderr, args
        # diff of an article with one revision says so, exit 1
        assert result.returncode == (1 if args[0] == "diff" else 0), (args, result.stderr)


def test_unreachable_postgresql_is_one_line_error() -> None:
    result = run_cli("stats", "--db", "postgresql://news:s3cret@/news?host=/nonexistent-dir")
    line = assert_one_line_error(result, 2)
    assert "s3cret" not in result.stderr
    assert "cannot open database" in line


def documented_commands() -> set[str]:
    """Command paths named in docs/cli.md's table: ``| `export jsonl\\|csv` |`` names
    ``export jsonl`` and ``export csv``; arguments (upper case, brackets) are not names."""
    names = set()
    for line in (REPO / "docs" / "cli.md").read_text(encoding="utf-8").splitlines():
        match = re.match(r"\| `([^`]+)` \|", line)
        if not match:
            continue
        words = match.group(1).split(" ")
        names.add(words[0])
        if len(words) > 1 and words[1][:1].islower():
            names |= {f"{words[0]} {alternative}" for alternative in words[1].split("\\|")}
    return names


def test_docs_cli_md_covers_every_command() -> None:
    assert {name for name, _ in all_commands()} - documented_commands() == set()


def test_output_options_are_spelled_one_way() -> None:
    """Every command with machine-readable output takes --format, and --json / --csv as its
    shorthands; --since always takes a date the same way."""
    for name, command in all_commands():
        options = {opt for param in command.params for opt in getattr(param, "opts", [])}
        if options & {"--json", "--csv", "--format"}:
            assert "--format" in options, name
    runner = CliRunner()
    conflict = runner.invoke(main, ["stats", "--json", "--format", "text"])
    assert conflict.exit_code == 2
    assert "choose one output format" in conflict.output


@pytest.mark.parametrize(
    ("given", "compared"),
    [
        ("2025", "2025"),
        ("2025-03", "2025-03"),
        (" 2025-03-10 ", "2025-03-10"),
        ("20250310", "2025-03-10"),
        ("2025-W11-1", "2025-03-10"),
        ("2025-03-10T23:59", "2025-03-10T23:59:00"),
        ("2025-03-10 23:59", "2025-03-10T23:59:00"),
        ("", None),
    ],
)
def test_filter_dates_are_compared_in_the_stored_spelling(given: str, compared: str) -> None:
    """Stored dates are extended ISO strings compared as text: every spelling ISO 8601 allows
    is turned into that one before it is compared."""
    assert filter_date("--since", given) == compared


@pytest.mark.parametrize("given", ["2025-03-10T00:00:00Z", "2025-03-09T23:00:00-05:00"])
def test_filter_dates_with_a_time_zone_are_refused(given: str) -> None:
    """Compared as text with dates in each site's own time, an offset would name another
    moment: refused, saying why, rather than silently wrong."""
    with pytest.raises(UserError, match="time zone"):
        filter_date("--since", given)


def test_filter_dates_that_are_no_dates_are_refused() -> None:
    for given in ("2025-13-45", "yesterday", "notadate"):
        with pytest.raises(UserError, match="not a date"):
            filter_date("--since", given)


def test_search_limit_default_is_the_one_the_web_ui_counts_on() -> None:
    """The CLI's option is declared without importing the storage layer (SQLAlchemy loads
    only when a command runs); the web UI's "same search" command adds ``--limit`` past it."""
    from newsarchive.storage.search_page import SEARCH_LIMIT

    [limit] = [p for p in main.commands["search"].params if p.name == "limit"]
    assert limit.default == SEARCH_LIMIT


def test_an_argument_that_is_not_utf8_is_bad_input(tmp_path: Path) -> None:
    """Bytes that are no UTF-8 (``$'\\xff'`` in a shell) reach Python as a lone surrogate no
    database takes: one line and exit 2, like any bad input, not 1 ("the run failed")."""
    db = tmp_path / "archive.db"
    assert CliRunner().invoke(main, ["db", "upgrade", "--db", str(db)]).exit_code == 0
    byte = os.fsdecode(b"\xff")
    for args in (["search", byte], ["search", "budget", "--lang", byte],
                 ["export", "jsonl", "--lang", byte]):  # fmt: skip
        result = run_cli(*args, "--db", str(db))
        assert result.returncode == 2, (args, result.stderr)
        assert "not UTF-8" in result.stderr
        assert "Traceback" not in result.stderr
