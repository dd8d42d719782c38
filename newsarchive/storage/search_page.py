"""Search for readers: one page of results, their total, an order, and highlighted matches.

One query answers the web UI and the CLI (:func:`search`: the first N, ``[match]``
snippets), so the command the search page shows prints what the page lists. A browser needs
the result count, an offset, relevance or date order, and highlights that survive HTML
escaping — so the marks are private-use characters no page holds, swapped for ``<mark>`` only
after escaping, or for brackets by :func:`plain_marks`. Full-text search is SQLite's FTS5
or PostgreSQL's ``tsvector`` (:mod:`.pg_search`); :func:`find` is the one function behind
both.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import OperationalError

from ..errors import UserError
from .dialect import is_postgres
from .search import (
    FILTERS_SQL,
    MAX_QUERY_CHARS,
    MAX_TERMS,
    TIME_LIMIT,
    Filters,
    fts_query,
    with_ligature_spellings,
)

MARK_OPEN, MARK_CLOSE = "\ue000", "\ue001"
SEARCH_LIMIT = 50  # rows a search prints unless asked for more (`--limit`)
MAX_ROWS = 10_000  # rows one search returns at most; SQLite's integers end far beyond
ORDERS = {
    "relevance": "bm25(revisions_fts), r.id DESC",
    "date": "r.date_published IS NULL, r.date_published DESC, r.id DESC",
}
_FROM = """
FROM revisions_fts
JOIN revisions r ON r.id = revisions_fts.rowid
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
WHERE revisions_fts MATCH :query AND """
_COLUMNS = """
SELECT r.id AS revision_id, r.article_id, s.name AS site, a.canonical_url, r.headline,
       highlight(revisions_fts, 0, :open, :close) AS headline_marked,
       snippet(revisions_fts, 1, :open, :close, '…', 24) AS snippet,
       r.date_published, r.in_language, a.gone_at, a.gone_status,
       (SELECT COUNT(*) FROM revisions r4
        WHERE r4.article_id = r.article_id AND r4.id <= r.id) AS revision_number,
       (SELECT COUNT(*) FROM revisions r5 WHERE r5.article_id = r.article_id) AS revisions"""
_PAGE_SQL = {
    order: text(_COLUMNS + _FROM + FILTERS_SQL + f" ORDER BY {sql} LIMIT :limit OFFSET :offset")
    for order, sql in ORDERS.items()
}
_COUNT_SQL = text("SELECT COUNT(*)" + _FROM + FILTERS_SQL)
_PROGRESS_STEPS = 10_000


@dataclass(frozen=True, slots=True)
class SearchQuery:
    """What a reader asked: words (all required, or FTS5 syntax with ``raw``), filters, order,
    and which slice of the results."""

    words: str
    filters: Filters = field(default_factory=Filters)
    order: str = "relevance"
    offset: int = 0
    limit: int = 20
    raw: bool = False


@dataclass(frozen=True, slots=True)
class SearchPage:
    total: int | None
    """Every match (``None`` when not counted, as for exports)."""
    rows: list[dict[str, Any]]


def find(engine: Engine, query: SearchQuery, *, count: bool = True,
         time_limit: float = TIME_LIMIT) -> SearchPage:  # fmt: skip
    """The results ``query`` selects, and their total. ``headline_marked`` and ``snippet``
    carry :data:`MARK_OPEN`/:data:`MARK_CLOSE` around matches. Bounded as the CLI's search is
    (terms, length, ``time_limit`` seconds inside the database): a query is user input."""
    if query.order not in ORDERS:
        raise UserError(f"unknown order {query.order!r}")
    if len(query.words) > MAX_QUERY_CHARS:
        raise UserError(f"search query longer than {MAX_QUERY_CHARS} characters")
    match = query.words if query.raw else fts_query(query.words)
    if len(match.split()) > MAX_TERMS:
        raise UserError(f"search query of more than {MAX_TERMS} terms; narrow it")
    if is_postgres(engine):
        from .pg_search import page

        total, found = page(engine, match, query.filters, order=query.order,
                            limit=query.limit, offset=query.offset, count=count,
                            marks=(MARK_OPEN, MARK_CLOSE), snippet_words=24,
                            time_limit=time_limit)  # fmt: skip
        return SearchPage(total, found)
    if engine.dialect.name != "sqlite":
        raise UserError("full-text search needs SQLite (FTS5) or PostgreSQL")
    if not query.raw:
        match = with_ligature_spellings(query.words)
    params = {"query": match, **query.filters.params()}
    deadline = time.monotonic() + time_limit
    try:
        with engine.connect() as conn, _deadline(conn, deadline):
            total = conn.execute(_COUNT_SQL, params).scalar_one() if count else None
            rows = conn.execute(
                _PAGE_SQL[query.order],
                {**params, "open": MARK_OPEN, "close": MARK_CLOSE,
                 "limit": query.limit, "offset": query.offset},
            )  # fmt: skip
            return SearchPage(total, [dict(row._mapping) for row in rows])
    except OperationalError as exc:
        if time.monotonic() > deadline:
            raise UserError(f"search stopped after {time_limit:g} s; narrow the query") from None
        if "Could not decode" in str(exc.orig):  # sqlite3 reading a row back, not the query
            raise UserError(
                f"the archive holds text that is not UTF-8 (a damaged row): {exc.orig}",
                exit_code=1,
            ) from None
        raise UserError(f"bad search query {query.words!r}: {exc.orig}") from None


@contextmanager
def _deadline(conn: Connection, deadline: float) -> Iterator[None]:
    """Interrupt SQLite's statement past ``deadline`` (FTS5 prefix terms can cost exponential
    time): a non-zero return from the progress handler stops it."""
    dbapi = conn.connection.dbapi_connection
    assert dbapi is not None
    dbapi.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
    try:
        yield
    finally:
        dbapi.set_progress_handler(None, 0)


# What a search result is outside a browser: ``newsarchive search --json``'s keys (and its
# CSV's columns), the web UI's downloads alike.
RESULT_COLUMNS = ("site", "canonical_url", "headline", "date_published", "in_language",
                  "snippet", "revision_id", "gone_at")  # fmt: skip


def search(
    engine: Engine,
    words: str,
    filters: Filters,
    *,
    limit: int = SEARCH_LIMIT,
    raw: bool = False,
    order: str = "relevance",
    time_limit: float = TIME_LIMIT,
) -> list[dict[str, Any]]:
    """The first ``limit`` matches, best first (or newest), as :data:`RESULT_COLUMNS`, their
    matches in ``[…]``: what ``newsarchive search`` prints and the web UI's download holds."""
    query = SearchQuery(words, filters, order, 0, limit, raw)
    return result_rows(find(engine, query, count=False, time_limit=time_limit).rows)


def result_rows(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Rows of :func:`find` as :data:`RESULT_COLUMNS`, with plain ``[…]`` marks."""
    return [
        {k: plain_marks(row[k]) if k == "snippet" else row[k] for k in RESULT_COLUMNS}
        for row in rows
    ]


def plain_marks(value: str | None, open_: str = "[", close: str = "]") -> str | None:
    """Highlights as the CLI prints them (``[match]``), for exports."""
    if value is None:
        return None
    return value.replace(MARK_OPEN, open_).replace(MARK_CLOSE, close)
