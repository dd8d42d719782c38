"""WARC (ISO 28500, WARC/1.1) export and import, with warcio.

Export writes, per archived fetch, a ``request`` record (reconstructed: the method, URL and our
User-Agent), a ``response`` record (status line, stored headers and the stored body), and a
``metadata`` record (what newsarchive knows of the fetch: crawl, article, fetch time). A body
already written in this file becomes a ``revisit`` record pointing at its first capture. Scrapy
hands over bodies after content decoding, so ``Content-Encoding``/``Transfer-Encoding`` are left
out of the recorded headers and ``Content-Length`` is the stored body's.

Import reads any WARC's HTML ``response`` records through the crawl's own extraction path into
the archive.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
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
from .errors import UserError
from .fixtures import spider_for
from .items import ArticleRecord
from .settings import USER_AGENT
from .storage import Archive
from .storage.blobs import BlobStore
from .storage.models import ArticleRow, Blob, Page, Site

DROPPED_HEADERS = {"content-encoding", "transfer-encoding", "content-length"}
IMPORT_BATCH = 50


@dataclass(slots=True)
class ExportResult:
    responses: int = 0
    revisits: int = 0


def warc_date(iso: str) -> str:
    value = datetime.fromisoformat(iso.replace("Z", "+00:00"))
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _fetches(engine: Engine, site: str | None, since: str | None) -> Iterator[Any]:
    """``(page, canonical_url, site name, body bytes)`` of every archived fetch, in order."""
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
            yield page, canonical_url, site_name, blobs.decode(session, blob)


def export_warc(
    engine: Engine, out: BinaryIO, site: str | None = None, since: str | None = None
) -> ExportResult:
    writer = WARCWriter(out, gzip=True, warc_version="1.1")
    info = {
        "software": f"newsarchive/{__version__}",
        "format": "WARC File Format 1.1",
        "description": "newsarchive export: article pages as fetched",
    }
    writer.write_record(writer.create_warcinfo_record("newsarchive.warc.gz", info))
    result = ExportResult()
    first_capture: dict[str, tuple[str, str, str]] = {}  # sha256 -> uri, date, payload digest
    for page, canonical_url, site_name, body in _fetches(engine, site, since):
        date = warc_date(page.fetched_at)
        reason = _reason(page.http_status)
        headers = [
            (name, value)
            for name, value in json.loads(page.headers).items()
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
        writer.write_record(response)
        response_id = response.rec_headers.get_header("WARC-Record-ID")
        if page.body_sha256 not in first_capture:
            digest = response.rec_headers.get_header("WARC-Payload-Digest")
            first_capture[page.body_sha256] = (page.url, date, digest)
        writer.write_record(_request_record(writer, page.url, date, response_id))
        meta = {
            "fetched_at": page.fetched_at,
            "crawl_id": page.crawl_id,
            "site": site_name,
            "canonical_url": canonical_url,
            "body_sha256": page.body_sha256,
        }
        writer.write_record(
            writer.create_warc_record(
                page.url, "metadata", payload=BytesIO(json.dumps(meta).encode()),
                warc_content_type="application/json",
                warc_headers_dict={"WARC-Date": date, "WARC-Refers-To": response_id},
            )
        )  # fmt: skip
    return result


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


def import_warc(engine: Engine, path: Path) -> ImportResult:
    """HTML responses of a WARC through the crawl's extraction path into the archive."""
    archive = Archive(engine)
    result = ImportResult()
    batch: list[ArticleRecord] = []
    try:
        with path.open("rb") as fh:
            for record in ArchiveIterator(fh):
                if record.rec_type != "response" or record.http_headers is None:
                    continue
                result.responses += 1
                built = _record_from_warc(record)
                if built is None:
                    result.skipped += 1
                    continue
                batch.append(built)
                if len(batch) >= IMPORT_BATCH:
                    result.new_articles += archive.store(batch).articles_new
                    result.articles += len(batch)
                    batch = []
    except ArchiveLoadFailed as exc:
        raise UserError(f"not a readable WARC file: {path}: {exc}") from None
    finally:
        if batch:
            result.new_articles += archive.store(batch).articles_new
            result.articles += len(batch)
    return result


def _record_from_warc(record: Any) -> ArticleRecord | None:
    url = record.rec_headers.get_header("WARC-Target-URI")
    status = int(record.http_headers.get_statuscode() or 0)
    ctype = record.http_headers.get_header("Content-Type") or ""
    if not url or not url.startswith(("http://", "https://")) or status != 200:
        return None
    if ctype and "html" not in ctype.lower():
        return None
    body = record.content_stream().read()
    headers = dict(record.http_headers.headers)
    response = HtmlResponse(
        url=url, status=status, headers=headers, body=body, request=Request(url)
    )
    built = spider_for(url).build_record(response)
    if built is None:
        return None
    date = record.rec_headers.get_header("WARC-Date")
    if date:
        fetched_at = datetime.fromisoformat(date.replace("Z", "+00:00")).isoformat()
        built.article.fetched_at = fetched_at
        if built.raw is not None:
            built.raw.fetched_at = fetched_at
    return built
