"""Work sharing: N machines with the same cron line split a catalogue of sites between them.

A worker is given sites (catalogued names or URLs). It takes them due first — never crawled,
then the longest since their last finished crawl — and crawls each one no other worker holds,
until none is left: every site has been crawled since this worker started (by it or another),
or this worker tried and it failed. A site another worker holds is looked at again every
``poll`` seconds: its holder may finish it (then it is done) or die — ``kill -9``, a machine
lost — and then its site lock lapses with its database session, the next worker to look takes
the site, and the crawl resumes that run where it stopped (the frontier: what was stored is not
fetched again).

The site lock is the crawl's own (``lock.py``: an advisory lock on PostgreSQL, so it holds
across machines; a ``flock`` on SQLite, for workers on one machine). Each crawl runs in a child
process (``newsarchive crawl``: Scrapy's reactor runs once per process) that dies with its
worker (``PR_SET_PDEATHSIG``), so a killed worker leaves no orphan crawling on without it.
"""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

from sqlalchemy import Engine, func, select

from .child import die_with_parent
from .errors import UserError
from .lock import EXIT_LOCKED, crawl_lock
from .storage.db import now_iso
from .storage.models import Crawl

POLL_SECONDS = 5.0


@dataclass(frozen=True, slots=True)
class Target:
    """A site as the command line names it (``arg``) and as the archive and its lock know it
    (``spider``: the catalogued spider's name, or the host of a URL)."""

    arg: str
    spider: str


@dataclass(slots=True)
class WorkerReport:
    crawled: dict[str, int] = field(default_factory=dict)
    """Exit code of each crawl this worker ran, by spider."""
    taken_by_others: set[str] = field(default_factory=set)
    """Sites another worker crawled while this one was running."""
    lock_races: int = 0
    """Crawls that found the site taken between the look and the start (exit code 3)."""

    @property
    def failed(self) -> dict[str, int]:
        return {site: code for site, code in self.crawled.items() if code not in (0, 4)}


def last_finished(engine: Engine) -> dict[str, str]:
    """When each spider's latest finished crawl ended."""
    with engine.connect() as conn:
        rows = conn.execute(
            select(Crawl.spider, func.max(Crawl.finished_at))
            .where(Crawl.status == "finished")
            .group_by(Crawl.spider)
        )
        return {spider: finished for spider, finished in rows if finished}


def due_first(targets: Sequence[Target], finished: dict[str, str]) -> list[Target]:
    """Never crawled first, then the longest since their last finished crawl."""
    return sorted(targets, key=lambda t: finished.get(t.spider, ""))


def is_held(db_url: str, spider: str) -> bool:
    """Whether another process (on any machine, with PostgreSQL) holds the site's lock now."""
    try:
        with crawl_lock(db_url, spider):
            return False
    except UserError as exc:
        if exc.exit_code == EXIT_LOCKED:
            return True
        raise


def crawl_in_child(target: Target, db_url: str, extra: Sequence[str]) -> tuple[int, str, str]:
    """``newsarchive crawl TARGET`` in a child that dies with this process; ``(exit code,
    stdout, stderr)``."""
    command = [sys.executable, "-m", "newsarchive.cli", "crawl", target.arg, "--db", db_url,
               *extra]  # fmt: skip
    child = subprocess.run(command, capture_output=True, text=True, check=False,
                           preexec_fn=die_with_parent)  # fmt: skip
    return child.returncode, child.stdout, child.stderr


class Worker:
    """Takes due sites no other worker holds until none is left (see the module's doc)."""

    def __init__(
        self, engine: Engine, db_url: str, targets: Sequence[Target], *,
        extra: Sequence[str] = (), poll: float = POLL_SECONDS,
        say: Callable[[str], None] = print,
    ) -> None:  # fmt: skip
        self.engine = engine
        self.db_url = db_url
        self.targets = list(dict.fromkeys(targets))
        self.extra = list(extra)
        self.poll = poll
        self.say = say
        self.started = now_iso()

    def run(self) -> WorkerReport:
        report = WorkerReport()
        while True:
            finished = last_finished(self.engine)
            left = [
                t for t in due_first(self.targets, finished)
                if t.spider not in report.crawled and finished.get(t.spider, "") < self.started
            ]  # fmt: skip
            report.taken_by_others |= {
                t.spider for t in self.targets
                if t.spider not in report.crawled and finished.get(t.spider, "") >= self.started
            }  # fmt: skip
            if not left:
                return report
            took = False
            for target in left:
                if is_held(self.db_url, target.spider):
                    continue
                took = True
                code, out, err = crawl_in_child(target, self.db_url, self.extra)
                if code == EXIT_LOCKED:  # another worker took it between the look and now
                    report.lock_races += 1
                    continue
                report.crawled[target.spider] = code
                for line in (out + err).splitlines():
                    self.say(f"{target.spider}: {line}")
                self.say(f"{target.spider}: crawl exited {code}")
                break  # look again: what is due changes as workers finish
            if not took:
                time.sleep(self.poll)  # every left site is held: wait for its end or its lapse
