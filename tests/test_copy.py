"""``newsarchive db copy``: SQLite into PostgreSQL and back, every table, blob and dictionary,
verified; the exports of the three archives are identical."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from newsarchive.storage import Archive, open_engine
from newsarchive.storage.blobs import TRAIN_AFTER
from newsarchive.testing import NewsSite

from .conftest import run_cli, sql
from .test_storage import record


def build(db: str, n: int) -> None:
    """An archive of ``n`` pages of one site: enough for its zstd dictionary."""
    site = NewsSite(n_articles=n)
    archive = Archive(open_engine(db))
    for i, article in enumerate(site.articles):
        rec = record(url=f"https://site.example/{i}/", html=site.render_article(article).encode(),
                     body=" ".join(article.paragraphs), count=i % 5)  # fmt: skip
        rec.article = replace(rec.article, canonical_url=f"https://site.example/{i}/",
                              headline=article.headline, in_language=article.lang,
                              authors=["Nadia B.", "Karim"], tags=["société"])  # fmt: skip
        archive.store([rec])
    archive.engine.dispose()


def exports(db: str) -> list[str]:
    outputs = []
    for args in (("export", "jsonl", "--all-revisions"), ("export", "comment-counts")):
        result = run_cli(*args, "--db", db)
        assert result.returncode == 0, result.stderr
        outputs.append(result.stdout)
    return outputs


def test_sqlite_to_postgresql_and_back(tmp_path: Path, pg_url: str) -> None:
    original = f"sqlite:///{tmp_path / 'original.db'}"
    back = f"sqlite:///{tmp_path / 'back.db'}"
    build(original, TRAIN_AFTER + 16)
    assert sql(original, "SELECT COUNT(*) FROM dictionaries") == [(1,)]

    there = run_cli("db", "copy", original, pg_url)
    assert there.returncode == 0, there.stderr
    assert "blobs 80" in there.stdout
    assert "counts and checksums match" in there.stdout
    again = run_cli("db", "copy", original, pg_url)  # a non-empty destination is refused
    assert again.returncode == 2
    assert "already holds an archive" in again.stderr
    assert "Traceback" not in again.stderr
    assert run_cli("db", "copy", original, pg_url, "--force").returncode == 0
    home = run_cli("db", "copy", pg_url, back)
    assert home.returncode == 0, home.stderr

    assert exports(original) == exports(pg_url) == exports(back)
    # Raw pages read back through their dictionary; search works on both copies.
    for db in (pg_url, back):
        archive = Archive(open_engine(db))
        shas = [s for (s,) in sql(db, "SELECT sha256 FROM blobs WHERE compression = 'zstd-dict'")]
        assert len(shas) >= TRAIN_AFTER
        assert all(archive.raw_body(s) for s in shas)
        # New rows get new ids (PostgreSQL's sequences were moved past the copied ids).
        rec = record(url="https://site.example/new/")
        rec.article = replace(rec.article, canonical_url="https://site.example/new/")
        assert archive.store([rec]).articles_new == 1
        archive.engine.dispose()
    headline = sql(original, "SELECT headline FROM revisions WHERE id = 3")[0][0]
    word = max(headline.split(), key=len)
    for db in (pg_url, back):
        found = run_cli("search", word, "--db", db, "--json")
        assert found.returncode == 0, found.stderr
        assert '"revision_id": 3' in found.stdout.replace('"revision_id":3', '"revision_id": 3')


def test_copy_refusals(tmp_path: Path) -> None:
    missing = run_cli("db", "copy", str(tmp_path / "none.db"), str(tmp_path / "b.db"))
    assert missing.returncode == 2
    assert "no archive at" in missing.stderr
    same = run_cli("db", "copy", str(tmp_path / "a.db"), f"sqlite:///{tmp_path / 'a.db'}")
    assert same.returncode == 2
    assert "the same database" in same.stderr
