"""Scrapy settings: polite by default, tuned down only by explicit ``-s`` overrides.

``scrapy.cfg`` points here, so ``scrapy crawl <site>`` from the repository root and
``newsarchive crawl`` share one configuration.
"""

from __future__ import annotations

from . import __version__

BOT_NAME = "newsarchive"
SPIDER_MODULES = ["spiders"]
NEWSPIDER_MODULE = "spiders"
# `scrapy crawl` exits non-zero when the crawl failed, as `newsarchive crawl` does.
COMMANDS_MODULE = "newsarchive.commands"

USER_AGENT = f"newsarchive/{__version__} (+https://github.com/newsarchive/newsarchive)"
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
DOWNLOAD_DELAY = 0.5
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
DOWNLOAD_TIMEOUT = 30
DOWNLOAD_MAXSIZE = 16 * 1024 * 1024
DOWNLOAD_WARNSIZE = 4 * 1024 * 1024
RETRY_TIMES = 2
RETRY_HTTP_CODES = [500, 502, 503, 504, 522, 524, 408, 429]
DEPTH_LIMIT = 8
COOKIES_ENABLED = False
TELNETCONSOLE_ENABLED = False
REMOTE_CONTROL_ENABLED = False  # Scrapy 2.19's code-execution server: not in unattended runs
FEED_EXPORT_ENCODING = "utf-8"
# `scrapy crawl SITE -O articles.csv`: list fields as JSON, not joined with commas.
FEED_EXPORTERS = {"csv": "newsarchive.exporters.CsvItemExporter"}
LOG_LEVEL = "INFO"

# Only the http(s) handlers: a hostile site names file://, ftp://, s3:// or data: URLs in its
# robots.txt, sitemaps and feeds (the crawl scope refuses them too; this is the second lock).
DOWNLOAD_HANDLERS = {"file": None, "ftp": None, "s3": None, "data": None}

DOWNLOADER_MIDDLEWARES = {
    # The crawl scope (scheme, host, port) for every request, dont_filter ones and redirects
    # included; replaces Scrapy's host-only OffsiteMiddleware at the same place, first.
    "scrapy.downloadermiddlewares.offsite.OffsiteMiddleware": None,
    "newsarchive.crawl.scope.ScopeMiddleware": 50,
    # After robots.txt (100), before the retry/redirect machinery (550, 600).
    "newsarchive.crawl.conditional.ConditionalRequests": 450,
    # Sees responses before RetryMiddleware (550) retries them; delays the retries.
    "newsarchive.crawl.retries.RetryDelayMiddleware": 560,
    # Scrapy's redirect middlewares, refusing loops instead of losing them to the dupefilter.
    "scrapy.downloadermiddlewares.redirect.MetaRefreshMiddleware": None,
    "newsarchive.crawl.redirects.LoopRefusingMetaRefreshMiddleware": 580,
    "scrapy.downloadermiddlewares.redirect.RedirectMiddleware": None,
    "newsarchive.crawl.redirects.LoopRefusingRedirectMiddleware": 600,
}

SPIDER_MIDDLEWARES = {
    # What the crawl knows of the archive and learns for it (newsarchive.crawl.state).
    "newsarchive.crawl.state.CrawlState": 950,
}

EXTENSIONS = {
    # NEWSARCHIVE_TIME_LIMIT and NEWSARCHIVE_STOP_GRACE: a crawl ends in bounded time.
    "newsarchive.crawl.deadline.CrawlDeadline": 100,
}

ITEM_PIPELINES = {
    "newsarchive.pipelines.validate.ValidatePipeline": 100,
    "newsarchive.pipelines.store.StorePipeline": 800,
}

# newsarchive's own settings (all prefixed).
NEWSARCHIVE_DB_URL = None  # None: $NEWSARCHIVE_DB_URL, else ./newsarchive.db
NEWSARCHIVE_BATCH_SIZE = 50  # articles per write transaction
NEWSARCHIVE_KEEP_RAW = True  # store the fetched bytes of every article page
NEWSARCHIVE_EXTRACT_WORKERS = None  # extraction processes; None: one per core (max 4); 0: none
NEWSARCHIVE_EXTRACT_TIMEOUT = 120  # seconds a page's extraction may take in a worker (0: none)
NEWSARCHIVE_MAX_LISTING_PAGES = 200  # listing/category pages followed per crawl
NEWSARCHIVE_MAX_SITEMAPS = 500  # sitemap documents read per crawl (an index may never end)
NEWSARCHIVE_MAX_SITEMAP_URLS = 50_000  # article requests a crawl takes from sitemaps; the
# next crawl goes on (archived, unchanged URLs make no request)
NEWSARCHIVE_MAX_ERROR_RATE = 0.2  # share of failed article fetches that fails the run (exit 1)
NEWSARCHIVE_LOG_MAX_BYTES = 10 * 1024 * 1024  # --log-file rotates at this size...
NEWSARCHIVE_LOG_BACKUPS = 5  # ...keeping this many old files
NEWSARCHIVE_CONDITIONAL_REQUESTS = True  # If-None-Match / If-Modified-Since for archived articles
NEWSARCHIVE_RETRY_AFTER_MAX = 600.0  # longest Retry-After honoured, seconds
NEWSARCHIVE_RETRY_BACKOFF = 1.0  # first retry waits ~this (±50 %), doubling per retry...
NEWSARCHIVE_RETRY_BACKOFF_MAX = 60.0  # ...up to this, seconds
NEWSARCHIVE_FAILED_RETRY_DELAY = 3600.0  # an article that failed for good waits this long
# before a later crawl asks again, doubling per failure (at most a week)
NEWSARCHIVE_TIME_LIMIT = 4 * 3600  # a crawl stops after this many seconds (0: never); the
# next one resumes its run
NEWSARCHIVE_STOP_GRACE = 60  # a stopping crawl (time limit, SIGTERM) still waiting for downloads
# after this many seconds exits at once, resumable as after kill -9 (keep > DOWNLOAD_TIMEOUT)
