"""Article extraction in worker processes, off the thread Scrapy runs on.

Scrapy runs a crawl in one thread, and the extractors are Python code under the GIL: on real
article pages (~180 KB) extraction is about two thirds of a crawl's CPU time, so a crawl on a
machine with more than one core waited on one of them. Each fetched article page is handed to
a pool of worker processes; the reactor downloads, decides and stores meanwhile, and the
crawl reads the result when it comes back. Measured on the 711 WCXB-dev pages over loopback
(``benchmarks/real_pages.py``, 2 cores): see docs/operations.md.

- ``NEWSARCHIVE_EXTRACT_WORKERS``: the number of worker processes; ``None`` (the default) is
  one per core the process may run on, at most :data:`MAX_AUTO_WORKERS`, and none on a
  single core; ``0`` extracts in the crawl's own process, as before.
- Workers are forked by a fork server, not by the crawl: a fork of the crawl would copy the
  locks that the reactor's other threads (DNS, the database) may hold at that moment; the
  server is a fresh single-threaded process, started once with the extractors imported, so
  a worker is ready at once (spawned workers each imported everything again, ~1 s of CPU:
  a 100-page crawl of real pages went from 43 to 49 pages/s). Spawned where there is no
  fork server. Each dies with the crawl, ``kill -9`` included
  (:func:`~newsarchive.child.start_worker`).
- A page that kills its worker (a crash in a C parser, the kernel's OOM killer) breaks the
  whole pool, and with it every page then in flight. Each of those is read again, one at a
  time, in a one-process quarantine pool: the pages that were only caught in the break come
  back; the one that kills its worker there too is raised as :class:`WorkerDied`, which the
  crawl records as a failed extraction — the page is archived raw (``extraction_status =
  failed``), never lost, and the crawl goes on. New pages meanwhile go to a fresh pool.
- A page whose extraction runs past ``NEWSARCHIVE_EXTRACT_TIMEOUT`` seconds is stuck: a
  worker cannot be interrupted, so the pool's processes are stopped, the page is archived raw
  (:class:`ExtractionTimeout`, a failed extraction) and the pages beside it go to quarantine.
  Pages read in the crawl's own process have no such limit.
- The pool outlives one crawl in the same process (the test suite runs hundreds in one) and
  is shut down when the process exits.
"""

from __future__ import annotations

import atexit
import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Mapping
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from datetime import tzinfo
from functools import partial
from typing import Any

from scrapy.utils.defer import maybe_deferred_to_future
from twisted.internet.defer import Deferred, DeferredLock
from twisted.internet.defer import TimeoutError as DeferredTimeout

from ..child import start_worker
from ..extract import Extraction, extract_page
from ..settings import NEWSARCHIVE_EXTRACT_TIMEOUT

logger = logging.getLogger(__name__)

MAX_AUTO_WORKERS = 4  # beyond this the crawl's own thread (network, storage) is the limit
# Pages read in the calling process before workers start (a crawl's first article pages; all
# of a re-extraction this small): the workers' fork server costs ~0.2 s of CPU to start and
# each worker its memory (~160 MB at its peak on real pages), more than a few pages' reading.
READ_IN_PROCESS_FIRST = 8
# The article page at which a crawl starts the workers' fork server (:meth:`ExtractionPool.
# prepare`), ready by the first page handed over: a run of fewer pages starts nothing.
PREPARE_AT = READ_IN_PROCESS_FIRST // 2
# A page's extraction takes milliseconds (benchmarks/pathological.py: linear, ~0.2 ms/KB at
# worst); one that runs this long is stuck (a hostile page, a library's bad case) and its
# worker is stopped. The default is the setting's, written once (settings.py).
TIMEOUT_SECONDS = float(NEWSARCHIVE_EXTRACT_TIMEOUT)
_DIED = "an extraction worker died (on %s or a page beside it)"
WINDOW = 4  # pages in flight per worker outside a crawl: the workers never wait, memory bounded
# A page to extract: its bytes, URL, response headers and the site's time zone.
PageToRead = tuple[bytes | str, str, Mapping[str, str] | None, tzinfo]
# The function the workers run: ``extract_page``'s signature (tests give one that crashes).
Extract = Callable[..., Extraction]


# Imported once by the fork server, before it forks any worker: a worker starts with them.
_PRELOAD = ["newsarchive.child", "newsarchive.extract", "trafilatura", "htmldate"]


def _context() -> multiprocessing.context.BaseContext:
    """Workers forked by a fork server where there is one (Linux, macOS): the server is a
    fresh single-threaded process (none of the reactor's threads, none of their locks),
    started once, with the extractors imported; each worker is then a fork of it, ready at
    once, the imported code's memory shared. Spawned elsewhere: each worker a fresh
    interpreter that imports the crawl's modules again (~1 s of CPU)."""
    if "forkserver" in multiprocessing.get_all_start_methods():
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(_PRELOAD)
        return context
    return multiprocessing.get_context("spawn")  # pragma: no cover - Windows


class WorkerDied(RuntimeError):
    """A page's extraction killed its worker process twice."""


def _died(url: str) -> WorkerDied:
    return WorkerDied(f"extraction killed its worker process twice: {url}")


class ExtractionTimeout(RuntimeError):
    """A page's extraction ran past the pool's time limit; its worker was stopped."""


def auto_workers() -> int:
    """Worker processes for ``NEWSARCHIVE_EXTRACT_WORKERS = None``: the cores this process
    may use (its CPU affinity, a container's cpuset), capped; 0 on a single core, where a
    worker would only add the cost of sending pages to it."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not on Linux
        cores = os.cpu_count() or 1
    return 0 if cores < 2 else min(cores, MAX_AUTO_WORKERS)


def workers_setting(value: Any) -> int:
    """``NEWSARCHIVE_EXTRACT_WORKERS`` as a count (``-s`` hands a string); ValueError for
    anything but None/"auto" or a whole number >= 0."""
    if value is None or (isinstance(value, str) and value.strip().lower() in {"", "auto"}):
        return auto_workers()
    try:
        count = int(value)
    except (TypeError, ValueError):
        count = -1
    if count < 0 or (isinstance(value, float) and value != count):
        raise ValueError(f"a number of processes (0 or more) or 'auto' expected, not {value!r}")
    return count


def pool_settings(settings: Any) -> tuple[int, float]:
    """``NEWSARCHIVE_EXTRACT_WORKERS`` and ``NEWSARCHIVE_EXTRACT_TIMEOUT`` from a crawl's
    settings, checked: ValueError naming the setting, for ``newsarchive crawl`` to refuse
    before crawling and for a spider started by ``scrapy crawl`` to stop at its start (a
    bad value found at the first page read in workers used to fail every page after it)."""
    try:
        workers = workers_setting(settings.get("NEWSARCHIVE_EXTRACT_WORKERS"))
    except ValueError as exc:
        raise ValueError(f"NEWSARCHIVE_EXTRACT_WORKERS: {exc}") from None
    raw = settings.get("NEWSARCHIVE_EXTRACT_TIMEOUT")
    try:
        timeout = float(raw if raw is not None else TIMEOUT_SECONDS)
    except (TypeError, ValueError):
        timeout = -1.0
    if not timeout >= 0:  # NaN too
        raise ValueError(f"NEWSARCHIVE_EXTRACT_TIMEOUT: seconds (0 or more) expected, not {raw!r}")
    return workers, timeout


async def _settled(future: Future[Extraction], timeout: float | None) -> Extraction:
    """The pool's result, awaited on the reactor whichever it is (Scrapy awaits Deferreds
    in callbacks under the asyncio reactor and under the others); DeferredTimeout
    after ``timeout`` seconds."""
    from twisted.internet import reactor

    settled: Deferred[Extraction] = Deferred()
    if timeout:
        settled.addTimeout(timeout, reactor)

    def hand_over(done: Future[Extraction]) -> None:  # in the pool's thread
        error = _failure(done)
        reactor.callFromThread(_fire, settled, done.result() if error is None else error)

    future.add_done_callback(hand_over)
    return await maybe_deferred_to_future(settled)


def _fire(settled: Deferred[Extraction], outcome: Extraction | BaseException) -> None:
    if settled.called:
        return  # timed out already
    if isinstance(outcome, BaseException):
        settled.errback(outcome)
    else:
        settled.callback(outcome)


def _failure(done: Future[Extraction]) -> BaseException | None:
    """What a finished future raised; one cancelled by a pool's shutdown counts as broken:
    a page to read again."""
    return BrokenProcessPool("pool shut down") if done.cancelled() else done.exception()


def _submitted(executor: ProcessPoolExecutor, call: partial[Extraction]) -> Future[Extraction]:
    """The call's future in ``executor``; if a worker died since the last page was handed
    over, the pool refuses new work at once: the page's future then holds that break, and
    the page is read in quarantine with the others caught in it (CI once failed here: a
    page handed over in the instant between a worker's death and its first reported
    result)."""
    try:
        return executor.submit(call)
    except BrokenProcessPool as exc:
        refused: Future[Extraction] = Future()
        refused.set_exception(exc)
        return refused


def _outcome(done: Future[Extraction]) -> Extraction | Exception:
    error = _failure(done)
    if error is None:
        return done.result()
    return error if isinstance(error, Exception) else RuntimeError(repr(error))


class ExtractionPool:
    """``workers`` processes running ``function`` (``extract_page``) on fetched pages, and
    a one-process quarantine where the pages caught in a broken pool are read again, one at
    a time: there, a page that breaks its process is the one that kills workers."""

    def __init__(
        self, workers: int, function: Extract = extract_page, timeout: float | None = None
    ) -> None:
        if workers < 1:
            raise ValueError("an extraction pool needs at least one worker")
        self.workers = workers
        self.function = function
        self.timeout = timeout or None  # seconds a page may take; None: no limit
        self._executors: dict[int, ProcessPoolExecutor] = {}  # by size: workers, 1
        self._quarantine = DeferredLock()

    def _call(self, page: PageToRead) -> partial[Extraction]:
        html, url, headers, zone = page
        return partial(self.function, html, url, dict(headers or {}), default_tz=zone)

    def prepare(self) -> None:
        """Start the workers' fork server now, its workers later: the server imports the
        extractors (~0.35 s) before it forks its first worker, and the crawl handing over its
        first page to a server started then waited for all of it, reactor stopped (a tenth of
        a 100-page crawl of real pages). Started a few pages ahead, it is ready when asked."""
        if _context().get_start_method() == "forkserver":
            from multiprocessing import forkserver

            forkserver.ensure_running()

    def _pool(self, size: int) -> ProcessPoolExecutor:
        if size not in self._executors:
            self._executors[size] = ProcessPoolExecutor(
                size,
                mp_context=_context(),
                initializer=start_worker,
                initargs=(os.getpid(),),
            )
        return self._executors[size]

    async def extract(
        self,
        html: bytes | str,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        default_tz: tzinfo,
    ) -> Extraction:
        """The page's extraction, computed in a worker. What the extractor raises is raised
        here; :class:`WorkerDied` when the page kills its worker in quarantine too."""
        call = self._call((html, url, headers, default_tz))
        executor = self._pool(self.workers)
        try:
            return await _settled(executor.submit(call), self.timeout)
        except BrokenProcessPool:
            self._discard(executor)
        except DeferredTimeout:
            raise self._stuck(executor, url) from None
        logger.warning(_DIED, url)
        await maybe_deferred_to_future(self._quarantine.acquire())
        try:
            quarantine = self._pool(1)
            try:
                return await _settled(quarantine.submit(call), self.timeout)
            except BrokenProcessPool:
                self._discard(quarantine)
                raise _died(url) from None
            except DeferredTimeout:
                raise self._stuck(quarantine, url) from None
        finally:
            self._quarantine.release()

    def _stuck(self, executor: ProcessPoolExecutor, url: str) -> ExtractionTimeout:
        """A page past the time limit: its worker cannot be interrupted, so the pool's
        processes are ended (the pages beside it go to quarantine, as after a crash)."""
        logger.error("extraction of %s took over %g s: its worker is stopped", url, self.timeout)
        kill = getattr(executor, "kill_workers", None)  # Python 3.14
        if kill is not None:
            kill()
        else:
            for process in list(getattr(executor, "_processes", {}).values()):
                process.kill()
        self._discard(executor)
        return ExtractionTimeout(f"extraction took over {self.timeout:g} s: {url}")

    def imap(self, pages: Iterable[PageToRead]) -> Iterator[Extraction | Exception]:
        """Each page's extraction or what it raised, in order, outside a crawl (``newsarchive
        reextract``): at most :data:`WINDOW` pages per worker in flight; after a break (or a
        page past the time limit), the other pages then in flight are read in quarantine as
        in :meth:`extract`."""
        pending: deque[tuple[partial[Extraction], Future[Extraction], ProcessPoolExecutor]]
        pending = deque()
        source = iter(pages)
        while True:
            while len(pending) < WINDOW * self.workers and (page := next(source, None)):
                call = self._call(page)
                executor = self._pool(self.workers)
                pending.append((call, _submitted(executor, call), executor))
            if not pending:
                return
            call, future, executor = pending.popleft()
            caught_in_it = [(caught, done) for caught, done, _ in pending]
            try:
                yield future.result(self.timeout)
                continue
            except BrokenProcessPool:
                logger.warning(_DIED, call.args[1])
                self._discard(executor)
                caught_in_it.insert(0, (call, future))
            except FutureTimeout:
                yield self._stuck(executor, call.args[1])
            except Exception as exc:  # the extractor's own error, for the caller to record
                yield exc
                continue
            for caught, done in caught_in_it:
                outcome = _outcome(done)
                broken = isinstance(outcome, BrokenProcessPool)
                yield self._in_quarantine(caught) if broken else outcome
            pending.clear()

    def _in_quarantine(self, call: partial[Extraction]) -> Extraction | Exception:
        quarantine = self._pool(1)
        try:
            return quarantine.submit(call).result(self.timeout)
        except BrokenProcessPool:
            self._discard(quarantine)
            return _died(call.args[1])
        except FutureTimeout:
            return self._stuck(quarantine, call.args[1])
        except Exception as exc:
            return exc

    def _discard(self, executor: ProcessPoolExecutor | None) -> None:
        """Drop a broken pool (once, whichever of its pages notices first)."""
        if executor is None:
            return
        for size, known in list(self._executors.items()):
            if known is executor:
                del self._executors[size]
        executor.shutdown(wait=False, cancel_futures=True)

    def close(self) -> None:
        for executor in self._executors.values():
            executor.shutdown(wait=True, cancel_futures=True)
        self._executors.clear()


_shared: dict[int, ExtractionPool] = {}


def shared_pool(workers: int, timeout: float | None = TIMEOUT_SECONDS) -> ExtractionPool | None:
    """The process's pool of ``workers`` extraction workers (None for 0: extract in
    process), started on first use and kept for later crawls of the same process."""
    if workers < 1:
        return None
    if workers not in _shared:
        for other in _shared.values():  # one pool at a time: a size change replaces it
            other.close()
        _shared.clear()
        _shared[workers] = ExtractionPool(workers)
    _shared[workers].timeout = timeout or None
    return _shared[workers]


@atexit.register
def _close_shared() -> None:  # pragma: no cover - at interpreter exit
    for pool in _shared.values():
        pool.close()
