"""Spider arguments (``-a NAME=VALUE``, strings) read once, with a readable error for a bad one.

The CLI checks them before starting Scrapy (``bad spider argument: …``, exit 2); a spider reads
them again in ``__init__`` (``scrapy crawl`` passes them straight there).
"""

from __future__ import annotations

import inspect
from datetime import datetime
from typing import Any

from .freshness import parse_when

STRATEGIES = ("sitemap", "feed", "listing")


def parse_arguments(
    *,
    wp_api: str | None = None,
    mode: str = "crawl",
    days: str | None = None,
    strategies: str | None = None,
    since: str | None = None,
    until: str | None = None,
    order: str = "newest",
    full: str | None = None,
    **_: Any,
) -> dict[str, Any]:
    """The arguments a site spider knows, as attributes; ``ValueError`` for a bad one.

    ``mode=refresh`` is how ``scrapy crawl SITE`` asks for a count refresh
    (:mod:`.refresh`); ``newsarchive refresh`` starts the refresh spider directly."""
    out: dict[str, Any] = {
        "mode": mode,
        "order": order,
        "full": flag(full),
        "since": window_date("since", since),
        "until": window_date("until", until),
    }
    if mode not in {"crawl", "refresh"}:
        raise ValueError(f"mode must be 'crawl' or 'refresh', not {mode!r}")
    if order not in {"newest", "site"}:
        raise ValueError(f"order must be 'newest' or 'site', not {order!r}")
    if out["since"] and out["until"] and out["since"] >= out["until"]:
        raise ValueError(f"since ({since}) must be before until ({until})")
    if strategies is not None:
        chosen = tuple(s.strip() for s in strategies.split(",") if s.strip())
        if not chosen or set(chosen) - set(STRATEGIES):
            raise ValueError(f"strategies must be among sitemap,feed,listing: {strategies!r}")
        out["strategies"] = chosen
    if wp_api is not None:
        out["wp_rest_api"] = flag(wp_api)
    if days is not None:
        if not days.isdigit() or int(days) < 1:
            raise ValueError(f"days must be a positive whole number, not {days!r}")
        out["recent_days"] = int(days)
    return out


SPIDER_ARGUMENTS = frozenset(inspect.signature(parse_arguments).parameters) - {"_"}


def flag(value: str | None) -> bool:
    return value is not None and value.lower() in {"1", "true", "yes", "on"}


def window_date(name: str, value: str | None) -> datetime | None:
    """``--since`` / ``--until``: a date (``2025-03-01``, midnight UTC) or an ISO datetime."""
    if value is None or value == "":
        return None
    when = parse_when(value) if value[:1].isdigit() else None
    if when is None:
        raise ValueError(f"{name} must be a date like 2025-03-01, not {value!r}")
    return when.start
