"""Feed exporters for ``scrapy crawl SITE -O FILE`` (``FEED_EXPORTERS`` in ``settings.py``).

Scrapy's CSV exporter joins a list with commas, which an author's name ("Doe, Jane") or a tag
may hold, and writes a list of dicts (``comment_count_signals``) as Python's repr. Here lists
and dicts are JSON, as in ``newsarchive export csv``: one cell, read back unambiguously.
"""

from __future__ import annotations

import json
from typing import Any

from scrapy import exporters


class CsvItemExporter(exporters.CsvItemExporter):
    def serialize_field(self, field: Any, name: str, value: Any) -> Any:
        if "serializer" not in field and isinstance(value, list | tuple | dict):
            return json.dumps(value, ensure_ascii=False)
        return super().serialize_field(field, name, value)
