"""Running one Scrapy crawl in this process, with newsarchive's settings, and reporting.

Scrapy's reactor cannot restart, so each CLI command runs at most one crawl. The tests run
many in one process through :mod:`newsarchive.testing.inprocess`, which starts the reactor
once, in a thread, and stands in for :func:`run_crawl`.
"""

from __future__ import annotations

import json
import logging
import logging.handlers
import sys
from dataclasses import dataclass
from typing import Any

from scrapy.crawler import Crawler, CrawlerProcess
from scrapy.settings import Settings
from scrapy.spiderloader import SpiderLoader
from scrapy.spiders import Spider

from .collector import tuned_for_extraction
from .errors import UserError
from .storage import resolve_db_url

logger = logging.getLogger(__name__)

# Settings for crawling a server on this machine (demo, tests): no politeness delay.
LOCAL_SITE_SETTINGS = {
    "DOWNLOAD_DELAY": 0,
    "AUTOTHROTTLE_ENABLED": False,
    "CONCURRENT_REQUESTS_PER_DOMAIN": 16,
}


@dataclass(slots=True)
class CrawlOutcome:
    stats: dict[str, Any]
    reason: str | None

    @property
    def ok(self) -> bool:
        return self.reason == "finished" and not self.stats.get("newsarchive/start_failed")

    def get(self, key: str, default: int = 0) -> Any:
        return self.stats.get(key, default)


def base_settings(overrides: dict[str, Any] | None = None, db: str | None = None) -> Settings:
    settings = Settings()
    settings.setmodule("newsarchive.settings", priority="project")
    settings.set("NEWSARCHIVE_DB_URL", resolve_db_url(db), priority="cmdline")
    settings.set("LOG_LEVEL", "WARNING", priority="cmdline")
    if sys.stderr.isatty():
        # Added to the project's extensions (the crawl deadline), not instead of them.
        extensions = {**settings.getdict("EXTENSIONS"), "newsarchive.progress.Progress": 500}
        settings.set("EXTENSIONS", extensions, priority="cmdline")
    for key, value in (overrides or {}).items():
        _check_override(key, value, settings.get(key))
        settings.set(key, value, priority="cmdline")
    return settings


def _check_override(name: str, value: Any, default: Any) -> None:
    """A ``-s NAME=VALUE`` of the type its default has, or a usage error now: Scrapy reads
    settings as the crawl starts (``DOWNLOAD_DELAY=abc``, ``LOG_LEVEL=BOGUS``), and a bad one
    then ends the crawl with a Twisted traceback. Numbers may be fractional wherever the
    default is a number (``DOWNLOAD_DELAY`` defaults to the integer 0)."""
    if not isinstance(value, str):
        return
    if name == "LOG_LEVEL":
        if not isinstance(logging.getLevelName(value.strip().upper()), int):
            raise UserError(f"bad -s value for {name}: {value!r} is not a log level")
        return
    try:
        if isinstance(default, bool):
            Settings({name: value}).getbool(name)
        elif isinstance(default, int | float):
            number = float(value)
            if number != number:  # NaN
                raise ValueError(value)
            if number < 0 and name.startswith("NEWSARCHIVE_"):  # counts, rates, seconds
                raise UserError(f"bad -s value for {name}: {value!r} is negative")
    except ValueError:
        kind = "true or false" if isinstance(default, bool) else "a number"
        raise UserError(f"bad -s value for {name}: {value!r} is not {kind}") from None


def parse_setting_overrides(pairs: tuple[str, ...], flag: str = "-s") -> dict[str, str]:
    """``-s NAME=VALUE`` (or ``-a``) pairs, as ``scrapy crawl`` takes them."""
    out = {}
    for pair in pairs:
        name, sep, value = pair.partition("=")
        if not sep or not name.strip():
            raise UserError(f"bad {flag} value {pair!r}: expected NAME=VALUE")
        if value.lstrip().startswith(("{", "[")):  # Scrapy reads these as JSON, mid-crawl
            try:
                json.loads(value)
            except ValueError as exc:
                raise UserError(f"bad {flag} value for {name.strip()}: not JSON ({exc})") from None
        out[name.strip()] = value
    return out


def find_spider(name: str, settings: Settings) -> type[Spider]:
    loader = SpiderLoader.from_settings(settings)
    try:
        return loader.load(name)
    except KeyError:
        known = ", ".join(loader.list()) or "none"
        raise UserError(
            f"unknown site {name!r}: not a catalogued spider ({known}) and not an http(s) URL"
        ) from None


def list_spiders(settings: Settings) -> list[type[Spider]]:
    loader = SpiderLoader.from_settings(settings)
    return [loader.load(name) for name in sorted(loader.list())]


def catalogue_timezones() -> dict[str, str]:
    """Each catalogued site's timezone, by the name its articles are archived under."""
    from scrapy.utils.project import get_project_settings

    zones = {}
    for spider in list_spiders(get_project_settings()):
        zone = getattr(spider, "timezone", None)
        if zone and spider.name:
            zones[spider.name] = zone
    return zones


class _NoTracebacks(logging.Filter):
    """Operators read these logs in cron mail: one line per error, no stack traces (they
    come back at ``-s LOG_LEVEL=DEBUG``)."""

    def filter(self, record: logging.LogRecord) -> bool:
        record.exc_info = None
        record.exc_text = None
        return True


class LogFile(logging.handlers.RotatingFileHandler):
    """The crawl's ``--log-file``, rotated (cron runs for months: the log may not grow without
    bound). A write it cannot make (a full disk) is said once, on one line, and the crawl goes
    on: logging's own handling printed a traceback for every message after it, and the
    archive the crawl writes is what may not be lost. :func:`log_file_failure` tells the
    command at the end, which then exits non-zero."""

    failure: str | None = None

    def handleError(self, record: logging.LogRecord) -> None:
        if self.failure is not None:
            return
        exc = sys.exc_info()[1]
        self.failure = (exc.strerror if isinstance(exc, OSError) else None) or repr(exc)
        sys.stderr.write(
            f"newsarchive: cannot write to the log file {self.baseFilename} ({self.failure});"
            " the crawl goes on without its log\n"
        )


def log_file_failure() -> str | None:
    """Why the crawl's log file could not be written, when it could not."""
    for handler in logging.getLogger().handlers:
        if isinstance(handler, LogFile) and handler.failure is not None:
            return handler.failure
    return None


def install_log_handler(settings: Settings) -> None:
    """Scrapy's own root handler, minus tracebacks unless LOG_LEVEL is DEBUG."""
    if not settings.getbool("LOG_ENABLED", True):
        return
    log_file = settings.get("LOG_FILE")
    handler: logging.Handler
    if log_file:
        try:
            handler = LogFile(
                log_file,
                maxBytes=settings.getint("NEWSARCHIVE_LOG_MAX_BYTES", 10 * 1024 * 1024),
                backupCount=settings.getint("NEWSARCHIVE_LOG_BACKUPS", 5),
                encoding=settings.get("LOG_ENCODING", "utf-8"),
            )
        except OSError as exc:
            raise UserError(f"--log-file {log_file}: cannot open it ({exc.strerror})") from None
    else:
        handler = logging.StreamHandler()
    handler.setFormatter(
        logging.Formatter(fmt=settings.get("LOG_FORMAT"), datefmt=settings.get("LOG_DATEFORMAT"))
    )
    level = settings.get("LOG_LEVEL", "INFO")
    handler.setLevel(level)
    if level != "DEBUG":
        handler.addFilter(_NoTracebacks())
    root = logging.getLogger()
    for old in list(root.handlers):
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)


def run_crawl(spidercls: type[Spider], settings: Settings, **spider_kwargs: Any) -> CrawlOutcome:
    settings.set("LOG_INSTALL_ROOT_HANDLER", False, priority="cmdline")
    process = CrawlerProcess(settings)
    install_log_handler(settings)
    crawler = process.create_crawler(spidercls)
    process.crawl(crawler, **spider_kwargs)
    # The crawl extracts its first pages here (crawl.site): the collector set for that
    # (newsarchive.collector), given back afterwards for a process that runs on.
    with tuned_for_extraction():
        process.start()
    if crawler.stats is not None and not crawler.stats.get_value("finish_reason"):
        _close_interrupted(crawler)
    return outcome_of(crawler)


def _close_interrupted(crawler: Crawler) -> None:
    """The reactor stopped before the spider closed (a second SIGINT/SIGTERM): the item
    pipelines that can close without it (the store's ``close_interrupted``) write what they
    hold and record the crawl, which was left ``running``, without its counts, before."""
    scraper = getattr(crawler.engine, "scraper", None)
    for component in getattr(getattr(scraper, "itemproc", None), "middlewares", ()):
        close = getattr(component, "close_interrupted", None)
        if callable(close):
            try:
                close()
            except Exception as exc:  # the summary still comes; the next run resumes
                logger.error("could not close the interrupted crawl: %s", exc)


# What the summary adds to the reason the store pipeline records for an interrupted crawl.
INTERRUPTED_MEANING = "stopped before it could close; the next run resumes"


def outcome_of(crawler: Crawler) -> CrawlOutcome:
    """How a finished crawl went, from its stats; :class:`UserError` when its archive could
    not be opened."""
    stats = crawler.stats.get_stats() if crawler.stats else {}
    if stats.get("newsarchive/db_error"):
        raise UserError(str(stats["newsarchive/db_error"]))
    # No finish reason: the reactor was stopped before the spider could close (a second
    # SIGINT/SIGTERM, a forced exit); the summary said "crawl 1 None" and "ended early: None".
    from .pipelines.store import INTERRUPTED  # loaded by the crawl; heavy for other commands

    reason = stats.get("finish_reason") or f"{INTERRUPTED} ({INTERRUPTED_MEANING})"
    return CrawlOutcome(stats=stats, reason=reason)
