"""newsarchive: crawl independent news sites, extract articles, keep a deduplicated archive."""

__version__ = "0.1.0"
