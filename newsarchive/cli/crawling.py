"""Commands that run spiders: crawl, refresh, replay, demo, sites."""

from __future__ import annotations

import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import click

from ..errors import UserError
from ..health import EXIT_STORE_FAILED, error_kinds, verdict
from .common import F, db_option, handle_errors, is_url, main, refuse_archive_file


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
    refresh: bool = False,
) -> None:
    from scrapy import Spider

    from ..crawl import SiteSpider, refresh_spider_for, spider_for_url
    from ..crawl.extraction_pool import pool_settings
    from ..lock import EXIT_LOCKED, crawl_lock
    from ..runner import base_settings, find_spider, parse_setting_overrides, run_crawl
    from ..storage import open_engine
    from ..storage.queries import previous_crawl_stats

    overrides: dict[str, Any] = parse_setting_overrides(settings_)
    kwargs: dict[str, Any] = {**parse_setting_overrides(spider_args, flag="-a"), **(extra or {})}
    if verbose:
        overrides.setdefault("LOG_LEVEL", "INFO")
    if log_file:
        refuse_archive_file("--log-file", log_file, db)
        if not Path(log_file).expanduser().resolve().parent.is_dir():
            raise UserError(f"--log-file {log_file}: its folder does not exist")
        overrides["LOG_FILE"] = log_file
    settings = base_settings(overrides, db)
    open_engine(settings.get("NEWSARCHIVE_DB_URL"), existing=refresh).dispose()  # fail now
    try:
        pool_settings(settings)
    except ValueError as exc:
        raise UserError(str(exc)) from None
    spidercls: type[Spider]
    if is_url(target):
        spidercls = spider_for_url(target)
        kwargs["url"] = target
    elif "://" in target or target.startswith("www."):
        raise UserError(f"not an http(s) URL: {target!r}")
    else:
        spidercls = find_spider(target, settings)
    if refresh:
        if not issubclass(spidercls, SiteSpider):
            raise UserError(f"{target}: not a news site spider, it has no count refresh")
        spidercls = refresh_spider_for(spidercls)
    check = getattr(spidercls, "parse_arguments", None)
    if check is not None:
        try:
            check(**kwargs)
        except ValueError as exc:
            raise UserError(f"bad spider argument: {exc}") from None
    db_url = settings.get("NEWSARCHIVE_DB_URL")
    try:
        with crawl_lock(db_url, spidercls.name):
            outcome = run_crawl(spidercls, settings, **kwargs)
    except UserError as exc:
        if log_file and exc.exit_code == EXIT_LOCKED:  # the log said nothing of the run at all
            logged = _log_line(log_file, f"NOT RUN exit {EXIT_LOCKED}: {exc}") is None
            if logged and not sys.stderr.isatty():
                # Under cron, a line on stderr is a mail, and exit 3 needs no action: the
                # log and the exit code say it (a terminal still gets the line).
                raise SystemExit(EXIT_LOCKED) from None
        raise
    crawl_id = outcome.stats.get("newsarchive/crawl_id")
    history = []
    if crawl_id is not None and not refresh:  # a refresh fetches too few pages to judge
        history = previous_crawl_stats(open_engine(db_url, create=False), spidercls.name, crawl_id)
    _report(
        outcome,
        verbose or sys.stdout.isatty(),
        log_file=log_file,
        history=history,
        max_error_rate=settings.getfloat("NEWSARCHIVE_MAX_ERROR_RATE", 0.2),
    )


@main.command()
@crawl_options
@click.option(
    "--since",
    metavar="DATE",
    help="Only articles published on or after DATE "
    "(2025-03-01 or an ISO datetime; UTC unless it has an offset).",
)
@click.option("--until", metavar="DATE", help="Only articles published before DATE.")
@click.option(
    "--order",
    type=click.Choice(["newest", "site"]),
    default="newest",
    show_default=True,
    help="Fetch the newest articles first, or in the order found.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Fetch every article (conditionally), even those the sitemap says are unchanged "
    "since archived and failed ones not due yet: e.g. weekly, to notice silent edits and "
    "the deletion of articles still listed.",
)
@handle_errors
def crawl(since: str | None, until: str | None, order: str, full: bool, **options: Any) -> None:
    """Crawl a catalogued SITE (see `newsarchive sites`) or any news site by URL.

    Articles the archive holds and the sitemap says are unchanged are not fetched again,
    except recent ones (the site's recent_days, 14), whose comment counts still move: those
    are asked again at every crawl for two days, then every 6 hours, then daily.

    Example: newsarchive crawl https://example.org/ --since 2025-01-01 -s DOWNLOAD_DELAY=1
    """
    extra = {"order": order, "full": "1" if full else None, "since": since, "until": until}
    _run_spider(**options, extra={k: v for k, v in extra.items() if v is not None})


@main.command()
@crawl_options
@click.option(
    "--days",
    type=click.IntRange(1, 100_000),  # ~270 years; past year 1 overflows
    help="Window (default: the site's, 14).",
)
@handle_errors
def refresh(days: int | None, **options: Any) -> None:
    """Refresh the comment counts of a site's recent articles already in the archive.

    Counts come from the site's feed, then (with -a wp_api=1 or a site that opted in) the
    WordPress REST API; only articles neither can answer are downloaded again.

    Example: newsarchive refresh https://example.org/ --days 7 -a wp_api=1
    """
    extra: dict[str, Any] = {}
    if days is not None:
        extra["days"] = str(days)
    _run_spider(**options, extra=extra, refresh=True)


def summary_line(stats: dict[str, Any], reason: str | None) -> str:
    """The end-of-run summary: what changed in the archive and what went wrong, by kind."""
    refreshed = stats.get("newsarchive/refresh/feed", 0) + stats.get("newsarchive/refresh/api", 0)
    errors = ", ".join(f"{k} {v}" for k, v in sorted(error_kinds(stats).items())) or "none"
    skipped = ", ".join(
        f"{key.rsplit('/', 1)[-1]} {value}"
        for key, value in sorted(stats.items())
        if key.startswith("newsarchive/skipped/") and value
    )
    if stats.get("newsarchive/not_article"):
        skipped = ", ".join(
            filter(None, (skipped, f"not an article {stats['newsarchive/not_article']}"))
        )
    incomplete = ", ".join(
        f"{key.rsplit('/', 1)[-1].replace('_', ' ')} {value}"
        for key, value in sorted(stats.items())
        if key.startswith("newsarchive/extraction/") and not key.endswith("/ok") and value
    )
    return (
        f"crawl {stats.get('newsarchive/crawl_id', '?')} {reason}: "
        f"{stats.get('response_received_count', 0)} pages, "
        f"{stats.get('newsarchive/articles_extracted', 0)} articles "
        f"({stats.get('newsarchive/articles_new', 0)} new, "
        f"{stats.get('newsarchive/revisions_new', 0)} new revisions, "
        f"{stats.get('newsarchive/comment_counts_new', 0)} comment counts recorded, "
        f"{refreshed} counts refreshed without a page fetch, "
        f"{stats.get('newsarchive/articles_gone', 0)} gone"
        + (f"; {stats['newsarchive/not_modified']} unchanged (304)"
           if stats.get("newsarchive/not_modified") else "")
        + (f"; skipped: {skipped}" if skipped else "")
        + (f"; archived with an incomplete extraction: {incomplete}" if incomplete else "")
        + (f"; {stats['newsarchive/held']} pages kept without replacing an article's text"
           if stats.get("newsarchive/held") else "")
        + f"); errors: {errors}"
    )  # fmt: skip


def _log_line(log_file: str, text: str) -> str | None:
    """One stamped line of newsarchive's own in the crawl's ``--log-file``; why it could not
    be written (a full disk), or None."""
    stamp = datetime.now(UTC).isoformat(timespec="seconds")
    try:
        with Path(log_file).open("a", encoding="utf-8") as fh:
            fh.write(f"{stamp} [newsarchive] {text}\n")
    except OSError as exc:
        return exc.strerror or repr(exc)
    return None


def _report(
    outcome: Any,
    show_summary: bool,
    log_file: str | None = None,
    history: list[dict[str, Any]] | None = None,
    max_error_rate: float = 1.0,
) -> None:
    """Print/log the summary, then turn the run's problems into an exit code (docs/cli.md)."""
    from ..runner import log_file_failure

    stats = outcome.stats
    line = summary_line(stats, outcome.reason)
    if show_summary:
        click.echo(line)
    judged = verdict(stats, outcome.reason, history or [], max_error_rate)
    unlogged = log_file_failure()
    if log_file:
        unlogged = _log_line(log_file, f"SUMMARY {line}") or unlogged
        if judged.exit_code:  # why the run failed, where cron's reader looks (not stderr)
            unlogged = (
                _log_line(log_file, f"ERROR exit {judged.exit_code}: {judged.message}") or unlogged
            )
    if judged.exit_code:
        raise UserError(judged.message, exit_code=judged.exit_code)
    if log_file and unlogged:  # the run went well, but its log is not there to say so
        raise UserError(
            f"could not write to the log file {log_file} ({unlogged}): the crawl finished"
            " and the archive holds it; the log does not",
            exit_code=EXIT_STORE_FAILED,
        )


@main.command()
@click.argument("folder", type=click.Path(file_okay=False))
@db_option
@click.option("-v", "--verbose", is_flag=True, help="Log at INFO.")
@handle_errors
def replay(folder: str, db: str | None, verbose: bool) -> None:
    """Run saved pages (fixture folders) through the real spider and pipelines, offline.

    Example: newsarchive replay fixtures/ --db /tmp/replay.db
    """
    from ..fixtures import find_fixtures, load_fixture
    from ..replay import REPLAY_SETTINGS, ReplaySpider
    from ..runner import base_settings, run_crawl
    from ..storage import open_engine
    from ..urls import canonicalize

    paths = find_fixtures(folder)
    if not paths:
        raise UserError(f"no fixtures (folders with info.json) under {folder}")
    folders: dict[str, Path] = {}
    for path in paths:
        url = canonicalize(load_fixture(path).url)  # malformed ones fail here, before the DB
        if url in folders:  # a replay answers a URL with one page: the other was dropped
            raise UserError(f"two fixtures of one URL: {folders[url]} and {path} ({url})")
        folders[url] = path
    overrides = {**REPLAY_SETTINGS, "NEWSARCHIVE_REPLAY_DIR": str(Path(folder).resolve())}
    if verbose:
        overrides["LOG_LEVEL"] = "INFO"
    settings = base_settings(overrides, db)
    open_engine(settings.get("NEWSARCHIVE_DB_URL")).dispose()
    outcome = run_crawl(ReplaySpider, settings, folder=str(Path(folder).resolve()))
    _report(outcome, show_summary=True)


@main.command()
@db_option
@click.option("--articles", type=click.IntRange(1, 10_000), default=36, show_default=True,
              help="Size of the sample site.")  # fmt: skip
@click.option("--port", type=click.IntRange(0, 65_535), default=8765, show_default=True,
              help="Loopback port; a fixed one keeps URLs stable across runs.")  # fmt: skip
@handle_errors
def demo(db: str | None, articles: int, port: int) -> None:
    """Serve the bundled sample news site on 127.0.0.1, crawl it, show what was archived.

    Example: newsarchive demo --db /tmp/demo.db
    """
    from ..runner import LOCAL_SITE_SETTINGS, base_settings, find_spider, run_crawl
    from ..storage import open_engine
    from ..storage.queries import archive_stats
    from ..testing import NewsSite, SiteServer

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

    from ..storage import open_engine
    from ..storage.models import ArticleRow, CommentCount, Revision

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
    from ..runner import base_settings, list_spiders

    for spider in list_spiders(base_settings()):
        urls = " ".join(getattr(spider, "start_urls", []) or ["(url given at run time)"])
        strategies = ",".join(getattr(spider, "strategies", ()))
        click.echo(f"{spider.name:20} {strategies:24} {urls}")
