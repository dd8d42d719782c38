"""The ``newsarchive`` command.

Exit codes (docs/cli.md): 0 ok; 1 the crawl or replay failed (start page unreachable, spider
error); 2 bad usage or input (unknown site, bad URL, unusable database path, malformed
fixture). Errors print one line on stderr, never a traceback (set NEWSARCHIVE_DEBUG=1 to get
one).
"""

from . import crawling, db, exchange, fixtures, maintenance, reading, serving, working  # noqa: F401
from .common import main

__all__ = ["main"]
