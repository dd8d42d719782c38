"""The ``newsarchive`` command.

Exit codes (docs/cli.md): 0 ok; 1 the crawl or replay failed (start page unreachable, spider
error); 2 bad usage or input (unknown site, bad URL, unusable database path, malformed
fixture). Errors print one line on stderr, never a traceback (set NEWSARCHIVE_DEBUG=1 to get
one).
"""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from datetime import UTC, datetime
from functools import wraps
from pathlib import Path
from typing import Any, TypeVar
from urllib.error import URLError
from urllib.parse import urlsplit

import click

from . import __version__
from .errors import UserError

F = TypeVar("F", bound=Callable[..., Any])


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar="NEWSARCHIVE_DB_URL",
        metavar="PATH|URL",
        help="Archive database: a file path or SQLAlchemy URL "
        "[env NEWSARCHIVE_DB_URL; default ./newsarchive.db].",
    )(func)


def json_option(func: F) -> F:
    return click.option("--json", "as_json", is_flag=True, help="Print JSON.")(func)


def handle_errors(func: F) -> F:
    """Turn expected failures into one line on stderr and a meaningful exit code."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            click.echo(f"error: {exc}", err=True)
            sys.exit(exc.exit_code)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except Exception as exc:
            if os.environ.get("NEWSARCHIVE_DEBUG"):
                raise
            click.echo(f"error: {exc.__class__.__name__}: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def _is_url(value: str) -> bool:
    return urlsplit(value).scheme in {"http", "https"} and bool(urlsplit(value).netloc)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def main() -> None:
    """Crawl news sites, extract articles and comment counts, keep a deduplicated archive.

    Example: newsarchive demo
    """


def crawl_options(func: F) -> F:
    """Options shared by the commands that run a spider."""
    for option in reversed(
        [
            click.argument("target"),
            db_option,
            click.option("-s", "--set", "settings_", multiple=True, metavar="NAME=VALUE",
                         help="Override a Scrapy setting, as with scrapy crawl -s."),
            click.option("-a", "--arg", "spider_args", multiple=True, metavar="NAME=VALUE",
                         help="Spider argument, as with scrapy crawl -a (e.g. wp_api=1)."),
            click.option("-v", "--verbose", is_flag=True, help="Log at INFO, print a summary."),
            click.option("--log-file", type=click.Path(dir_okay=False),
                         help="Also log to this file."),
        ]
    ):  # fmt: skip
        func = option(func)
    return func


def _run_spider(
    target: str,
    db: str | None,
    settings_: tuple[str, ...],
    spider_args: tuple[str, ...],
    verbose: bool,
    log_file: str | None,
    extra: dict[str, Any] | None = None,
) -> None:
    from .crawl import spider_for_url
    from .runner import base_settings, find_spider, parse_setting_overrides, run_crawl
    from .storage import open_engine

    overrides: dict[str, Any] = parse_setting_overrides(settings_)
    kwargs: dict[str, Any] = {**parse_setting_overrides(spider_args, flag="-a"), **(extra or {})}
    if verbose:
        overrides.setdefault("LOG_LEVEL", "INFO")
    if log_file:
        overrides["LOG_FILE"] = log_file
    settings = base_settings(overrides, db)
    open_engine(settings.get("NEWSARCHIVE_DB_URL")).dispose()  # fail before crawling
    if _is_url(target):
        spidercls = spider_for_url(target)
        kwargs["url"] = target
    elif "://" in target or target.startswith("www."):
        raise UserError(f"not an http(s) URL: {target!r}")
    else:
        spidercls = find_spider(target, settings)
    outcome = run_crawl(spidercls, settings, **kwargs)
    _report(outcome, verbose or sys.stdout.isatty())


@main.command()
@crawl_options
@handle_errors
def crawl(**options: Any) -> None:
    """Crawl a catalogued SITE (see `newsarchive sites`) or any news site by URL.

    Example: newsarchive crawl https://example.org/ -s DOWNLOAD_DELAY=1
    """
    _run_spider(**options)


@main.command()
@crawl_options
@click.option("--days", type=click.IntRange(min=1), help="Window (default: the site's, 14).")
@handle_errors
def refresh(days: int | None, **options: Any) -> None:
    """Refresh the comment counts of a site's recent articles already in the archive.

    Counts come from the site's feed, then (with -a wp_api=1 or a site that opted in) the
    WordPress REST API; only articles neither can answer are downloaded again.

    Example: newsarchive refresh https://example.org/ --days 7 -a wp_api=1
    """
    extra: dict[str, Any] = {"mode": "refresh"}
    if days is not None:
        extra["days"] = str(days)
    _run_spider(**options, extra=extra)


def _report(outcome: Any, show_summary: bool) -> None:
    stats = outcome.stats
    if show_summary:
        click.echo(
            f"crawl {stats.get('newsarchive/crawl_id', '?')} {outcome.reason}: "
            f"{stats.get('response_received_count', 0)} pages, "
            f"{stats.get('newsarchive/articles_extracted', 0)} articles "
            f"({stats.get('newsarchive/articles_new', 0)} new, "
            f"{stats.get('newsarchive/revisions_new', 0)} new revisions, "
            f"{stats.get('newsarchive/comment_counts_new', 0)} comment counts recorded), "
            f"{stats.get('newsarchive/refresh/feed', 0) + stats.get('newsarchive/refresh/api', 0)}"
            " counts refreshed without a page fetch, "
            f"{stats.get('newsarchive/article_errors', 0)} article errors"
        )
    if stats.get("newsarchive/start_failed"):
        raise UserError(
            f"could not fetch the start page: {stats.get('newsarchive/start_error')}",
            exit_code=1,
        )
    if not outcome.ok:
        raise UserError(f"crawl ended early: {outcome.reason}", exit_code=1)


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@db_option
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO.")
@handle_errors
def replay(folder: str, db: str | None, verbose: bool) -> None:
    """Run saved pages (fixture folders) through the real spider and pipelines, offline.

    Example: newsarchive replay fixtures/ --db /tmp/replay.db
    """
    from .fixtures import find_fixtures, load_fixture
    from .replay import REPLAY_SETTINGS, ReplaySpider
    from .runner import base_settings, run_crawl
    from .storage import open_engine

    paths = find_fixtures(folder)
    if not paths:
        raise UserError(f"no fixtures (folders with info.json) under {folder}")
    for path in paths:
        load_fixture(path)  # malformed fixtures fail here, before the DB is touched
    overrides = {**REPLAY_SETTINGS, "NEWSARCHIVE_REPLAY_DIR": str(Path(folder).resolve())}
    if verbose:
        overrides["LOG_LEVEL"] = "INFO"
    settings = base_settings(overrides, db)
    open_engine(settings.get("NEWSARCHIVE_DB_URL")).dispose()
    outcome = run_crawl(ReplaySpider, settings, folder=str(Path(folder).resolve()))
    _report(outcome, show_summary=True)


@main.command()
@db_option
@click.option("--articles", default=36, show_default=True, help="Size of the sample site.")
@click.option("--port", default=8765, show_default=True,
              help="Loopback port; a fixed one keeps URLs stable across runs.")  # fmt: skip
@handle_errors
def demo(db: str | None, articles: int, port: int) -> None:
    """Serve the bundled sample news site on 127.0.0.1, crawl it, show what was archived.

    Example: newsarchive demo --db /tmp/demo.db
    """
    from .runner import LOCAL_SITE_SETTINGS, base_settings, find_spider, run_crawl
    from .storage import open_engine
    from .storage.queries import archive_stats
    from .testing import NewsSite, SiteServer

    settings = base_settings(dict(LOCAL_SITE_SETTINGS), db)
    db_url = settings.get("NEWSARCHIVE_DB_URL")
    open_engine(db_url).dispose()
    spidercls = find_spider("sample", settings)  # the catalogued spider, as for any site
    with SiteServer(NewsSite(n_articles=articles), port=port) as server:
        click.echo(f"Serving a sample news site ({articles} articles) at {server.url}")
        outcome = run_crawl(spidercls, settings, url=server.url)
    _report(outcome, show_summary=True)
    stats = archive_stats(open_engine(db_url))
    totals = stats["totals"]
    click.echo(
        f"Archive {db_url}: {totals['articles']} articles, {totals['revisions']} revisions, "
        f"{totals['comment_counts']} comment-count observations, {totals['pages']} raw pages."
    )
    _print_sample(db_url)
    db_arg = f" --db {db}" if db else ""
    click.echo(
        "\nNext:\n"
        f"  newsarchive stats{db_arg}\n"
        f"  newsarchive show {server.site.url(server.site.articles[0].path)}{db_arg}\n"
        f'  sqlite3 {db_url.removeprefix("sqlite:///")} "SELECT a.canonical_url, r.headline '
        'FROM articles a JOIN revisions r ON r.article_id = a.id LIMIT 5"'
    )


def _print_sample(db_url: str) -> None:
    from sqlalchemy import select
    from sqlalchemy.orm import Session

    from .storage import open_engine
    from .storage.models import ArticleRow, CommentCount, Revision

    engine = open_engine(db_url)
    with Session(engine) as session:
        rows = session.execute(
            select(Revision.headline, Revision.in_language, ArticleRow.id)
            .join(ArticleRow, ArticleRow.id == Revision.article_id)
            .order_by(Revision.date_published.desc())
            .limit(5)
        ).all()
        for headline, lang, article_id in rows:
            count = session.scalar(
                select(CommentCount.count)
                .where(CommentCount.article_id == article_id)
                .order_by(CommentCount.id.desc())
                .limit(1)
            )
            shown = "none shown" if count is None else str(count)
            click.echo(f"  [{lang}] {headline[:70] if headline else '?'} — comments: {shown}")
    engine.dispose()


@main.command()
@handle_errors
def sites() -> None:
    """List the catalogued sites (spiders in spiders/).

    Example: newsarchive sites
    """
    from .runner import base_settings, list_spiders

    for spider in list_spiders(base_settings()):
        urls = " ".join(getattr(spider, "start_urls", []) or ["(url given at run time)"])
        strategies = ",".join(getattr(spider, "strategies", ()))
        click.echo(f"{spider.name:20} {strategies:24} {urls}")


@main.command()
@click.argument("url")
@db_option
@json_option
@click.option("--full", is_flag=True, help="Print the body of every revision.")
@handle_errors
def show(url: str, db: str | None, as_json: bool, full: bool) -> None:
    """Show an archived article (any URL it was seen at): revisions and comment counts.

    Example: newsarchive show https://example.org/2025/04/12/slug/
    """
    from .storage import open_engine
    from .storage.queries import article_history

    history = article_history(open_engine(db, create=False), url)
    if history is None:
        raise UserError(f"not in the archive: {url}", exit_code=1)
    if as_json:
        click.echo(json.dumps(history, ensure_ascii=False, indent=2))
        return
    click.echo(f"{history['canonical_url']}  (site {history['site']}, id {history['id']})")
    click.echo(
        f"  seen {history['first_seen']} → {history['last_seen']}, "
        f"{history['fetches']} fetches, {len(history['urls'])} URLs"
    )
    latest = history["revisions"][-1] if history["revisions"] else None
    if latest:
        click.echo(f"  headline: {latest['headline']}")
        click.echo(
            f"  authors: {', '.join(latest['authors']) or '-'}; published "
            f"{latest['date_published'] or '-'}; language {latest['in_language'] or '-'}"
        )
    click.echo(f"revisions ({len(history['revisions'])}):")
    for rev in history["revisions"]:
        click.echo(
            f"  #{rev['id']} {rev['first_seen']} → {rev['last_seen']} "
            f"{rev['fingerprint'][:12]} {rev['headline']}"
        )
        if full and rev["article_body"]:
            click.echo("    " + rev["article_body"].replace("\n", "\n    "))
    click.echo(f"comment counts ({len(history['comment_counts'])}):")
    for obs in history["comment_counts"]:
        click.echo(
            f"  {obs['count']:>5}  {obs['first_seen']} → {obs['last_seen']}  "
            f"[{obs['source']}] {obs['raw'] or ''}"
        )


@main.command()
@db_option
@json_option
@handle_errors
def stats(db: str | None, as_json: bool) -> None:
    """Counts of what the archive holds, per site, and the latest crawls.

    Example: newsarchive stats --json
    """
    from .storage import open_engine
    from .storage.queries import archive_stats

    data = archive_stats(open_engine(db, create=False))
    if as_json:
        click.echo(json.dumps(data, indent=2))
        return
    click.echo("  ".join(f"{k}={v}" for k, v in data["totals"].items()))
    for row in data["sites"]:
        click.echo(f"  {row['site']:30} {row['articles']:>7} articles")
    for crawl in data["recent_crawls"]:
        click.echo(
            f"  crawl {crawl['id']:>4} {crawl['spider']:20} {crawl['status']:9} "
            f"{crawl['started_at']} → {crawl['finished_at'] or '…'}"
        )


@main.group()
def db() -> None:
    """Manage the archive database itself.

    Example: newsarchive db upgrade --db archive.db
    """


@db.command("upgrade")
@db_option
@handle_errors
def db_upgrade(db: str | None) -> None:
    """Apply the recorded schema migrations (crawls do this by themselves).

    Example: newsarchive db upgrade --db /srv/news/archive.db
    """
    from .storage import open_engine
    from .storage.db import upgrade

    before, after = upgrade(open_engine(db, migrate=False))
    click.echo(f"schema {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@main.group()
def export() -> None:
    """Export archive data for other tools.

    Example: newsarchive export comment-counts --format csv > counts.csv
    """


@export.command("comment-counts")
@db_option
@click.option("--format", "fmt", type=click.Choice(["jsonl", "csv"]), default="jsonl",
              show_default=True)  # fmt: skip
@click.option("--site", help="Only this site (as `newsarchive stats` names it).")
@click.option("--since", metavar="DATE", help="Only observations still current at/after DATE.")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of stdout.")  # fmt: skip
@handle_errors
def export_comment_counts(
    db: str | None, fmt: str, site: str | None, since: str | None, output: Any
) -> None:
    """The comment-count series: one row per observed count, with when it held and its source.

    Example: newsarchive export comment-counts --site example.org --format csv -o counts.csv
    """
    import csv

    from .storage import open_engine
    from .storage.queries import COMMENT_COUNT_COLUMNS, comment_count_rows

    rows = comment_count_rows(open_engine(db, create=False), site=site, since=since)
    if fmt == "csv":
        writer = csv.DictWriter(output, fieldnames=COMMENT_COUNT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    else:
        for row in rows:
            output.write(json.dumps(row, ensure_ascii=False) + "\n")


@main.group()
def fixture() -> None:
    """Record and inspect saved pages used as tests.

    Example: newsarchive fixture show fixtures/fr-wordpress-zero-comments
    """


@fixture.command("show")
@click.argument("path", type=click.Path())
@handle_errors
def fixture_show(path: str) -> None:
    """Print what the spider currently extracts from a saved page.

    Example: newsarchive fixture show fixtures/en-wordpress-comments
    """
    from .fixtures import load_fixture, run_fixture

    fx = load_fixture(path)
    click.echo(json.dumps(run_fixture(fx), ensure_ascii=False, indent=2))


@fixture.command("record")
@click.argument("url")
@click.option(
    "--dir",
    "root",
    default="fixtures",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where fixture folders live.",
)
@click.option("--name", help="Folder name (default: from the URL).")
@click.option(
    "--kind",
    type=click.Choice(["article", "listing", "feed", "sitemap"]),
    default="article",
    show_default=True,
)
@handle_errors
def fixture_record(url: str, root: str, name: str | None, kind: str) -> None:
    """Fetch URL and save it as a fixture, with its current output to review.

    The output is what the extractor says today: read it, correct it, commit it. An existing
    fixture is never overwritten.

    Example: newsarchive fixture record https://example.org/2025/04/12/slug/ --name example-slug
    """
    from .fixtures import Fixture, run_fixture
    from .recording import fetch, fixture_name, write_fixture

    if not _is_url(url):
        raise UserError(f"not an http(s) URL: {url!r}")
    folder = Path(root) / (name or fixture_name(url))
    if folder.exists():
        raise UserError(f"{folder} exists; fixtures are never overwritten (pick --name)")
    try:
        status, final_url, headers, body = fetch(url)
    except (URLError, OSError, ValueError) as exc:
        raise UserError(f"could not fetch {url}: {exc}", exit_code=1) from None
    meta = {
        "kind": kind,
        "source": url,
        "captured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "description": "recorded by `newsarchive fixture record`; review output.json",
    }
    fx = Fixture(folder, final_url, status, headers, body, meta)
    write_fixture(fx, run_fixture(fx))
    click.echo(f"saved {folder} ({len(body)} bytes); review {folder / 'output.json'}")


if __name__ == "__main__":
    main()
