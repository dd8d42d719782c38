"""The search page and its exports: one query, shown a page at a time or downloaded whole."""

from __future__ import annotations

import shlex

from starlette.requests import Request
from starlette.responses import Response, StreamingResponse

from ..errors import UserError
from ..storage import browse
from ..storage.search_page import MAX_ROWS, RESULT_COLUMNS, SearchQuery, find
from ..storage.search_page import search as run_search
from ..tabular import row_lines
from .context import Context
from .params import PER_PAGE, SearchForm, bad


def search(ctx: Context, request: Request) -> Response:
    form = SearchForm.parse(request.query_params)
    choices = {
        "sites": ctx.cached("sites", lambda: browse.site_names(ctx.engine)),
        "languages": ctx.cached("languages", lambda: browse.languages(ctx.engine)),
    }
    result, error, status = None, None, 200
    if form.q:
        query = SearchQuery(form.q, form.filters(), form.order, (form.page - 1) * PER_PAGE,
                            PER_PAGE, form.fts)  # fmt: skip
        try:
            result = find(ctx.engine, query)
        except UserError as exc:
            # The query's fault (2: a bad query, too slow) or the archive's (1: a damaged row).
            error, status = str(exc), 500 if exc.exit_code == 1 else 400
    pages = -(-result.total // PER_PAGE) if result and result.total else 0
    if result and result.total and form.page > pages:
        # Past the last page: said, not an empty page whose "previous" link is another.
        status, result = 404, None
        error = f"no page {form.page}: the {pages} page{'s' * (pages > 1)} of results end before it"
    return ctx.render.page(
        request, "search.html", status=status, nav="search", form=form,
        result=result, error=error, pages=pages, per_page=PER_PAGE,
        command=shlex.join(form.command(result.total if result else None)), **choices,
    )  # fmt: skip


def export(ctx: Context, request: Request) -> Response:
    """Every match (up to :data:`~newsarchive.storage.search_page.MAX_ROWS`) in the page's
    order, as JSON lines or CSV: what the command the page shows prints."""
    fmt = request.path_params["fmt"]
    form = SearchForm.parse(request.query_params)
    if not form.q:
        raise bad("nothing to export: the search has no words")
    try:
        rows = run_search(ctx.engine, form.q, form.filters(), limit=MAX_ROWS, raw=form.fts,
                          order=form.order)  # fmt: skip
    except UserError as exc:
        raise bad(str(exc)) from None
    media = "application/x-ndjson" if fmt == "jsonl" else "text/csv"
    return StreamingResponse(
        row_lines(rows, RESULT_COLUMNS, fmt),
        media_type=f"{media}; charset=utf-8",
        headers={"content-disposition": f'attachment; filename="search.{fmt}"'},
    )
