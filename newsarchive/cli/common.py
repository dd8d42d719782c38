"""What every command shares: the group, database and filter options, error handling, output."""

from __future__ import annotations

import os
import re
import sys
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar
from urllib.parse import urlsplit

import click

from .. import __version__
from ..errors import UserError
from ..urls import canonicalize

if TYPE_CHECKING:
    from sqlalchemy import Engine

    from ..storage.search import Filters

F = TypeVar("F", bound=Callable[..., Any])


def _not_blank(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """``--db ""`` (an unset variable in a cron line) named the default archive in the
    working folder: refused, as a value naming nothing."""
    if value is not None and not value.strip():
        raise click.BadParameter("an empty value names no archive")
    return value


def db_option(func: F) -> F:
    return click.option(
        "--db",
        "db",
        envvar="NEWSARCHIVE_DB_URL",
        callback=_not_blank,
        metavar="PATH|URL",
        help="Archive database: a file path or SQLAlchemy URL "
        "[env NEWSARCHIVE_DB_URL; default ./newsarchive.db].",
    )(func)


FORMAT_HELP = {
    "text": "for people",
    "json": "one JSON document, or a JSON line per row",
    "csv": "CSV with a header row",
}


def output_options(*formats: str, default: str = "text") -> Callable[[F], F]:
    """The output options, spelled the same on every command: ``--format FORMAT`` among
    ``formats``, and ``--json`` / ``--csv`` as its shorthands. The command receives ``fmt``.
    (``jsonl`` is accepted for ``json``: JSON output of rows is always one line per row.)"""

    def decorate(func: F) -> F:
        shorthands = [name for name in ("json", "csv") if name in formats]

        @wraps(func)
        def wrapper(*args: Any, fmt: str | None, **kwargs: Any) -> Any:
            chosen: set[str] = {name for name in shorthands if kwargs.pop(f"as_{name}")}
            if fmt is not None:
                chosen.add("json" if fmt == "jsonl" else fmt)
            if len(chosen) > 1:
                raise click.UsageError(
                    f"choose one output format, not {' and '.join(sorted(chosen))}"
                )
            return func(*args, fmt=chosen.pop() if chosen else default, **kwargs)

        choices = [*formats, *(["jsonl"] if "json" in formats else [])]
        listed = "; ".join(f"{name}: {FORMAT_HELP[name]}" for name in formats)
        command = click.option(
            "--format", "fmt", type=click.Choice(choices), default=None, metavar="FORMAT",
            help=f"Output format [{listed}; default {default}].",
        )(wrapper)  # fmt: skip
        for name in reversed(shorthands):
            command = click.option(f"--{name}", f"as_{name}", is_flag=True,
                                   help=f"Same as --format {name}.")(command)  # fmt: skip
        return command  # type: ignore[return-value]

    return decorate


def since_option(what: str) -> Callable[[F], F]:
    """``--since DATE``, one spelling everywhere; ``what`` says which date of what it filters
    on (the commands filter different things: their help must say which). Commands check the
    value with :func:`check_date`, which fails as every usage error does (one line, exit 2)."""
    return click.option(
        "--since", metavar="DATE",
        help=f"Only {what} on or after DATE (2025-03-01, 2025-03, or 2025-03-01T08:00 without a"
        " time zone).",
    )  # fmt: skip


# Characters a terminal acts on: C0 controls (ESC starts a command sequence) but tab and
# newline, DEL, C1 controls (U+009B is a CSI of its own), lone surrogates.
_TERMINAL_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
_URL_PASSWORD = re.compile(r"(\b[a-zA-Z][a-zA-Z0-9+.\-]*://[^:/@\s]*:)[^@\s]*@")


def terminal_safe(value: object) -> str:
    """``value`` as text a terminal only displays: archived pages are hostile input, and an
    ESC in a headline would otherwise reach the operator's terminal through ``show``."""
    return _TERMINAL_UNSAFE.sub("", str(value))


def mask_secrets(text: str) -> str:
    """Passwords in URLs (``postgresql://user:secret@host``) replaced by ``***``."""
    return _URL_PASSWORD.sub(r"\1***@", text)


def error_line(message: object) -> str:
    """One line for stderr: secrets masked, control characters out, whitespace collapsed."""
    return " ".join(terminal_safe(mask_secrets(str(message))).split())[:1000]


def check_date(option: str, value: str | None) -> str | None:
    """``value`` if it reads as an ISO 8601 date, else a :class:`UserError` naming ``option``."""
    from ..storage.search import filter_date  # SQLAlchemy: imported when a command needs it

    if value is None:
        return None
    if not value.strip():
        raise UserError(f"{option}: not a date: {value!r} (expected YYYY-MM-DD)")
    return filter_date(option, value)


def refuse_archive_file(option: str, target: str | os.PathLike[str] | None, db: str | None) -> None:
    """A file a command writes (``-o``, an export's OUT, ``--log-file``) that is the archive it
    reads, or one of the archive's own files, would overwrite it: a usage error, before
    anything is opened."""
    from ..storage.db import archive_files, same_file  # SQLAlchemy: loaded when a command runs

    if target is None or str(target) in ("", "-"):
        return
    path = Path(target).expanduser()
    for own in archive_files(db):
        if same_file(path, own):
            raise UserError(f"{option} {target}: that is the archive's own file ({own})")


def check_url(url: str) -> str:
    """``url`` if it parses (``http://[x`` does not)."""
    try:
        canonicalize(url)
    except ValueError as exc:
        raise UserError(f"not a valid URL: {url!r} ({exc})") from None
    return url


def handle_errors(func: F) -> F:
    """Turn expected failures into one line on stderr and a meaningful exit code; nothing an
    error prints shows a password or a control character."""

    @wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return func(*args, **kwargs)
        except UserError as exc:
            click.echo(f"error: {error_line(exc)}", err=True)
            sys.exit(exc.exit_code)
        except click.FileError as exc:  # an -o path that cannot be opened: bad input
            click.echo(f"error: cannot open {exc.ui_filename}: {error_line(exc.message)}",
                       err=True)  # fmt: skip
            sys.exit(2)
        except (click.exceptions.Exit, click.ClickException, SystemExit, KeyboardInterrupt):
            raise
        except BrokenPipeError:
            # Output piped into `head` and the like: stop quietly, as Unix tools do.
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
            sys.exit(0)
        except Exception as exc:
            if isinstance(exc, UnicodeEncodeError) and exc.reason == "surrogates not allowed":
                # Bytes that are no UTF-8 in an argument reach Python as lone surrogates,
                # which no database or encoder takes: bad input (2), not a failed run (1).
                click.echo(f"error: an argument is not UTF-8 text: {exc.object!a}", err=True)
                sys.exit(2)
            if os.environ.get("NEWSARCHIVE_DEBUG"):
                raise
            if type(exc).__module__.startswith("sqlalchemy."):
                # The database's own reason ("database disk image is malformed"), without
                # SQLAlchemy's statement dump and link: the archive, not the command, failed.
                from ..storage.db import db_error_reason

                click.echo(f"error: the database failed: {error_line(db_error_reason(exc))}",
                           err=True)  # fmt: skip
                sys.exit(1)
            click.echo(f"error: {exc.__class__.__name__}: {error_line(exc)}", err=True)
            sys.exit(1)

    return wrapper  # type: ignore[return-value]


# Scrapy's URLLENGTH_LIMIT: a longer start URL is dropped without a word (exit 0, no page).
MAX_URL_LENGTH = 2083


def is_url(value: str) -> bool:
    """Whether ``value`` is an http(s) URL (else a site's name); a :class:`UserError` for one
    no crawl could fetch: it does not parse ("http://[::1/", a port past 65535, bytes that
    are no UTF-8), or Scrapy would drop it for its length, or it holds credentials
    (``user:pass@``), which a crawl never sends."""
    try:
        parts = urlsplit(value)
    except ValueError as exc:
        raise UserError(f"not a valid URL: {value!r} ({exc})") from None
    if parts.scheme not in {"http", "https"} or not parts.netloc:
        return False
    check_url(value)
    if "@" in parts.netloc:
        raise UserError(f"a URL with user info is not crawled (no credentials are sent): {value!r}")
    if len(value) > MAX_URL_LENGTH:
        raise UserError(f"URL longer than {MAX_URL_LENGTH} characters: {value[:80]!r}…")
    return True


def filter_options(func: F) -> F:
    """Filters shared by search and the exports, defined once."""
    for option in reversed(
        [
            click.option("--site", help="Only this site (as `newsarchive stats` names it)."),
            since_option("articles published"),
            click.option("--until", metavar="DATE", help="Published before DATE."),
            click.option("--lang", help="Language: 'fr' matches fr, fr-FR, fr-MA..."),
            click.option("--all-revisions", is_flag=True,
                         help="Every revision, not only each article's latest."),
        ]
    ):  # fmt: skip
        func = option(func)
    return func


def check_site(engine: Engine, site: str | None) -> None:
    """``--site`` naming no site of the archive is a typo (as ``newsarchive stats`` names
    them), said, rather than an empty result that reads as "nothing archived"."""
    from ..storage.browse import site_names

    if site is None:
        return
    known = site_names(engine)
    if site not in known:
        shown = ", ".join(known[:10]) + (", …" if len(known) > 10 else "") or "none"
        raise UserError(f"no site {site!r} in the archive (sites: {shown})")


def open_archive(db: str | None, site: str | None = None) -> Engine:
    """The existing archive a command reads, its ``--site`` (if any) checked against the
    archive's sites (:func:`check_site`)."""
    from ..storage import open_engine

    engine = open_engine(db, create=False)
    check_site(engine, site)
    return engine


def make_filters(
    site: str | None, since: str | None, until: str | None, lang: str | None,
    all_revisions: bool,
) -> Filters:  # fmt: skip
    from ..storage.search import Filters

    since, until = check_date("--since", since), check_date("--until", until)
    return Filters(site=site, since=since, until=until, lang=lang, all_revisions=all_revisions)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="newsarchive")
def main() -> None:
    """Crawl news sites, extract articles and comment counts, keep a deduplicated archive.

    Example: newsarchive demo
    """
    click.get_current_context().call_on_close(_close_databases)


def _close_databases() -> None:
    """Connections closed when the command ends, not whenever the garbage collector runs
    (commands that never opened the archive do not import the storage layer for this)."""
    db = sys.modules.get("newsarchive.storage.db")
    if db is not None:
        db.dispose_engines()
