"""The web UI as one ASGI app: routes, error pages, and the guards around all of it.

The guards (:mod:`.security`) wrap the whole Starlette app rather than sit in its middleware
list, because Starlette answers an unhandled exception from outside that list: wrapped, even
that 500 carries the security headers.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError
from starlette.applications import Starlette
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from ..storage.browse import BodyReader
from ..storage.db import db_error_reason
from . import articles, pages, replay, searching
from .context import Context
from .render import Renderer
from .security import AccessGate, ASGIApp, SecurityHeaders

logger = logging.getLogger(__name__)
STATIC = Path(__file__).parent / "static"
MAX_ID = 2**63 - 1
View = Callable[[Context, Request], Response]


def create_app(engine: Engine, *, token: str | None = None, label: str | None = None) -> ASGIApp:
    """The UI over ``engine`` (open it with :func:`~newsarchive.storage.readonly.open_readonly`).
    With ``token``, every request must carry it; without, only loopback ``Host`` names are
    answered (see :class:`~.security.AccessGate`). ``label`` names the archive in the footer.
    """
    label = label or engine.url.render_as_string(hide_password=True)
    ctx = Context(engine, Renderer(label), BodyReader(engine))

    def route(path: str, view: View) -> Route:
        def endpoint(request: Request) -> Response:
            # Ids past SQL's 64-bit integers name nothing; the driver would raise on them.
            if any(isinstance(v, int) and v > MAX_ID for v in request.path_params.values()):
                raise HTTPException(404, "no such id")
            return view(ctx, request)

        endpoint.__name__ = view.__name__
        return Route(path, endpoint, methods=["GET", "HEAD"])

    async def http_error(request: Request, exc: Exception) -> Response:
        assert isinstance(exc, HTTPException)
        if exc.status_code == 405:
            return PlainTextResponse("405: this archive is read-only\n", status_code=405)
        return ctx.render.page(request, "error.html", status=exc.status_code,
                               status_code=exc.status_code, detail=exc.detail)  # fmt: skip

    async def server_error(request: Request, exc: Exception) -> Response:
        # No traceback and no exception text (it may quote archived content, paths, SQL): the
        # reader gets one line, the server log keeps the traceback.
        return PlainTextResponse("500: the archive could not answer this request\n",
                                 status_code=500)  # fmt: skip

    async def database_error(request: Request, exc: Exception) -> Response:
        # The archive's database failed (a damaged file, a server gone): the log says so in
        # one line, not a traceback per page; the reader, that it is the archive, not them.
        # The database's reason stays in the log: it may quote a row.
        logger.error("%s %s: the database failed: %s", request.method, request.url.path,
                     db_error_reason(exc))  # fmt: skip
        return PlainTextResponse("500: the archive's database failed; see the server's log\n",
                                 status_code=500)  # fmt: skip

    handlers: dict[Any, Any] = {
        HTTPException: http_error,
        DBAPIError: database_error,
        500: server_error,
    }
    app = Starlette(
        routes=[
            route("/", pages.home),
            route("/search", searching.search),
            route("/search/export.{fmt:str}", _only_formats(searching.export)),
            route("/article", articles.by_url),
            route("/article/{article_id:int}", articles.article),
            route("/article/{article_id:int}/diff", articles.diff),
            route("/replay/{page_id:int}", replay.replay),
            route("/replay/{page_id:int}/source", replay.source),
            route("/raw/{page_id:int}", replay.raw),
            route("/crawls", pages.crawls),
            route("/crawls/{crawl_id:int}", pages.crawl),
            Mount("/static", StaticFiles(directory=STATIC), name="static"),
        ],
        exception_handlers=handlers,
    )
    return SecurityHeaders(AccessGate(app, token=token))


def _only_formats(view: View) -> View:
    def checked(ctx: Context, request: Request) -> Response:
        if request.path_params["fmt"] not in {"jsonl", "csv"}:
            raise HTTPException(404, "exports are .jsonl or .csv")
        return view(ctx, request)

    checked.__name__ = view.__name__
    return checked
