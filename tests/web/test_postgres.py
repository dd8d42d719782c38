"""The web UI on a PostgreSQL archive: read-only sessions, search with highlights, the pages.

The archive is crawled for real from the loopback sample site into a fresh database; the rest
of the web tests run on the SQLite demo archive."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from sqlalchemy.exc import InternalError

from newsarchive.errors import UserError
from newsarchive.storage.readonly import open_readonly
from newsarchive.storage.search import Filters
from newsarchive.storage.search_page import search
from newsarchive.testing import NewsSite, SiteServer
from newsarchive.web import create_app

from ..conftest import crawl, sql
from .asgi import Client
from .test_pages import count_of


@dataclass(frozen=True)
class PgArchive:
    url: str
    site: NewsSite
    client: Client


@pytest.fixture
def pg_archive(pg_url: str) -> Iterator[PgArchive]:
    with SiteServer(NewsSite(n_articles=12)) as server:
        site = server.site
        site.article(1).paragraphs.append("Le ministère a publié un démenti officiel jeudi.")
        crawl(server, pg_url)
    engine = open_readonly(pg_url)
    yield PgArchive(pg_url, site, Client(create_app(engine)))
    engine.dispose()


def test_pages_search_and_read_only_sessions(pg_archive: PgArchive) -> None:
    client = pg_archive.client
    # Writes are refused by the server itself (default_transaction_read_only).
    engine = open_readonly(pg_archive.url)
    with pytest.raises(InternalError, match="read-only transaction"), engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
    engine.dispose()

    assert "12 articles" in re.sub(r"<[^>]+>", " ", client.get("/").text)
    page = client.get("/search", params={"q": "dementi"})  # accents do not matter
    assert page.status_code == 200, page.text
    assert "<strong>1</strong> article matches" in page.text
    assert "<mark>démenti</mark>" in page.text
    article_id = sql(pg_archive.url, "SELECT id FROM articles WHERE canonical_url = :u",
                     u=pg_archive.site.url(pg_archive.site.article(1).path))[0][0]  # fmt: skip
    assert f'href="/article/{article_id}?rev=1"' in page.text
    for path in (f"/article/{article_id}", "/crawls", "/crawls/1", f"/replay/{article_id}"):
        assert client.get(path).status_code == 200, path
    # "oeuvre" finds "œuvre" here too (unaccent folds the ligature).
    typed = client.get("/search", params={"q": "oeuvre"}).text
    assert count_of(typed) == count_of(client.get("/search", params={"q": "œuvre"}).text) > 0
    arabic = client.get("/search", params={"q": "المغرب", "lang": "ar"}).text
    assert "· ar" in arabic
    assert "· fr-FR" not in arabic

    # The download holds what the CLI's search prints.
    engine = open_readonly(pg_archive.url)
    expected = search(engine, "budget", Filters(), limit=10_000)
    engine.dispose()
    assert expected
    rows = [json.loads(line) for line in
            client.get("/search/export.jsonl", params={"q": "budget"}).text.splitlines()]  # fmt: skip
    assert [r["revision_id"] for r in rows] == [e["revision_id"] for e in expected]
    assert "[budget]" in rows[0]["snippet"].lower()
    table = list(csv.DictReader(io.StringIO(
        client.get("/search/export.csv", params={"q": "budget"}).text)))  # fmt: skip
    assert [int(r["revision_id"]) for r in table] == [e["revision_id"] for e in expected]


def test_refusals_on_postgresql(pg_empty_url: str) -> None:
    with pytest.raises(UserError, match="needs 0007"):
        open_readonly(pg_empty_url)
    with pytest.raises(UserError, match="cannot read database") as refused:
        open_readonly("postgresql://nobody:secret@/nosuchdb?host=/nonexistent")
    assert "secret" not in str(refused.value)
