"""The web UI's pages, in process (Starlette's test client) over the demo archive: what each
page shows, and how it refuses what it should."""

from __future__ import annotations

import csv
import html
import io
import json
import re
import shlex
import sqlite3
from collections.abc import Iterator

import pytest
from click.testing import CliRunner
from starlette.datastructures import QueryParams

from newsarchive.cli import main
from newsarchive.storage.readonly import open_readonly
from newsarchive.storage.search_page import MAX_ROWS, SEARCH_LIMIT
from newsarchive.web import create_app
from newsarchive.web.params import SearchForm

from .asgi import Client
from .conftest import CORRECTION, EDIT, DemoArchive


@pytest.fixture(scope="module")
def client(demo_archive: DemoArchive) -> Iterator[Client]:
    engine = open_readonly(str(demo_archive.db))
    yield Client(create_app(engine))
    engine.dispose()


def text_of(html: str) -> str:
    """The page's text, roughly as read: tags out, whitespace collapsed."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


def count_of(html: str) -> int:
    """The result count a search page states."""
    return int(re.search(r"<strong>(\d+)</strong> (?:article|revision)", html).group(1))


def test_home_shows_sites_counts_crawl_health_and_articles_per_day(client: Client) -> None:
    page = client.get("/")
    assert page.status_code == 200
    text = text_of(page.text)
    assert "13 articles" in text
    assert "127.0.0.1" in text
    assert "hostile.example" in text
    assert "crawl 2 finished" in text
    assert "errors: http_404 1" in text  # the deleted article, by kind
    assert '<svg class="chart days"' in page.text
    assert page.text.count('<rect class="bar"') >= 5


def test_search_counts_highlights_and_links_to_the_revision(client: Client,
                                                            demo_archive: DemoArchive) -> None:  # fmt: skip
    page = client.get("/search", params={"q": "démenti"})
    assert page.status_code == 200
    assert "<strong>1</strong> article matches" in page.text
    assert "<mark>démenti</mark>" in page.text
    assert f'href="/article/{demo_archive.edited_id}?rev=2"' in page.text
    # Accents do not matter; the first revision had no "démenti".
    assert (
        "<strong>1</strong> revision matches"
        in client.get("/search", params={"q": "dementi", "all": "1"}).text
    )
    # Words both revisions hold: the article once, or each of its two revisions.
    words = demo_archive.edited_headline
    latest = client.get("/search", params={"q": words}).text
    everything = client.get("/search", params={"q": words, "all": "1"}).text
    assert count_of(everything) == count_of(latest) + 1
    for number in (1, 2):
        assert f"/article/{demo_archive.edited_id}?rev={number}" in everything
    assert "revision 1 of 2" in text_of(everything)


def test_search_filters_order_and_pages(client: Client, monkeypatch) -> None:
    monkeypatch.setattr("newsarchive.web.searching.PER_PAGE", 4)
    first = client.get("/search", params={"q": "budget", "order": "date"})
    total = count_of(first.text)
    assert total > 4
    assert 'rel="next" href="/search?q=budget&amp;order=date&amp;page=2"' in first.text
    dates = re.findall(r'<span title="([^"]*)">', first.text)
    assert dates == sorted(dates, reverse=True)
    assert len(dates) == 4
    second = client.get("/search", params={"q": "budget", "order": "date", "page": "2"})
    assert 'rel="prev"' in second.text
    assert '<ol class="results" start="5">' in second.text
    # Past the last page: a 404 saying where the results end, not an empty page whose
    # "previous" link leads to another empty one.
    last = -(-total // 4)
    beyond = client.get("/search", params={"q": "budget", "page": str(last + 1)})
    assert beyond.status_code == 404
    assert f"the {last} pages of results end before it" in beyond.text
    assert 'rel="prev"' not in beyond.text
    assert client.get("/search", params={"q": "budget", "page": str(last)}).status_code == 200
    assert client.get("/crawls", params={"page": "99999"}).status_code == 404
    # French types "oeuvre" for "œuvre" (FTS5 keeps the ligature a letter): both find both.
    ligature = client.get("/search", params={"q": "œuvre"})
    typed = client.get("/search", params={"q": "oeuvre"})
    assert count_of(typed.text) == count_of(ligature.text) > 0
    assert "<mark>œuvre</mark>" in typed.text
    arabic = client.get("/search", params={"q": "المغرب", "lang": "ar"}).text
    assert "· ar" in text_of(arabic)
    assert "· fr-FR" not in text_of(arabic)
    window = client.get("/search", params={"q": "de", "since": "2025-03-03",
                                             "until": "2025-03-05"}).text  # fmt: skip
    dates = re.findall(r'<span title="([^"]*)">', window)
    assert dates
    assert all("2025-03-03" <= d < "2025-03-05" for d in dates)
    assert count_of(window) == len(dates)
    site = client.get("/search", params={"q": "budget", "site": "hostile.example"}).text
    assert "<strong>1</strong> article matches" in site


def test_search_reports_bad_input_as_a_400_with_a_reason(client: Client) -> None:
    bad_date = client.get("/search", params={"q": "budget", "since": "notadate"})
    assert bad_date.status_code == 400
    assert "not a date" in bad_date.text
    bad_fts = client.get("/search", params={"q": 'NEAR("', "syntax": "fts"})
    assert bad_fts.status_code == 400
    assert "bad search query" in bad_fts.text
    for control in ("budget\x00", "\x00budget", "bud\x01get budget"):  # plain words: no error
        assert client.get("/search", params={"q": control}).status_code == 200, repr(control)
    too_many = client.get("/search", params={"q": " ".join(f"w{i}" for i in range(40))})
    assert too_many.status_code == 400
    assert "more than 32 terms" in too_many.text


def test_exports_hold_what_the_command_the_page_shows_prints(
    client: Client, demo_archive: DemoArchive
) -> None:
    """The search page shows "the same as" command beside its downloads: run as shown, it
    prints the rows of the download in their order, with the same snippets — a query
    starting with "-" included (once read as an option) and newest first (once relevance)."""
    params = {"q": "-budget", "order": "date"}
    page = client.get("/search", params=params)
    shown = re.search(r"the same as <code>(.*?) --json</code>", page.text)
    assert shown is not None
    argv = shlex.split(html.unescape(shown.group(1)))
    assert argv[:2] == ["newsarchive", "search"]
    printed = CliRunner().invoke(
        main, ["search", "--json", "--db", str(demo_archive.db), *argv[2:]]
    )
    assert printed.exit_code == 0, printed.output
    expected = [json.loads(line) for line in printed.output.splitlines()]
    jsonl = client.get("/search/export.jsonl", params=params)
    assert jsonl.headers["content-disposition"] == 'attachment; filename="search.jsonl"'
    rows = [json.loads(line) for line in jsonl.text.splitlines()]
    assert len(rows) == count_of(page.text) > 1
    assert rows == expected
    assert rows[0].keys() == {"site", "canonical_url", "headline", "date_published",
                              "in_language", "snippet", "revision_id", "gone_at"}  # fmt: skip
    assert "[budget]" in rows[0]["snippet"].lower()
    dates = [r["date_published"] for r in rows]
    assert dates == sorted(dates, reverse=True)
    table = list(csv.DictReader(io.StringIO(client.get("/search/export.csv",
                                                       params=params).text)))  # fmt: skip
    assert [int(r["revision_id"]) for r in table] == [e["revision_id"] for e in expected]
    assert client.get("/search/export.xml", params={"q": "budget"}).status_code == 404
    assert client.get("/search/export.csv").status_code == 400


def test_the_shown_command_asks_for_every_row_the_page_counts() -> None:
    """Past the CLI's 50 rows the command says ``--limit``, so it prints the whole download."""
    form = SearchForm.parse(QueryParams({"q": "budget"}))
    assert "--limit" not in form.command(total=SEARCH_LIMIT)
    assert form.command(total=SEARCH_LIMIT + 10)[-3:] == ["--limit", "60", "budget"]
    assert form.command(total=MAX_ROWS * 2)[-2] == str(MAX_ROWS)


def test_article_page_metadata_text_timeline_counts_urls_and_fetches(
    client: Client, demo_archive: DemoArchive
) -> None:
    page = client.get(f"/article/{demo_archive.edited_id}")
    assert page.status_code == 200
    text = text_of(page.text)
    assert demo_archive.edited_headline in text
    assert "revision 2 of 2 (latest)" in text
    assert "Extraction ok" in text
    assert "(read from jsonld" in text  # date_published_source
    assert EDIT in text
    assert CORRECTION in text
    assert f'href="/article/{demo_archive.edited_id}?rev=1"' in page.text
    # The comment-count chart: one point per observation, each with its source.
    chart = page.text.split('<svg class="chart comments"', 1)[1].split("</svg>", 1)[0]
    assert chart.count("<circle") == 2
    with sqlite3.connect(demo_archive.db) as conn:
        observed = conn.execute(
            "SELECT count, source FROM comment_counts WHERE article_id = ? ORDER BY id",
            (demo_archive.edited_id,),
        ).fetchall()
    assert len(observed) == 2
    assert observed[0][0] < observed[1][0]
    labels = re.findall(r'class="point-label"[^>]*>([^<]*)<', chart)
    assert labels == [f"{count} · {source}" for count, source in observed]
    assert f"source {observed[1][1]}" in chart  # each point's <title>
    assert 'class="urls"' in page.text
    assert "canonical" in text
    assert page.text.count(">replay</a>") == 2  # two fetches, each replayable
    first = client.get(f"/article/{demo_archive.edited_id}", params={"rev": "1"})
    assert EDIT not in text_of(first.text)
    assert demo_archive.replaced in text_of(first.text)
    assert client.get(f"/article/{demo_archive.edited_id}", params={"rev": "3"}).status_code == 404
    assert client.get(f"/article/{demo_archive.edited_id}", params={"rev": "x"}).status_code == 400
    assert client.get("/article/99999").status_code == 404
    assert client.get("/article/99999999999999999999999").status_code == 404


def test_gone_article_is_marked(client: Client, demo_archive: DemoArchive) -> None:
    page = client.get(f"/article/{demo_archive.gone_id}")
    assert "Gone: the site answered 404" in text_of(page.text)
    if '<svg class="chart comments"' in page.text:
        assert 'class="gone-label"' in page.text


def test_diff_marks_removed_and_added_words(client: Client, demo_archive) -> None:
    page = client.get(f"/article/{demo_archive.edited_id}/diff", params={"from": 1, "to": 2})
    assert page.status_code == 200
    assert f"<del>{demo_archive.replaced}</del>" in page.text
    assert f"<ins>{CORRECTION}</ins>" in page.text
    assert re.search(r"<ins>\s*" + re.escape(EDIT), page.text)
    assert "1 word removed" in text_of(page.text)
    same = client.get(f"/article/{demo_archive.edited_id}/diff", params={"from": 2, "to": 2})
    assert "<del>" not in same.text
    assert "<ins>" not in same.text


def test_article_by_any_url(client: Client, demo_archive: DemoArchive) -> None:
    url = demo_archive.server.url + "2025/03/05/article-11-actualite-du-jour/?utm_source=x"
    found = client.get("/article", params={"url": url})
    assert found.status_code == 303
    assert found.headers["location"] == f"/article/{demo_archive.edited_id}"
    assert client.get("/article", params={"url": "http://nowhere.example/"}).status_code == 404


def test_crawls_list_and_detail(client: Client) -> None:
    text = text_of(client.get("/crawls").text)
    assert "3 crawls" in text
    assert "1 new revisions" in text
    assert "1 gone" in text
    detail = client.get("/crawls/2")
    assert "newsarchive/revisions_new" in detail.text
    assert client.get("/crawls/99").status_code == 404


def test_source_view_escapes_the_page(client: Client, demo_archive: DemoArchive) -> None:
    page = client.get(f"/replay/{demo_archive.script_page_id}/source")
    assert "&lt;script&gt;document.title = &#34;SCRIPT RAN&#34;" in page.text
    assert "<script>document.title" not in page.text


def test_everything_archived_or_asked_is_escaped(client: Client) -> None:
    hostile = '"><script>alert(1)</script><img src=x onerror=alert(2)>'
    page = client.get("/search", params={"q": hostile})
    assert "<script>alert(1)" not in page.text
    assert "<img src=x" not in page.text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page.text
    assert "<script" not in page.text.lower()  # the app has no script of its own either


def test_raw_page_is_the_stored_bytes_under_a_no_script_policy(client: Client,
                                                                demo_archive) -> None:  # fmt: skip
    import hashlib

    page_id = demo_archive.script_page_id
    framed = client.get(f"/raw/{page_id}", headers={"sec-fetch-dest": "iframe"})
    assert framed.status_code == 200
    with sqlite3.connect(demo_archive.db) as conn:
        sha = conn.execute("SELECT body_sha256 FROM pages WHERE id = ?", (page_id,)).fetchone()[0]
    assert hashlib.sha256(framed.content).hexdigest() == sha
    csp = framed.headers["content-security-policy"]
    assert csp.startswith("sandbox;")
    assert "default-src 'none'" in csp
    assert "script-src" not in csp
    assert "frame-ancestors 'self'" in csp
    assert framed.headers["content-type"] == "text/html; charset=utf-8"
    # Opened as a page of its own, it sends the browser to the replay instead.
    top = client.get(f"/raw/{page_id}", headers={"sec-fetch-dest": "document"})
    assert top.status_code == 303
    assert top.headers["location"] == f"/replay/{page_id}"
    download = client.get(f"/raw/{page_id}", params={"download": "1"})
    assert download.headers["content-type"] == "application/octet-stream"
    assert download.content == framed.content
    replay = client.get(f"/replay/{page_id}")
    assert f'<iframe class="replay" src="/raw/{page_id}" sandbox ' in replay.text
    assert client.get("/raw/99999").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/", "/search?q=budget", "/article/1", "/article/1/diff", "/replay/1", "/raw/1",
     "/crawls", "/static/style.css", "/nowhere", "/search?q=x&since=bad", "/article/999"],
)  # fmt: skip
def test_security_headers_on_every_response(client: Client, path: str) -> None:
    response = client.get(path)
    assert "frame-ancestors" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["referrer-policy"] == "no-referrer"
    if not path.startswith("/raw/"):
        policy = response.headers["content-security-policy"]
        assert "default-src 'none'" in policy
        assert "script-src" not in policy
        assert "frame-ancestors 'none'" in policy


def test_read_only_methods_and_foreign_hosts(client: Client) -> None:
    posted = client.request("POST", "/", body=b"x=1")
    assert posted.status_code == 405
    assert posted.headers["x-content-type-options"] == "nosniff"
    rebound = client.get("/", headers={"host": "evil.example"})
    assert rebound.status_code == 400
    assert "unexpected Host" in rebound.text
    assert rebound.headers["content-security-policy"]
    for host in ("localhost:8080", "127.0.0.2:8080", "[::1]:8080", "127.0.0.1"):
        assert client.get("/", headers={"host": host}).status_code == 200, host
    assert client.get("/", headers={"host": "127.0.0.1.evil.example"}).status_code == 400


def test_an_unexpected_error_is_a_plain_500_with_the_headers() -> None:
    """A database the app cannot read (here: no tables at all) answers 500 without a
    traceback or the error's text (the database's reason goes to the log), and still with
    every security header."""
    from sqlalchemy import create_engine

    broken = Client(create_app(create_engine("sqlite://")))
    reply = broken.get("/")
    assert reply.status_code == 500
    assert reply.text == "500: the archive's database failed; see the server's log\n"
    assert "default-src 'none'" in reply.headers["content-security-policy"]
    assert reply.headers["x-content-type-options"] == "nosniff"


def test_any_other_failure_is_a_plain_500_too(
    demo_archive: DemoArchive, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Not the database: a bug in a view answers the generic line, its text unshown."""
    from newsarchive.web import pages

    def broken_view(ctx: object, request: object) -> None:
        raise RuntimeError("a row's text the reader must not see")

    monkeypatch.setattr(pages, "home", broken_view)
    reply = Client(create_app(open_readonly(str(demo_archive.db)))).get("/")
    assert reply.status_code == 500
    assert reply.text == "500: the archive could not answer this request\n"
