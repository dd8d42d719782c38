"""Full-text search and filtered listings over the archive (bound parameters only).

Search runs on the ``revisions_fts`` FTS5 index on SQLite, on ``revisions.search_vector`` on
PostgreSQL (:mod:`.pg_search`); every revision is indexed, and by default only each article's
latest revision is returned. A search is bounded in terms and time.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

from ..errors import UserError
from .dialect import is_postgres

_PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")


def filter_date(label: str, value: str | None) -> str | None:
    """``value`` if it reads as an ISO 8601 date (``2025``, ``2025-04``, ``2025-04-12``, a
    datetime), stripped; None for none. Filters compare stored ISO strings, and "notadate"
    matched everything."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text):
        return text
    try:
        datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(f"{label}: not a date: {value!r} (expected YYYY-MM-DD)") from None
    return text


@dataclass(frozen=True, slots=True)
class Filters:
    site: str | None = None
    since: str | None = None
    until: str | None = None
    lang: str | None = None
    all_revisions: bool = False

    def params(self) -> dict[str, Any]:
        return {
            "site": self.site,
            "since": self.since,
            "until": self.until,
            "lang": self.lang.lower() if self.lang else None,
            "all": 1 if self.all_revisions else 0,
        }


# Shared WHERE clause: r = revisions, a = articles, s = sites. The casts give PostgreSQL the
# type of a parameter that may be NULL (it cannot guess one for "$1 IS NULL").
FILTERS_SQL = """
  (CAST(:site AS TEXT) IS NULL OR s.name = :site)
  AND (CAST(:since AS TEXT) IS NULL OR r.date_published >= :since)
  AND (CAST(:until AS TEXT) IS NULL OR r.date_published < :until)
  AND (CAST(:lang AS TEXT) IS NULL OR lower(r.in_language) = :lang
       OR lower(r.in_language) LIKE :lang || '-%')
  AND (:all = 1 OR r.id = (SELECT MAX(r2.id) FROM revisions r2 WHERE r2.article_id = r.article_id))
"""

SEARCH_SQL = text(
    """
SELECT r.id AS revision_id, s.name AS site, a.canonical_url, r.headline, r.date_published,
       r.in_language, a.gone_at,
       snippet(revisions_fts, 1, '[', ']', '…', 16) AS snippet
FROM revisions_fts
JOIN revisions r ON r.id = revisions_fts.rowid
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
WHERE revisions_fts MATCH :query AND """
    + FILTERS_SQL
    + """
ORDER BY bm25(revisions_fts), r.id DESC
LIMIT :limit
"""
)

_TERM = re.compile(r'[^\s"]+')


def fts_query(words: str) -> str:
    """Plain words to an FTS5 query: each word a quoted term, all required. Users should not
    have to know FTS5 syntax; an apostrophe ("l'Intérieur") must not be a syntax error."""
    terms = _TERM.findall(words)
    if not terms:
        raise UserError("empty search query")
    return " ".join(f'"{term}"' for term in terms)


# Bounds on one search. FTS5 prefix terms each expand to every matching token and the query
# intersects them all: 150 of them took 11 s on a 36-article archive, 250 over 30 s.
MAX_TERMS = 32
MAX_QUERY_CHARS = 1000
TIME_LIMIT = 10.0  # seconds, enforced inside SQLite by a progress handler
_PROGRESS_STEPS = 10_000  # SQLite VM instructions between two looks at the clock


def _check_size(query: str) -> None:
    if len(query) > MAX_QUERY_CHARS:
        raise UserError(f"search query longer than {MAX_QUERY_CHARS} characters")
    if len(_TERM.findall(query)) > MAX_TERMS:
        raise UserError(f"search query of more than {MAX_TERMS} terms; narrow it")


def search(
    engine: Engine,
    words: str,
    filters: Filters,
    *,
    limit: int = 50,
    raw: bool = False,
    time_limit: float = TIME_LIMIT,
) -> list[dict[str, Any]]:
    """Matching revisions, best first. At most :data:`MAX_TERMS` terms and ``time_limit``
    seconds: ``--raw`` hands FTS5 syntax through, and some queries cost exponential time."""
    _check_size(words)
    query = words if raw else fts_query(words)
    if is_postgres(engine):
        from .pg_search import page

        return page(engine, query, filters, limit=limit, time_limit=time_limit)[1]
    if engine.dialect.name != "sqlite":
        raise UserError("full-text search needs SQLite (FTS5) or PostgreSQL")
    deadline = time.monotonic() + time_limit
    try:
        with engine.connect() as conn:
            dbapi = conn.connection.dbapi_connection
            assert dbapi is not None
            # A non-zero return interrupts the statement ("interrupted").
            dbapi.set_progress_handler(lambda: time.monotonic() > deadline, _PROGRESS_STEPS)
            try:
                rows = conn.execute(SEARCH_SQL, {"query": query, "limit": limit,
                                                 **filters.params()})  # fmt: skip
                return [dict(row._mapping) for row in rows]
            finally:
                dbapi.set_progress_handler(None, 0)
    except OperationalError as exc:
        if time.monotonic() > deadline:
            raise UserError(f"search stopped after {time_limit:g} s; narrow the query") from None
        raise UserError(f"bad search query {words!r}: {exc.orig}") from None


EXPORT_SQL = text(
    """
SELECT s.name AS site, a.canonical_url, r.url, r.headline, r.article_body, r.authors,
       r.date_published, r.date_modified, r.in_language, r.description, r.section, r.tags,
       r.main_image, a.wp_post_id, a.first_seen, a.last_seen, a.gone_at, a.gone_status,
       r.id AS revision_id, r.first_seen AS revision_first_seen,
       (SELECT COUNT(*) FROM revisions r3 WHERE r3.article_id = a.id) AS revisions,
       (SELECT c.count FROM comment_counts c WHERE c.article_id = a.id
        ORDER BY c.id DESC LIMIT 1) AS comment_count
FROM revisions r
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
WHERE """
    + FILTERS_SQL
    + """
ORDER BY a.id, r.id
"""
)
EXPORT_COLUMNS = (
    "site", "canonical_url", "url", "headline", "article_body", "authors", "date_published",
    "date_modified", "in_language", "description", "section", "tags", "main_image", "wp_post_id",
    "first_seen", "last_seen", "gone_at", "gone_status", "revision_id", "revision_first_seen",
    "revisions", "comment_count",
)  # fmt: skip


def export_rows(engine: Engine, filters: Filters) -> Iterator[dict[str, Any]]:
    """Articles (latest revision, or every revision) with their latest comment count."""
    with engine.connect() as conn:
        for row in conn.execute(EXPORT_SQL, filters.params()):
            yield dict(row._mapping)
