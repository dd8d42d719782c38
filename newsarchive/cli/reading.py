"""Commands that read the archive: show, stats, history, diff, search."""

from __future__ import annotations

import json
import sys
from typing import Any

import click

from ..errors import UserError
from ..tabular import json_line, write_rows
from .common import (
    check_url,
    db_option,
    filter_options,
    handle_errors,
    main,
    make_filters,
    open_archive,
    output_options,
    terminal_safe,
)


def _safe_echo(line: str) -> None:
    """A line of archived text for the terminal: pages are hostile input (ESC, NUL, CSI)."""
    click.echo(terminal_safe(line))


@main.command()
@click.argument("url")
@db_option
@output_options("text", "json")
@click.option("--full", is_flag=True, help="Print the body of every revision.")
@handle_errors
def show(url: str, db: str | None, fmt: str, full: bool) -> None:
    """Show an archived article (any URL it was seen at): revisions and comment counts.

    Example: newsarchive show https://example.org/2025/04/12/slug/
    """
    from ..storage import open_engine
    from ..storage.queries import article_history

    history = article_history(open_engine(db, create=False), check_url(url))
    if history is None:
        raise UserError(f"not in the archive: {url}", exit_code=1)
    if fmt == "json":
        click.echo(json_line(history, indent=2))
        return
    echo = _safe_echo
    echo(f"{history['canonical_url']}  (site {history['site']}, id {history['id']})")
    echo(
        f"  seen {history['first_seen']} → {history['last_seen']}, "
        f"{history['fetches']} fetches, {len(history['urls'])} URLs"
    )
    if history.get("gone_at"):  # said only in --json before
        echo(f"  gone since {history['gone_at']} (HTTP {history['gone_status']}); kept here")
    latest = history["revisions"][-1] if history["revisions"] else None
    if latest:
        echo(f"  headline: {latest['headline']}")
        source = f" ({latest['date_published_source']})" if latest["date_published"] else ""
        echo(
            f"  authors: {', '.join(latest['authors']) or '-'}; published "
            f"{latest['date_published'] or '-'}{source}; language {latest['in_language'] or '-'}"
        )
        if latest["extraction_status"] not in (None, "ok"):
            echo(f"  extraction: {latest['extraction_status'].replace('_', ' ')} (raw page kept; "
                 "`newsarchive reextract` tries again)")  # fmt: skip
    echo(f"revisions ({len(history['revisions'])}):")
    # Numbered as history and diff number them (it showed database ids: "#9", which --from
    # then refused).
    for number, rev in enumerate(history["revisions"], start=1):
        echo(
            f"  {number}. {rev['first_seen']} → {rev['last_seen']} "
            f"{rev['fingerprint'][:12]} {rev['headline']}"
        )
        if full and rev["article_body"]:
            echo("    " + rev["article_body"].replace("\n", "\n    "))
    echo(f"comment counts ({len(history['comment_counts'])}):")
    for obs in history["comment_counts"]:
        echo(
            f"  {obs['count']:>5}  {obs['first_seen']} → {obs['last_seen']}  "
            f"[{obs['source']}] {obs['raw'] or ''}"
        )


@main.command()
@db_option
@output_options("text", "json")
@handle_errors
def stats(db: str | None, fmt: str) -> None:
    """Counts of what the archive holds, per site, and the latest crawls.

    Example: newsarchive stats --json
    """
    from ..storage import open_engine
    from ..storage.queries import archive_stats

    data = archive_stats(open_engine(db, create=False))
    if fmt == "json":
        click.echo(json.dumps(data, indent=2))
        return
    click.echo("  ".join(f"{k}={v}" for k, v in data["totals"].items()))
    if set(data["extraction"]) - {"ok", "unknown"}:
        incomplete = ", ".join(
            f"{status.replace('_', ' ')} {n}"
            for status, n in sorted(data["extraction"].items())
            if status not in {"ok", "unknown"}
        )
        click.echo(f"  articles whose latest extraction is incomplete: {incomplete} "
                   "(`newsarchive reextract` tries again)")  # fmt: skip
    for row in data["sites"]:
        click.echo(f"  {row['site']:30} {row['articles']:>7} articles")
    for crawl in data["recent_crawls"]:
        click.echo(
            f"  crawl {crawl['id']:>4} {crawl['spider']:20} {crawl['status']:9} "
            f"{crawl['started_at']} → {crawl['finished_at'] or '…'}"
        )


@main.command()
@click.argument("query")
@db_option
@filter_options
@output_options("text", "json", "csv")
@click.option("--limit", default=50, show_default=True)  # search_page.SEARCH_LIMIT
@click.option(
    "--order",
    type=click.Choice(["relevance", "date"]),
    default="relevance",
    show_default=True,
    help="Best matches first, or newest first.",
)
@click.option(
    "--raw",
    is_flag=True,
    help="QUERY is the database's syntax: FTS5 on SQLite "
    '(NEAR, OR, prefix*...), websearch on PostgreSQL ("a phrase", or, -word).',
)
@handle_errors
def search(query: str, db: str | None, fmt: str, limit: int, order: str, raw: bool,
           **filters: Any) -> None:  # fmt: skip
    """Full-text search over headlines and bodies, with snippets; all words must match.

    Accents do not matter ("securite" finds "sécurité"); French and Arabic work alike.

    Example: newsarchive search "ministre intérieur" --lang fr --since 2025-04-01
    """
    from ..storage.search_page import MAX_ROWS, RESULT_COLUMNS
    from ..storage.search_page import search as run_search

    if not 1 <= limit <= MAX_ROWS:
        raise UserError(f"--limit must be between 1 and {MAX_ROWS}")
    engine = open_archive(db, filters["site"])
    rows = run_search(engine, query, make_filters(**filters), limit=limit, raw=raw,
                      order=order)  # fmt: skip
    if fmt != "text":
        write_rows(rows, RESULT_COLUMNS, fmt, click.get_text_stream("stdout"))
        return
    for row in rows:
        gone = "  [gone]" if row["gone_at"] else ""
        _safe_echo(f"{row['date_published'] or '?':25} {row['site']}  {row['headline']}{gone}")
        _safe_echo(f"    {row['canonical_url']}")
        _safe_echo(f"    {' '.join((row['snippet'] or '').split())}")  # one line
    if not rows:
        click.echo("no match", err=True)


@main.command()
@click.argument("url")
@db_option
@handle_errors
def history(url: str, db: str | None) -> None:
    """List the revisions of an archived article, numbered for `newsarchive diff`.

    Example: newsarchive history https://example.org/2025/04/12/slug/
    """
    from ..storage import open_engine
    from ..storage.history import revision_changes
    from ..storage.queries import article_history

    found = article_history(open_engine(db, create=False), check_url(url))
    if found is None:
        raise UserError(f"not in the archive: {url}", exit_code=1)
    gone = f" — gone since {found['gone_at']}" if found.get("gone_at") else ""
    click.echo(f"{found['canonical_url']}{gone}")
    previous = None
    for number, rev in enumerate(found["revisions"], start=1):
        delta = "" if previous is None else f", {revision_changes(previous, rev)} words changed"
        words = len((rev["article_body"] or "").split())
        _safe_echo(f"  {number}. {rev['first_seen']} → {rev['last_seen']}  "
                   f"{words} words{delta}  {rev['headline']}")  # fmt: skip
        previous = rev


@main.command()
@click.argument("url")
@db_option
@click.option("--from", "from_", type=int, help="Revision number (see history); default: previous.")
@click.option("--to", type=int, help="Revision number; default: latest.")
@handle_errors
def diff(url: str, db: str | None, from_: int | None, to: int | None) -> None:
    """Word-level diff of headline and body between two revisions of an article.

    Removed words show as [-...-], added ones as {+...+} (red and green on a terminal).

    Example: newsarchive diff https://example.org/2025/04/12/slug/ --from 1 --to 3
    """
    from ..storage import open_engine
    from ..storage.history import render, word_changes
    from ..storage.queries import article_history

    found = article_history(open_engine(db, create=False), check_url(url))
    if found is None:
        raise UserError(f"not in the archive: {url}", exit_code=1)
    revisions = found["revisions"]
    if len(revisions) < 2 and from_ is None:
        raise UserError(f"only one revision of {found['canonical_url']}: nothing to compare",
                        exit_code=1)  # fmt: skip
    for number in (from_, to):  # as given: "--to 5" is no revision 5, not a revision 4
        if number is not None and not 1 <= number <= len(revisions):
            raise UserError(f"no revision {number}: this article has 1 to {len(revisions)}")
    to = to or len(revisions)
    if from_ is None and to == 1:  # "the previous one" of the first: revisions[-1], the latest
        raise UserError("revision 1 is the first: nothing before it (give --from to compare)")
    from_ = from_ or to - 1
    old, new = revisions[from_ - 1], revisions[to - 1]
    color = sys.stdout.isatty()
    click.echo(f"{found['canonical_url']}: revision {from_} ({old['first_seen']}) → "
               f"{to} ({new['first_seen']})")  # fmt: skip
    click.echo("headline: " + render(word_changes(old["headline"], new["headline"]), color))
    click.echo("body:")
    click.echo(render(word_changes(old["article_body"], new["article_body"]), color))
