"""The archive on PostgreSQL: several workers vs one crawl on SQLite, search, size, db copy.

On a real server — ``NEWSARCHIVE_PG_URL``, or a throwaway cluster made for the run by
``scripts/pg-cluster`` — and real crawls of loopback sample sites (one per loopback address),
in one run:

1. throughput: pages/s of ``newsarchive worker`` × 1, 2 and 4 on PostgreSQL over the same
   sites, against one worker on SQLite; the ratios, deadlocks and lock errors (on 2 cores the
   ratio and the absence of lock trouble are what count, not the speed-up);
2. an archive of ``--articles`` (one site, crawled into SQLite), copied to PostgreSQL and back
   with ``newsarchive db copy``: the three exports must be identical; bytes per article on both;
3. full-text search p50/p95 on PostgreSQL over that archive (goal: p50 < 50 ms), and SQLite's
   beside it;
4. two workers sharing that site's frontier through leases: every article once, no page
   fetched twice.

    python benchmarks/postgres.py [--articles 2000] [--sites 4] [--queries 200] [--strict]

``--strict`` exits 1 when a correctness check fails (duplicates, lock errors, pages fetched
again, exports that differ); speeds are printed, not gated.
"""

from __future__ import annotations

import argparse
import hashlib
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.storage import open_engine  # noqa: E402
from newsarchive.testing import NewsSite, SiteServer  # noqa: E402
from newsarchive.testing import postgres as pg  # noqa: E402
from newsarchive.testing.leasing import share_site  # noqa: E402
from newsarchive.testing.workers import query, run_workers, sample_sites  # noqa: E402

sys.path.insert(0, str(REPO / "benchmarks"))
from archive import latencies  # noqa: E402 - the same queries as benchmarks/archive.py

FAST = ["-s", "CONCURRENT_REQUESTS=16", "-s", "NEWSARCHIVE_MAX_LISTING_PAGES=100000"]
TABLES = ("sites", "crawls", "articles", "article_urls", "revisions", "comment_counts",
          "pages", "blobs", "dictionaries", "frontier")  # fmt: skip


def cli(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "newsarchive.cli", *args], capture_output=True,
                          text=True, cwd=REPO, check=False)  # fmt: skip


def deadlocks(db_url: str) -> int:
    return query(db_url, "SELECT deadlocks FROM pg_stat_database "
                         "WHERE datname = current_database()")[0][0]  # fmt: skip


def throughput(databases: pg.Databases, tmp: Path, sites: int, per_site: int,
               problems: list[str]) -> None:  # fmt: skip
    print(f"== throughput: {sites} sites × {per_site} articles, newsarchive worker")
    rows = []
    runs = [("sqlite", 1), ("postgresql", 1), ("postgresql", 2), ("postgresql", 4)]
    for backend, workers in runs:
        if backend == "sqlite":
            url = f"sqlite:///{tmp / f'throughput-{workers}.db'}"
        else:
            url = pg.render(databases.create())
        with sample_sites(sites, per_site) as servers:
            report = run_workers(url, servers, workers, extra=FAST)
        locks = deadlocks(url) if backend == "postgresql" else 0
        rate = report.pages / report.seconds
        rows.append((backend, workers, rate))
        print(f"{backend:10} {workers} worker(s): {report.pages} pages in {report.seconds:5.1f} s "
              f"= {rate:6.1f} pages/s; articles {report.articles}/{report.expected_articles}, "
              f"duplicates {report.duplicate_urls + report.duplicate_revisions}, "
              f"lock errors {len(report.lock_errors)}, deadlocks {locks}")  # fmt: skip
        if not report.ok or any(report.exit_codes) or locks:
            problems.append(f"throughput {backend} × {workers}: {report}")
    base = rows[0][2]
    ratios = ", ".join(f"{b} × {w}: {r / base:.2f}" for b, w, r in rows[1:])
    print(f"pages/s relative to one crawl on SQLite: {ratios}")


def export_digest(db: str) -> str:
    digest = hashlib.sha256()
    for args in (("export", "jsonl", "--all-revisions"), ("export", "comment-counts")):
        result = cli(*args, "--db", db)
        if result.returncode != 0:
            sys.exit(f"export failed: {result.stderr}")
        digest.update(result.stdout.encode())
    return digest.hexdigest()


def pg_bytes(db_url: str) -> int:
    names = ", ".join(f"'{t}'" for t in TABLES)
    return query(db_url, f"SELECT SUM(pg_total_relation_size(c.oid)) FROM pg_class c "
                         f"WHERE c.relname IN ({names}) AND c.relkind = 'r'")[0][0]  # fmt: skip


def percentiles(timings: list[float]) -> str:
    q = statistics.quantiles(timings, n=20)
    return f"p50 {statistics.median(timings):.1f} ms / p95 {q[18]:.1f} ms"


def archive_copy_search(databases: pg.Databases, tmp: Path, articles: int, queries: int,
                        problems: list[str]) -> None:  # fmt: skip
    print(f"== a {articles}-article archive: db copy, bytes per article, search")
    sqlite_db = f"sqlite:///{tmp / 'archive.db'}"
    with SiteServer(NewsSite(n_articles=articles)) as server:
        start = time.perf_counter()
        crawled = cli("crawl", server.url, "--db", sqlite_db, "-s", "DOWNLOAD_DELAY=0",
                      "-s", "AUTOTHROTTLE_ENABLED=False", *FAST,
                      "-s", "CONCURRENT_REQUESTS_PER_DOMAIN=32")  # fmt: skip
        if crawled.returncode != 0:
            sys.exit(f"crawl failed: {crawled.stderr[-2000:]}")
        print(f"crawled into SQLite in {time.perf_counter() - start:.1f} s")
    pg_db = pg.render(databases.create())
    back = f"sqlite:///{tmp / 'back.db'}"
    for source, target in ((sqlite_db, pg_db), (pg_db, back)):
        start = time.perf_counter()
        copied = cli("db", "copy", source, target)
        kind = "SQLite -> PostgreSQL" if source == sqlite_db else "PostgreSQL -> SQLite"
        if copied.returncode != 0:
            problems.append(f"db copy {kind}: {copied.stderr.strip()}")
            print(f"db copy {kind}: FAILED {copied.stderr.strip()}")
            return
        print(f"db copy {kind}: {time.perf_counter() - start:.1f} s, verified")
    digests = {name: export_digest(db) for name, db in
               (("sqlite", sqlite_db), ("postgresql", pg_db), ("back", back))}  # fmt: skip
    same = len(set(digests.values())) == 1
    print(f"exports of the original, the PostgreSQL copy and the copy back: "
          f"{'identical' if same else 'DIFFERENT'} ({digests['sqlite'][:12]})")  # fmt: skip
    if not same:
        problems.append(f"exports differ: {digests}")
    n = query(sqlite_db, "SELECT COUNT(*) FROM articles")[0][0]
    query(sqlite_db, "PRAGMA wal_checkpoint(TRUNCATE)")
    size = Path(sqlite_db.removeprefix("sqlite:///")).stat().st_size
    print(f"bytes per article: SQLite {size / n / 1024:.1f} KB (the file), PostgreSQL "
          f"{pg_bytes(pg_db) / n / 1024:.1f} KB (tables, indexes, TOAST)")  # fmt: skip
    print(f"search over {n} articles, {queries} queries: PostgreSQL "
          f"{percentiles(latencies(pg_db, queries))} (goal p50 < 50 ms); SQLite "
          f"{percentiles(latencies(sqlite_db, queries))}")  # fmt: skip


def leases(databases: pg.Databases, articles: int, problems: list[str]) -> None:
    print(f"== two workers sharing one {articles}-article site through frontier leases")
    url = pg.render(databases.create())
    open_engine(url).dispose()
    with SiteServer(NewsSite(n_articles=articles)) as server:
        report = share_site(url, server, 2, batch=20, ttl=60)
    print(f"{report.articles}/{report.expected} articles in {report.seconds:.1f} s "
          f"({report.fetches / report.seconds:.1f} pages/s), {report.fetches} fetches, "
          f"pages fetched twice {len(report.fetched_after_store)}, "
          f"articles with 2+ revisions {report.duplicate_revisions}")  # fmt: skip
    if report.articles != report.expected or report.fetched_after_store or any(report.exit_codes):
        problems.append(f"leases: {report}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--sites", type=int, default=4)
    parser.add_argument("--queries", type=int, default=200)
    parser.add_argument("--strict", action="store_true")
    args = parser.parse_args()
    problems: list[str] = []
    with pg.cluster() as admin, tempfile.TemporaryDirectory() as tmp:
        databases = pg.Databases(admin, prefix="na_bench")
        made: list[str] = []
        create = databases.create

        def tracked(template: str | None = None):  # type: ignore[no-untyped-def]
            url = create(template)
            made.append(pg.render(url))
            return url

        databases.create = tracked  # type: ignore[method-assign]
        try:
            throughput(databases, Path(tmp), args.sites, max(args.articles // args.sites // 2, 10),
                       problems)  # fmt: skip
            archive_copy_search(databases, Path(tmp), args.articles, args.queries, problems)
            leases(databases, args.articles, problems)
        finally:
            for url in made:
                databases.drop(url)
            databases.close()
    for problem in problems:
        print(f"FAILED: {problem}")
    return 1 if problems and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
