"""What the extraction pool's tests run in its workers (a module they can import)."""

from __future__ import annotations

import os
import time
from typing import Any

from newsarchive.extract import Extraction, extract_page


def extract_or_die(html: bytes | str, url: str, *args: Any, **kwargs: Any) -> Extraction:
    """``extract_page``, except that a page whose URL says "die" ends its worker process at
    once, as a crash in a C parser or the kernel's OOM killer would; one that says "slow"
    takes half a second, one that says "hang" an hour."""
    if "die" in url:
        os._exit(70)
    if "slow" in url:  # still in its worker when another page kills one
        time.sleep(0.5)
    if "hang" in url:  # a page the extractor never finishes
        time.sleep(3600)
    return extract_page(html, url, *args, **kwargs)
