"""Commands that move data in and out of the archive: export, import."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import Any

import click

from ..errors import UserError
from ..tabular import write_rows
from .common import (
    check_date,
    db_option,
    filter_options,
    handle_errors,
    main,
    make_filters,
    open_archive,
    output_options,
    refuse_archive_file,
    since_option,
)


@main.group("import")
def import_() -> None:
    """Bring archives made elsewhere into this one.

    Example: newsarchive import warc crawl.warc.gz
    """


@import_.command("warc")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@db_option
@handle_errors
def import_warc_command(path: Path, db: str | None) -> None:
    """Read a WARC (ours or another tool's): HTML responses go through the normal extraction
    path into the archive.

    Records that cannot be read, or are larger than a crawl would fetch (DOWNLOAD_MAXSIZE), are
    skipped and counted; they, and a truncated file, make the exit status 1.

    Example: newsarchive import warc other-crawler.warc.gz --db archive.db
    """
    from ..storage import open_engine
    from ..warc import import_warc

    result = import_warc(open_engine(db), path)
    click.echo(f"{result.responses} responses read, {result.articles} articles stored "
               f"({result.new_articles} new), {result.skipped} skipped (not articles)")  # fmt: skip
    if result.revisits:
        click.echo(f"{result.revisits} revisit records not read (a fetch again of an unchanged "
                   "page, its page in an earlier record)")  # fmt: skip
    if result.known_pages or result.held:
        click.echo(f"{result.known_pages} pages already in the archive; {result.held} "
                   "readings older than the archive's or of another URL: pages kept, "
                   "no revision")  # fmt: skip
    problems = []
    if result.bad:
        reasons = ", ".join(f"{n} {reason}" for reason, n in result.bad.most_common())
        problems.append(f"{sum(result.bad.values())} bad records skipped ({reasons})")
    if result.damaged:
        problems.append(result.damaged)
    if problems:
        raise UserError("; ".join(problems), exit_code=1)


@main.group()
def export() -> None:
    """Export archive data for other tools.

    Example: newsarchive export jsonl --site example.org > articles.jsonl
    """


@export.command("warc")
@click.argument("out", type=click.Path(dir_okay=False, path_type=Path))
@db_option
@click.option("--site", help="Only this site.")
@since_option("pages fetched")
@click.option("--force", is_flag=True, help="Replace OUT if it exists.")
@handle_errors
def export_warc_command(
    out: Path, db: str | None, site: str | None, since: str | None, force: bool
) -> None:
    """Write every archived fetch as WARC/1.1 (request, response, metadata; revisits).

    OUT appears whole or not at all, and an existing OUT is kept unless --force. A stored body
    that cannot be read back (damaged, or failing its SHA-256 check) is left out and reported
    (exit 1).

    Example: newsarchive export warc archive.warc.gz --site example.org --since 2025-01-01
    """
    from ..atomic import replaced_atomically
    from ..warc import export_warc

    since = check_date("--since", since)
    refuse_archive_file("OUT", out, db)
    engine = open_archive(db, site)
    with replaced_atomically(out, force=force) as fh:
        result = export_warc(engine, fh, site=site, since=since)
    click.echo(f"wrote {out}: {result.responses} responses, {result.revisits} revisits")
    problems = []
    if result.corrupt:
        shown = _first_few(f"{digest[:12]} ({url})" for digest, url in result.corrupt)
        problems.append(
            f"{len(result.corrupt)} stored bodies could not be read back (damaged, or failing "
            f"their SHA-256 check) and were left out: {shown}"
        )
    if result.undated:
        shown = _first_few(f"{url} ({value})" for url, value in result.undated)
        problems.append(
            f"{len(result.undated)} fetches have a stored fetch time that is not a date (a "
            f"damaged row) and were left out: {shown}"
        )
    if problems:
        raise UserError("; ".join(problems), exit_code=1)


def _first_few(described: Iterable[str]) -> str:
    """The first three left-out fetches, and how many more."""
    items = list(described)
    return ", ".join(items[:3]) + (f" and {len(items) - 3} more" if len(items) > 3 else "")


def _export_articles(fmt: str, db: str | None, output: Any, filters: dict[str, Any]) -> None:
    from ..storage.search import EXPORT_COLUMNS, export_rows

    refuse_archive_file("--output", output.name, db)
    engine = open_archive(db, filters["site"])
    rows = export_rows(engine, make_filters(**filters))
    write_rows(rows, EXPORT_COLUMNS, fmt, output)


@export.command("jsonl")
@db_option
@filter_options
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@handle_errors
def export_jsonl(db: str | None, output: Any, **filters: Any) -> None:
    """Articles (latest revision by default) as JSON lines, with their latest comment count.

    Example: newsarchive export jsonl --lang ar -o arabic.jsonl
    """
    _export_articles("jsonl", db, output, filters)


@export.command("csv")
@db_option
@filter_options
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-")
@handle_errors
def export_csv(db: str | None, output: Any, **filters: Any) -> None:
    """Articles (latest revision by default) as CSV, with their latest comment count.

    Example: newsarchive export csv --site example.org --since 2025-01-01 -o articles.csv
    """
    _export_articles("csv", db, output, filters)


@export.command("comment-counts")
@db_option
@output_options("json", "csv", default="json")
@click.option("--site", help="Only this site (as `newsarchive stats` names it).")
@since_option("counts still current (last seen)")
@click.option("-o", "--output", type=click.File("w", encoding="utf-8"), default="-",
              help="Write here instead of stdout.")  # fmt: skip
@handle_errors
def export_comment_counts(
    db: str | None, fmt: str, site: str | None, since: str | None, output: Any
) -> None:
    """The comment-count series: one row per observed count, with when it held and its source.

    Example: newsarchive export comment-counts --site example.org --format csv -o counts.csv
    """
    from ..storage.queries import COMMENT_COUNT_COLUMNS, comment_count_rows

    since = check_date("--since", since)
    refuse_archive_file("--output", output.name, db)
    engine = open_archive(db, site)
    rows = comment_count_rows(engine, site=site, since=since)
    write_rows(rows, COMMENT_COUNT_COLUMNS, fmt, output)
