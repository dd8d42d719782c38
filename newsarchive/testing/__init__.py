"""The bundled sample news site (for ``newsarchive demo`` and the crawl tests)."""

from .server import SiteServer
from .site import NewsSite

__all__ = ["NewsSite", "SiteServer"]
