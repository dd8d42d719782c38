"""Comment counts over time on the loopback site: the REST API, the refresh mode, the series."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

from newsarchive.testing import SiteServer

from .conftest import count_series, crawl, run_cli, stored_counts


def counts_by_source(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return dict(conn.execute("SELECT source, COUNT(*) FROM comment_counts GROUP BY 1"))


def test_rest_api_counts_are_exact_and_three_states_hold(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "api.db"
    crawl(site_server, db, "-a", "wp_api=1")
    site = site_server.site
    assert any("/wp-json/wp/v2/comments?post=" in h for h in site_server.hits)
    stored = stored_counts(db)
    with sqlite3.connect(db) as conn:
        post_ids = dict(conn.execute("SELECT canonical_url, wp_post_id FROM articles"))
    for article in site.articles:
        url = site.url(article.path)
        assert post_ids[url] == article.id
        # Closed comments stay None even though the API answers 0 for them.
        assert stored[url] == (article.comment_count if article.comments_open else None)
    assert set(counts_by_source(db)) == {"api"}


def test_rest_api_refused_keeps_the_page_count(site_server: SiteServer, tmp_path: Path) -> None:
    site_server.site.rest_api = False  # 401, as on sites that lock the API down
    db = tmp_path / "noapi.db"
    crawl(site_server, db, "-a", "wp_api=1")
    sources = counts_by_source(db)
    assert "api" not in sources
    assert sum(sources.values()) == sum(a.comments_open for a in site_server.site.articles)


def test_refresh_uses_feed_then_api_and_skips_pages(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "refresh.db"
    site = site_server.site
    crawl(site_server, db)
    before = sum(counts_by_source(db).values())
    in_feed = site.articles[0]  # newest: in the feed
    not_in_feed = next(a for a in site.articles[12:] if a.comments_open)
    site.add_comment(0)
    site.add_comment(site.articles.index(not_in_feed))

    # Feed only: the feed answers for the newest articles, the rest are downloaded again.
    site_server.hits.clear()
    crawl(site_server, db, "--days", "100000", command="refresh")
    assert in_feed.path not in site_server.hits
    assert not_in_feed.path in site_server.hits
    assert count_series(db, in_feed.path)[-1] == (in_feed.comment_count, "feed")
    assert count_series(db, not_in_feed.path)[-1][0] == not_in_feed.comment_count
    assert sum(counts_by_source(db).values()) == before + 2

    # Feed + REST API: no article page is downloaded at all.
    site.add_comment(site.articles.index(not_in_feed))
    site_server.hits.clear()
    crawl(site_server, db, "--days", "100000", "-a", "wp_api=1", command="refresh")
    assert not [h for h in site_server.hits if h in {a.path for a in site.articles}]
    assert count_series(db, not_in_feed.path)[-1] == (not_in_feed.comment_count, "api")
    assert sum(counts_by_source(db).values()) == before + 3

    # Unchanged counts add no rows; the window excludes old articles.
    crawl(site_server, db, "--days", "100000", "-a", "wp_api=1", command="refresh")
    assert sum(counts_by_source(db).values()) == before + 3
    site_server.hits.clear()
    crawl(site_server, db, "--days", "1", command="refresh")  # the sample site is from 2025
    assert site_server.hits in ([], ["/robots.txt"])


def test_show_and_export_give_the_series(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "series.db"
    site = site_server.site
    target = next(i for i, a in enumerate(site.articles) if a.comments_open)
    crawl(site_server, db)
    site.add_comment(target)
    crawl(site_server, db, "--full")  # a comment moves no lastmod; the article is from 2025
    url = site.url(site.articles[target].path)
    shown = json.loads(run_cli("show", url, "--db", str(db), "--json").stdout)
    counts = [c["count"] for c in shown["comment_counts"]]
    assert counts == [site.articles[target].comment_count - 1, site.articles[target].comment_count]
    exported = run_cli("export", "comment-counts", "--db", str(db), "--format", "csv")
    assert exported.returncode == 0, exported.stderr
    rows = [r for r in csv.DictReader(io.StringIO(exported.stdout)) if r["canonical_url"] == url]
    assert [int(r["count"]) for r in rows] == counts
    assert all(r["first_seen"] and r["last_seen"] and r["source"] for r in rows)
    jsonl = run_cli("export", "comment-counts", "--db", str(db), "--format", "jsonl")
    lines = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(lines) == sum(1 for a in site.articles if a.comments_open) + 1
