"""Commands on the archive database itself: ``db upgrade``, ``db copy``."""

from __future__ import annotations

import click

from ..errors import UserError
from .common import db_option, handle_errors, main


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
    from sqlalchemy.exc import SQLAlchemyError

    from ..storage import open_engine
    from ..storage.db import db_error_reason, upgrade

    engine = open_engine(db, migrate=False)
    try:
        before, after = upgrade(engine)
    except SQLAlchemyError as exc:
        raise UserError(f"cannot upgrade {engine.url!r}: {db_error_reason(exc)}") from None
    click.echo(f"schema {after}" + ("" if before == after else f" (was {before or 'empty'})"))


@db.command("copy")
@click.argument("source", metavar="SRC")
@click.argument("destination", metavar="DST")
@click.option("--force", is_flag=True, help="Replace what the destination holds.")
@handle_errors
def db_copy(source: str, destination: str, force: bool) -> None:
    """Copy a whole archive into another database (SQLite into PostgreSQL, or back): every
    table, raw page and dictionary, ids kept; counts and checksums verified at the end.

    SRC and DST are paths or URLs. The destination is created (or upgraded) if needed and must
    hold no archive yet, unless --force. Crawls should not write to SRC meanwhile.

    Example: newsarchive db copy archive.db postgresql://news@db.example/news
    """
    from ..storage import open_engine, resolve_db_url
    from ..storage.copy import copy_archive
    from ..storage.db import archive_files, same_file

    source_files, destination_files = archive_files(source), archive_files(destination)
    if resolve_db_url(source) == resolve_db_url(destination) or (
        source_files and destination_files and same_file(source_files[0], destination_files[0])
    ):
        raise UserError("source and destination are the same database")
    created = bool(destination_files) and not destination_files[0].exists()
    src = open_engine(source, create=False)
    dst = open_engine(destination)
    try:
        report = copy_archive(src, dst, replace=force)
    except BaseException:
        if created:  # a failed copy leaves no empty archive behind, as if it were one
            dst.dispose()
            for path in destination_files:
                path.unlink(missing_ok=True)
        raise
    finally:
        src.dispose()
        dst.dispose()
    rows = ", ".join(f"{name} {n}" for name, n in report.tables.items())
    click.echo(f"copied: {rows}")
    click.echo(f"verified: {len(report.checksums)} tables, counts and checksums match")
