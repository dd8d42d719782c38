"""WARC (ISO 28500, WARC/1.1) export and import, with warcio.

Export writes, per archived fetch, a ``request`` record (reconstructed: the method, URL and our
User-Agent), a ``response`` record (status line, stored headers and the stored body), and a
``metadata`` record (what newsarchive knows of the fetch: crawl, article, fetch time). A body
already written in this file becomes a ``revisit`` record pointing at its first capture. Scrapy
hands over bodies after content decoding, so ``Content-Encoding``/``Transfer-Encoding`` are left
out of the recorded headers and ``Content-Length`` is the stored body's.

Import reads any WARC's HTML ``response`` records through the crawl's own extraction path into
the archive; what it cannot read it skips and counts. Export leaves out, and reports, a stored
body that fails its SHA-256 check.
"""

from __future__ import annotations

import json
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from http import HTTPStatus
from io import BytesIO
from pathlib import Path
from typing import Any, BinaryIO
from urllib.parse import urlsplit

from scrapy import Request
from scrapy.http import HtmlResponse
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session
from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from . import __version__
from .crawl.state import raw_page
from .errors import UserError
from .fixtures import spider_for
from .items import ArticleRecord
from .settings import DOWNLOAD_MAXSIZE, USER_AGENT
from .storage import Archive
from .storage.blobs import BlobStore, CorruptBlob
from .storage.jsoncols import json_object
from .storage.models import ArticleRow, Blob, Page, Site
from .urls import canonicalize

DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
IMPORT_BATCH = 50
MAX_RECORD = DOWNLOAD_MAXSIZE  # an imported page may be no larger than a crawled one
FUTURE_SLACK = timedelta(days=1)  # clocks and time zones written wrong; past that, refused


@dataclass(slots=True)
class ExportResult:
    responses: int = 0
    revisits: int = 0
    corrupt: list[tuple[str, str]] = field(default_factory=list)
    """``(sha256, page URL)`` of fetches left out: their stored body failed its check."""
    undated: list[tuple[str, str]] = field(default_factory=list)
    """``(page URL, stored value)`` of fetches left out: their fetch time is not a date (a
    damaged row), and a WARC record cannot be written without one."""


def warc_date(iso: str) -> str:
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fetches(
    engine: Engine, site: str | None, since: str | None, corrupt: list[tuple[str, str]]
) -> Iterator[Any]:
    """``(page, canonical_url, site name, body bytes)`` of every archived fetch, in order;
    fetches whose stored body fails its SHA-256 check go to ``corrupt`` instead."""
    blobs = BlobStore()
    query = (
        select(Page, ArticleRow.canonical_url, Site.name, Blob)
        .join(ArticleRow, ArticleRow.id == Page.article_id)
        .join(Site, Site.id == ArticleRow.site_id)
        .join(Blob, Blob.sha256 == Page.body_sha256)
        .order_by(Page.id)
    )
    if site is not None:
        query = query.where(Site.name == site)
    if since is not None:
        query = query.where(Page.fetched_at >= since)
    with Session(engine) as session:
        for page, canonical_url, site_name, blob in session.execute(query):
            try:
                body = blobs.decode(session, blob)
            except CorruptBlob:
                corrupt.append((blob.sha256, page.url))
                continue
            yield page, canonical_url, site_name, body


def export_warc(
    engine: Engine, out: BinaryIO, site: str | None = None, since: str | None = None
) -> ExportResult:
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    info = {
        "software": f"newsarchive/{__version__}",
        "format": "WARC File Format 1.1",
        "description": "newsarchive export: article pages as fetched",
    }
    _write(writer, writer.create_warcinfo_record("newsarchive.warc.gz", info))
    result = ExportResult()
    first_capture: dict[str, tuple[str, str, str]] = {}  # sha256 -> uri, date, payload digest
    for page, canonical_url, site_name, body in _fetches(engine, site, since, result.corrupt):
        try:
            date = warc_date(page.fetched_at)
        except (AttributeError, TypeError, ValueError, OverflowError):  # not a date (in range)
            result.undated.append((page.url, repr(page.fetched_at)))
            continue
        reason = _reason(page.http_status)
        headers = [
            (name, value)
            # Garbled stored headers (a hand edit) cost the headers, not the export.
            for name, value in (json_object(page.headers) or {}).items()
            if name.lower() not in DROPPED_HEADERS
        ] + [("Content-Length", str(len(body)))]
        http_headers = StatusAndHeaders(
            f"{page.http_status} {reason}", headers, protocol="HTTP/1.1"
        )
        warc_headers = {"WARC-Date": date}
        if page.body_sha256 in first_capture:
            uri, ref_date, digest = first_capture[page.body_sha256]
            response = writer.create_revisit_record(
                page.url, digest, uri, ref_date, http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )  # fmt: skip
            result.revisits += 1
        else:
            response = writer.create_warc_record(
                page.url, "response", payload=BytesIO(body), http_headers=http_headers,
                warc_headers_dict=warc_headers,
            )  # fmt: skip
            result.responses += 1
        _write(writer, response)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        if page.body_sha256 not in first_capture:
            digest = response.rec_headers.get_header("WARC-Payload-Digest")
            first_capture[page.body_sha256] = (page.url, date, digest)
        _write(writer, _request_record(writer, page.url, date, response_id))
        meta = {
            "fetched_at": page.fetched_at,
            "crawl_id": page.crawl_id,
            "site": site_name,
            "canonical_url": canonical_url,
            "body_sha256": page.body_sha256,
        }
        _write(
            writer,
            writer.create_warc_record(
                page.url, "metadata", payload=BytesIO(json.dumps(meta).encode()),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": response_id},
            )
        )  # fmt: skip
    return result


def _write(writer: WARCWriter, record: Any) -> None:
    """Write ``record`` and close its stream: warcio buffers a payload of unknown length in a
    temporary file it leaves open (one file handle per record of a long export)."""
    writer.write_record(record)
    stream = getattr(record, "raw_stream", None)
    if stream is not None:
        stream.close()


def _reason(status: int) -> str:
    try:
        return HTTPStatus(status).phrase
    except ValueError:
        return "Unknown"


def _request_record(writer: WARCWriter, url: str, date: str, response_id: str) -> Any:
    parts = urlsplit(url)
    target = parts.path or "/"
    if parts.query:
        target += f"?{parts.query}"
    http_headers = StatusAndHeaders(
        f"GET {target} HTTP/1.1",
        [("Host", parts.netloc), ("User-Agent", USER_AGENT), ("Accept", "text/html,*/*")],
        is_http_request=True,
    )
    return writer.create_warc_record(
        url, "request", payload=BytesIO(b""), http_headers=http_headers,
        warc_headers_dict={"WARC-Date": date, "WARC-Concurrent-To": response_id},
    )  # fmt: skip


@dataclass(slots=True)
class ImportResult:
    responses: int = 0
    articles: int = 0
    skipped: int = 0
    new_articles: int = 0
    revisits: int = 0
    """``revisit`` records, not read: each says a page was fetched again unchanged, the page
    itself being an earlier record's (said in the summary: they went unmentioned)."""
    known_pages: int = 0
    """Pages the archive held already (the same bytes fetched at the same moment)."""
    held: int = 0
    """Readings kept out of the revisions: captures older than the archive's, or pages of
    another URL than an article already fetched at its own (``Archive`` keeps their pages)."""
    bad: Counter[str] = field(default_factory=Counter)
    """Records left out, by reason (``bad HTTP status``, ``larger than 16 MB``...)."""
    damaged: str | None = None
    """Why reading stopped before the end of the file (truncated gzip...), if it did."""


class BadRecord(ValueError):
    """A record this import cannot use; its message is the reason, counted."""


def import_warc(engine: Engine, path: Path, max_record: int = MAX_RECORD) -> ImportResult:
    """HTML responses of a WARC through the crawl's extraction path into the archive.

    A WARC made elsewhere is input like any page: a record that cannot be read is skipped and
    counted by reason, a record larger than ``max_record`` bytes (a crawl's
    ``DOWNLOAD_MAXSIZE``) is skipped unread, and a file that ends inside a record (a truncated
    gzip) says so in :attr:`ImportResult.damaged` after everything before was imported.
    """
    archive = Archive(engine)
    result = ImportResult()
    batch: list[ArticleRecord] = []
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh, check_digests=True):
                if record.rec_type == "revisit":
                    result.revisits += 1
                if record.rec_type != "response":
                    continue
                result.responses += 1
                try:
                    built = _record_from_warc(record, max_record)
                except BadRecord as exc:
                    result.bad[str(exc)] += 1
                    continue
                except Exception as exc:  # third-party bytes: any failure is this record's
                    result.bad[f"unreadable ({exc.__class__.__name__})"] += 1
                    continue
                if built is None:
                    result.skipped += 1
                    continue
                batch.append(built)
                if len(batch) >= IMPORT_BATCH:
                    _store(archive, batch, result)
                    batch = []
    except ArchiveLoadFailed as exc:
        if not result.responses:
            raise UserError(f"not a readable WARC file: {path}: {one_line(exc)}") from None
        result.damaged = f"reading stopped after {result.responses} responses: {one_line(exc)}"
    except Exception as exc:  # warcio's reader itself failed (a response with no URI): it
        # cannot go on from the middle of a record, so the rest of the file is not read
        result.damaged = (
            f"reading stopped after {result.responses} responses at an unreadable record "
            f"({exc.__class__.__name__}: {one_line(exc)})"
        )
    finally:
        if batch:
            _store(archive, batch, result)
    if result.damaged is None:
        result.damaged = gzip_damage(path)
    return result


def _store(archive: Archive, batch: list[ArticleRecord], result: ImportResult) -> None:
    stored = archive.store(batch, imported=True)
    result.articles += len(batch)
    result.new_articles += stored.articles_new
    result.known_pages += len(batch) - stored.pages
    result.held += stored.held


def gzip_damage(path: Path) -> str | None:
    """Why a gzipped file is incomplete (ends inside a member) or damaged, or None. warcio
    stops quietly at a truncated member, as if the file ended there; this reads the file once
    more through zlib, output bounded and thrown away."""
    with path.open("rb") as fh:
        if fh.read(2) != b"\x1f\x8b":
            return None
        fh.seek(0)
        inflater, in_member, pending = zlib.decompressobj(wbits=31), False, b""
        try:
            while True:
                if not pending:
                    pending = fh.read(1 << 16)
                    if not pending:
                        break
                inflater.decompress(pending, 1 << 20)
                in_member = True
                pending = inflater.unconsumed_tail
                if inflater.eof:
                    pending = inflater.unused_data + pending
                    inflater, in_member = zlib.decompressobj(wbits=31), False
        except zlib.error as exc:
            return f"damaged gzip data near byte {fh.tell()}: {exc}"
    return "the file is truncated: it ends inside a gzip member" if in_member else None


def _record_from_warc(record: Any, max_record: int = MAX_RECORD) -> ArticleRecord | None:
    """The article a response record holds; None for what is not one (a 404, an image);
    :class:`BadRecord` for what cannot be read."""
    url = record.rec_headers.get_header("WARC-Target-URI")
    if not url:
        raise BadRecord("no WARC-Target-URI")
    if not url.startswith(("http://", "https://")):
        return None
    length = record.rec_headers.get_header("Content-Length") or "0"
    if not length.isdigit():
        raise BadRecord("bad Content-Length")
    if int(length) > max_record:
        raise BadRecord(f"larger than {max_record // (1024 * 1024)} MB")
    if record.http_headers is None:
        raise BadRecord("no HTTP headers")
    status_code = record.http_headers.get_statuscode() or ""
    if not status_code.isdigit():
        raise BadRecord("bad HTTP status")
    status = int(status_code)
    ctype = record.http_headers.get_header("Content-Type") or ""
    if status != 200 or (ctype and "html" not in ctype.lower()):
        return None
    # When the page was fetched places it among the article's revisions: without it (the
    # format requires it) the import's own time made any capture the latest; one in the
    # future would make every later crawl of the article an older capture.
    date = record.rec_headers.get_header("WARC-Date")
    if not date:
        raise BadRecord("no WARC-Date")
    try:
        fetched = datetime.fromisoformat(date.replace("Z", "+00:00"))
    except ValueError:
        raise BadRecord("bad WARC-Date") from None
    fetched = fetched if fetched.tzinfo else fetched.replace(tzinfo=UTC)
    if fetched > datetime.now(UTC) + FUTURE_SLACK:
        raise BadRecord("dated in the future")
    fetched_at = fetched.isoformat()
    body = record.content_stream().read(max_record + 1)
    if len(body) > max_record:  # a payload that inflates past what its header said
        raise BadRecord(f"larger than {max_record // (1024 * 1024)} MB")
    if getattr(record.raw_stream, "limit", 0) > 0:
        # The file ended inside the record: stored, the page's first half would become the
        # article's newest revision (an empty body, "no body").
        raise BadRecord("truncated (the file ends inside it)")
    checker = getattr(record, "digest_checker", None)
    if checker is not None and checker.passed is False:
        raise BadRecord("damaged (its digest does not match)")
    try:
        request = Request(url)
    except ValueError:
        raise BadRecord("bad WARC-Target-URI") from None
    headers = dict(record.http_headers.headers)
    response = HtmlResponse(url=url, status=status, headers=headers, body=body, request=request)
    spider = spider_for(url)
    article = spider.build_article(response)
    if article is None:
        return None
    article.fetched_at = fetched_at
    raw = raw_page(response, article.fetched_at)
    return ArticleRecord(article=article, raw=raw, site_url=spider.start_urls[0],
                         frontier_url=canonicalize(url))  # fmt: skip


def one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:200] or exc.__class__.__name__
