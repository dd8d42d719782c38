"""Child processes that end with the process that started them.

A crawl started from cron may be killed (``kill -9``, a deadline, a machine's OOM killer): a
child left behind would crawl on, or sit idle holding memory, with nobody to stop it.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading

from .collector import tune_for_extraction

PR_SET_PDEATHSIG = 1


def die_with_parent(parent: int | None = None) -> None:  # pragma: no cover - in a child
    """Ask the kernel (Linux) to kill this process when its parent ends, however it ends;
    elsewhere, nothing. Call it first thing in the child; ``parent``: the pid of the process
    that started it, when the child may run Python code before this call (a spawned one):
    if that parent already ended, so does the child, at once."""
    if not sys.platform.startswith("linux"):
        return
    parent = os.getppid() if parent is None else parent
    libc = ctypes.CDLL(None, use_errno=True)
    libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the request took effect
        os._exit(1)


def start_worker(crawl: int) -> None:  # pragma: no cover - runs in the worker
    """An extraction worker's first call (``crawl``: the pid of the crawl that wants it).
    Spawned by the crawl, the kernel ends it with the crawl (:func:`die_with_parent`).
    Forked by a fork server, its parent is the server, which lives as long as any of its
    workers (each holds the server's "client alive" pipe open): it watches the crawl itself
    (:func:`_exit_with_crawl`)."""
    if os.getppid() == crawl:
        die_with_parent(crawl)
    else:
        _exit_with_crawl()
    # Ctrl-C in a terminal reaches the whole process group: the crawl stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The collector set for extraction, as the crawl's own process does (runner.run_crawl).
    tune_for_extraction()


def _exit_with_crawl() -> None:  # pragma: no cover - runs in the worker
    """End this worker when the crawl that asked for it ends, ``kill -9`` included: a
    thread waits on multiprocessing's sentinel for that process (the crawl holds the other
    end of a pipe; it reads as closed once the crawl is gone, already gone included). No pid
    is watched, so none can be reused under it, and it works wherever a fork server does."""
    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:
        return  # not started by multiprocessing: nothing to watch
    sentinel = parent.sentinel

    def watch() -> None:
        multiprocessing.connection.wait([sentinel])
        os._exit(1)

    threading.Thread(target=watch, name="exit-with-crawl", daemon=True).start()
