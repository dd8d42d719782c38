"""Rows out as JSON lines or CSV: the one writer behind ``search``, ``export`` and the web
UI's downloads, so a row reads the same wherever it comes from."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterable, Iterator
from typing import Any

_JSON_UNSAFE = re.compile("[\x7f-\x9f]")
# What a spreadsheet reads as the start of a formula. Archived headlines and URLs are written
# by the sites crawled: "=HYPERLINK(…)" in a headline must not run when an archivist opens the
# CSV. Such cells get a leading apostrophe (OWASP's advice); JSON lines are left as they are.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def json_line(value: Any, **kwargs: Any) -> str:
    """JSON with DEL and C1 controls escaped too (json escapes only C0): the same data, and
    nothing a terminal acts on when it is printed."""
    text = json.dumps(value, ensure_ascii=False, default=_text_of_bytes, **kwargs)
    return _JSON_UNSAFE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def _text_of_bytes(value: Any) -> str:
    """Bytes where the archive has text (SQLite keeps a BLOB in any column: a damaged row, a
    hand edit), read as UTF-8 with replacement characters: one such cell ended the export."""
    if isinstance(value, bytes | bytearray | memoryview):
        return bytes(value).decode("utf-8", "replace")
    raise TypeError(f"{type(value).__name__} is not JSON serializable")


def spreadsheet_safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def row_lines(rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str) -> Iterator[str]:
    """Each row as text (``fmt``: ``csv`` or ``jsonl``), a CSV header first. ``columns`` are
    the CSV's; a JSON line holds the whole row."""
    if fmt != "csv":
        for row in rows:
            yield json_line(row) + "\n"
        return
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=columns, lineterminator="\n",
                            extrasaction="ignore")  # fmt: skip
    writer.writeheader()
    for row in rows:
        writer.writerow({k: spreadsheet_safe(row.get(k)) for k in columns})
        yield buffer.getvalue()
        buffer.seek(0)
        buffer.truncate()
    yield buffer.getvalue()


def write_rows(
    rows: Iterable[dict[str, Any]], columns: tuple[str, ...], fmt: str, output: Any
) -> int:
    """Write ``rows`` to ``output``; the number of rows written."""
    count = 0

    def counted() -> Iterator[dict[str, Any]]:
        nonlocal count
        for row in rows:
            count += 1
            yield row

    for line in row_lines(counted(), columns, fmt):
        if line:
            output.write(line)
    return count
