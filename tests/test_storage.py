"""The write path: dedupe by canonical URL and aliases, revisions only on change, counts only
on change, raw pages content-addressed; two processes writing one archive — on SQLite and on
PostgreSQL (``db_url``)."""

from __future__ import annotations

import json
import multiprocessing
import sqlite3
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import pytest

from newsarchive.errors import UserError
from newsarchive.items import Article, ArticleRecord, RawPage
from newsarchive.storage import Archive, open_engine

from .conftest import sql

URL = "https://site.example/2025/04/12/story/"


def record(
    body: str = "Body text.", count: int | None = 3, url: str = URL, html: bytes = b"<p>x</p>"
) -> ArticleRecord:
    article = Article(
        url=url,
        canonical_url=URL,
        headline="Story",
        article_body=body,
        comment_count=count,
        comment_count_source="theme" if count is not None else None,
        site="site.example",
        fetched_at="2025-04-12T10:00:00+00:00",
        http_status=200,
    )
    raw = RawPage(url=url, status=200, headers={"Content-Type": "text/html"}, body=html,
                  fetched_at="2025-04-12T10:00:00+00:00")  # fmt: skip
    return ArticleRecord(article=article, raw=raw)


def counts(db: str) -> dict[str, int]:
    return {
        table: sql(db, f"SELECT COUNT(*) FROM {table}")[0][0]
        for table in (
            "articles",
            "article_urls",
            "revisions",
            "comment_counts",
            "pages",
            "blobs",
        )
    }


def test_dedupe_revisions_and_counts(db_url: str) -> None:
    db = db_url
    archive = Archive(open_engine(db))
    first = archive.store([record(), record(url=URL + "?utm_source=x")])
    assert (first.articles_new, first.revisions_new, first.comment_counts_new) == (1, 0, 1)
    again = archive.store([record()])
    assert (again.articles_new, again.revisions_new, again.comment_counts_new) == (0, 0, 0)
    # Whitespace-only differences are not a new revision.
    archive.store([record(body="Body   text.\n")])
    assert counts(db)["revisions"] == 1
    edited = archive.store([record(body="Body text, corrected.")])
    assert edited.revisions_new == 1
    recount = archive.store([record(body="Body text, corrected.", count=4)])
    assert (recount.comment_counts_new, recount.revisions_new) == (1, 0)
    # No count shown: no observation, nothing erased.
    archive.store([record(body="Body text, corrected.", count=None)])
    assert counts(db) == {"articles": 1, "article_urls": 1, "revisions": 2,
                          "comment_counts": 2, "pages": 7, "blobs": 1}  # fmt: skip


def test_an_older_capture_gives_no_revision_and_a_future_last_seen_holds_nothing(
    db_url: str,
) -> None:
    """A reading fetched before the archive last saw its article (a WARC made earlier) keeps
    its page and gives no revision; but a last visit dated in the future (a clock ahead)
    must not make every later fetch "older" for ever."""
    archive = Archive(open_engine(db_url))
    archive.store([record()])  # fetched 2025-04-12T10:00
    earlier = record(body="An earlier text.")
    earlier.article = replace(earlier.article, fetched_at="2025-04-11T10:00:00+00:00")
    held = archive.store([earlier])
    assert (held.held, held.revisions_new, held.pages) == (1, 0, 1)
    ahead = record(body="Seen by a clock running ahead.")
    ahead.article = replace(ahead.article, fetched_at="2099-01-01T00:00:00+00:00")
    assert archive.store([ahead]).revisions_new == 1
    today = record(body="Today's text.")
    today.article = replace(today.article, fetched_at=datetime.now(UTC).isoformat())
    assert archive.store([today]).revisions_new == 1


def test_raw_page_bytes_are_kept_exactly(db_url: str) -> None:
    page = "<html><body><p>Café à Rabat</p></body></html>".encode("cp1252")
    archive = Archive(open_engine(db_url))
    archive.store([record(html=page)])
    [(sha, size)] = sql(db_url, "SELECT sha256, size FROM blobs")
    assert archive.raw_body(sha) == page
    assert size == len(page)


def test_site_dictionary_is_trained_and_pages_shrink(db_url: str) -> None:
    """After TRAIN_AFTER pages of a site, a zstd dictionary holds the shared theme."""
    from newsarchive.storage.blobs import TRAIN_AFTER
    from newsarchive.testing import NewsSite

    site = NewsSite(n_articles=TRAIN_AFTER + 20)
    archive = Archive(open_engine(db_url))
    pages = {}
    for i, article in enumerate(site.articles):
        body = site.render_article(article).encode()
        rec = record(url=f"https://site.example/{i}/", html=body, body=f"Body {i}.")
        rec.article = replace(rec.article, canonical_url=f"https://site.example/{i}/")
        archive.store([rec])
        pages[i] = body
    assert sql(db_url, "SELECT COUNT(*) FROM dictionaries") == [(1,)]
    kinds = dict(sql(db_url, "SELECT compression, COUNT(*) FROM blobs GROUP BY 1"))
    [stored] = sql(db_url, "SELECT SUM(LENGTH(data)), SUM(size) FROM blobs")
    shas = [s for (s,) in sql(db_url, "SELECT body_sha256 FROM pages ORDER BY id")]
    # Everything but the page stored while the dictionary was being trained uses it.
    assert kinds.get("zstd-dict", 0) >= len(pages) - 1
    assert stored[0] * 8 < stored[1]  # far better than the ~4x of page-by-page compression
    assert [archive.raw_body(s) for s in shas] == [pages[i] for i in range(len(pages))]


def test_dictionary_of_large_pages_is_trained_on_their_ends_and_pages_stay_whole(
    db_url: str,
) -> None:
    """Pages larger than both theme ends together (a 270 KB real page is the norm): the
    dictionary is trained on their ends, and every page, the ones recompressed with it
    included, still reads back byte for byte, its middle too."""
    from newsarchive.storage.blobs import THEME_END, TRAIN_AFTER, theme_sample
    from newsarchive.testing import NewsSite

    site = NewsSite(n_articles=TRAIN_AFTER + 4)
    archive = Archive(open_engine(db_url))
    pages = []
    for i, article in enumerate(site.articles):
        page = site.render_article(article).encode()
        story = " ".join(f"word{i}-{n}" for n in range(THEME_END // 4)).encode()
        page = page.replace(b"<article", b"<p>" + story + b"</p><article", 1)
        assert len(page) > 2 * THEME_END
        rec = record(url=f"https://site.example/{i}/", html=page, body=f"Body {i}.")
        rec.article = replace(rec.article, canonical_url=f"https://site.example/{i}/")
        archive.store([rec])
        pages.append(page)
    assert sql(db_url, "SELECT COUNT(*) FROM dictionaries") == [(1,)]
    assert dict(sql(db_url, "SELECT compression, COUNT(*) FROM blobs GROUP BY 1"))["zstd-dict"]
    shas = [s for (s,) in sql(db_url, "SELECT body_sha256 FROM pages ORDER BY id")]
    assert [archive.raw_body(s) for s in shas] == pages
    sample = theme_sample(pages[0])
    assert sample == pages[0][:THEME_END] + pages[0][-THEME_END:]
    assert theme_sample(b"<html>small</html>") == b"<html>small</html>"


def test_alias_urls_find_the_same_article(db_url: str) -> None:
    archive = Archive(open_engine(db_url))
    archive.store([record(url="https://site.example/?p=12")])
    other = record(url="https://site.example/?p=12")
    other.article = replace(other.article, canonical_url="https://site.example/2025/04/12/story/")
    result = archive.store([other])
    assert result.articles_new == 0


def latest_revision(db: str) -> tuple[str, str]:
    """``(url, body)`` of the newest revision of the one article."""
    return sql(db, "SELECT url, article_body FROM revisions ORDER BY id DESC LIMIT 1")[0]


def test_a_page_claiming_an_archived_storys_url_does_not_rewrite_the_story(db_url: str) -> None:
    """Any page of a site can declare another page's URL canonical: a hostile one made its
    text the archived story's newest revision (and the real page's 304 then kept it). Once
    the story was fetched at its own URL, a page elsewhere claiming it keeps its raw page and
    joins the story's URLs, and its readings stay out of the revisions and counts."""
    archive = Archive(open_engine(db_url))
    archive.store([record(body="The real story.", count=3)])
    elsewhere = "https://site.example/2025/04/13/copy/"
    claim = archive.store([record(body="HIJACKED.", count=99, url=elsewhere)])
    assert (claim.articles_new, claim.revisions_new, claim.held, claim.pages) == (0, 0, 1, 1)
    assert latest_revision(db_url) == (URL, "The real story.")
    assert sql(db_url, "SELECT count FROM comment_counts") == [(3,)]
    assert (elsewhere,) in sql(db_url, "SELECT url FROM article_urls")
    # An article first read from an alias is read again from its own URL as usual.
    alias_first = "https://site.example/?p=7"
    canonical = "https://site.example/2025/04/14/other/"
    first = record(body="From the alias.", url=alias_first)
    first.article = replace(first.article, canonical_url=canonical)
    archive.store([first])
    own = record(body="From its own URL.", url=canonical)
    own.article = replace(own.article, canonical_url=canonical)
    assert archive.store([own]).revisions_new == 1


def test_an_empty_reading_does_not_replace_the_archived_text(db_url: str) -> None:
    """A 200 with an empty body (or nothing a reader finds an article in) made every
    archived article's newest revision empty: the raw page is kept, the text too, and a
    later reading with a body is a revision as usual; re-extraction holds to the same rule."""
    archive = Archive(open_engine(db_url))
    archive.store([record(body="Archived text.")])
    empty = archive.store([record(body="", html=b"")])
    assert (empty.revisions_new, empty.held, empty.pages) == (0, 1, 1)
    assert latest_revision(db_url) == (URL, "Archived text.")
    [(article_id,)] = sql(db_url, "SELECT id FROM articles")
    held = archive.revise([(article_id, record(body="  ").article)], seen_at="2025-04-13")
    assert (held.revised, held.reread) == (0, 0)
    assert archive.store([record(body="Edited text.")]).revisions_new == 1
    assert latest_revision(db_url) == (URL, "Edited text.")


def test_a_re_extraction_rereads_descriptive_fields_in_place(db_url: str) -> None:
    """Same content, another reading of the language and the tags: the newest revision takes
    it (no new revision); the same reading again changes nothing — lists compared as JSON,
    which PostgreSQL's JSONB gives back in its own spacing."""
    archive = Archive(open_engine(db_url))
    archive.store([record()])
    [(article_id,)] = sql(db_url, "SELECT id FROM articles")
    better = replace(record().article, in_language="fr", tags=["Économie", "Maroc"])
    done = archive.revise([(article_id, better)], seen_at="2025-04-13")
    assert (done.revised, done.reread) == (0, 1)
    assert sql(db_url, "SELECT COUNT(*) FROM revisions")[0][0] == 1
    [(language, tags)] = sql(db_url, "SELECT in_language, tags FROM revisions")
    assert language == "fr"
    assert json.loads(tags) == ["Économie", "Maroc"]
    again = archive.revise([(article_id, better)], seen_at="2025-04-14")
    assert (again.revised, again.reread) == (0, 0)
    edited = archive.revise([(article_id, replace(better, article_body="Edited."))], seen_at="x")
    assert (edited.revised, edited.reread) == (1, 0)


def _writer(db: str, worker: int, n: int) -> None:
    archive = Archive(open_engine(db))
    for batch in range(n):
        recs = []
        for i in range(10):
            url = f"https://site.example/{(batch * 10 + i) % 40}/"
            rec = record(body=f"Body {worker}-{batch}-{i}", url=url)
            rec.article = replace(rec.article, canonical_url=url)
            recs.append(rec)
        archive.store(recs)


@pytest.mark.parametrize("writers", [2, 4])
def test_processes_share_one_database(db_url: str, writers: int) -> None:
    """Writers storing the same 40 articles at once: one row each, one revision per distinct
    body, no duplicate alias, blob or count (PostgreSQL: real concurrency, ON CONFLICT)."""
    open_engine(db_url).dispose()
    ctx = multiprocessing.get_context("spawn")
    procs = [ctx.Process(target=_writer, args=(db_url, w, 8)) for w in range(writers)]
    for p in procs:
        p.start()
    for p in procs:
        p.join(120)
    assert [p.exitcode for p in procs] == [0] * writers
    assert sql(db_url, "SELECT COUNT(*) FROM articles") == [(40,)]
    assert sql(db_url, "SELECT COUNT(*) FROM article_urls") == [(40,)]
    for table, key in (("articles", "canonical_url"), ("article_urls", "url"),
                       ("revisions", "article_id, fingerprint")):  # fmt: skip
        dupes = sql(db_url, f"SELECT COUNT(*) FROM (SELECT {key} FROM {table} GROUP BY {key} "
                            "HAVING COUNT(*) > 1) d")  # fmt: skip
        assert dupes == [(0,)], table
    # Each article's revisions alternate bodies: never the same fingerprint twice in a row.
    fingerprints = sql(db_url, "SELECT article_id, fingerprint FROM revisions ORDER BY id")
    last: dict[int, str] = {}
    for article_id, digest in fingerprints:
        assert last.get(article_id) != digest
        last[article_id] = digest
    if db_url.startswith("sqlite"):
        path = db_url.removeprefix("sqlite:///")
        with sqlite3.connect(path) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


@pytest.mark.parametrize(
    ("target", "message"),
    [
        ("/nonexistent-dir/x.db", "does not exist"),
        ("sqlite:///", None),
        ("nosuchdialect://x", "cannot use database"),
    ],
)
def test_unusable_database_is_a_user_error(target: str, message: str | None) -> None:
    if message is None:
        open_engine(target).dispose()  # in-memory: fine
        return
    with pytest.raises(UserError, match=message):
        open_engine(target)


def test_not_a_database_file_is_left_untouched(tmp_path: Path) -> None:
    bogus = tmp_path / "notes.db"
    bogus.write_bytes(b"these are my notes, not a database" * 100)
    before = bogus.read_bytes()
    with pytest.raises(UserError, match="not a database"):
        open_engine(str(bogus))
    assert bogus.read_bytes() == before
