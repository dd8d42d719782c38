"""``scrapy crawl SITE -O FILE``, as a new user tries it first: one line (or row) per
article with every article field, and an exit status that says when the crawl failed."""

from __future__ import annotations

import csv
import json
import os
import subprocess
import sys
from dataclasses import fields
from pathlib import Path

from newsarchive.items import Article
from newsarchive.testing import SiteServer

from .conftest import REPO

ARTICLE_FIELDS = [f.name for f in fields(Article)]


def scrapy_crawl(url: str, tmp_path: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """``scrapy crawl sample`` from the project root: the point is Scrapy's own command."""
    env = {**os.environ, "NEWSARCHIVE_DB_URL": f"sqlite:///{tmp_path / 'export.db'}"}
    return subprocess.run(
        [sys.executable, "-m", "scrapy", "crawl", "sample", "-a", f"url={url}",
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "LOG_LEVEL=WARNING", *args],
        cwd=REPO, env=env, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip


def test_feed_exports_carry_one_article_per_line_with_every_field(
    site_server: SiteServer, tmp_path: Path
) -> None:
    jsonl, table = tmp_path / "items.jsonl", tmp_path / "items.csv"
    result = scrapy_crawl(site_server.url, tmp_path, "-O", str(jsonl), "-O", str(table))
    assert result.returncode == 0, result.stderr
    assert "Error" not in result.stderr, result.stderr
    site = site_server.site
    expected = {site.url(a.path) for a in site.articles}

    lines = [json.loads(line) for line in jsonl.read_text(encoding="utf-8").splitlines()]
    assert len(lines) == len(site.articles)
    assert all(list(line) == ARTICLE_FIELDS for line in lines)
    assert {line["canonical_url"] for line in lines} == expected
    assert all(line["headline"] and line["article_body"] for line in lines)
    arabic = [line for line in lines if line["in_language"] == "ar"]
    assert arabic
    assert all(line["site"] == "sample" for line in lines)

    with table.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    assert list(rows[0]) == ARTICLE_FIELDS
    assert {row["canonical_url"] for row in rows} == expected
    by_url = {line["canonical_url"]: line for line in lines}
    for row in rows:  # lists and dicts are JSON in their cell, read back as they were
        line = by_url[row["canonical_url"]]
        assert json.loads(row["authors"]) == line["authors"]
        assert json.loads(row["comment_count_signals"]) == line["comment_count_signals"]


def test_scrapy_crawl_exits_1_when_the_start_page_fails(tmp_path: Path) -> None:
    out = tmp_path / "items.jsonl"
    result = scrapy_crawl("http://127.0.0.1:9/", tmp_path, "-O", str(out), "-s", "RETRY_TIMES=0")
    assert result.returncode == 1
    assert "error: could not fetch the start page" in result.stderr
