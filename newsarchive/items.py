"""The article item: what one fetched article page becomes.

Names follow schema.org as zyte-common-items' ``Article`` does, in snake_case, so that an
archivist who knows either finds the field where they expect it. Everything is optional except
``url``: a page that only yields a URL is still a record of what was fetched. ``comment_count``
is ours (no anchor schema has it) and it has three states, see below.

Raw strings sit beside parsed values (``date_published_raw``, ``comment_count_raw``) so a parse
can be audited against what the page actually said.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass(kw_only=True)
class Article:
    """One article page as extracted. See ``docs/item.md`` for examples."""

    url: str
    """Final URL of the response, after redirects, exactly as fetched."""

    canonical_url: str | None = None
    """The URL that identifies the article: ``rel=canonical`` when it is on the same site,
    else the fetched URL, normalized (tracking parameters such as ``utm_*``/``fbclid`` and the
    fragment removed, query arguments sorted). Deduplication keys on this."""

    headline: str | None = None
    """The title as a reader sees it on the page (``<h1>``), without " | Site name"."""

    article_body: str | None = None
    """Plain text of the article: paragraphs separated by a single ``\\n``; no navigation,
    share bars, related posts or comments."""

    article_body_html: str | None = None
    """The same content as sanitized HTML (no scripts, styles, event handlers or forms)."""

    comment_count: int | None = None
    """Number of comments the page states for *this* article. ``0`` only with positive evidence
    of zero (a ``#respond`` link, "Laisser un commentaire", an open form with an empty list);
    ``None`` when nothing trustworthy says (no comment feature, closed, JS-only widget)."""

    comment_count_raw: str | None = None
    """The text or attribute value the count was read from, e.g. ``"3 commentaires"``."""

    comment_count_source: str | None = None
    """Which signal won: ``api``, ``feed``, ``wp-comments-link``, ``theme``, ``jsonld``,
    ``microdata``, ``comment-list`` or ``comment-form``. See ``newsarchive.extract.comments``."""

    comment_count_signals: list[dict[str, Any]] = field(default_factory=list)
    """Every count signal found, winner or not: ``[{"source", "count", "raw"}]``. Kept so an
    archivist can see when sources disagreed (stored with each count observation)."""

    wp_post_id: int | None = None
    """WordPress post ID (from the ``comment_post_ID`` form field, the ``postid-N`` body class or
    the ``?p=N`` shortlink): stable across slug changes, and the key of the REST API."""

    authors: list[str] = field(default_factory=list)
    """Author display names, in page order, deduplicated."""

    date_published: str | None = None
    """ISO 8601 with a UTC offset, e.g. ``2025-04-12T09:30:00+01:00``. When the page gives a
    time without an offset, the site's timezone (default UTC) is assumed; a date alone gives
    midnight. The page's own string is kept in ``date_published_raw``."""

    date_published_raw: str | None = None
    date_published_source: str | None = None
    """Where the date was read: ``jsonld``, ``meta``, ``time-element`` (a ``<time>`` marked
    as the publication), ``header`` (printed by the headline), ``printed`` (a date element
    elsewhere in the article's meta area) or ``htmldate`` (its markup-only search, kept only
    when that day is printed on the page or in the URL). See ``docs/extraction.md``."""
    date_modified: str | None = None
    """Same format as ``date_published``."""

    date_modified_raw: str | None = None

    in_language: str | None = None
    """BCP 47 language tag as declared by the page (``fr``, ``ar``, ``en-GB``), lower-cased
    primary subtag."""

    description: str | None = None
    """The page's summary (JSON-LD ``description``, ``og:description`` or meta description)."""

    section: str | None = None
    """The article's section or category as the site names it (``articleSection``)."""

    tags: list[str] = field(default_factory=list)
    """Keywords/tags, in page order, deduplicated."""

    main_image: str | None = None
    """Absolute URL of the lead image."""

    site: str | None = None
    """Spider name for catalogued sites, else the host name."""

    fetched_at: str | None = None
    """When the response was received, ISO 8601 in UTC (``...+00:00``)."""

    http_status: int | None = None
    """HTTP status of the final response."""

    extraction_status: str | None = None
    """How extraction went: ``ok``, ``no_body`` (archived without a body: the raw page is
    kept, ``newsarchive reextract`` tries again with later extractors), ``no_headline``, or
    ``failed`` (the extractor raised; only the URL is known)."""

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready dict (lists copied), in field order."""
        return asdict(self)


CONTENT_FIELDS = (
    "headline",
    "article_body",
    "authors",
    "date_published",
    "date_modified",
)
"""Fields whose change makes a new revision. Comment counts and fetch metadata do not: they are
observations of the same content, kept in their own table."""


@dataclass(kw_only=True)
class RawPage:
    """The response as fetched, kept so that nothing is lost to a bad extraction."""

    url: str
    status: int
    headers: dict[str, str]
    """Response headers, one value per name (repeated headers joined with ", ")."""
    body: bytes
    fetched_at: str
    """ISO 8601, UTC."""


@dataclass(kw_only=True)
class ArticleRecord:
    """What the archive writes for one fetched article: the item with the raw response it came
    from and the crawl's bookkeeping. Not a Scrapy item: spiders yield the plain
    :class:`Article` (so feed exports carry article fields, never page bytes), and the store
    pipeline pairs it with its page through the crawl state."""

    article: Article
    raw: RawPage | None = None
    site_url: str | None = None
    """Home URL of the site, recorded on the ``sites`` row the first time it is seen."""
    frontier_url: str | None = None
    """The (canonicalized) URL the crawl requested, as its frontier knows it."""
    revisit_at: str | None = None
    """When a recent article is due for its next visit (None: at every crawl, or left to the
    sitemap's lastmod once old)."""


@dataclass(kw_only=True)
class CommentCountObservation:
    """A comment count learned without fetching the article page (feed, REST API), for an
    article already in the archive: what ``newsarchive refresh`` yields. Stored like a page's
    count: a row only when it changes."""

    canonical_url: str
    count: int
    source: str
    """``feed`` or ``api``."""
    raw: str | None = None
    seen_at: str
    """ISO 8601, UTC."""
