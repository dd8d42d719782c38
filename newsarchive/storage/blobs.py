"""Raw page bodies, content-addressed and compressed with a per-site zstd dictionary.

Most of a news page is its theme: the same 50 KB of inline CSS, scripts, menus and icons on
every page of a site. Compressed page by page (gzip, zstd) a 62 KB page still weighs 15 KB; with
a zstd dictionary trained on the site's own pages it weighs about 1 KB, because the shared
boilerplate lives once, in the dictionary. The first ``TRAIN_AFTER`` pages of a site are stored
with plain zstd; then a dictionary is trained on them (in the same write transaction, so two
writers never train two) and those pages are recompressed with it. Old ``gzip`` rows stay
readable. Every read checks the bytes against their SHA-256 (:class:`CorruptBlob`).

On PostgreSQL writers run at once: a blob is inserted ``ON CONFLICT DO NOTHING`` (two sites may
serve the same bytes), and training takes a per-site advisory lock, then looks again, so two
workers sharing a site do not train two dictionaries.
"""

from __future__ import annotations

import gzip
import hashlib
import zlib
from dataclasses import dataclass

import zstandard
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .db import now_iso
from .dialect import LOCK_TRAIN, advisory_xact_lock, insert_if_absent, is_postgres
from .models import ArticleRow, Blob, Dictionary, Page

TRAIN_AFTER = 64
DICT_SIZE = 112 * 1024
LEVEL = 3
# What of each page the dictionary is trained on: its first and its last this many bytes.
THEME_END = 64 * 1024
# zstd's fastCover parameters (segment size, d-mer length), fixed where the trainer's own
# search over them landed on real pages (k near 2000, d 8). The search trained a dictionary
# four to five times over (0.45 s rather than 0.1 s on 64 real-sized pages), for held-out
# pages of the same size there; the sample site's small pages, all theme, store 7 % larger.
TRAIN_PARAMETERS = {"k": 2000, "d": 8}


class CorruptBlob(ValueError):
    """A stored body that is not what its SHA-256 says."""

    def __init__(self, sha256: str, reason: str) -> None:
        super().__init__(f"blob {sha256[:12]} {reason}")
        self.sha256 = sha256


@dataclass(slots=True)
class _Codec:
    dictionary_id: int
    compressor: zstandard.ZstdCompressor
    decompressor: zstandard.ZstdDecompressor


class BlobStore:
    """Encode and decode ``blobs`` rows; caches one codec per dictionary."""

    def __init__(self) -> None:
        self._plain = zstandard.ZstdCompressor(level=LEVEL)
        self._codecs: dict[int, _Codec] = {}
        self._site_dict: dict[int, int] = {}

    def forget_cached(self) -> None:
        """Forget dictionaries seen in a transaction that rolled back."""
        self._codecs.clear()
        self._site_dict.clear()

    def _codec(self, session: Session, dictionary_id: int) -> _Codec:
        codec = self._codecs.get(dictionary_id)
        if codec is None:
            row = session.get(Dictionary, dictionary_id)
            assert row is not None
            data = zstandard.ZstdCompressionDict(row.data)
            codec = _Codec(
                dictionary_id,
                zstandard.ZstdCompressor(level=LEVEL, dict_data=data),
                zstandard.ZstdDecompressor(dict_data=data),
            )
            self._codecs[dictionary_id] = codec
        return codec

    def decode(self, session: Session, blob: Blob) -> bytes:
        """The stored bytes, checked against the SHA-256 they are stored under: a blob that
        does not decompress, or decompresses to other bytes (rows swapped, a bit flipped),
        raises :class:`CorruptBlob` instead of passing for the page. So does a value SQLite
        holds as text or a number in the BLOB column (its columns take any type: a hand edit,
        another tool's write), which ended a ``reextract`` or a WARC export at that page."""
        if not isinstance(blob.data, (bytes, bytearray, memoryview)):
            kind = type(blob.data).__name__
            raise CorruptBlob(blob.sha256, f"is stored as {kind}, not bytes")
        try:
            body = self._decompress(session, blob)
        except (zstandard.ZstdError, OSError, EOFError, zlib.error) as exc:
            raise CorruptBlob(blob.sha256, f"does not decompress ({exc})") from None
        if hashlib.sha256(body).hexdigest() != blob.sha256:
            raise CorruptBlob(blob.sha256, "decompresses to bytes of another SHA-256")
        return body

    def _decompress(self, session: Session, blob: Blob) -> bytes:
        if blob.compression == "gzip":
            return gzip.decompress(blob.data)
        if blob.compression == "zstd":
            return zstandard.ZstdDecompressor().decompress(blob.data)
        if blob.compression == "zstd-dict" and blob.dictionary_id is not None:
            if session.get(Dictionary, blob.dictionary_id) is None:  # a damaged archive
                raise CorruptBlob(blob.sha256, f"needs dictionary {blob.dictionary_id}, absent")
            return self._codec(session, blob.dictionary_id).decompressor.decompress(blob.data)
        raise CorruptBlob(blob.sha256, f"unknown compression {blob.compression!r}")

    def _site_dictionary(self, session: Session, site_id: int) -> int | None:
        if site_id not in self._site_dict:
            found = session.scalar(
                select(Dictionary.id)
                .where(Dictionary.site_id == site_id)
                .order_by(Dictionary.id.desc())
            )
            if found is None:
                return None
            self._site_dict[site_id] = found
        return self._site_dict[site_id]

    def put(self, session: Session, digest: str, body: bytes, site_id: int) -> None:
        """Store ``body`` under ``digest`` unless present; may train the site's dictionary."""
        if session.get(Blob, digest) is not None:
            return
        dictionary_id = self._site_dictionary(session, site_id)
        if dictionary_id is None:
            insert_if_absent(session, Blob, [{"sha256": digest, "size": len(body),
                             "compression": "zstd", "data": self._plain.compress(body),
                             "dictionary_id": None}], ["sha256"])  # fmt: skip
            self._maybe_train(session, site_id)
            return
        codec = self._codec(session, dictionary_id)
        insert_if_absent(session, Blob, [{"sha256": digest, "size": len(body),
                         "compression": "zstd-dict", "dictionary_id": dictionary_id,
                         "data": codec.compressor.compress(body)}], ["sha256"])  # fmt: skip

    def _maybe_train(self, session: Session, site_id: int) -> None:
        if is_postgres(session):
            advisory_xact_lock(session, LOCK_TRAIN, site_id)
            if self._site_dictionary(session, site_id) is not None:
                return  # another writer trained it while this one waited
        # Counted before anything is loaded: each of a site's first pages asks, and loading
        # the bodies so far every time read a new site's first 64 pages 2,000 times over.
        plain = (
            select(Blob.sha256)
            .join(Page, Page.body_sha256 == Blob.sha256)
            .join(ArticleRow, ArticleRow.id == Page.article_id)
            .where(ArticleRow.site_id == site_id, Blob.compression == "zstd")
            .distinct()
            .limit(TRAIN_AFTER)
        )
        stored = session.scalar(select(func.count()).select_from(plain.subquery())) or 0
        if stored < TRAIN_AFTER:
            return
        rows = session.scalars(select(Blob).where(Blob.sha256.in_(plain))).all()
        if len(rows) < TRAIN_AFTER:
            return
        good: list[tuple[Blob, bytes]] = []
        for blob in rows:
            try:
                good.append((blob, self.decode(session, blob)))
            except CorruptBlob:
                continue  # left as it is, for `export warc` to report
        if len(good) < TRAIN_AFTER:
            return
        samples: list[bytes | bytearray | memoryview] = [theme_sample(body) for _, body in good]
        try:
            trained = zstandard.train_dictionary(DICT_SIZE, samples, **TRAIN_PARAMETERS)
        except zstandard.ZstdError:
            return  # too little variety to train on: keep plain zstd, try again later
        row = Dictionary(site_id=site_id, created_at=now_iso(), size=len(trained.as_bytes()),
                         data=trained.as_bytes())  # fmt: skip
        session.add(row)
        session.flush()
        self._site_dict[site_id] = row.id
        codec = self._codec(session, row.id)
        for blob, body in good:
            blob.data = codec.compressor.compress(body)
            blob.compression = "zstd-dict"
            blob.dictionary_id = row.id


def theme_sample(body: bytes) -> bytes:
    """What of a page the site's dictionary is trained on: its two ends, where the theme is
    (the head's styles and scripts, the menus; the footer, the scripts at the end). The
    middle is the article, other on every page: trained on whole 270 KB pages, the
    dictionary filled up with single pages' words (pages with a theme around a large story
    compressed to 51 KB with it, 45 KB with one trained on the ends) and training took 0.55 s
    rather than 0.2 s, in the write transaction of the crawl's 64th page of the site."""
    if len(body) <= 2 * THEME_END:
        return body
    return body[:THEME_END] + body[-THEME_END:]
