"""``newsarchive worker``: one of several processes (or machines) sharing a list of sites."""

from __future__ import annotations

from typing import Any

import click

from ..errors import UserError
from .common import db_option, handle_errors, is_url, main


@main.command()
@click.argument("targets", nargs=-1)
@click.option("--all", "all_sites", is_flag=True, help="Every catalogued site.")
@db_option
@click.option(
    "--poll",
    type=click.FloatRange(min=0.1),
    default=5.0,
    show_default=True,
    help="Seconds between looks at sites another worker holds.",
)
@click.option(
    "-s",
    "--set",
    "settings_",
    multiple=True,
    metavar="NAME=VALUE",
    help="Passed to each crawl, as with newsarchive crawl -s.",
)
@click.option(
    "-a",
    "--arg",
    "spider_args",
    multiple=True,
    metavar="NAME=VALUE",
    help="Passed to each crawl, as with newsarchive crawl -a.",
)
@handle_errors
def worker(targets: tuple[str, ...], all_sites: bool, db: str | None, poll: float,
           settings_: tuple[str, ...], spider_args: tuple[str, ...]) -> None:  # fmt: skip
    """Crawl the given sites (or --all) that no other worker holds, due first, until none
    is left. Run the same command on several machines against one PostgreSQL archive (or
    several times on one machine): they split the sites, and a worker that dies mid-site
    (kill -9, a lost machine) has its site taken over and resumed by another.

    Exit code: 0 when every crawl this worker ran succeeded (or only reported a layout break),
    1 otherwise.

    Example: newsarchive worker --all --db postgresql://crawler@db.example/news
    """
    from ..crawl import spider_for_url
    from ..runner import base_settings, find_spider, list_spiders, parse_setting_overrides
    from ..storage import open_engine, resolve_db_url
    from ..worker import Target, Worker

    parse_setting_overrides(settings_)
    parse_setting_overrides(spider_args, flag="-a")
    if not targets and not all_sites:
        raise UserError("name sites (catalogued names or URLs), or pass --all")
    settings = base_settings()
    chosen: list[Target] = []
    if all_sites:
        chosen += [Target(s.name, s.name) for s in list_spiders(settings) if s.name]
    for arg in targets:
        if is_url(arg):
            chosen.append(Target(arg, spider_for_url(arg).name))
        else:
            chosen.append(Target(arg, find_spider(arg, settings).name or arg))
    db_url = resolve_db_url(db)
    engine = open_engine(db_url)  # creates or upgrades once, before the crawls start
    extra: list[Any] = [item for pair in settings_ for item in ("-s", pair)]
    extra += [item for pair in spider_args for item in ("-a", pair)]
    report = Worker(engine, db_url, chosen, extra=extra, poll=poll,
                    say=lambda line: click.echo(line)).run()  # fmt: skip
    engine.dispose()
    others = ", ".join(sorted(report.taken_by_others)) or "none"
    click.echo(f"worker: crawled {len(report.crawled)} sites ({len(report.failed)} failed); "
               f"crawled by other workers: {others}")  # fmt: skip
    if report.failed:
        failed = ", ".join(f"{site} (exit {code})" for site, code in report.failed.items())
        raise UserError(f"crawls failed: {failed}", exit_code=1)
