"""``newsarchive serve``: the read-only web UI (newsarchive/web) on uvicorn."""

from __future__ import annotations

import logging
import re
import socket
from pathlib import Path

import click

from ..errors import UserError
from .common import db_option, handle_errors, main, mask_secrets

MIN_TOKEN = 16
_TOKEN = re.compile(r"[A-Za-z0-9._~-]+")


def read_token(path: str) -> str:
    """The token in ``path``: one line of URL-safe characters (it travels in a query string
    and a cookie), long enough not to be guessed."""
    try:
        token = Path(path).read_text(encoding="utf-8").strip()
    except (OSError, UnicodeDecodeError) as exc:
        raise UserError(f"cannot read the token file {path}: {exc}") from None
    if len(token) < MIN_TOKEN or not _TOKEN.fullmatch(token):
        raise UserError(
            f"the token in {path} must be at least {MIN_TOKEN} characters of A-Z a-z 0-9 . _ ~ - "
            "(e.g. python3 -c 'import secrets; print(secrets.token_urlsafe(32))' > FILE)"
        )
    return token


class RedactToken(logging.Filter):
    """Keeps the token out of the access log: the first visit carries it as ``?token=``."""

    _QUERY = re.compile(r"([?&]token=)[^&\s]*")

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.args, tuple):
            record.args = tuple(
                self._QUERY.sub(r"\1***", a) if isinstance(a, str) else a for a in record.args
            )
        return True


def bind(host: str, port: int) -> socket.socket:
    """A listening socket, bound here so a busy port is a one-line error and port 0 (any free
    port) prints the port it got."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    # IPPROTO_TCP, not 0: asyncio sets TCP_NODELAY only on sockets that say they are TCP, and
    # without it every response on a kept-alive connection waits ~40 ms for a delayed ACK.
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    try:
        sock.bind((host.strip("[]"), port))
    except OSError as exc:
        sock.close()
        raise UserError(f"cannot listen on {host}:{port}: {exc.strerror or exc}") from None
    sock.listen(128)
    return sock


@main.command()
@db_option
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on; any but loopback needs --token-file.",
)
@click.option(
    "--port",
    default=8080,
    show_default=True,
    type=click.IntRange(0, 65535),
    help="Port (0: any free one).",
)
@click.option("--token-file", metavar="PATH",
              help="File holding the access token every request must carry.")  # fmt: skip
@handle_errors
def serve(db: str | None, host: str, port: int, token_file: str | None) -> None:
    """Browse the archive in a web browser: search, revisions and diffs, comment-count charts,
    replay of the raw pages. Read-only; runs no script of an archived page.

    Bound to 127.0.0.1 it answers loopback requests only. On any other address every request
    must carry the token from --token-file (open /?token=TOKEN once; it becomes a cookie).

    Example: newsarchive serve --db archive.db --port 8080
    """
    import uvicorn

    from ..storage import resolve_db_url
    from ..storage.readonly import open_readonly
    from ..web import create_app
    from ..web.security import is_loopback

    token = read_token(token_file) if token_file else None
    if token is None and not is_loopback(host):
        raise UserError(f"serving on {host} (not loopback) needs --token-file: anyone who can "
                        "reach it could read the archive")  # fmt: skip
    engine = open_readonly(db)
    label = mask_secrets(resolve_db_url(db))
    sock = bind(host, port)
    shown = f"[{host.strip('[]')}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    click.echo(f"Serving {label} read-only at {url}"
               + (" (token required)" if token else "") + "; Ctrl-C stops.")  # fmt: skip
    config = uvicorn.Config(create_app(engine, token=token, label=label), log_level="info",
                            server_header=False, proxy_headers=False, lifespan="off")  # fmt: skip
    logging.getLogger("uvicorn.access").addFilter(RedactToken())  # after Config sets up logging
    try:
        uvicorn.Server(config).run(sockets=[sock])
    finally:
        sock.close()
        engine.dispose()
