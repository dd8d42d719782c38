"""Issue 15: ``extract_article`` never raises on any bytes, never stalls, and whatever the page
its output keeps the properties the archive relies on (:func:`newsarchive.testing.hostile.problems`).

Seeded, so a failure replays: ``NEWSARCHIVE_FUZZ_SEED`` and ``NEWSARCHIVE_FUZZ_INPUTS`` change
the run (``NEWSARCHIVE_FUZZ_INPUTS=30000`` for a long one).
"""

from __future__ import annotations

import os
from pathlib import Path

from newsarchive.extract import extract_article
from newsarchive.testing.hostile_pages import fuzz

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures"
INPUTS = int(os.environ.get("NEWSARCHIVE_FUZZ_INPUTS", "3000"))
SEED = int(os.environ.get("NEWSARCHIVE_FUZZ_SEED", "15"))
TIME_LIMIT = 5.0  # seconds per page; the slowest takes well under 1 s


def test_extract_article_survives_hostile_pages() -> None:
    pages = [path.read_bytes() for path in sorted(FIXTURES.glob("*/body.html"))]
    report = fuzz(extract_article, INPUTS, seed=SEED, pages=pages, time_limit=TIME_LIMIT)
    print(f"fuzz (seed {SEED}): {report.summary()}")
    assert report.inputs == INPUTS
    assert not report.failures, "\n".join(report.failures[:20])
