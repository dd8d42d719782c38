"""Crawl throughput on real pages: newsarchive against the pipeline a user would build instead.

The loopback sample site serves WCXB-dev's 711 article pages (read in place from
``../shared/benchmarks/wcxb-dev``, ~180 KB each on average) from a sitemap, and two crawls fetch
them all with the same Scrapy settings in one run:

- newsarchive's full pipeline: every field extracted, second opinion where needed,
  deduplicated, stored with its revision, comment count and raw page (zstd) — as a crawl
  runs by default, pages extracted in worker processes (one per core,
  ``NEWSARCHIVE_EXTRACT_WORKERS``), and again all in the crawl's own process (``= 0``);
- a peer: Scrapy + trafilatura's ``bare_extraction`` (body and metadata) + SQLAlchemy Core,
  rows written in batches of 100 — what the issue calls "the pipeline a user would build".

    python benchmarks/real_pages.py [--limit N] [--strict]

Prints pages/s of each and their ratio (the issue's goal: newsarchive at >= 2x).
"""

from __future__ import annotations

import argparse
import json
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpora import REPO, load, require
from benchmarks.throughput import SETTINGS  # the same crawl settings for both pipelines


def peer_crawl(sitemap: str, db: str, stats_out: str) -> None:
    """Runs in a child process: Scrapy + trafilatura + SQLAlchemy, batched writes."""
    import scrapy
    import sqlalchemy as sa
    import trafilatura
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.sitemap import Sitemap

    engine = sa.create_engine(f"sqlite:///{db}")
    table = sa.Table(
        "articles", sa.MetaData(),
        sa.Column("url", sa.Text, primary_key=True), sa.Column("title", sa.Text),
        sa.Column("author", sa.Text), sa.Column("date", sa.Text), sa.Column("body", sa.Text),
    )  # fmt: skip
    table.metadata.create_all(engine)

    class Store:
        def __init__(self) -> None:
            self.rows: list[dict] = []

        def process_item(self, item: dict) -> dict:
            self.rows.append(item)
            if len(self.rows) >= 100:
                self.flush()
            return item

        def close_spider(self) -> None:
            self.flush()

        def flush(self) -> None:
            if self.rows:
                with engine.begin() as conn:
                    conn.execute(sa.insert(table).prefix_with("OR REPLACE"), self.rows)
                self.rows = []

    class PeerSpider(scrapy.Spider):
        name = "peer"
        start_urls = [sitemap]  # noqa: RUF012
        custom_settings = {"ITEM_PIPELINES": {Store: 100}}  # noqa: RUF012

        def parse(self, response):  # type: ignore[no-untyped-def]
            for entry in Sitemap(response.body):
                yield scrapy.Request(entry["loc"], callback=self.article)

        def article(self, response):  # type: ignore[no-untyped-def]
            doc = trafilatura.bare_extraction(response.body, url=response.url, with_metadata=True)
            if doc is not None:
                yield {"url": response.url, "title": doc.title, "author": doc.author,
                       "date": doc.date, "body": doc.text}  # fmt: skip

    process = CrawlerProcess({**SETTINGS, "ROBOTSTXT_OBEY": True, "USER_AGENT": "peer"})
    crawler = process.create_crawler(PeerSpider)
    process.crawl(crawler)
    process.start()
    Path(stats_out).write_text(json.dumps(crawler.stats.get_stats(), default=str))


def rate(stats: dict) -> float:
    from datetime import datetime

    start = datetime.fromisoformat(str(stats["start_time"]))
    finish = datetime.fromisoformat(str(stats["finish_time"]))
    return stats["response_received_count"] / (finish - start).total_seconds()


def run(command: list[str]) -> None:
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command[:4])}…\n{result.stderr[-2000:]}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, help="only the first N article pages")
    parser.add_argument("--strict", action="store_true", help="missing ../shared is an error")
    parser.add_argument("--peer", nargs=3, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peer:
        peer_crawl(*args.peer)
        return 0
    if not require(["wcxb-dev"], strict=args.strict):
        return 0
    from newsarchive.testing import NewsSite, SiteServer
    from newsarchive.testing.site import Canned

    pages = [p for p in load("wcxb-dev") if p.is_article][: args.limit]
    site = NewsSite(n_articles=1)
    paths = [f"/2025/12/01/{page.key}-real-page/" for page in pages]
    for path, page in zip(paths, pages, strict=True):
        site.canned[path] = Canned(headers={"Content-Type": "text/html"}, body=page.html)
    with tempfile.TemporaryDirectory() as tmp, SiteServer(site) as server:
        urls = "".join(f"<url><loc>{server.url.rstrip('/')}{p}</loc></url>" for p in paths)
        sitemap = f'<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>'
        site.canned["/wp-sitemap-posts-post-1.xml"] = Canned(
            headers={"Content-Type": "application/xml"}, body=sitemap.encode()
        )
        db, single_db, peer_db, peer_stats = (
            Path(tmp) / n for n in ("na.db", "single.db", "peer.db", "peer.json")
        )
        for archive, workers in ((db, "auto"), (single_db, "0")):
            full = [sys.executable, "-m", "newsarchive.cli", "crawl", server.url,
                    "--db", str(archive), "-a", "strategies=sitemap",
                    "-s", f"NEWSARCHIVE_EXTRACT_WORKERS={workers}"]  # fmt: skip
            for name, value in SETTINGS.items():
                full += ["-s", f"{name}={value}"]
            run(full)
        run([sys.executable, __file__, "--peer",
             server.url.rstrip("/") + "/wp-sitemap-posts-post-1.xml", str(peer_db),
             str(peer_stats)])  # fmt: skip
        ours, single = (crawl_stats(archive) for archive in (db, single_db))
        peer = json.loads(peer_stats.read_text())
    size = sum(len(p.html) for p in pages) / max(len(pages), 1) / 1024
    ours_rate, single_rate, peer_rate = rate(ours), rate(single), rate(peer)
    workers = ours.get("newsarchive/extract_workers", 0)
    print(f"{len(pages)} WCXB-dev article pages, ~{size:.0f} KB each, served on 127.0.0.1")
    print(f"newsarchive full pipeline, {workers} extraction workers: {ours_rate:7.1f} pages/s "
          f"({ours.get('newsarchive/articles_new', 0)} articles stored)")  # fmt: skip
    print(f"newsarchive full pipeline, one process:     {single_rate:7.1f} pages/s "
          f"({single.get('newsarchive/articles_new', 0)} articles stored)")  # fmt: skip
    print(f"Scrapy + trafilatura + SQLAlchemy:          {peer_rate:7.1f} pages/s")
    print(
        f"ratio newsarchive / peer: {ours_rate / peer_rate:.2f}x (goal >= 2x); "
        f"in one process {single_rate / peer_rate:.2f}x"
    )
    return 0


def crawl_stats(db: Path) -> dict:
    with sqlite3.connect(db) as conn:
        return json.loads(conn.execute("SELECT stats FROM crawls ORDER BY id").fetchone()[0])


if __name__ == "__main__":
    sys.exit(main())
