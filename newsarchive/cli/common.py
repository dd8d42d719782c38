"""What every command shares: the group, database and filter options, error handling, output."""

from __future__ import annotations

import json
import os
import sys
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar
from urllib.parse import urlsplit

import click

from .. import __version__
from ..errors import UserError

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
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except Exception as exc:
            if os.environ.get("NEWSARCHIVE_DEBUG"):
                raise
            click.echo(f"error: {exc.__class__.__name__}: {exc}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


def is_url(value: str) -> bool:
    return urlsplit(value).scheme in {"http", "https"} and bool(urlsplit(value).netloc)


def filter_options(func: F) -> F:
    """Filters shared by search and the exports, defined once."""
    for option in reversed(
        [
            click.option("--site", help="Only this site (as `newsarchive stats` names it)."),
            click.option("--since", metavar="DATE", help="Published on or after DATE."),
            click.option("--until", metavar="DATE", help="Published before DATE."),
            click.option("--lang", help="Language: 'fr' matches fr, fr-FR, fr-MA..."),
            click.option("--all-revisions", is_flag=True,
                         help="Every revision, not only each article's latest."),
        ]
    ):  # fmt: skip
        func = option(func)
    return func


def make_filters(site, since, until, lang, all_revisions):  # type: ignore[no-untyped-def]
    from ..storage.search import Filters

    return Filters(site=site, since=since, until=until, lang=lang, all_revisions=all_revisions)


def write_rows(rows: Any, columns: tuple[str, ...], fmt: str, output: Any) -> int:
    """Rows as a table, JSON lines or CSV — the one output path of search and exports."""
    import csv

    count = 0
    if fmt == "csv":
        writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n",
                                extrasaction="ignore")  # fmt: skip
        writer.writeheader()
    for row in rows:
        count += 1
        if fmt == "csv":
            writer.writerow(row)
        else:
            output.write(json.dumps(row, ensure_ascii=False) + "\n")
    return count


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def main() -> None:
    """Crawl news sites, extract articles and comment counts, keep a deduplicated archive.

    Example: newsarchive demo
    """
