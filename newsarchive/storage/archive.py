"""The one write path: fetched articles into the archive, deduplicated.

Everything that stores an article (crawl pipeline, replay) goes through :meth:`Archive.store`,
one transaction per batch. Inside it an article is found by any URL it was ever seen at
(``article_urls``) or by its canonical URL; a revision is added only when the content
fingerprint differs from the latest one; a comment-count row only when the count differs from
the latest observation; the raw body is stored once per distinct SHA-256.

Two processes may write the same file: SQLite transactions start ``BEGIN IMMEDIATE`` (see
``db.py``), so each batch sees the other's committed rows before deciding anything, and unique
constraints back every "insert if absent". On PostgreSQL writers run at once: every "insert if
absent" is an ``INSERT … ON CONFLICT DO NOTHING``, an article's row is locked before its
revision and count are decided, and a batch that meets a deadlock is run again
(``dialect.py``).
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import Engine, select, text, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..items import CONTENT_FIELDS, Article, ArticleRecord, CommentCountObservation
from ..urls import canonicalize, host_of
from .blobs import BlobStore
from .changes import CrawlChanges, Gone, Unchanged
from .db import now_iso, session_factory
from .dialect import insert_if_absent, lock_article, retry_transient
from .frontier import Run, add_discovered, mark_done, mark_failed, start_run
from .models import ArticleRow, ArticleUrl, Blob, CommentCount, Crawl, Page, Revision, Site

# Item fields a revision row keeps, under the same names (lists as JSON text).
REVISION_FIELDS = (
    "url", "headline", "article_body", "article_body_html", "authors", "date_published",
    "date_published_raw", "date_modified", "date_modified_raw", "in_language", "description",
    "section", "tags", "main_image", "date_published_source", "extraction_status",
)  # fmt: skip


# The revision fields that describe the content rather than being it: a later extractor may
# read them better (a language guessed, a section found, the body's HTML sanitized anew) from
# the same page while the content, and so the fingerprint, stays the same.
READING_FIELDS = tuple(n for n in REVISION_FIELDS if n not in CONTENT_FIELDS and n != "url")


@dataclass(slots=True)
class ReviseResult:
    """What a re-extraction batch changed (:meth:`Archive.revise`)."""

    revised: int = 0
    """Articles given a new revision: their content changed."""
    reread: int = 0
    """Articles whose content is the same but whose newest revision now holds today's
    reading of the descriptive fields (:data:`READING_FIELDS`)."""


def fingerprint(article: Article) -> str:
    """SHA-256 over the content fields, whitespace-normalized, so re-fetching an unchanged
    page (other ads, other nonces, a new view counter) makes no revision."""
    parts = {}
    for name in CONTENT_FIELDS:
        value = getattr(article, name)
        if isinstance(value, str):
            value = " ".join(value.split())
        parts[name] = value
    payload = json.dumps(parts, sort_keys=True, ensure_ascii=False)
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


@dataclass(slots=True)
class StoreResult:
    """What one batch changed, for crawl stats and summaries."""

    articles_new: int = 0
    revisions_new: int = 0
    unchanged: int = 0
    comment_counts_new: int = 0
    pages: int = 0
    gone: int = 0
    held: int = 0  # readings kept out of the revisions (`Archive._speaks_for`, `_emptied`)

    def add(self, other: StoreResult) -> None:
        self.articles_new += other.articles_new
        self.revisions_new += other.revisions_new
        self.unchanged += other.unchanged
        self.comment_counts_new += other.comment_counts_new
        self.pages += other.pages
        self.gone += other.gone
        self.held += other.held


class Archive:
    """Write access to one archive database."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self._sessions = session_factory(engine)
        self._site_ids: dict[str, int] = {}
        self._fts = engine.dialect.name == "sqlite"  # revisions_fts exists on SQLite only
        self.blobs = BlobStore()

    def raw_body(self, sha256: str) -> bytes:
        """The stored bytes of a fetched page, decompressed."""
        with self._sessions() as session:
            blob = session.get(Blob, sha256)
            if blob is None:
                raise KeyError(sha256)
            return self.blobs.decode(session, blob)

    # -- crawls ---------------------------------------------------------------------------
    def forget_cached(self) -> None:
        """Drop ids remembered from a transaction that rolled back (:func:`retry_transient`)."""
        self._site_ids.clear()
        self.blobs.forget_cached()

    def finish_crawl(
        self, crawl_id: int, status: str, reason: str | None, stats: dict[str, Any]
    ) -> None:
        with self._sessions.begin() as session:
            session.execute(
                update(Crawl)
                .where(Crawl.id == crawl_id)
                .values(
                    finished_at=now_iso(),
                    status=status,
                    finish_reason=reason,
                    stats=json.dumps(stats, default=str, sort_keys=True),
                )
            )

    # -- articles -------------------------------------------------------------------------
    @retry_transient
    def store(
        self,
        records: Iterable[ArticleRecord],
        crawl_id: int | None = None,
        *,
        observations: Iterable[CommentCountObservation] = (),
        changes: CrawlChanges | None = None,
        run: Run | None = None,
        imported: bool = False,
    ) -> StoreResult:
        """Store a batch in one transaction; returns what changed. ``imported``: pages from a
        WARC, where one the archive holds (same bytes, same fetch time) is not stored again.

        ``changes`` (304s, gone articles, and with a ``run`` the frontier's discovered,
        skipped and failed URLs) are written in the same transaction, and the stored records'
        URLs marked done there: a crash can never separate an article from its frontier row.
        """
        result = StoreResult()
        records, observations = list(records), list(observations)
        changes = changes or CrawlChanges()
        if not (records or observations or changes):
            return result
        with self._sessions.begin() as session:
            for record in records:
                self._store_one(session, record, crawl_id, result, imported=imported)
            for obs in observations:
                self._store_observation(session, obs, crawl_id, result)
            result.gone += sum(self._mark_gone(session, item) for item in changes.gone)
            for item in changes.unchanged:
                self._seen_unchanged(session, item)
            if run is not None:
                add_discovered(session, run, changes.discovered)
                revisit = {r.frontier_url: r.revisit_at for r in records if r.frontier_url}
                revisit |= {n.url: n.revisit_at for n in changes.unchanged}
                outcomes = {r.frontier_url: "stored" for r in records if r.frontier_url}
                outcomes |= {n.url: "not_modified" for n in changes.unchanged}
                outcomes |= {canonicalize(g.url): "gone" for g in changes.gone}
                outcomes |= {url: f"skipped:{reason}" for url, reason in changes.skipped}
                mark_done(session, run, outcomes, revisit={u: d for u, d in revisit.items() if d})
                mark_failed(session, run, changes.failed)
        return result

    def start_run(self, spider: str) -> Run:
        return start_run(self._sessions, spider)

    def _site_id(self, session: Session, name: str, base_url: str | None) -> int:
        if name in self._site_ids:
            return self._site_ids[name]
        site_id = session.scalar(select(Site.id).where(Site.name == name))
        if site_id is None:
            site = {"name": name, "base_url": base_url, "created_at": now_iso()}
            insert_if_absent(session, Site, [site], ["name"])
            site_id = session.scalar(select(Site.id).where(Site.name == name))
        assert site_id is not None  # inserted just above, or by a concurrent writer
        self._site_ids[name] = site_id
        return site_id

    def _store_one(
        self,
        session: Session,
        record: ArticleRecord,
        crawl_id: int | None,
        result: StoreResult,
        *,
        imported: bool = False,
    ) -> None:
        article = record.article
        seen_at = article.fetched_at or now_iso()
        canonical = article.canonical_url or canonicalize(article.url)
        aliases = list(dict.fromkeys([canonical, canonicalize(article.url)]))

        article_id = session.scalar(
            select(ArticleUrl.article_id).where(ArticleUrl.url.in_(aliases)).limit(1)
        )
        if article_id is None:
            article_id = session.scalar(
                select(ArticleRow.id).where(ArticleRow.canonical_url == canonical)
            )
        if article_id is None and record.frontier_url and record.frontier_url not in aliases:
            article_id = self._moved(session, record.frontier_url, canonical, article)
        new_id = None
        if article_id is None:
            site_name = article.site or host_of(article.url)
            row = {"site_id": self._site_id(session, site_name, record.site_url),
                   "canonical_url": canonical, "wp_post_id": article.wp_post_id,
                   "first_seen": seen_at, "last_seen": seen_at}  # fmt: skip
            new_id = insert_if_absent(session, ArticleRow, [row], ["canonical_url"],
                                      returning=ArticleRow.id)  # fmt: skip
            # None: another writer stored it meanwhile (the insert waited for its commit).
            article_id = new_id or session.scalar(
                select(ArticleRow.id).where(ArticleRow.canonical_url == canonical)
            )
        assert article_id is not None  # found, inserted, or inserted by a concurrent writer
        # An older capture (a WARC import): the archive's newer word stands. Decided under the
        # row's lock, or a crawl committing a newer visit meanwhile would be overwritten.
        older = False
        if new_id is None:
            lock_article(session, article_id)
            older = _before_last_seen(session, article_id, seen_at)
        if new_id is not None:
            result.articles_new += 1
        elif not older:
            # Seen again: alive (a 404 that came back is no longer gone). The update holds
            # the row until commit: one writer at a time decides this article's revision.
            values: dict[str, object] = {"last_seen": seen_at, "gone_at": None, "gone_status": None}
            if article.wp_post_id is not None:
                values["wp_post_id"] = article.wp_post_id
            session.execute(update(ArticleRow).where(ArticleRow.id == article_id).values(**values))
        insert_if_absent(
            session, ArticleUrl,
            [{"article_id": article_id, "url": url, "first_seen": seen_at} for url in aliases],
            ["url"],
        )  # fmt: skip

        if not older and self._speaks_for(session, article_id, article, canonical):
            self._store_revision(session, article_id, article, crawl_id, seen_at, result)
        else:
            result.held += 1
            article = replace(article, comment_count=None)  # the page is kept, its readings not
        if article.comment_count is not None:
            self._store_comment_count(
                session, article_id, article.comment_count, article.comment_count_source,
                article.comment_count_raw, crawl_id, seen_at, result,
                signals=article.comment_count_signals,
            )  # fmt: skip
        if record.raw is not None and self._store_page(
            session, article_id, record, crawl_id, skip_known=imported
        ):
            result.pages += 1
        session.flush()

    def _moved(self, session: Session, asked: str, canonical: str, article: Article) -> int | None:
        """The archived article at ``asked``, a URL that redirected to this page, now known by
        ``canonical``, which no article holds — when the page is that article: the same
        WordPress post id, or the same content (a new slug). The page became a second article,
        the first left as it was, and each refresh of the first followed the redirect again.
        Any other page is not it: WordPress answers a deleted post's URL with a 301 to the
        post whose slug it guesses, a live blog redirects to its latest update."""
        found = session.execute(
            select(ArticleUrl.article_id, ArticleRow.wp_post_id)
            .join(ArticleRow, ArticleRow.id == ArticleUrl.article_id)
            .where(ArticleUrl.url == asked)
        ).first()
        if found is None:
            return None
        moved, post_id = found
        same_post = post_id is not None and post_id == article.wp_post_id
        if not same_post:
            latest = self._latest(session, Revision, moved, "fingerprint")
            if latest is None or latest[1] != fingerprint(article):
                return None
        try:
            with session.begin_nested():  # another writer may have given an article that URL
                session.execute(
                    update(ArticleRow).where(ArticleRow.id == moved).values(canonical_url=canonical)
                )
        except IntegrityError:
            return None
        return moved

    @staticmethod
    def _latest(session: Session, model: type[Revision] | type[CommentCount], article_id: int,
                *columns: str) -> tuple[Any, ...] | None:  # fmt: skip
        """``(id, value of each column)`` of the article's newest row in ``model``."""
        row = session.execute(
            select(model.id, *(getattr(model, column) for column in columns))
            .where(model.article_id == article_id)
            .order_by(model.id.desc())
            .limit(1)
        ).first()
        return tuple(row) if row is not None else None

    @staticmethod
    def _seen_again(session: Session, model: type[Revision] | type[CommentCount], row_id: int,
                    seen_at: str) -> None:  # fmt: skip
        session.execute(update(model).where(model.id == row_id).values(last_seen=seen_at))

    @staticmethod
    def _speaks_for(session: Session, article_id: int, article: Article, canonical: str) -> bool:
        """Whether a page fetched at another URL than the article's canonical one may give the
        article its content: only while no fetch of the canonical URL itself has. A page's
        ``<link rel=canonical>`` is the site's word, and any page of a site can say it: one
        claiming an archived story's URL made its own text that story's newest revision (and
        the real page's 304 then kept it there). An alias page (AMP, print, a tracking URL)
        still stores its raw page and joins the article's URLs."""
        if canonicalize(article.url) == canonical:
            return True
        fetched = session.scalars(
            select(Revision.url).where(Revision.article_id == article_id).distinct()
        )
        return not any(url and canonicalize(url) == canonical for url in fetched)

    def _store_revision(
        self,
        session: Session,
        article_id: int,
        article: Article,
        crawl_id: int | None,
        seen_at: str,
        result: StoreResult,
    ) -> None:
        digest = fingerprint(article)
        latest = self._latest(session, Revision, article_id, "fingerprint")
        if latest is not None and latest[1] == digest:
            self._seen_again(session, Revision, latest[0], seen_at)
            result.unchanged += 1
            return
        if latest is not None and _emptied(session, latest[0], article):
            result.held += 1
            return
        self._add_revision(session, article_id, article, digest, crawl_id, seen_at)
        if latest is not None:
            result.revisions_new += 1

    def revise(self, items: Iterable[tuple[int, Article]], *, seen_at: str) -> ReviseResult:
        """Re-extracted content for archived articles (``newsarchive reextract``): a revision
        where the fingerprint changed, nothing else touched (no last-seen, no fetch, no count:
        nothing was observed anew). Where the content is the same, the newest revision's
        descriptive fields take today's reading of them, in place: the same page read better
        is no new version of the article (a revision whose text equals the one before would
        read as an edit that changed nothing), and without it a fix to the language, the
        section or the tags never reached what was archived before it. One transaction."""
        result = ReviseResult()
        with self._sessions.begin() as session:
            for article_id, article in items:
                digest = fingerprint(article)
                # The newest revision's fingerprint and descriptive fields in one query: on a
                # re-run nearly every article is unchanged and compared on both.
                latest = self._latest(session, Revision, article_id, "fingerprint", *READING_FIELDS)
                if latest is not None and latest[1] == digest:
                    result.reread += self._reread(session, latest[0], latest[2:], article)
                    continue
                if latest is not None and _emptied(session, latest[0], article):
                    continue
                self._add_revision(session, article_id, article, digest, None, seen_at)
                result.revised += 1
        return result

    @staticmethod
    def _reread(
        session: Session, revision_id: int, stored: Sequence[Any], article: Article
    ) -> bool:
        """Today's reading of the descriptive fields into the revision (``stored``: its
        :data:`READING_FIELDS`), where it differs."""
        changed = [
            name
            for name, value in zip(READING_FIELDS, stored, strict=True)
            if not _same_reading(value, getattr(article, name))
        ]
        if not changed:
            return False
        session.execute(
            update(Revision).where(Revision.id == revision_id).values(**_columns(article, changed))
        )
        return True

    def _add_revision(
        self,
        session: Session,
        article_id: int,
        article: Article,
        digest: str,
        crawl_id: int | None,
        seen_at: str,
    ) -> None:
        columns = _columns(article, REVISION_FIELDS)
        revision = Revision(
            article_id=article_id,
            fingerprint=digest,
            first_seen=seen_at,
            last_seen=seen_at,
            crawl_id=crawl_id,
            **columns,
        )
        session.add(revision)
        if self._fts:
            session.flush()
            session.execute(
                text(
                    "INSERT INTO revisions_fts(rowid, headline, article_body) "
                    "VALUES (:id, :headline, :body)"
                ),
                {"id": revision.id, "headline": revision.headline, "body": revision.article_body},
            )

    def _store_comment_count(
        self,
        session: Session,
        article_id: int,
        count: int,
        source: str | None,
        raw: str | None,
        crawl_id: int | None,
        seen_at: str,
        result: StoreResult,
        signals: list[dict[str, Any]] | None = None,
    ) -> None:
        latest = self._latest(session, CommentCount, article_id, "count")
        if latest is not None and latest[1] == count:
            self._seen_again(session, CommentCount, latest[0], seen_at)
            return
        session.add(
            CommentCount(
                article_id=article_id,
                count=count,
                source=source,
                raw=raw,
                signals=json.dumps(signals, ensure_ascii=False) if signals else None,
                first_seen=seen_at,
                last_seen=seen_at,
                crawl_id=crawl_id,
            )
        )
        result.comment_counts_new += 1

    def _mark_gone(self, session: Session, item: Gone) -> int:
        """Flag an archived article whose URL now answers 404/410 (1 if newly marked). Unknown
        URLs are ignored; nothing is deleted."""
        article_id = session.scalar(
            select(ArticleUrl.article_id).where(ArticleUrl.url == canonicalize(item.url))
        )
        if article_id is None:
            return 0
        marked = session.execute(
            update(ArticleRow)
            .where(ArticleRow.id == article_id, ArticleRow.gone_at.is_(None))
            .values(gone_at=item.seen_at, gone_status=item.status)
        )
        return int(getattr(marked, "rowcount", 0) or 0)  # an UPDATE's result: a cursor's

    def _seen_unchanged(self, session: Session, item: Unchanged) -> None:
        """A 304: the article and its latest revision were seen again, nothing else changes —
        but an article marked gone is back (it kept its marker while it came back unchanged,
        since only a 200 cleared it)."""
        article_id = session.scalar(select(ArticleUrl.article_id).where(ArticleUrl.url == item.url))
        if article_id is None:
            return
        session.execute(
            update(ArticleRow)
            .where(ArticleRow.id == article_id)
            .values(last_seen=item.seen_at, gone_at=None, gone_status=None)
        )
        latest = self._latest(session, Revision, article_id, "id")
        if latest is not None:
            self._seen_again(session, Revision, latest[0], item.seen_at)

    def _store_observation(
        self, session: Session, obs: CommentCountObservation, crawl_id: int | None,
        result: StoreResult,
    ) -> None:  # fmt: skip
        """A count from a feed or the REST API for an article already archived; one for an
        unknown URL is ignored (there is no article to attach it to)."""
        article_id = session.scalar(
            select(ArticleUrl.article_id).where(ArticleUrl.url == obs.canonical_url)
        )
        if article_id is not None:
            lock_article(session, article_id)
            self._store_comment_count(
                session, article_id, obs.count, obs.source, obs.raw, crawl_id, obs.seen_at,
                result,
            )  # fmt: skip

    def _store_page(
        self,
        session: Session,
        article_id: int,
        record: ArticleRecord,
        crawl_id: int | None,
        *,
        skip_known: bool = False,
    ) -> bool:
        """Keep the raw page; with ``skip_known`` (a WARC import), False where the archive has
        it already: the same bytes fetched at the same moment (one WARC imported twice). A
        crawl's fetch is one of its own, even within the second of another."""
        raw = record.raw
        assert raw is not None
        digest = hashlib.sha256(raw.body).hexdigest()
        if skip_known:
            known = select(Page.id).where(
                Page.article_id == article_id,
                Page.fetched_at == raw.fetched_at,
                Page.body_sha256 == digest,
            )
            if session.scalar(known.limit(1)) is not None:
                return False
        site_id = session.scalar(select(ArticleRow.site_id).where(ArticleRow.id == article_id))
        assert site_id is not None
        self.blobs.put(session, digest, raw.body, site_id)
        session.flush()
        session.add(
            Page(
                article_id=article_id,
                crawl_id=crawl_id,
                url=raw.url,
                fetched_at=raw.fetched_at,
                http_status=raw.status,
                headers=json.dumps(raw.headers, ensure_ascii=False, sort_keys=True),
                body_sha256=digest,
            )
        )
        return True


def _before_last_seen(session: Session, article_id: int, seen_at: str) -> bool:
    """Whether a reading was fetched before the archive last saw the article: an older
    capture (a WARC made earlier, imported now). Its raw page is kept; it gives no revision
    or count (appended, they read as the article's latest: stale text as current, a count
    series that jumps back) and moves no ``last_seen`` back. A ``last_seen`` in the future
    (a clock ahead, a WARC dated so before imports refused it) judges nothing: it must not
    hold every later fetch."""
    last_seen = session.scalar(select(ArticleRow.last_seen).where(ArticleRow.id == article_id))
    if not last_seen:
        return False
    try:
        last = datetime.fromisoformat(last_seen)
        return datetime.fromisoformat(seen_at) < last <= datetime.now(UTC)
    except (TypeError, ValueError):  # another form (no offset): not judged, as before
        return False


def _columns(article: Article, names: Iterable[str]) -> dict[str, Any]:
    """The item's fields as a revision row holds them (lists as JSON text)."""
    return {
        name: json.dumps(value, ensure_ascii=False) if isinstance(value, list) else value
        for name, value in ((n, getattr(article, n)) for n in names)
    }


def _same_reading(stored: Any, value: Any) -> bool:
    """A stored column against an item field: lists by their JSON (PostgreSQL's JSONB gives
    the text back in its own spacing)."""
    if not isinstance(value, list):
        return bool(stored == value)
    try:
        return bool(json.loads(stored) == value)
    except (TypeError, ValueError):  # NULL or damaged: today's reading replaces it
        return False


def _emptied(session: Session, latest_id: int, article: Article) -> bool:
    """A reading without a body, where the newest revision has one: a page that answered 200
    with nothing (or something no reader finds an article in) does not replace the archived
    text — its raw page is kept and its extraction status counted, and a later fetch that
    reads a body is a revision as usual."""
    if (article.article_body or "").strip():
        return False
    body = session.scalar(select(Revision.article_body).where(Revision.id == latest_id))
    return bool((body or "").strip())
