"""``newsarchive serve``: a read-only web UI over the archive (Starlette, Jinja2, uvicorn).

Search, an article's revisions, word diffs and comment-count history, safe replay of raw
pages, and the crawls. No JavaScript of its own, nothing loaded from outside: it works
offline. See docs/ui.md.
"""

from .app import create_app

__all__ = ["create_app"]
