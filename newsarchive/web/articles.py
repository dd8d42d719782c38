"""An article: its metadata and text at one revision, the timeline of revisions, word diffs
between any two, the comment-count history, every URL that led to it and every fetch.

Revisions are numbered from 1 in order, as ``newsarchive history`` and ``diff`` number them,
so ``/article/7/diff?from=1&to=3`` and ``newsarchive diff URL --from 1 --to 3`` agree.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import RedirectResponse, Response

from ..storage import browse
from ..storage.history import revision_changes, word_changes
from ..storage.queries import find_article_id
from .charts import comment_chart
from .context import Context
from .params import positive_int


def _article(ctx: Context, request: Request) -> dict[str, Any]:
    """The article the path names, with at least one revision (both pages show one)."""
    found = browse.article(ctx.engine, request.path_params["article_id"])
    if found is None:
        raise HTTPException(404, "no such article")
    if not found["revisions"]:
        raise HTTPException(404, "this article has no revision")
    return found


def _revision_number(request: Request, name: str, revisions: list, default: int) -> int:
    number = positive_int(request.query_params, name, default) or default
    if not 1 <= number <= len(revisions):
        raise HTTPException(404, f"no revision {number}: this article has 1 to {len(revisions)}")
    return number


def timeline(revisions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Each revision with its word count and the words changed since the one before."""
    out, previous = [], None
    for rev in revisions:
        out.append(
            {
                **rev,
                "words": len((rev["article_body"] or "").split()),
                "changed": None if previous is None else revision_changes(previous, rev),
            }
        )
        previous = rev
    return out


def article(ctx: Context, request: Request) -> Response:
    found = _article(ctx, request)
    revisions = found["revisions"]
    number = _revision_number(request, "rev", revisions, len(revisions))
    chart = comment_chart(found["comment_counts"], found["gone_at"], found["gone_status"])
    return ctx.render.page(request, "article.html", article=found, shown=revisions[number - 1],
                           number=number, timeline=timeline(revisions), chart=chart)  # fmt: skip


def diff(ctx: Context, request: Request) -> Response:
    found = _article(ctx, request)
    revisions = found["revisions"]
    to = _revision_number(request, "to", revisions, len(revisions))
    from_ = _revision_number(request, "from", revisions, max(1, to - 1))
    old, new = revisions[from_ - 1], revisions[to - 1]
    headline = word_changes(old["headline"], new["headline"])
    body = word_changes(old["article_body"], new["article_body"])
    removed = sum(len(c.text.split()) for c in headline + body if c.kind == "delete")
    added = sum(len(c.text.split()) for c in headline + body if c.kind == "insert")
    return ctx.render.page(request, "diff.html", article=found, old=old, new=new,
                           headline=headline, body=body, removed=removed, added=added)  # fmt: skip


def by_url(ctx: Context, request: Request) -> Response:
    """``/article?url=…``: any URL the article was seen at (canonical, alias, redirect)."""
    url = request.query_params.get("url", "").strip()
    if not url:
        raise HTTPException(400, "give the article's URL: /article?url=…")
    try:
        with Session(ctx.engine) as session:
            article_id = find_article_id(session, url)
    except ValueError:
        raise HTTPException(400, "not a valid URL") from None
    if article_id is None:
        raise HTTPException(404, "no archived article at this URL")
    return RedirectResponse(f"/article/{article_id}", status_code=303)
