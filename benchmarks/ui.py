"""Web UI latency: the search page and the article page, over real HTTP to ``newsarchive serve``.

Builds the archive as ``benchmarks/archive.py`` does (the sample site, default 2,000 articles of
~64 KB, crawled for real), or reads one given with ``--db``, starts ``newsarchive serve`` on
127.0.0.1 and times whole requests (status 200, body read) on one keep-alive connection:

- search page: one- and two-word queries from the site's vocabulary (relevance order, latest
  revisions, first page of 20, with the result count) — goal p95 < 150 ms;
- article page: random articles (metadata, text, revision timeline, comment-count chart,
  URLs, fetches) — goal p95 < 100 ms;
- and, for reference, the search by date and its fifth page, and the replay of a raw page.

With ``--postgres``, the same archive is copied into a PostgreSQL database (``db copy``, ids
kept) on the server ``NEWSARCHIVE_PG_URL`` names, or a throwaway cluster, and measured there
too, in the same run.

    python benchmarks/ui.py [--articles N] [--requests N] [--db ARCHIVE] [--keep DB] [--postgres]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlencode, urlsplit

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.archive import crawl  # noqa: E402
from benchmarks.postgres import cli  # noqa: E402
from newsarchive.testing import NewsSite, SiteServer  # noqa: E402
from newsarchive.testing import postgres as pg  # noqa: E402
from newsarchive.testing.text import VOCAB  # noqa: E402

GOALS = {"search page": 150.0, "article page": 100.0}  # p95, ms


def serve(db: str) -> tuple[subprocess.Popen, str]:
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarchive.cli", "serve", "--db", str(db), "--port", "0"],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True,
    )  # fmt: skip
    assert process.stdout is not None
    match = re.search(r"at (http://\S+/)", process.stdout.readline())
    if not match:
        process.kill()
        sys.exit("newsarchive serve did not start")
    return process, match.group(1)


def timed(conn: http.client.HTTPConnection, paths: list[str]) -> list[float]:
    """Milliseconds per request, each a full GET with its body read."""
    out = []
    for path in paths:
        start = time.perf_counter()
        conn.request("GET", path)
        response = conn.getresponse()
        response.read()
        out.append((time.perf_counter() - start) * 1000)
        if response.status != 200:
            sys.exit(f"{path}: HTTP {response.status}")
    return out


def queries(n: int, seed: int = 3) -> list[str]:
    """One- and two-word queries from the sample site's text, as benchmarks/archive.py asks."""
    rng = random.Random(seed)  # noqa: S311 - picking query words, not secrets
    words = [w for v in VOCAB.values() for phrase in v["objects"] for w in phrase.split()
             if len(w) > 4]  # fmt: skip
    return [" ".join(rng.sample(words, 1 + i % 2)) for i in range(n)]


def line(name: str, timings: list[float]) -> tuple[str, float]:
    p95 = statistics.quantiles(timings, n=20)[18] if len(timings) > 1 else timings[0]
    goal = GOALS.get(name)
    verdict = "" if goal is None else (f" (goal p95 < {goal:.0f} ms) - " +
                                       ("OK" if p95 < goal else "OVER"))  # fmt: skip
    return (f"{name}: {len(timings)} requests, p50 {statistics.median(timings):.1f} ms, "
            f"p95 {p95:.1f} ms{verdict}", p95)  # fmt: skip


def measure(db: Path, requests: int, served: str | None = None) -> tuple[list[str], bool]:
    """Timings of ``newsarchive serve`` on ``served`` (a URL; default the SQLite file ``db``,
    which names the articles and pages asked for)."""
    with sqlite3.connect(db) as conn:
        articles = [row[0] for row in conn.execute("SELECT id FROM articles")]
        pages = [row[0] for row in conn.execute("SELECT id FROM pages")]
    rng = random.Random(5)  # noqa: S311
    search = [f"/search?{urlencode({'q': q})}" for q in queries(requests)]
    runs: dict[str, list[str]] = {
        "search page": search,
        "article page": [f"/article/{rng.choice(articles)}" for _ in range(requests)],
        "search page, newest first, page 5": [
            f"/search?{urlencode({'q': 'de', 'order': 'date', 'page': 5})}"
        ] * max(requests // 4, 2),
        "replay page + raw page": [
            p for page_id in rng.sample(pages, min(len(pages), max(requests // 4, 2)))
            for p in (f"/replay/{page_id}", f"/raw/{page_id}")
        ],
    }  # fmt: skip
    process, url = serve(served or str(db))
    lines, ok = [], True
    try:
        parts = urlsplit(url)
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        timed(conn, search[:10] + runs["article page"][:10])  # warm the page cache, templates
        for name, paths in runs.items():
            text, p95 = line(name, timed(conn, paths))
            lines.append(text)
            ok = ok and (name not in GOALS or p95 < GOALS[name])
        conn.close()
    finally:
        process.terminate()
        process.wait(timeout=10)
    return lines, ok


def on_postgres(db: Path, requests: int) -> bool:
    """The same measures on a PostgreSQL copy of ``db`` (a database made and dropped here)."""
    with pg.cluster() as admin:
        databases = pg.Databases(admin, prefix="na_bench_ui")
        url = databases.create()
        try:
            target = pg.render(url)
            copied = cli("db", "copy", str(db), target, "--force")
            if copied.returncode != 0:
                sys.exit(f"db copy to PostgreSQL failed: {copied.stderr.strip()}")
            print("the same archive on PostgreSQL (db copy, ids kept):")
            lines, ok = measure(db, requests, served=target)
            print("\n".join(lines))
        finally:
            databases.drop(url)
            databases.close()
    return ok


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--requests", type=int, default=200, help="per page kind")
    parser.add_argument("--db", type=Path, help="measure this archive instead of building one")
    parser.add_argument("--keep", type=Path, help="keep the archive built at this path")
    parser.add_argument("--postgres", action="store_true",
                        help="also measure a PostgreSQL copy of the archive")  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        db = args.db
        if db is None:
            db = args.keep or Path(tmp) / "ui.db"
            if db.exists():
                sys.exit(f"{db} exists")
            with SiteServer(NewsSite(n_articles=args.articles)) as server:
                seconds = crawl(server.url, db)
            print(f"archive: {args.articles} articles crawled in {seconds:.0f} s")
        with sqlite3.connect(db) as conn:
            n = conn.execute("SELECT COUNT(*) FROM articles").fetchone()[0]
        print(f"{n} articles in {db.name}; real HTTP to newsarchive serve on 127.0.0.1")
        lines, ok = measure(db, args.requests)
        print("\n".join(lines))
        if args.postgres:
            pg_ok = on_postgres(db, args.requests)
            ok = ok and pg_ok
    if os.environ.get("CI") and not ok:
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
