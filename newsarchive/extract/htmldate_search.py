"""htmldate's publication date for a page, its dateparser held to the languages we archive.

htmldate's extensive search hands date-like strings its own patterns cannot read to
dateparser, built with no language named. dateparser then tries every one of its ~200
locales on a string none can read (a headline with a year in it), compiling each one's
patterns: 1.2 s and about 34 MB, once per process — every extraction worker pays it — for
what is, on the 1,450 dev pages, one call that finds nothing. Held to the languages of the
sites newsarchive is for (:data:`~.language_guess.ARCHIVED_LANGUAGES`), the same first call
costs 0.3 s and 13 MB, and a French or Arabic month name is read as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache
from typing import Any

from .language_guess import ARCHIVED_LANGUAGES

# htmldate 1.11's settings for its external parser (htmldate.extractors.get_external_parser),
# languages apart.
_SETTINGS = {
    "NORMALIZE": True,
    "PARSERS": ["custom-formats", "absolute-time"],
    "PREFER_DATES_FROM": "past",
    "PREFER_LOCALE_DATE_ORDER": True,
    "RETURN_AS_TIMEZONE_AWARE": False,
    "STRICT_PARSING": True,
}
_SWAP = threading.Lock()


def htmldate_day(page: str, url: str, *, extensive: bool) -> str | None:
    """htmldate's original (first publication) date, ``YYYY-MM-DD``, or None."""
    import htmldate

    try:
        # Markup only (not extensive): dateparser is not asked.
        with _languages_held() if extensive else nullcontext():
            found = htmldate.find_date(
                page, url=url, original_date=True, extensive_search=extensive
            )
    except Exception:  # third-party code on hostile input: never our failure
        return None
    return str(found) if found else None


@contextmanager
def _languages_held() -> Iterator[None]:
    """htmldate's parser factory replaced by ours for one search (htmldate looks it up by
    name at each call), under a lock: threads extracting at once each restore what they
    found."""
    import htmldate.extractors as extractors

    if not hasattr(extractors, "get_external_parser"):  # another htmldate: its own parser
        yield
        return
    with _SWAP:
        saved = extractors.get_external_parser
        extractors.get_external_parser = _held_parser
        try:
            yield
        finally:
            extractors.get_external_parser = saved


@lru_cache(maxsize=1)
def _held_parser() -> Any:
    from dateparser import DateDataParser  # type: ignore[import-untyped]

    return DateDataParser(languages=list(ARCHIVED_LANGUAGES), settings=_SETTINGS)
