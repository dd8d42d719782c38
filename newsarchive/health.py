"""End-of-run verdicts for operators: error rate, and layout breaks (field coverage falling
well below the site's history — the spidermon FieldCoverage idea).

Pure functions over Scrapy stats dicts, so they are tested without crawling.
"""

from __future__ import annotations

import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

COVERAGE_FIELDS = ("headline", "article_body", "comment_count", "date_published")
MIN_ARTICLES = 10  # below this a crawl says nothing about coverage
COVERAGE_DROP = 0.30  # absolute fall from the site's usual share that raises the alarm
HISTORY = 5  # previous crawls the usual share is the median of


def coverage(stats: dict[str, Any]) -> dict[str, float] | None:
    """Share of extracted articles with each field, or None for too small a crawl."""
    extracted = int(stats.get("newsarchive/articles_extracted", 0) or 0)
    if extracted < MIN_ARTICLES:
        return None
    return {
        field: int(stats.get(f"newsarchive/coverage/{field}", 0) or 0) / extracted
        for field in COVERAGE_FIELDS
    }


EMPTY_SHARE = 0.2  # of a crawl's articles archived without a body: a layout break


def coverage_alerts(current: dict[str, Any], history: Iterable[dict[str, Any]]) -> list[str]:
    """One message per field whose coverage fell ``COVERAGE_DROP`` below its usual share, and
    one when a fifth of the articles came out without a body (on a site's first crawl too:
    no history is needed to know that is wrong)."""
    alerts = []
    extracted = int(current.get("newsarchive/articles_extracted", 0) or 0)
    failed = sum(
        int(current.get(f"newsarchive/extraction/{status}", 0) or 0)
        for status in ("no_body", "failed")
    )
    if extracted >= MIN_ARTICLES and failed > EMPTY_SHARE * extracted:
        alerts.append(
            f"{failed} of {extracted} articles archived without a body: has the site's "
            "layout changed? (`newsarchive reextract` re-reads them once the extractor is fixed)"
        )
    now = coverage(current)
    past = [c for c in (coverage(s) for s in history) if c is not None][:HISTORY]
    if now is None or not past:
        return alerts
    for field in COVERAGE_FIELDS:
        usual = statistics.median(c[field] for c in past)
        if now[field] < usual - COVERAGE_DROP:
            alerts.append(
                f"{field} found on {now[field]:.0%} of articles (usually {usual:.0%}): "
                "has the site's layout changed?"
            )
    return alerts


def error_kinds(stats: dict[str, Any]) -> dict[str, int]:
    """What went wrong in the run, by kind, for the summary line: article fetches that failed
    for good (after retries: ``timeout``, ``redirect_loop``, ``http_500``… — see
    :mod:`newsarchive.crawl.failures`), articles gone (``http_404``), and failed writes and
    REST API calls. Retries that later succeeded are not errors."""
    kinds: dict[str, int] = {}
    for key, value in stats.items():
        if key.startswith("newsarchive/article_error/"):
            kinds[key.rsplit("/", 1)[-1]] = int(value)
        elif key.startswith("newsarchive/http_") or key in {
            "newsarchive/store_errors",
            "newsarchive/api_errors",
        }:
            kinds[key.split("/", 1)[-1]] = int(value)
    return kinds


def error_rate(stats: dict[str, Any]) -> tuple[int, int]:
    """``(failed, attempted)`` article fetches; a 304 is an attempt that went well."""
    failed = int(stats.get("newsarchive/article_errors", 0) or 0)
    attempted = (
        failed
        + int(stats.get("newsarchive/articles_extracted", 0) or 0)
        + int(stats.get("newsarchive/not_modified", 0) or 0)
    )
    return failed, attempted


EXIT_FAILED = 1
EXIT_LAYOUT_BREAK = 4
EXIT_STORE_FAILED = 5


@dataclass(frozen=True, slots=True)
class Verdict:
    """How a crawl ended, for operators: an exit code (``docs/cli.md``) and one line."""

    exit_code: int = 0
    message: str = ""


def verdict(
    stats: dict[str, Any],
    reason: str | None,
    history: Iterable[dict[str, Any]] = (),
    max_error_rate: float = 1.0,
) -> Verdict:
    """The run's problems as an exit code, the worst first: the start page failed, the
    archive could not be written, the crawl ended early, too many article fetches failed, a
    layout break. Shared by ``newsarchive crawl`` and ``scrapy crawl``."""
    if stats.get("newsarchive/start_failed"):
        error = stats.get("newsarchive/start_error")
        return Verdict(EXIT_FAILED, f"could not fetch the start page: {error}")
    if stats.get("newsarchive/store_errors"):
        return Verdict(
            EXIT_STORE_FAILED,
            f"could not write to the archive ({stats.get('newsarchive/store_error')}); the "
            f"crawl stopped, {stats['newsarchive/store_errors']} records were not stored. What "
            "was stored before is intact; fix the cause (free disk space?) and run again: the "
            "crawl resumes where it stopped.",
        )
    if reason != "finished":
        return Verdict(EXIT_FAILED, f"crawl ended early: {reason}")
    failed, attempted = error_rate(stats)
    if attempted and failed / attempted > max_error_rate:
        return Verdict(
            EXIT_FAILED,
            f"{failed} of {attempted} article fetches failed "
            f"(more than {max_error_rate:.0%}; see the log)",
        )
    alerts = coverage_alerts(stats, history)
    if alerts:
        return Verdict(EXIT_LAYOUT_BREAK, "; ".join(alerts))
    return Verdict()
