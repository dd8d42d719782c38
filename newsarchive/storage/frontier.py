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

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from .db import now_iso
from .models import Crawl, FrontierUrl

CHUNK = 500


@dataclass(slots=True)
class Run:
    spider: str
    crawl_id: int
    run_id: int
    resumed_from: int | None = None
    done: set[str] = field(default_factory=set)
    pending: list[str] = field(default_factory=list)


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
        for url in chunk:
            row = known.get(url)
            if row is None:
                session.add(FrontierUrl(spider=run.spider, url=url, run_id=run.run_id,
                                        state="pending", discovered_at=now))  # fmt: skip
                added += 1
            elif row.run_id != run.run_id:
                row.run_id, row.state, row.discovered_at, row.done_at = (
                    run.run_id,
                    "pending",
                    now,
                    None,
                )
                added += 1
    return added


def mark_done(session: Session, run: Run, urls: Iterable[str]) -> None:
    urls = list(urls)
    if urls:
        session.execute(
            update(FrontierUrl)
            .where(FrontierUrl.spider == run.spider, FrontierUrl.url.in_(urls))
            .values(state="done", done_at=now_iso(), run_id=run.run_id)
        )
