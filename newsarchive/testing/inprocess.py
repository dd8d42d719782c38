"""Many crawls in one process, for the tests: the CLI as users run it, minus a Python start.

Scrapy's Twisted reactor cannot restart, so a process runs one ``CrawlerProcess``: the tests
used to start a subprocess for every command, which cost them a second each before anything
was crawled. Here one reactor starts once, in a thread, and runs every crawl asked of it
(Scrapy's ``CrawlerRunner``); :func:`invoke` runs a ``newsarchive`` command through click's
``CliRunner`` with :func:`newsarchive.runner.run_crawl` standing in for the reactor-owning
one, and gives back what a subprocess would: exit status, stdout, stderr (the crawl's log
included).

What needs a process of its own still gets one (``tests/conftest.py`` ``run_cli(...,
subprocess=True)``): a ``kill -9``, a signal, a forced exit past ``NEWSARCHIVE_STOP_GRACE``, a
file-size limit, two crawls at once, Scrapy's own ``scrapy crawl``.
"""

from __future__ import annotations

import asyncio
import logging
import os
import threading
from collections.abc import Callable, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from scrapy import Spider
from scrapy.settings import Settings

from .. import runner

T = TypeVar("T")
CRAWL_TIMEOUT = 300.0


class ReactorThread:
    """The asyncio Twisted reactor Scrapy uses, running in a daemon thread."""

    def __init__(self) -> None:
        self._started = threading.Event()
        self._thread = threading.Thread(target=self._run, name="reactor", daemon=True)
        self._thread.start()
        self._started.wait(30)

    def _run(self) -> None:
        loop = asyncio.new_event_loop()
        asyncio.set_event_loop(loop)
        from twisted.internet import asyncioreactor

        installed = asyncioreactor.AsyncioSelectorReactor(loop)
        from twisted.internet.main import installReactor

        installReactor(installed)
        installed.callWhenRunning(self._started.set)
        installed.run(installSignalHandlers=False)

    def call(self, function: Callable[[], Any], timeout: float = CRAWL_TIMEOUT) -> Any:
        """``function()`` in the reactor thread; its result (a Deferred's, once it fired)."""
        from twisted.internet import reactor
        from twisted.internet.defer import maybeDeferred
        from twisted.python.failure import Failure

        done = threading.Event()
        outcome: list[Any] = []

        def finished(result: Any) -> None:
            outcome.append(result)
            done.set()

        def start() -> None:
            maybeDeferred(function).addBoth(finished)

        reactor.callFromThread(start)
        if not done.wait(timeout):
            raise TimeoutError(f"no result from the reactor thread in {timeout:g} s")
        result = outcome[0]
        if isinstance(result, Failure):
            result.raiseException()
        return result


_reactor: ReactorThread | None = None
_lock = threading.Lock()


def reactor_thread() -> ReactorThread:
    global _reactor
    with _lock:
        if _reactor is None:
            _reactor = ReactorThread()
        return _reactor


def run_crawl(
    spidercls: type[Spider], settings: Settings, **spider_kwargs: Any
) -> runner.CrawlOutcome:
    """:func:`newsarchive.runner.run_crawl` on the shared reactor."""
    from scrapy.crawler import CrawlerRunner

    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    runner.install_log_handler(settings)
    crawlers = []

    def crawl() -> Any:
        process = CrawlerRunner(settings)
        crawler = process.create_crawler(spidercls)
        crawlers.append(crawler)
        return process.crawl(crawler, **spider_kwargs)

    reactor_thread().call(crawl)
    return runner.outcome_of(crawlers[0])


@dataclass(frozen=True, slots=True)
class Completed:
    """What a command left, in ``subprocess.CompletedProcess``'s names."""

    args: tuple[str, ...]
    returncode: int
    stdout: str
    stderr: str


@contextmanager
def _crawls_in_process() -> Any:
    """``run_crawl`` on the shared reactor, and the root logger as it was afterwards (a crawl
    installs its own handler, on the command's stderr)."""
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    original = runner.run_crawl
    runner.run_crawl = run_crawl
    try:
        yield
    finally:
        runner.run_crawl = original
        for handler in list(root.handlers):
            root.removeHandler(handler)
            if handler not in handlers:
                handler.close()  # the crawl's: its log file, closed as at a process's end
        for handler in handlers:
            root.addHandler(handler)
        root.setLevel(level)


def invoke(
    *args: str, env: Mapping[str, str | None] | None = None, cwd: Path | None = None
) -> Completed:
    """``newsarchive ARGS`` in this process."""
    from click.testing import CliRunner

    from ..cli import main

    here = Path.cwd()
    if cwd is not None:
        os.chdir(cwd)
    try:
        with _crawls_in_process():
            result = CliRunner().invoke(main, list(args), env=dict(env or {}))
    finally:
        os.chdir(here)
    stderr = result.stderr
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise result.exception  # a bug of the command (or of the harness): show it
    return Completed(tuple(args), result.exit_code, result.stdout, stderr)
