"""Real crawls of the loopback sample site through the CLI: dedupe, revisions, comment-count
history, and the Scrapy project entry point."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

from newsarchive.testing import SiteServer

from .conftest import REPO, count_series, crawl, run_cli, sql, stored_counts


def table_counts(db: Path) -> dict[str, int]:
    with sqlite3.connect(db) as conn:
        return {
            t: conn.execute(f"SELECT COUNT(*) FROM {t}").fetchone()[0]
            for t in ("articles", "article_urls", "revisions", "comment_counts", "crawls")
        }


def test_crawl_recrawl_edit_and_comment_change(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "archive.db"
    site = site_server.site
    n = len(site.articles)

    stats = crawl(site_server, db)
    counts = table_counts(db)
    assert counts["articles"] == n  # every article once, utm-tagged duplicates included
    assert counts["revisions"] == n
    with sqlite3.connect(db) as conn:
        urls = [u for (u,) in conn.execute("SELECT canonical_url FROM articles")]
        assert not [u for u in urls if "utm_" in u]
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Each article has headline and body; a count or an explicit None.
        rows = conn.execute("SELECT r.headline, r.article_body FROM revisions r").fetchall()
        assert all(h and b for h, b in rows)
    # Utm-tagged links were canonicalized before fetching: no article fetched twice.
    article_hits = [h for h in site_server.hits if "/20" in h and "/feed" not in h]
    assert len(article_hits) == len(set(article_hits)) == n
    assert stats["newsarchive/articles_new"] == n
    assert (
        stats.get("newsarchive/discovered/sitemap", 0)
        + stats.get("newsarchive/discovered/listing", 0)
        > 0
    )

    # Crawl again, nothing changed: no new revision, no new comment-count row.
    stats = crawl(site_server, db)
    assert table_counts(db)["revisions"] == n
    assert table_counts(db)["comment_counts"] == counts["comment_counts"]
    assert stats.get("newsarchive/revisions_new", 0) == 0

    # Edit one article's body: exactly one new revision, for that article.
    edited = site.edit_body(5, "Mise à jour : le ministère a publié un démenti dans la soirée.")
    crawl(site_server, db)
    assert table_counts(db)["revisions"] == n + 1
    with sqlite3.connect(db) as conn:
        (article_id, revs) = conn.execute(
            "SELECT article_id, COUNT(*) FROM revisions GROUP BY article_id HAVING COUNT(*) > 1"
        ).fetchone()
        url = conn.execute(
            "SELECT canonical_url FROM articles WHERE id = ?", (article_id,)
        ).fetchone()[0]
        latest = conn.execute(
            "SELECT article_body FROM revisions WHERE article_id = ? ORDER BY id DESC LIMIT 1",
            (article_id,),
        ).fetchone()[0]
    assert revs == 2
    assert url.endswith(edited.path)
    assert latest.endswith("un démenti dans la soirée.")

    # A new comment on one article: exactly one new observation, and no revision.
    target = next(i for i, a in enumerate(site.articles) if a.comments_open and i != 5)
    before = site.articles[target].comment_count
    site.add_comment(target)
    crawl(site_server, db, "--full")  # a comment moves no lastmod; the article is from 2025
    after = table_counts(db)
    assert after["comment_counts"] == counts["comment_counts"] + 1
    assert after["revisions"] == n + 1
    series = count_series(db, site.articles[target].path)
    assert [c for c, _ in series] == [before, before + 1]
    assert after["crawls"] == 4


def test_comment_counts_match_the_site(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "counts.db"
    crawl(site_server, db)
    stored = stored_counts(db)
    for article in site_server.site.articles:
        expected = article.comment_count if article.comments_open else None
        assert stored[site_server.site.url(article.path)] == expected, article.path


def test_robots_txt_is_obeyed(site_server: SiteServer, tmp_path: Path) -> None:
    crawl(site_server, tmp_path / "robots.db")
    assert "/robots.txt" in site_server.hits
    assert not [h for h in site_server.hits if h.startswith("/wp-admin/")]


def test_sitemap_lastmod_skips_unchanged_articles_but_not_recent_ones(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """The sample site's articles are from March 2025: old, so a re-crawl trusts the sitemap's
    <lastmod> and asks for none of them — except the one edited since (its lastmod moved), and
    all of them when the recent window covers them (comment counts move without lastmod)."""
    db = tmp_path / "lastmod.db"
    site = site_server.site
    n = len(site.articles)
    sitemap_only = ("-a", "strategies=sitemap")
    crawl(site_server, db, *sitemap_only)
    before = len(site_server.hits)
    stats = crawl(site_server, db, *sitemap_only)
    assert stats["newsarchive/skipped/unchanged"] == n
    assert not [h for h in site_server.hits[before:] if site.by_path(h)]  # 0 article requests
    edited = site.edit_body(5, "Mise à jour : la séance a été reportée.")
    before = len(site_server.hits)
    stats = crawl(site_server, db, *sitemap_only)
    assert stats["newsarchive/skipped/unchanged"] == n - 1
    assert [h for h in site_server.hits[before:] if site.by_path(h)] == [edited.path]
    assert stats["newsarchive/revisions_new"] == 1
    # Everything "recent" (a window reaching back to 2025): all asked again, answered 304.
    stats = crawl(site_server, db, *sitemap_only, "-a", "days=100000")
    assert stats.get("newsarchive/skipped/unchanged", 0) == 0
    assert stats["newsarchive/not_modified"] == n


def test_a_recrawl_asks_nothing_of_old_articles_its_listings_name_again(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """Listings, read before the sitemap, say nothing of an article's changes: a re-crawl of
    the unchanged site asked every old article they name again (37 of 40, all 304). An old
    article seen within the day now waits for a source that dates it — an edit the sitemap
    dates is fetched the same day — or for the next day's crawl."""
    db = tmp_path / "again.db"
    site = site_server.site
    crawl(site_server, db)
    before = len(site_server.hits)
    stats = crawl(site_server, db)
    assert not [h for h in site_server.hits[before:] if site.by_path(h)]
    assert stats.get("newsarchive/not_modified", 0) == 0
    skipped = [stats.get(f"newsarchive/skipped/{k}", 0) for k in ("not_due", "unchanged")]
    assert sum(skipped) == len(site.articles)  # one outcome each, a listing's and sitemap's
    edited = site.edit_body(3, "Rectificatif : la réunion a lieu jeudi, non mercredi.")
    before = len(site_server.hits)
    stats = crawl(site_server, db)
    assert [h for h in site_server.hits[before:] if site.by_path(h)] == [edited.path]
    assert stats["newsarchive/revisions_new"] == 1


def test_sitemaps_are_read_within_their_caps_and_the_next_crawl_goes_on(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """A sitemap index listing a further index on every page never ends, and one gzipped
    sitemap within the size limit held 760,000 URLs (2.7 GB queued, no article fetched in
    the hour): a crawl reads at most NEWSARCHIVE_MAX_SITEMAPS documents and takes at most
    NEWSARCHIVE_MAX_SITEMAP_URLS article requests from them; the next crawl takes the next
    ones, those archived and unchanged making no request."""
    from newsarchive.testing.site import Canned

    site = site_server.site
    n = len(site.articles)
    db = tmp_path / "capped.db"
    sitemap_only = ("-a", "strategies=sitemap", "-s", "NEWSARCHIVE_MAX_SITEMAP_URLS=10")
    first = crawl(site_server, db, *sitemap_only)
    assert first["newsarchive/articles_new"] == 10
    assert first["newsarchive/skipped/sitemap_cap"] == n - 10
    second = crawl(site_server, db, *sitemap_only)
    assert second["newsarchive/articles_new"] == 10
    assert second["newsarchive/skipped/unchanged"] == 10 < n
    # An index that goes on forever: three documents read, the fourth left.
    xml = {"Content-Type": "application/xml"}
    for k in range(1, 50):
        entry = f"<sitemap><loc>{site.url(f'/endless-{k + 1}.xml')}</loc></sitemap>"
        site.canned[f"/endless-{k}.xml"] = Canned(headers=xml, body=(
            '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/'
            f'0.9">{entry}</sitemapindex>').encode())  # fmt: skip
    site.canned["/robots.txt"] = Canned(body=f"Sitemap: {site.url('/endless-1.xml')}\n".encode())
    before = len(site_server.hits)
    endless = crawl(site_server, tmp_path / "endless.db", "-a", "strategies=sitemap",
                    "-s", "NEWSARCHIVE_MAX_SITEMAPS=3")  # fmt: skip
    assert endless["newsarchive/sitemaps"] == 3
    assert len([h for h in site_server.hits[before:] if "endless" in h]) <= 4


def test_an_article_url_answering_with_no_html_gets_an_outcome(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """A PDF where an article was: it stayed ``pending`` in a finished crawl, with no outcome,
    and was asked again at every crawl."""
    from newsarchive.testing.site import Canned

    site = site_server.site
    pdf = site.articles[3].path
    site.canned[pdf] = Canned(headers={"Content-Type": "application/pdf"}, body=b"%PDF-1.4 x")
    db = tmp_path / "pdf.db"
    stats = crawl(site_server, db)
    assert stats["newsarchive/not_html"] == 1
    outcomes = dict(sql(db, "SELECT outcome, COUNT(*) FROM frontier GROUP BY outcome"))
    assert outcomes.get("skipped:not_html") == 1
    assert "pending" not in outcomes


def test_recent_articles_are_revisited_on_a_slowing_schedule(tmp_path: Path) -> None:
    """A live site (articles from the last 14 days): the next crawl asks again only for the
    articles under two days old; older recent ones wait 6 hours (under a week) or a day —
    unless the sitemap says they changed."""
    from datetime import UTC, datetime, timedelta

    from newsarchive.testing import NewsSite

    site = NewsSite(n_articles=36, start=datetime.now(UTC) - timedelta(days=14))
    now = datetime.now(UTC)
    fresh = {a.path for a in site.articles if now - a.published < timedelta(days=2)}
    assert 0 < len(fresh) < len(site.articles)
    db = tmp_path / "live.db"
    with SiteServer(site) as server:
        crawl(server, db, "-a", "strategies=sitemap")
        server.hit_times.clear()
        stats = crawl(server, db, "-a", "strategies=sitemap")
        asked = {p for _, p in server.hit_times if site.by_path(p)}
        assert asked == fresh
        assert stats["newsarchive/skipped/not_due"] == len(site.articles) - len(fresh)
        edited = next(a for a in site.articles if timedelta(days=3) < now - a.published)
        site.edit_body(site.articles.index(edited), "Correction : le bilan a été revu.")
        server.hit_times.clear()
        stats = crawl(server, db, "-a", "strategies=sitemap")
        assert {p for _, p in server.hit_times if site.by_path(p)} == fresh | {edited.path}
        assert stats["newsarchive/revisions_new"] == 1


def test_date_window_and_newest_first(site_server: SiteServer, tmp_path: Path) -> None:
    site = site_server.site
    db = tmp_path / "window.db"
    stats = crawl(site_server, db, "--since", "2025-03-05", "--until", "2025-03-09")
    inside = {site.url(a.path) for a in site.articles
              if "2025-03-05" <= a.published.date().isoformat() < "2025-03-09"}  # fmt: skip
    with sqlite3.connect(db) as conn:
        stored = {u for (u,) in conn.execute("SELECT canonical_url FROM articles")}
    assert stored == inside
    assert 0 < len(inside) < len(site.articles)
    assert stats["newsarchive/skipped/out_of_window"] == len(site.articles) - len(inside)
    # Out-of-window articles were judged by their URL date: never fetched.
    fetched = {site.url(h) for h in site_server.hits if site.by_path(h)}
    assert fetched == inside

    def fetch_days(*args: str) -> list[str]:
        site_server.hit_times.clear()
        crawl(site_server, tmp_path / f"order{len(args)}.db", "-a", "strategies=sitemap",
              "-s", "CONCURRENT_REQUESTS=1", *args)  # fmt: skip
        return [site.by_path(p).published.date().isoformat()
                for _, p in site_server.hit_times if site.by_path(p)]  # fmt: skip

    newest_first = fetch_days()
    assert newest_first == sorted(newest_first, reverse=True)
    as_found = fetch_days("--order", "site")  # Scrapy's own order (LIFO per priority)
    assert as_found != newest_first


def test_bad_date_window_is_a_usage_error(site_server: SiteServer, tmp_path: Path) -> None:
    result = run_cli("crawl", site_server.url, "--db", str(tmp_path / "x.db"), "--since", "soon")
    assert result.returncode == 2
    assert "since must be a date like 2025-03-01, not 'soon'" in result.stderr
    result = run_cli("crawl", site_server.url, "--db", str(tmp_path / "x.db"),
                     "--since", "2025-03-09", "--until", "2025-03-01")  # fmt: skip
    assert result.returncode == 2
    assert "must be before until" in result.stderr
    assert not site_server.hits


def test_scrapy_crawl_from_the_project_root(site_server: SiteServer, tmp_path: Path) -> None:
    import os
    import subprocess
    import sys

    db = tmp_path / "scrapy.db"
    env = {**os.environ, "NEWSARCHIVE_DB_URL": f"sqlite:///{db}"}
    result = subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sample", "-a", f"url={site_server.url}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False", "-s", "LOG_LEVEL=WARNING"],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert table_counts(db)["articles"] == len(site_server.site.articles)
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT name FROM sites").fetchone()[0] == "sample"


def test_recrawl_of_an_unchanged_site_is_answered_by_304(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "cond.db"
    n = len(site_server.site.articles)
    crawl(site_server, db)
    # Times are stored to the second, and the in-process crawls below can all end within
    # the second the first one fetched its last pages: then a 304's last_seen equals the
    # first_seen it replaced, and the last assertion cannot tell it was written.
    time.sleep(1.05)
    stats = crawl(site_server, db, "--full")  # ask for every article, sitemap or not
    assert stats["newsarchive/not_modified"] == n
    assert stats.get("newsarchive/pages", 0) == 0  # no page downloaded, parsed or stored
    assert table_counts(db)["revisions"] == n
    # An edited article is downloaded again (its ETag changed) and makes one revision.
    site_server.site.edit_body(2, "Correction : le chiffre exact est de 12 %.")
    stats = crawl(site_server, db, "--full")
    assert stats["newsarchive/not_modified"] == n - 1
    assert stats["newsarchive/revisions_new"] == 1
    with sqlite3.connect(db) as conn:
        seen = conn.execute(
            "SELECT COUNT(*) FROM articles WHERE last_seen = first_seen"
        ).fetchone()[0]
    assert seen == 0  # 304s still move last_seen
