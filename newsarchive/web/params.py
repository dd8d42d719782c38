"""Query parameters as typed values; anything malformed is a 400 with a reason, never a 500.

The search filters are the CLI's (``newsarchive search --site --lang --since --until
--all-revisions``), so a page's query and its export link mean the same as the command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from starlette.datastructures import QueryParams
from starlette.exceptions import HTTPException

from ..errors import UserError
from ..storage.search import Filters, filter_date
from ..storage.search_page import MAX_ROWS, ORDERS, SEARCH_LIMIT

PER_PAGE = 20


def bad(reason: str) -> HTTPException:
    return HTTPException(400, reason)


def positive_int(params: QueryParams, name: str, default: int | None = None) -> int | None:
    value = params.get(name, "").strip()
    if not value:
        return default
    if not value.isdigit() or len(value) > 9 or int(value) < 1:
        raise bad(f"{name} must be a positive whole number")
    return int(value)


def date(params: QueryParams, name: str) -> str | None:
    """An ISO 8601 date (``2025``, ``2025-04``, ``2025-04-12``, a datetime) or None, read as
    the CLI reads ``--since``/``--until``."""
    try:
        return filter_date(name, params.get(name, ""))
    except UserError as error:
        raise bad(str(error)) from None


@dataclass(frozen=True, slots=True)
class SearchForm:
    """The search page's form, as submitted."""

    q: str
    site: str
    lang: str
    since: str | None
    until: str | None
    all_revisions: bool
    order: str
    fts: bool
    page: int

    @classmethod
    def parse(cls, params: QueryParams) -> SearchForm:
        order = params.get("order") or "relevance"
        if order not in ORDERS:
            raise bad(f"order must be one of {', '.join(ORDERS)}")
        return cls(
            q=params.get("q", "").strip(),
            site=params.get("site", "").strip(),
            lang=params.get("lang", "").strip(),
            since=date(params, "since"),
            until=date(params, "until"),
            all_revisions=params.get("all") == "1",
            order=order,
            fts=params.get("syntax") == "fts",
            page=positive_int(params, "page", 1) or 1,
        )

    def filters(self) -> Filters:
        return Filters(site=self.site or None, since=self.since, until=self.until,
                       lang=self.lang or None, all_revisions=self.all_revisions)  # fmt: skip

    def query(self, page: int | None = None) -> dict[str, str]:
        """The form as URL parameters (empty ones left out), for links: other pages, the
        other order, the exports."""
        values = {
            "q": self.q,
            "site": self.site,
            "lang": self.lang,
            "since": self.since or "",
            "until": self.until or "",
            "all": "1" if self.all_revisions else "",
            "order": "" if self.order == "relevance" else self.order,
            "syntax": "fts" if self.fts else "",
            "page": str(page) if page and page > 1 else "",
        }
        return {k: v for k, v in values.items() if v}

    def command(self, total: int | None = None) -> list[str]:
        """The same search on the command line (shown beside the export links): it prints the
        rows the export holds, in their order — ``total`` matches, past the CLI's default
        ``--limit`` of 50 — and a query starting with "-" follows a ``--``, so it is not read
        as an option."""
        args = ["newsarchive", "search"]
        for flag, value in (("--site", self.site), ("--lang", self.lang),
                            ("--since", self.since), ("--until", self.until)):  # fmt: skip
            if value:
                args += [flag, value]
        if self.all_revisions:
            args.append("--all-revisions")
        if self.fts:
            args.append("--raw")
        if self.order != "relevance":
            args += ["--order", self.order]
        if total is not None and total > SEARCH_LIMIT:
            args += ["--limit", str(min(total, MAX_ROWS))]
        return [*args, "--", self.q] if self.q.startswith("-") else [*args, self.q]
