"""Archive weight and search latency on the sample site, crawled for real.

Serves the sample site (default 2,000 articles, ~62 KB pages carrying a WordPress theme's
weight) on 127.0.0.1, crawls it with ``newsarchive crawl`` into a fresh SQLite file, then prints:

- bytes per article: the database file (WAL checkpointed) divided by the articles archived,
  with the share of raw pages, revisions and the full-text index — target ≤ 15 KB;
- full-text search latency p50/p95 over queries of one and two words from the site's text.

    python benchmarks/archive.py [--articles N] [--queries N] [--keep DB]
"""

from __future__ import annotations

import argparse
import os
import random
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.crawl.extraction_pool import auto_workers  # noqa: E402
from newsarchive.reextract import reextract  # noqa: E402
from newsarchive.storage import open_engine  # noqa: E402
from newsarchive.storage.search import Filters  # noqa: E402
from newsarchive.storage.search_page import search  # noqa: E402
from newsarchive.testing import NewsSite, SiteServer  # noqa: E402
from newsarchive.testing.text import VOCAB  # noqa: E402

TARGET_BYTES = 15 * 1024


def crawl(url: str, db: Path) -> float:
    start = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "newsarchive.cli", "crawl", url, "--db", str(db),
         "-s", "DOWNLOAD_DELAY=0", "-s", "AUTOTHROTTLE_ENABLED=False",
         "-s", "CONCURRENT_REQUESTS=32", "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32",
         "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=100000"],
        capture_output=True, text=True, cwd=REPO, check=False,
    )  # fmt: skip
    if result.returncode != 0:
        sys.exit(f"crawl failed: {result.stderr[-2000:]}")
    return time.perf_counter() - start


def weights(db: Path) -> dict[str, float]:
    with sqlite3.connect(db) as conn:
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        one = lambda sql: conn.execute(sql).fetchone()[0] or 0  # noqa: E731
        articles = one("SELECT COUNT(*) FROM articles")
        return {
            "articles": articles,
            "file": db.stat().st_size,
            "raw_stored": one("SELECT SUM(LENGTH(data)) FROM blobs")
            + one("SELECT SUM(size) FROM dictionaries"),
            "raw_fetched": one("SELECT SUM(size) FROM blobs"),
            "revisions_text": one(
                "SELECT SUM(LENGTH(CAST(article_body AS BLOB)) + LENGTH(CAST(article_body_html"
                " AS BLOB)) + LENGTH(CAST(headline AS BLOB))) FROM revisions"
            ),
            "fts": one("SELECT SUM(LENGTH(block)) FROM revisions_fts_data"),
        }


def latencies(db: Path | str, queries: int, seed: int = 3) -> list[float]:
    """Milliseconds per search (one and two words of the site's text); ``db`` a path or URL."""
    engine = open_engine(str(db), create=False)
    rng = random.Random(seed)  # noqa: S311 - picking query words, not secrets
    words = [w for v in VOCAB.values() for phrase in v["objects"] for w in phrase.split()
             if len(w) > 4]  # fmt: skip
    timings = []
    for i in range(queries):
        query = " ".join(rng.sample(words, 1 + i % 2))
        start = time.perf_counter()
        search(engine, query, Filters(), limit=20)
        timings.append((time.perf_counter() - start) * 1000)
    engine.dispose()
    return timings


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--keep", type=Path, help="keep the archive at this path")
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.keep or Path(tmp) / "bench.db"
        if db.exists():
            sys.exit(f"{db} exists")
        with SiteServer(NewsSite(n_articles=args.articles)) as server:
            page = len(server.site.render_article(server.site.articles[0]).encode())
            seconds = crawl(server.url, db)
        w = weights(db)
        n = max(w["articles"], 1)
        per = {k: w[k] / n for k in ("file", "raw_stored", "raw_fetched", "revisions_text", "fts")}
        rate = w["articles"] / seconds
        verdict = "OK" if per["file"] <= TARGET_BYTES else "OVER"
        ratio = per["raw_fetched"] / max(per["raw_stored"], 1)
        lines = [
            f"{w['articles']} articles archived in {seconds:.1f} s ({rate:.1f} articles/s, "
            f"pages of ~{page / 1024:.0f} KB)",
            f"bytes per article: {per['file'] / 1024:.1f} KB (database file; target "
            f"{TARGET_BYTES / 1024:.0f} KB) - {verdict}",
            f"  raw page: {per['raw_fetched'] / 1024:.1f} KB fetched -> "
            f"{per['raw_stored'] / 1024:.2f} KB stored ({ratio:.0f}x, dictionaries included)",
            f"  revision text (headline, body, body HTML): {per['revisions_text'] / 1024:.1f} KB;"
            f" full-text index: {per['fts'] / 1024:.1f} KB",
        ]
        timings = latencies(db, args.queries)
        p95 = statistics.quantiles(timings, n=20)[18]
        lines.append(
            f"search latency over {len(timings)} queries: "
            f"p50 {statistics.median(timings):.2f} ms, p95 {p95:.2f} ms"
        )
        # Re-extraction: today's extractor over every stored page, no fetch (nothing changed,
        # so no revision is written: the figure is reading, extracting and comparing).
        for workers in (auto_workers(), 0):
            redone = reextract(open_engine(str(db)), workers=workers)
            lines.append(
                f"reextract, {workers} worker processes asked: {redone.pages} stored pages "
                f"({redone.in_workers} read in workers) at {redone.pages_per_second:.1f} "
                f"pages/s, {redone.revised} new revisions, {redone.reread} re-read in place, "
                f"{redone.failed} unreadable or failed"
            )
        print("\n".join(lines))
        if os.environ.get("CI") and per["file"] > TARGET_BYTES:
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
