"""What searches and listings of the archive share: filters, their dates, the FTS5 query of
plain words, the bounds on a search, and the export listing (bound parameters only).

Search runs on the ``revisions_fts`` FTS5 index on SQLite, on ``revisions.search_vector`` on
PostgreSQL (:mod:`.pg_search`), through :func:`.search_page.find` for the CLI and the web UI
alike; every revision is indexed, and by default only each article's latest revision is
returned.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Engine, text

from ..errors import UserError

_PARTIAL_DATE = re.compile(r"\d{4}(?:-(?:0[1-9]|1[0-2]))?")


def filter_date(label: str, value: str | None) -> str | None:
    """``value`` as the text the stored dates are compared with; None for none.

    Stored dates are ISO strings in each site's own time ("2025-03-10T09:00:00+01:00"), and
    filters compare them as text: ``2025``, ``2025-04`` and a day in any ISO 8601 spelling
    (``20250412``, ``2025-W15-6``) become the extended ``2025-04-12``, a local date-time
    ``2025-04-12T08:00:00`` (a space instead of the ``T`` too). A date-time with an offset or
    ``Z`` is refused: compared as text it would name another moment on every site in
    another zone ("notadate" once matched everything; "20250310" matched nothing)."""
    if value is None or not value.strip():
        return None
    text = value.strip()
    if _PARTIAL_DATE.fullmatch(text):
        return text
    expected = f"{label}: not a date: {value!r} (expected YYYY-MM-DD)"
    try:
        return date.fromisoformat(text).isoformat()
    except ValueError:
        pass
    try:
        moment = datetime.fromisoformat(text.replace("Z", "+00:00"))
    except ValueError:
        raise UserError(expected) from None
    if moment.tzinfo is not None:
        raise UserError(
            f"{label}: {value!r} has a time zone; dates are compared in each site's own time:"
            " give YYYY-MM-DD or YYYY-MM-DDTHH:MM without one"
        )
    return moment.isoformat()


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

_TERM = re.compile(r'[^\s"]+')
_CONTROLS = re.compile("[\x00-\x1f\x7f]")


def _terms(words: str) -> list[str]:
    """A query's plain words, control characters read as spaces (a NUL ends an FTS5 string
    early); :class:`UserError` for none."""
    terms = _TERM.findall(_CONTROLS.sub(" ", words))
    if not terms:
        raise UserError("empty search query")
    return terms


def fts_query(words: str) -> str:
    """Plain words to an FTS5 query: each word a quoted term, all required. Users should not
    have to know FTS5 syntax; an apostrophe ("l'Intérieur") must not be a syntax error."""
    return " ".join(f'"{term}"' for term in _terms(words))


# French writes "œuvre" and "oeuvre", "cœur" and "coeur" (keyboards lack the ligature), and
# FTS5's unicode61 tokenizer folds accents but keeps "œ" and "æ" letters of their own: on
# SQLite each plain word holding either spelling is searched in both. (PostgreSQL's
# ``unaccent`` folds them already.)
_UNLIGATED = str.maketrans({"œ": "oe", "Œ": "OE", "æ": "ae", "Æ": "AE"})
_LIGATABLE = re.compile("oe|ae", re.IGNORECASE)


def _spellings(word: str) -> list[str]:
    plain = word.translate(_UNLIGATED)
    ligated = _LIGATABLE.sub(lambda m: {"oe": "œ", "ae": "æ"}[m.group().lower()], plain)
    return list(dict.fromkeys((word, plain, ligated)))


def with_ligature_spellings(words: str) -> str:
    """:func:`fts_query` of ``words`` for FTS5, each word with a ligature in either spelling
    searched in both: ``("oeuvre" OR "œuvre") AND "hugo"``."""
    terms = [_spellings(term) for term in _terms(words)]
    if all(len(spellings) == 1 for spellings in terms):
        return " ".join(f'"{spellings[0]}"' for spellings in terms)  # as fts_query() has it
    return " AND ".join(
        f'"{spellings[0]}"' if len(spellings) == 1
        else "(" + " OR ".join(f'"{s}"' for s in spellings) + ")"
        for spellings in terms
    )  # fmt: skip


# Bounds on one search. FTS5 prefix terms each expand to every matching token and the query
# intersects them all: 150 of them took 11 s on a 36-article archive, 250 over 30 s.
MAX_TERMS = 32
MAX_QUERY_CHARS = 1000
TIME_LIMIT = 10.0  # seconds, enforced inside SQLite by a progress handler


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
