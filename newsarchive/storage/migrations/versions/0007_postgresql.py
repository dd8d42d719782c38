"""Several machines on one archive: frontier leases; on PostgreSQL, JSONB and full-text search.

Both databases:

- ``frontier.lease_owner`` / ``lease_until``: when several workers share one site's frontier,
  the worker that leased a pending URL and until when (``storage/leases.py``). A lapsed lease
  (its worker was killed) returns the URL to the queue.

PostgreSQL only (SQLite keeps JSON as text and its FTS5 index from 0002):

- the JSON columns become ``jsonb``;
- ``revisions.search_vector``: a stored generated ``tsvector`` (headline weight A, body B),
  built with a text-search configuration per article language (``newsarchive_french``…, the
  language's stemmer after ``unaccent``, so "securite" finds "sécurité"; ``newsarchive_simple``
  for languages PostgreSQL has no stemmer for), and a GIN index on it.

Revision ID: 0007
Revises: 0006
"""

from __future__ import annotations

import importlib

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

JSON_COLUMNS = (
    ("revisions", "authors"),
    ("revisions", "tags"),
    ("comment_counts", "signals"),
    ("pages", "headers"),
    ("crawls", "stats"),
)
# ISO 639-1 code -> PostgreSQL's snowball configuration of that language.
LANGUAGES = {
    "ar": "arabic", "hy": "armenian", "eu": "basque", "ca": "catalan", "da": "danish",
    "nl": "dutch", "en": "english", "fi": "finnish", "fr": "french", "de": "german",
    "el": "greek", "hi": "hindi", "hu": "hungarian", "id": "indonesian", "ga": "irish",
    "it": "italian", "lt": "lithuanian", "ne": "nepali", "no": "norwegian", "nb": "norwegian",
    "nn": "norwegian", "pt": "portuguese", "ro": "romanian", "ru": "russian", "sr": "serbian",
    "es": "spanish", "sv": "swedish", "ta": "tamil", "tr": "turkish", "yi": "yiddish",
}  # fmt: skip
WORD_TOKENS = "word, hword, hword_part"  # tokens with non-ASCII letters: unaccent them first


def upgrade() -> None:
    with op.batch_alter_table("frontier") as batch:
        batch.add_column(sa.Column("lease_owner", sa.String(64), nullable=True))
        batch.add_column(sa.Column("lease_until", sa.String(40), nullable=True))
    if op.get_bind().dialect.name != "postgresql":
        return
    # Views select r.*: a column's type cannot change under them.
    op.execute("DROP VIEW latest_revisions")
    op.execute("DROP VIEW comment_count_history")
    for table, column in JSON_COLUMNS:
        op.execute(f"ALTER TABLE {table} ALTER COLUMN {column} TYPE jsonb USING {column}::jsonb")
    views = importlib.import_module("newsarchive.storage.migrations.versions.0002_archive")
    op.execute(views.LATEST_REVISIONS)
    op.execute(views.COMMENT_COUNT_HISTORY)

    op.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema = op.get_bind().execute(sa.text("SELECT current_schema()")).scalar_one()
    configs = {"simple": "simple", **{name: f"{name}_stem" for name in LANGUAGES.values()}}
    for name, dictionary in configs.items():
        config = f'"{schema}".newsarchive_{name}'
        op.execute(f"CREATE TEXT SEARCH CONFIGURATION {config} (COPY = pg_catalog.{name})")
        op.execute(
            f"ALTER TEXT SEARCH CONFIGURATION {config} "
            f"ALTER MAPPING FOR {WORD_TOKENS} WITH unaccent, {dictionary}"
        )
    # Schema-qualified inside: pg_dump restores with an empty search_path, and the generated
    # column below is computed again as rows are restored.
    cases = "\n".join(
        f"    WHEN '{code}' THEN '\"{schema}\".newsarchive_{name}'::regconfig"
        for code, name in sorted(LANGUAGES.items())
    )
    op.execute(
        f"""
CREATE FUNCTION "{schema}".newsarchive_ts_config(language text) RETURNS regconfig
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE lower(split_part(coalesce(language, ''), '-', 1))
{cases}
    ELSE '"{schema}".newsarchive_simple'::regconfig
  END
$$"""
    )
    op.execute(
        f"""
ALTER TABLE revisions ADD COLUMN search_vector tsvector GENERATED ALWAYS AS (
  setweight(to_tsvector("{schema}".newsarchive_ts_config(in_language),
                        coalesce(headline, '')), 'A')
  || setweight(to_tsvector("{schema}".newsarchive_ts_config(in_language),
                           coalesce(article_body, '')), 'B')
) STORED"""
    )
    op.execute("CREATE INDEX ix_revisions_search_vector ON revisions USING gin (search_vector)")
