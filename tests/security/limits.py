"""A wall-clock limit for one call, so that a test of something that used to hang fails in
seconds instead of stalling the suite."""

from __future__ import annotations

import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

T = TypeVar("T")


class TookTooLong(AssertionError):
    pass


def within(seconds: float, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, failing once it has run ``seconds``. SIGALRM: the regex
    engine checks for signals, so even a runaway pattern is stopped (main thread only)."""

    def expire(_signum: int, _frame: Any) -> None:
        raise TookTooLong(f"{getattr(func, '__name__', func)} ran over {seconds} s")

    previous = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        return func(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def timed(func: Callable[..., T], *args: Any, **kwargs: Any) -> tuple[T, float]:
    start = time.perf_counter()
    result = func(*args, **kwargs)
    return result, time.perf_counter() - start
