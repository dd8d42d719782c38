"""Frontier leases: several workers fetching one site's run, each URL by one of them at a time.

One site can be too big for one machine. Its run's frontier (``frontier.py``) already says
which URLs are pending and which are done — written in the same transactions as the articles —
so workers can share it: each *leases* a batch of pending URLs (``lease_owner``, and a
``lease_until`` that lapses), fetches them, and stores them as usual, which marks them done.

- A lease is taken with ``SELECT … FOR UPDATE SKIP LOCKED`` on PostgreSQL: two workers asking
  at once get different rows and neither waits for the other. (On SQLite the transaction is
  exclusive, ``BEGIN IMMEDIATE``: the same answer, one worker after the other.)
- A done URL is never leased: nothing stored is fetched again.
- A worker killed with ``-9`` renews nothing: its leases lapse after ``ttl`` seconds and the
  URLs return to the queue for the others. A live worker renews its leases as it goes
  (:func:`renew`), and gives back what it will not fetch (:func:`release`).

This module is the storage side; the crawl asks it for its next article URLs instead of
scheduling every URL it discovers (the crawl state's hook, ``crawl/state.py``).
"""

from __future__ import annotations

import os
import socket
from datetime import UTC, datetime, timedelta

from sqlalchemy import Engine, select, update

from .models import FrontierUrl

DEFAULT_TTL = 300.0  # seconds a lease lives without renewal


def owner_name() -> str:
    """This process, as its leases name it: host and pid."""
    return f"{socket.gethostname()}:{os.getpid()}"[:64]


def _at(seconds: float = 0.0) -> str:
    return (datetime.now(UTC) + timedelta(seconds=seconds)).isoformat(timespec="seconds")


def lease(engine: Engine, spider: str, run_id: int, owner: str, limit: int,
          ttl: float = DEFAULT_TTL) -> list[str]:  # fmt: skip
    """Lease up to ``limit`` pending URLs of the run that no live lease holds and that are due;
    returns them (oldest discovered first)."""
    now = _at()
    with engine.begin() as conn:
        free = (
            select(FrontierUrl.id)
            .where(
                FrontierUrl.spider == spider,
                FrontierUrl.run_id == run_id,
                FrontierUrl.state == "pending",
                (FrontierUrl.next_due.is_(None)) | (FrontierUrl.next_due <= now),
                (FrontierUrl.lease_until.is_(None)) | (FrontierUrl.lease_until < now),
            )
            .order_by(FrontierUrl.id)
            .limit(limit)
            .with_for_update(skip_locked=True)
        )
        ids = list(conn.scalars(free))
        if not ids:
            return []
        rows = conn.execute(
            update(FrontierUrl)
            .where(FrontierUrl.id.in_(ids))
            .values(lease_owner=owner, lease_until=_at(ttl))
            .returning(FrontierUrl.url)
        )
        return [url for (url,) in rows]


def _pending_of(spider: str, owner: str):  # type: ignore[no-untyped-def]
    """The owner's leased URLs of the site that are still pending."""
    return update(FrontierUrl).where(
        FrontierUrl.spider == spider, FrontierUrl.lease_owner == owner,
        FrontierUrl.state == "pending",
    )  # fmt: skip


def renew(engine: Engine, spider: str, owner: str, ttl: float = DEFAULT_TTL) -> int:
    """Push back the expiry of this owner's pending leases; how many it holds."""
    with engine.begin() as conn:
        result = conn.execute(_pending_of(spider, owner).values(lease_until=_at(ttl)))
        return result.rowcount or 0


def release(engine: Engine, spider: str, owner: str) -> int:
    """Give back this owner's pending leases (a worker stopping early)."""
    with engine.begin() as conn:
        result = conn.execute(_pending_of(spider, owner).values(lease_owner=None, lease_until=None))
        return result.rowcount or 0
