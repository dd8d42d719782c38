"""Child processes that end with the process that started them.

A crawl started from cron may be killed (``kill -9``, a deadline, a machine's OOM killer): a
child left behind would crawl on, or sit idle holding memory, with nobody to stop it.
"""

from __future__ import annotations

import ctypes
import os
import signal
import sys

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
