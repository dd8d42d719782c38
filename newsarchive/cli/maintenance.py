"""Commands that work on what the archive already holds: ``reextract``."""

from __future__ import annotations

import json

import click

from .common import (
    UserError,
    check_date,
    check_site,
    db_option,
    handle_errors,
    is_url,
    main,
    output_options,
    since_option,
)


@main.command()
@click.argument("target", required=False)
@since_option("pages fetched")
@click.option(
    "--workers",
    default="auto",
    show_default=True,
    help="processes to extract in: auto (one per core, at most 4) or a number (0: this one)",
)
@db_option
@output_options("text", "json")
@handle_errors
def reextract(
    target: str | None, since: str | None, workers: str, db: str | None, fmt: str
) -> None:
    """Run today's extractor over the stored raw pages, without fetching anything.

    TARGET is a site (as `newsarchive stats` names it) or an article's URL; without it, the
    whole archive. Each article's newest stored page is extracted again; a new revision is
    written only where the extracted content changed, so an extraction fix reaches every
    archived article (those archived without a body first of all). Where only the
    descriptive fields (language, section, tags, description…) read differently, the newest
    revision is updated in place.

    Example: newsarchive reextract example-news.ma --since 2025-01-01
    """
    from ..crawl.extraction_pool import workers_setting
    from ..reextract import reextract as run
    from ..runner import catalogue_timezones
    from ..storage import open_engine
    from ..storage.queries import find_article_id

    since = check_date("--since", since)
    try:
        processes = workers_setting(workers)
    except ValueError as exc:
        raise UserError(f"--workers: {exc}") from None
    engine = open_engine(db, create=False)
    site = article_id = None
    if target and is_url(target):
        from sqlalchemy.orm import Session

        with Session(engine) as session:
            article_id = find_article_id(session, target)
        if article_id is None:
            raise UserError(f"no archived article at {target}")
    elif target:
        check_site(engine, target)  # a typo re-extracted nothing and said so with exit 0
        site = target
    result = run(engine, site=site, article_id=article_id, since=since,
                 timezones=catalogue_timezones(), workers=processes)  # fmt: skip
    if fmt == "json":
        click.echo(json.dumps({
            "pages": result.pages, "revised": result.revised, "reread": result.reread,
            "unchanged": result.unchanged,
            "failed": result.failed, "statuses": result.statuses,
            "in_workers": result.in_workers,
            "pages_per_second": round(result.pages_per_second, 1),
        }))  # fmt: skip
    else:
        statuses = ", ".join(f"{k} {v}" for k, v in sorted(result.statuses.items())) or "none"
        click.echo(
            f"re-extracted {result.pages} pages: {result.revised} new revisions, "
            f"{result.reread} re-read in place (same content; language, section, tags…), "
            f"{result.unchanged} unchanged, {result.failed} unreadable or failed "
            f"({result.pages_per_second:.0f} pages/s"
            + (f", {result.in_workers} in worker processes" if result.in_workers else "")
            + f"); extraction: {statuses}"
        )
    if result.failed:  # --json too: it exited 0 with failed pages
        raise UserError(
            f"{result.failed} stored pages could not be read back or extracted", exit_code=1
        )
