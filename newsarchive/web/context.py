"""What every view needs, built once per app: the read-only engine, the renderer, the body
reader, and a short-lived cache for the lists every search form shows."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeVar

from sqlalchemy import Engine

from ..storage.browse import BodyReader
from .render import Renderer

T = TypeVar("T")
CACHE_SECONDS = 60.0


@dataclass
class Context:
    engine: Engine
    render: Renderer
    bodies: BodyReader
    _cache: dict[str, tuple[float, Any]] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)

    def cached(self, key: str, compute: Callable[[], T]) -> T:
        """``compute()``, reused for :data:`CACHE_SECONDS`: the site and language lists change
        with crawls, not between two page views, and cost a scan of every revision."""
        now = time.monotonic()
        with self._lock:
            hit = self._cache.get(key)
        if hit is not None and now - hit[0] < CACHE_SECONDS:
            return hit[1]
        value = compute()
        with self._lock:
            self._cache[key] = (now, value)
        return value
