"""htmldate's publication date for a page, its dateparser held to the languages we archive.

htmldate's extensive search hands date-like strings its own patterns cannot read to
dateparser, built with no language named. dateparser then tries every one of its ~200
locales on a string none can read (a headline with a year in it), compiling each one's
patterns: 1.2 s and about 34 MB, once per process — every extraction worker pays it — for
what is, on the 1,450 dev pages, one call that finds nothing. Held to the languages of the
sites newsarchive is for (:data:`DATEPARSER_LANGUAGES`), the same first call cost 0.3 s to
0.8 s and 13 MB; held to the page's own language (and English, which dates on any site may
be written in) when the page names one of those, a few hundredths of a second per language
met. A French or Arabic month name is read as before.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from functools import lru_cache, partial
from typing import Any

DATEPARSER_LANGUAGES = (
    "en", "fr", "ar", "de", "es", "pt", "it", "nl", "pl", "ru", "uk", "tr", "fa", "zh", "ja",
    "ko", "hi", "id", "sv", "cs", "ro", "hu", "el",
)  # fmt: skip
"""The languages of the sites newsarchive archives (those the comment counts read too)."""

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


def htmldate_day(
    page: str, url: str, *, extensive: bool, language: str | None = None
) -> str | None:
    """htmldate's original (first publication) date, ``YYYY-MM-DD``, or None. ``language``:
    the page's (``fr``, ``ar-MA``), which holds dateparser to it and English."""
    import htmldate

    try:
        # Markup only (not extensive): dateparser is not asked.
        with _languages_held(_languages_for(language)) if extensive else nullcontext():
            found = htmldate.find_date(
                page, url=url, original_date=True, extensive_search=extensive
            )
    except Exception:  # third-party code on hostile input: never our failure
        return None
    return str(found) if found else None


def _languages_for(language: str | None) -> tuple[str, ...]:
    """The page's language and English when it is one of ours, else all of ours."""
    primary = (language or "").split("-")[0].lower()
    if primary in DATEPARSER_LANGUAGES:
        return ("en",) if primary == "en" else (primary, "en")
    return DATEPARSER_LANGUAGES


@contextmanager
def _languages_held(languages: tuple[str, ...]) -> Iterator[None]:
    """htmldate's parser factory replaced by ours for one search (htmldate looks it up by
    name at each call), under a lock: threads extracting at once each restore what they
    found."""
    import htmldate.extractors as extractors

    if not hasattr(extractors, "get_external_parser"):  # another htmldate: its own parser
        yield
        return
    with _SWAP:
        saved = extractors.get_external_parser
        extractors.get_external_parser = partial(_held_parser, languages)
        try:
            yield
        finally:
            extractors.get_external_parser = saved


@lru_cache(maxsize=len(DATEPARSER_LANGUAGES) + 1)
def _held_parser(languages: tuple[str, ...]) -> Any:
    from dateparser import DateDataParser  # type: ignore[import-untyped]

    return DateDataParser(languages=list(languages), settings=_SETTINGS)
