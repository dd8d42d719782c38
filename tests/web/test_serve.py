"""``newsarchive serve``: read-only access, the token, and the command's refusals."""

from __future__ import annotations

import hashlib
import logging
import socket
import sqlite3
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import OperationalError

from newsarchive.cli.serving import RedactToken, bind
from newsarchive.errors import UserError
from newsarchive.storage.readonly import open_readonly
from newsarchive.web import create_app
from newsarchive.web.security import is_loopback

from ..conftest import run_cli
from .asgi import Client
from .conftest import DemoArchive, Served, serve

TOKEN = "k3y-0f-the-4rchive_ABCDEFGH"  # noqa: S105 - a test token


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def lower(headers) -> dict[str, str]:  # type: ignore[no-untyped-def]
    return {k.lower(): v for k, v in headers.items()}


def get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], str]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, lower(response.headers), response.read().decode()
    except urllib.error.HTTPError as exc:
        return exc.code, lower(exc.headers), exc.read().decode()


def test_the_engine_cannot_write(demo_archive: DemoArchive) -> None:
    engine = open_readonly(str(demo_archive.db))
    with pytest.raises(OperationalError, match=r"readonly|read-only"), engine.begin() as conn:
        conn.execute(text("DELETE FROM articles"))
    engine.dispose()


def test_browsing_writes_nothing(demo_archive: DemoArchive, served: Served) -> None:
    """Every page of the served archive read over real HTTP leaves the file's bytes as they
    were (and the WAL, where the last crawl left one)."""
    files = [p for p in demo_archive.db.parent.iterdir() if p.name.startswith("demo.db")]
    before = {p.name: digest(p) for p in files}
    for path in ("", "search?q=budget&all=1", "article/1", "article/1/diff", "replay/1",
                 "replay/1/source", "raw/1", "crawls", "crawls/1", "search/export.csv?q=de"):  # fmt: skip
        status, headers, _ = get(served.url + path)
        assert status == 200, path
        assert headers["x-content-type-options"] == "nosniff"
    after = {p.name: digest(p) for p in files}
    assert after == before


def test_refusals_of_open_readonly(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="no archive at"):
        open_readonly(str(tmp_path / "missing.db"))
    empty = tmp_path / "empty.db"
    sqlite3.connect(empty).close()
    with pytest.raises(UserError, match="run `newsarchive db upgrade`"):
        open_readonly(str(empty))
    with pytest.raises(UserError, match="not supported"):
        open_readonly("mysql://user:secret@host/db")


def test_token_gate(demo_archive: DemoArchive) -> None:
    engine = open_readonly(str(demo_archive.db))
    client = Client(create_app(engine, token=TOKEN), host="archive.example:8080")
    refused = client.get("/")
    assert refused.status_code == 401
    assert refused.headers["www-authenticate"].startswith("Bearer")
    assert refused.headers["content-security-policy"]  # headers on the 401 too
    assert client.get("/", params={"token": "wrong-token-of-some-length"}).status_code == 401
    assert client.get("/", headers={"authorization": "Bearer nope"}).status_code == 401
    assert client.get("/", headers={"cookie": "newsarchive_token=nope"}).status_code == 401
    first = client.get("/search", params={"q": "budget", "token": TOKEN})
    assert first.status_code == 303
    assert first.headers["location"] == "/search?q=budget"
    cookie = first.headers["set-cookie"]
    assert "HttpOnly" in cookie
    assert "SameSite=Strict" in cookie
    then = client.get("/search?q=budget", headers={"cookie": cookie.split(";", 1)[0]})
    assert then.status_code == 200
    assert "<mark>budget</mark>" in then.text
    assert client.get("/", headers={"authorization": f"Bearer {TOKEN}"}).status_code == 200
    engine.dispose()


def test_serve_with_a_token_file(demo_archive: DemoArchive, tmp_path: Path) -> None:
    token_file = tmp_path / "token"
    token_file.write_text(TOKEN + "\n")
    for running in serve(demo_archive.db, "--token-file", str(token_file)):
        assert get(running.url)[0] == 401
        status, _, body = get(running.url, {"Authorization": f"Bearer {TOKEN}"})
        assert status == 200
        assert "The archive" in body


def assert_one_line_error(result, code: int, fragment: str) -> None:  # type: ignore[no-untyped-def]
    assert result.returncode == code, (result.stdout, result.stderr)
    assert "Traceback" not in result.stderr
    lines = [line for line in result.stderr.splitlines() if line.startswith("error:")]
    assert len(lines) == 1, result.stderr
    assert fragment in lines[0], result.stderr


def test_serve_refuses_what_it_should(demo_archive: DemoArchive, tmp_path: Path) -> None:
    db = str(demo_archive.db)
    everywhere = "0.0.0.0"  # noqa: S104 - refused before anything binds
    assert_one_line_error(
        run_cli("serve", "--db", db, "--host", everywhere), 2, "needs --token-file"
    )
    weak = tmp_path / "weak"
    weak.write_text("short")
    assert_one_line_error(run_cli("serve", "--db", db, "--token-file", str(weak)), 2,
                          "at least 16 characters")  # fmt: skip
    assert_one_line_error(run_cli("serve", "--db", str(tmp_path / "none.db")), 2, "no archive")


def test_loopback_names() -> None:
    assert all(
        map(is_loopback, ["127.0.0.1", "127.0.0.2", "::1", "[::1]", "localhost", "LOCALHOST"])
    )
    assert not any(map(is_loopback, ["0.0.0.0", "192.168.1.10", "::", "example.org"]))  # noqa: S104


def test_access_log_never_holds_the_token() -> None:
    record = logging.LogRecord("uvicorn.access", logging.INFO, __file__, 1,
                               '%s - "%s %s HTTP/%s" %d', ("127.0.0.1:5", "GET",
                               f"/search?q=x&token={TOKEN}&page=2", "1.1", 303), None)  # fmt: skip
    RedactToken().filter(record)
    assert TOKEN not in record.getMessage()
    assert "token=***&page=2" in record.getMessage()


def test_the_listening_socket_says_it_is_tcp() -> None:
    """asyncio sets TCP_NODELAY only on sockets whose protocol is TCP; without it, each
    response on a kept-alive connection waited ~40 ms for the client's delayed ACK."""
    sock = bind("127.0.0.1", 0)
    try:
        assert sock.proto == socket.IPPROTO_TCP
    finally:
        sock.close()


def test_a_damaged_archive_answers_in_one_line_and_logs_one(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    """A database page scrambled mid-file: every page that read it answered Starlette's 500
    and logged a traceback, request after request. Now the reader is told it is the archive's
    database, and the log holds one line per request with the database's reason (which may
    quote a row, so it is not shown to the reader)."""
    from ..security.test_hardening import scrambled_archive

    db = tmp_path / "a.db"
    scrambled_archive(db)
    client = Client(create_app(open_readonly(str(db))))
    with caplog.at_level(logging.ERROR, logger="newsarchive.web.app"):
        reply = client.get("/")
    assert reply.status_code == 500
    assert reply.text == "500: the archive's database failed; see the server's log\n"
    assert [r.getMessage() for r in caplog.records] == [
        "GET /: the database failed: database disk image is malformed"
    ]
    assert all(r.exc_info is None for r in caplog.records)
