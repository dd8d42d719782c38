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
        # Year first is never year, day, month; numeric dates behind a short label.
        ("2024-3-9", "2024-03-09T00:00:00+00:00"),
        ("2019/3/4 18:20", "2019-03-04T18:20:00+00:00"),
        ("Posted: 2024.03.09 |", "2024-03-09T00:00:00+00:00"),
        ("Updated: 12/28/2023", "2023-12-28T00:00:00+00:00"),
        ("Mis en ligne : 28/02/2023", "2023-02-28T00:00:00+00:00"),
        ("입력 2019-05-06 08:15", "2019-05-06T08:15:00+00:00"),
    ],
)
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


def test_site_timezone_applies_only_without_offset() -> None:
    tz = ZoneInfo("Africa/Casablanca")
    assert parse_date("2025-01-15 10:00", tz) == "2025-01-15T10:00:00+01:00"
    assert parse_date("2025-01-15T10:00:00+00:00", tz) == "2025-01-15T10:00:00+00:00"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not a date",
        "1200 words",
        "Page 3 of 14",
        None,
        "Offer: 2024.01.02 - 2024.01.09",  # a range is no one date
        "Read the full statement the committee issued on 2023/11/02",  # prose
        "Last revised: 2024/13/01",
    ],
)
def test_no_date(raw) -> None:
    assert parse_date(raw) is None
