"""Python's garbage collector set the way extraction wants it.

Extraction allocates container objects by the ten thousand a page (lxml's element proxies,
the tuples and lists its readers build, the dicts they key by element), and reference
counting frees nearly all of them within the page. The cyclic collector does not know that:
at CPython's default it walks the young generation every 700 net allocations, a dozen times
a page, each time visiting every young object still alive and promoting it, to be visited
again by the older generations' walks. On the dev pages that was about a tenth of an
extraction's time (timed page by page with the collector off: 13 % faster; trafilatura's
8 %). With a young generation of :data:`YOUNG_GENERATION` objects most of them are freed
before any walk sees them; memory is not the cost (the few cycles extraction makes wait a
little longer to be collected).

What exists before the first page (modules, compiled patterns, the extractors' tables) lives
as long as the process: it is frozen out of the collector's sight, so that the full
collections have only the work's own objects to walk (real pages: ~8 % more pages/s).
"""

from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager

YOUNG_GENERATION = 5000
"""Net container allocations between two young collections (CPython's default: 700)."""


def tune_for_extraction() -> None:
    """For a process that extracts for the rest of its life (an extraction worker)."""
    gc.freeze()
    _, older, oldest = gc.get_threshold()
    gc.set_threshold(YOUNG_GENERATION, older, oldest)


@contextmanager
def tuned_for_extraction() -> Iterator[None]:
    """The same for a block (a crawl, a re-extraction, a benchmark); the collector is given
    back as it was afterwards, for a process that runs on (tests, a shell)."""
    saved = gc.get_threshold()
    tune_for_extraction()
    try:
        yield
    finally:
        gc.set_threshold(*saved)
        gc.unfreeze()
