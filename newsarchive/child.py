"""Child processes that end with the process that started them.

A crawl started from cron may be killed (``kill -9``, a deadline, a machine's OOM killer): a
child left behind would crawl on, or sit idle holding memory, with nobody to stop it.
"""

from __future__ import annotations

import ctypes
import gc
import os
import select
import signal
import sys
import threading
import time

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
    workers (each holds the server's "client alive" pipe open): it watches the crawl
    itself (:func:`_exit_with`)."""
    if os.getppid() == crawl:
        die_with_parent(crawl)
    else:
        _exit_with(crawl)
    # Ctrl-C in a terminal reaches the whole process group: the crawl stops its workers.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # The modules imported live as long as the worker: out of the collector's sight, as
    # the crawl's own process does (runner.run_crawl).
    gc.freeze()


def _exit_with(pid: int) -> None:  # pragma: no cover - runs in the worker
    """End this process when process ``pid`` ends, ``kill -9`` included: a thread waits on
    a pidfd (readable once that process has exited; Linux 5.3+), or polls each second."""
    try:
        watched: int | None = os.pidfd_open(pid)
    except ProcessLookupError:
        os._exit(1)  # already gone
    except (AttributeError, OSError):  # no pidfd here
        watched = None

    def watch() -> None:
        if watched is not None:
            select.select([watched], [], [])
        else:
            while _running(pid):
                time.sleep(1)
        os._exit(1)

    threading.Thread(target=watch, name=f"exit-with-{pid}", daemon=True).start()


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # pragma: no cover - a pid reused by another user's process
        return True
    return True
