"""The archive's JSON columns read back tolerantly.

Authors, tags, comment-count signals, response headers and crawl stats are stored as JSON
text. An archive is data we did not all write ourselves (a hand edit, another tool, a copy
from an older version): one garbled value must cost that value, not the command that reads
it (``show``, ``history``, a WARC export, a crawl's layout-break alert all ended at the first
one with a ``JSONDecodeError``).
"""

from __future__ import annotations

import json
from typing import Any


def json_list(value: str | None) -> list[Any]:
    """A JSON list; a garbled value is kept as its one item, a lone value as a list of it."""
    try:
        parsed = json.loads(value or "[]")
    except (TypeError, ValueError):
        return [value]
    return parsed if isinstance(parsed, list) else [parsed]


def json_strings(value: str | None) -> list[str]:
    """A JSON list of names (authors, tags): items that are not strings as their JSON."""
    return [v if isinstance(v, str) else json.dumps(v) for v in json_list(value)]


def json_object(value: str | None) -> dict[str, Any] | None:
    """A JSON object, or None where the value is not one."""
    try:
        parsed = json.loads(value or "{}")
    except (TypeError, ValueError):
        return None
    return parsed if isinstance(parsed, dict) else None
