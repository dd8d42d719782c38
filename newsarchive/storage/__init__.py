"""SQLAlchemy models, the database opener and the one write path."""

from .archive import Archive, StoreResult, fingerprint
from .db import open_engine, resolve_db_url

__all__ = ["Archive", "StoreResult", "fingerprint", "open_engine", "resolve_db_url"]
