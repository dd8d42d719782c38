"""Commands on the archive database itself: ``db upgrade``."""

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
