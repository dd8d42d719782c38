"""Crawl throughput: a no-op Scrapy crawl against newsarchive's full pipeline, same site, same run.

Both crawl the sample site's article pages from its sitemap with the same Scrapy settings
(robots.txt obeyed, no delay, 32 concurrent requests). The no-op spider only receives the
responses; newsarchive extracts every field, deduplicates, stores the article, its revision,
its comment count and the raw page. Then newsarchive re-crawls the unchanged site.

    python benchmarks/throughput.py [--articles 2000]

Prints pages/s of both and their ratio (target: the full pipeline at >= 40 % of the no-op
crawl), peak memory of each, and for two re-crawls of the unchanged site (the default, which
trusts the sitemap's lastmod, and ``--full``, which asks for every article conditionally) the
new revisions (target 0) and the share of articles skipped or answered 304 (target >= 90 %).
"""

from __future__ import annotations

import argparse
import json
import resource
import sqlite3
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS": 32,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 32,
    "LOG_LEVEL": "WARNING",
}


def noop_crawl(url: str, stats_out: str) -> None:
    """Runs in a child process: fetch every article of the sitemap, do nothing with it."""
    import scrapy
    from scrapy.crawler import CrawlerProcess
    from scrapy.utils.sitemap import Sitemap

    class NoopSpider(scrapy.Spider):
        name = "noop"
        start_urls = [url.rstrip("/") + "/wp-sitemap-posts-post-1.xml"]  # noqa: RUF012

        def parse(self, response):  # type: ignore[no-untyped-def]
            for entry in Sitemap(response.body):
                yield scrapy.Request(entry["loc"], callback=self.ignore)

        def ignore(self, response):  # type: ignore[no-untyped-def]
            return None

    process = CrawlerProcess({**SETTINGS, "ROBOTSTXT_OBEY": True, "USER_AGENT": "noop"})
    crawler = process.create_crawler(NoopSpider)
    process.crawl(crawler)
    process.start()
    Path(stats_out).write_text(json.dumps(crawler.stats.get_stats(), default=str))


def peak_rss(command: list[str]) -> None:
    """Runs in a child: run ``command`` and print its peak RSS in MiB (its own, alone)."""
    result = subprocess.run(command, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(f"failed: {' '.join(command)}\n{result.stderr[-2000:]}")
    print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss // 1024)


def measure(command: list[str]) -> int:
    """Run ``command`` under a fresh wrapper process, so each figure is that crawl's own peak
    resident memory (MiB) and not the largest of all children so far."""
    wrapper = [sys.executable, __file__, "--peak-rss", "--", *command]
    result = subprocess.run(wrapper, cwd=REPO, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        sys.exit(result.stderr[-2000:] or result.stdout[-2000:])
    return int(result.stdout.strip().splitlines()[-1])


def rate(stats: dict) -> float:
    from datetime import datetime

    start = datetime.fromisoformat(str(stats["start_time"]))
    finish = datetime.fromisoformat(str(stats["finish_time"]))
    return stats["response_received_count"] / (finish - start).total_seconds()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--noop", nargs=2, metavar=("URL", "STATS"), help=argparse.SUPPRESS)
    parser.add_argument("--peak-rss", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("command", nargs="*", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.peak_rss:
        peak_rss(args.command)
        return 0
    if args.noop:
        noop_crawl(*args.noop)
        return 0

    from newsarchive.testing import NewsSite, SiteServer

    with (
        tempfile.TemporaryDirectory() as tmp,
        SiteServer(NewsSite(n_articles=args.articles)) as server,
    ):
        db, noop_stats = Path(tmp) / "bench.db", Path(tmp) / "noop.json"
        full = [sys.executable, "-m", "newsarchive.cli", "crawl", server.url, "--db", str(db),
                "-a", "strategies=sitemap"]  # fmt: skip
        for name, value in SETTINGS.items():
            full += ["-s", f"{name}={value}"]
        peak_full = measure(full)
        peak_noop = measure([sys.executable, __file__, "--noop", server.url, str(noop_stats)])
        with sqlite3.connect(db) as conn:
            first = json.loads(conn.execute("SELECT stats FROM crawls ORDER BY id").fetchone()[0])
        recrawls = []
        for extra in ([], ["--full"]):  # sitemap lastmod trusted; then every article asked
            measure(full + extra)
            with sqlite3.connect(db) as conn:
                recrawls.append(json.loads(
                    conn.execute("SELECT stats FROM crawls ORDER BY id DESC").fetchone()[0]
                ))  # fmt: skip
        noop = json.loads(noop_stats.read_text())
    full_rate, noop_rate = rate(first), rate(noop)
    lines = [
        f"{args.articles} articles; pages of ~64 KB",
        f"no-op Scrapy crawl:        {noop_rate:7.1f} pages/s",
        f"newsarchive full pipeline: {full_rate:7.1f} pages/s "
        f"({first.get('newsarchive/articles_new', 0)} articles stored)",
        f"ratio full / no-op: {full_rate / noop_rate:.0%} (target >= 40%)",
        f"peak memory: full pipeline {peak_full} MiB; no-op {peak_noop} MiB",
    ]
    for label, again in zip(("re-crawl", "re-crawl --full"), recrawls, strict=True):
        skipped = again.get("newsarchive/skipped/unchanged", 0)
        not_modified = again.get("newsarchive/not_modified", 0)
        refetched = again.get("newsarchive/articles_extracted", 0)
        share = (skipped + not_modified) / max(skipped + not_modified + refetched, 1)
        lines.append(
            f"{label} of the unchanged site: {again.get('newsarchive/revisions_new', 0)} new "
            f"revisions; {skipped} skipped (sitemap lastmod), {not_modified} answered 304, "
            f"{refetched} downloaded: {share:.0%} skipped or 304 (target >= 90%)"
        )
    print("\n".join(lines))
    return 0


if __name__ == "__main__":
    sys.exit(main())
