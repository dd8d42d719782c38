"""Full-text search on PostgreSQL: the same answers as FTS5 gives on SQLite, from ``tsvector``.

Each revision carries ``search_vector`` (migration 0007): its headline (weight A) and body (B)
parsed with the text-search configuration of its language — ``newsarchive_french``,
``newsarchive_arabic``…, each the language's stemmer after ``unaccent`` — or
``newsarchive_simple``. A GIN index answers ``@@``.

A query does not know which language it will match in, so it is parsed with every
configuration and the distinct results OR-ed (``websearch_to_tsquery(french, q) |
…(english, q) | …``): a French article matches the French stems of the words, an English one
the English stems. With ``--lang`` only that language's configuration is used. Snippets parse
the query with the row's own configuration only: ``ts_headline`` costs in proportion to the
query's size, and the row's words only ever match their own language's stems. Plain words
are each quoted (as :func:`.search.fts_query` does for FTS5): all required, an apostrophe no
syntax; ``raw`` hands the words to ``websearch_to_tsquery`` as typed (``"a phrase"``, ``or``,
``-word``).

Ranking is ``ts_rank`` (headline matches first), snippets ``ts_headline`` with the row's own
configuration, computed for the returned page of results only (it re-parses the body). The
time limit is the statement's ``statement_timeout``.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import Connection, Engine, text
from sqlalchemy.exc import DBAPIError

from ..errors import UserError
from .search import FILTERS_SQL, Filters

_configs: dict[str, tuple[str, ...]] = {}
CANCELED = "57014"  # query_canceled: statement_timeout


def configs(conn: Connection) -> tuple[str, ...]:
    """The archive's text-search configurations (``newsarchive_*``), read once per database."""
    key = conn.engine.url.render_as_string(hide_password=True)
    if key not in _configs:
        rows = conn.execute(
            text(
                "SELECT c.cfgname FROM pg_ts_config c "
                "JOIN pg_namespace n ON n.oid = c.cfgnamespace "
                "WHERE c.cfgname LIKE 'newsarchive\\_%' AND n.nspname = current_schema() "
                "ORDER BY c.cfgname"
            )
        )
        _configs[key] = tuple(name for (name,) in rows)
    return _configs[key]


def tsquery(conn: Connection, words: str, filters: Filters) -> str:
    """The query as ``tsquery`` text: the distinct parses of ``words`` by the archive's
    configurations (or the ``--lang`` one), OR-ed; "" when no parse has a lexeme (stop words
    only)."""
    if filters.lang:
        names: tuple[str, ...] = tuple(
            conn.execute(
                text("SELECT CAST(newsarchive_ts_config(CAST(:lang AS TEXT)) AS TEXT)"),
                {"lang": filters.params()["lang"]},
            ).scalars()
        )
    else:
        names = configs(conn) or ("simple",)
    parses = conn.execute(
        text(
            "SELECT DISTINCT CAST(websearch_to_tsquery(CAST(cfg AS regconfig), :query) AS TEXT) "
            "FROM unnest(CAST(:names AS TEXT[])) AS cfg"
        ),
        {"query": words, "names": list(names)},
    ).scalars()
    return " | ".join(f"( {parse} )" for parse in sorted(parses) if parse)


_HITS = """
FROM revisions r
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
WHERE r.search_vector @@ CAST(:tsquery AS tsquery) AND """

_ORDERS = {
    "relevance": "ts_rank(r.search_vector, CAST(:tsquery AS tsquery)) DESC, r.id DESC",
    "date": "r.date_published IS NULL, r.date_published DESC, r.id DESC",
}


def _options(open_: str, close: str, words: int | None) -> str:
    """``ts_headline`` options: the marks, and a fragment of about ``words`` words (None: the
    whole text, as FTS5's ``highlight``)."""
    marks = f'StartSel="{open_}", StopSel="{close}"'
    if words is None:
        return f"{marks}, HighlightAll=true"
    return (
        f"{marks}, MaxWords={words}, MinWords={max(words // 2, 1)}, ShortWord=2, "
        "MaxFragments=1, FragmentDelimiter=…"
    )


def page(
    engine: Engine, words: str, filters: Filters, *, order: str = "relevance", limit: int,
    offset: int = 0, count: bool = False, marks: tuple[str, str] = ("[", "]"),
    snippet_words: int = 16, time_limit: float,
) -> tuple[int | None, list[dict[str, Any]]]:  # fmt: skip
    """``(total or None, rows)``: one page of matching revisions, best first (or newest).

    Rows carry what both the CLI and the web UI show: ``revision_id``, ``article_id``,
    ``site``, ``canonical_url``, ``headline``, ``headline_marked``, ``snippet``,
    ``date_published``, ``in_language``, ``gone_at``, ``gone_status``, ``revision_number``,
    ``revisions``.
    """
    params = {"query": words, **filters.params(), "limit": limit, "offset": offset}
    open_, close = marks
    try:
        with engine.connect() as conn, conn.begin():
            conn.execute(
                text("SELECT set_config('statement_timeout', :ms, true)"),
                {"ms": f"{max(int(time_limit * 1000), 1)}ms"},
            )
            params["tsquery"] = tsquery(conn, words, filters)
            if not params["tsquery"]:
                return (0 if count else None), []  # stop words only: nothing to match
            where = _HITS + FILTERS_SQL
            total = None
            if count:
                total = conn.execute(text("SELECT COUNT(*)" + where), params).scalar_one()
            ranked = f"SELECT r.id {where} ORDER BY {_ORDERS[order]} LIMIT :limit OFFSET :offset"
            rows = conn.execute(
                text(
                    f"""
WITH hits AS MATERIALIZED ({ranked})
SELECT r.id AS revision_id, r.article_id, s.name AS site, a.canonical_url, r.headline,
       ts_headline(q.config, coalesce(r.headline, ''), q.query,
                   :headline_options) AS headline_marked,
       ts_headline(q.config, coalesce(r.article_body, ''), q.query,
                   :snippet_options) AS snippet,
       r.date_published, r.in_language, a.gone_at, a.gone_status,
       (SELECT COUNT(*) FROM revisions r4
        WHERE r4.article_id = r.article_id AND r4.id <= r.id) AS revision_number,
       (SELECT COUNT(*) FROM revisions r5 WHERE r5.article_id = r.article_id) AS revisions
FROM hits
JOIN revisions r ON r.id = hits.id
JOIN articles a ON a.id = r.article_id
JOIN sites s ON s.id = a.site_id
CROSS JOIN LATERAL (
  SELECT newsarchive_ts_config(r.in_language) AS config,
         websearch_to_tsquery(newsarchive_ts_config(r.in_language), :query) AS query
) q
ORDER BY {_ORDERS[order]}"""
                ),
                {
                    **params,
                    "headline_options": _options(open_, close, None),
                    "snippet_options": _options(open_, close, snippet_words),
                },
            )
            return total, [dict(row._mapping) for row in rows]
    except DBAPIError as exc:
        if getattr(exc.orig, "sqlstate", None) == CANCELED:
            raise UserError(f"search stopped after {time_limit:g} s; narrow the query") from None
        raise UserError(f"bad search query {words!r}: {' '.join(str(exc.orig).split())}") from None
