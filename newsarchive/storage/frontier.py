"""The persistent crawl frontier: which article URLs a run has found and which it has stored.

A *run* is one crawl of a site from start to finish, possibly over several processes: when a
crawl is killed (``kill -9``, OOM, reboot), its ``crawls`` row stays ``running``; the next crawl
of that spider, holding the site lock (so the old process is surely gone), marks it ``killed``
and continues its run. A run that ended ``failed`` (its archive could not be written, its start
page was unreachable) is continued the same way. The next crawl fetches the run's ``pending``
URLs first and skips the ``done`` ones, which were stored in the very transactions that marked
them done: nothing stored is fetched twice, nothing discovered is lost. Only a ``finished`` run
makes the next crawl start a new one (which revalidates everything, mostly with 304s).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from .db import now_iso
from .dialect import insert_if_absent
from .models import Crawl, FrontierUrl

CHUNK = 500


RETRY_BASE_SECONDS = 3600.0  # a URL that failed once waits an hour...
RETRY_MAX_SECONDS = 7 * 24 * 3600.0  # ...doubling per failure, at most a week


@dataclass(slots=True)
class Run:
    spider: str
    crawl_id: int
    run_id: int
    resumed_from: int | None = None
    done: set[str] = field(default_factory=set)
    pending: list[str] = field(default_factory=list)
    not_due: set[str] = field(default_factory=set)
    """URLs whose last fetches failed and whose next try is not due yet (any run)."""
    revisit_later: set[str] = field(default_factory=set)
    """Recent articles stored, whose next visit for their comment count is not due yet."""
    retry_base: float = RETRY_BASE_SECONDS


def retry_at(attempts: int, base: float, now: datetime | None = None) -> str:
    """When a URL that failed ``attempts`` times in a row may be tried again."""
    delay = min(base * 2 ** max(attempts - 1, 0), RETRY_MAX_SECONDS)
    return ((now or datetime.now(UTC)) + timedelta(seconds=delay)).isoformat(timespec="seconds")


def start_run(sessions: sessionmaker[Session], spider: str) -> Run:
    """Open a ``crawls`` row; continue the spider's killed run if there is one."""
    with sessions.begin() as session:
        previous = session.scalar(
            select(Crawl).where(Crawl.spider == spider).order_by(Crawl.id.desc()).limit(1)
        )
        resumed_from = None
        run_id = None
        if previous is not None and previous.status in {"running", "failed"}:
            if previous.status == "running":
                previous.status = "killed"
                previous.finish_reason = "process died; resumed by the next crawl"
            resumed_from = previous.id
            run_id = previous.run_id or previous.id
        crawl = Crawl(spider=spider, started_at=now_iso(), status="running", run_id=run_id)
        session.add(crawl)
        session.flush()
        if crawl.run_id is None:
            crawl.run_id = crawl.id
        run = Run(spider, crawl.id, crawl.run_id, resumed_from)
        for url, attempts in session.execute(
            select(FrontierUrl.url, FrontierUrl.attempts).where(
                FrontierUrl.spider == spider, FrontierUrl.next_due > now_iso()
            )
        ):
            (run.not_due if attempts else run.revisit_later).add(url)
        if resumed_from is not None:
            rows = session.execute(
                select(FrontierUrl.url, FrontierUrl.state).where(
                    FrontierUrl.spider == spider, FrontierUrl.run_id == run.run_id
                )
            )
            for url, state in rows:
                if state == "done":
                    run.done.add(url)
                else:
                    run.pending.append(url)
        return run


def add_discovered(session: Session, run: Run, urls: Iterable[str]) -> int:
    """Record URLs as pending for this run (unless this run already has them); returns how
    many were new to the run."""
    added = 0
    urls = list(dict.fromkeys(urls))
    now = now_iso()
    for start in range(0, len(urls), CHUNK):
        chunk = urls[start : start + CHUNK]
        known = {
            row.url: row
            for row in session.scalars(
                select(FrontierUrl).where(
                    FrontierUrl.spider == run.spider, FrontierUrl.url.in_(chunk)
                )
            )
        }
        new = []
        for url in chunk:
            row = known.get(url)
            if row is None:
                new.append({"spider": run.spider, "url": url, "run_id": run.run_id,
                            "state": "pending", "discovered_at": now, "attempts": 0})  # fmt: skip
                added += 1
            elif row.run_id != run.run_id:
                row.run_id, row.state, row.discovered_at, row.done_at = (
                    run.run_id,
                    "pending",
                    now,
                    None,
                )
                added += 1
        # Another worker sharing the site may have found the same URL: the index keeps one.
        insert_if_absent(session, FrontierUrl, new, ["spider", "url"])
    return added


def mark_done(
    session: Session, run: Run, outcomes: dict[str, str], revisit: dict[str, str] | None = None
) -> None:
    """Stored (or answered 304, gone, skipped): done for this run with its outcome, failures
    forgotten; ``revisit`` gives recent articles the time their next visit is due."""
    by_outcome: dict[str, list[str]] = {}
    for url, outcome in outcomes.items():
        by_outcome.setdefault(outcome, []).append(url)
    for outcome, urls in by_outcome.items():
        for start in range(0, len(urls), CHUNK):
            chunk = urls[start : start + CHUNK]
            session.execute(
                update(FrontierUrl)
                .where(FrontierUrl.spider == run.spider, FrontierUrl.url.in_(chunk))
                .values(state="done", done_at=now_iso(), run_id=run.run_id, attempts=0,
                        next_due=None, last_error=None, outcome=outcome[:40])
            )  # fmt: skip
    for url, due in (revisit or {}).items():
        session.execute(
            update(FrontierUrl)
            .where(FrontierUrl.spider == run.spider, FrontierUrl.url == url)
            .values(next_due=due)
        )


def mark_failed(session: Session, run: Run, failures: Iterable[tuple[str, str]]) -> None:
    """``(url, kind)`` fetches that failed for good: counted, and not due again until
    :func:`retry_at` — a URL broken for days is not asked for on every crawl. The URL stays
    ``pending``: the run is not done with it."""
    for url, kind in failures:
        found = select(FrontierUrl).where(FrontierUrl.spider == run.spider, FrontierUrl.url == url)
        row = session.scalar(found)
        if row is None:
            new = {"spider": run.spider, "url": url, "run_id": run.run_id, "state": "pending",
                   "discovered_at": now_iso(), "attempts": 0}  # fmt: skip
            insert_if_absent(session, FrontierUrl, [new], ["spider", "url"])
            row = session.scalars(found).one()
        row.attempts = (row.attempts or 0) + 1
        row.last_error = kind[:40]
        row.next_due = retry_at(row.attempts, run.retry_base)
