"""Python's garbage collector set the way extraction wants it.

Extraction allocates container objects by the ten thousand a page (lxml's element proxies,
the tuples and lists its readers build, the dicts they key by element), and reference
counting frees nearly all of them within the page. At CPython's default the cyclic collector
walks the young generation every 700 net allocations: 1.4 times a page on the dev articles,
and an older generation every few pages, 1.5 ms of collection a page. A page's extraction
took 8-9 % longer than with a young generation of :data:`YOUNG_GENERATION` (43.7 against
39.6 and 48.6 against 44.6 ms, two runs, each page read under both settings in turn): the
walks' own time and, presumably, the caches they empty under the extraction (not measured
apart). Memory is not the cost (peak over 268 pages: 532 against 534 MB); the few cycles
extraction makes wait a little longer to be collected.

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
