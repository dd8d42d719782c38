from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from newsarchive.extract.dates import parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-04-12T09:30:00+01:00", "2025-04-12T09:30:00+01:00"),
        ("2025-04-12T09:30:00Z", "2025-04-12T09:30:00+00:00"),
        ("2025-04-12 09:30", "2025-04-12T09:30:00+00:00"),
        ("Mon, 14 Apr 2025 10:00:00 +0100", "2025-04-14T10:00:00+01:00"),
        ("14 avril 2025", "2025-04-14T00:00:00+00:00"),
        ("le 1er mars 2024 à 10h30", "2024-03-01T10:30:00+00:00"),
        ("April 14, 2025 at 3:05 pm", "2025-04-14T15:05:00+00:00"),
        ("12 أبريل 2025", "2025-04-12T00:00:00+00:00"),
        ("نشر في ١٢ غشت ٢٠٢٤", "2024-08-12T00:00:00+00:00"),
    ],
)
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


def test_site_timezone_applies_only_without_offset() -> None:
    tz = ZoneInfo("Africa/Casablanca")
    assert parse_date("2025-01-15 10:00", tz) == "2025-01-15T10:00:00+01:00"
    assert parse_date("2025-01-15T10:00:00+00:00", tz) == "2025-01-15T10:00:00+00:00"


@pytest.mark.parametrize("raw", ["", "not a date", "1200 words", "Page 3 of 14", None])
def test_no_date(raw) -> None:
    assert parse_date(raw) is None
