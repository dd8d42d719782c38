"""Charts as geometry, drawn as SVG by the templates: no JavaScript, no chart library, and
every label goes through the template engine's escaping like any other archived value.

A comment count is an interval, not a point: the archive stores each count with the first
and last time it was seen, so the chart draws each as a level held over its interval, a
dashed step where it changed (at some moment between two observations), and a marker where
the article went gone.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

WIDTH, HEIGHT = 640, 220
LEFT, RIGHT, TOP, BOTTOM = 48, 16, 24, 40
LABEL_SOURCES_UP_TO = 8  # observations; beyond, points are labelled with the count alone


@dataclass(frozen=True, slots=True)
class Point:
    x: float
    y: float
    label: str
    title: str


@dataclass(slots=True)
class Chart:
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right: int = WIDTH - RIGHT
    top: int = TOP
    bottom: int = HEIGHT - BOTTOM
    held: list[tuple[float, float, float, float]] = field(default_factory=list)
    steps: list[tuple[float, float, float, float]] = field(default_factory=list)
    points: list[Point] = field(default_factory=list)
    bars: list[tuple[float, float, float, float, str]] = field(default_factory=list)
    y_ticks: list[tuple[float, str]] = field(default_factory=list)
    x_ticks: list[tuple[float, str]] = field(default_factory=list)
    gone: tuple[float, str] | None = None


def parse_time(value: str | None) -> datetime | None:
    """An archive timestamp (ISO 8601, UTC when it says no zone), or None if unreadable."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def nice_ticks(top: int, count: int = 4) -> list[int]:
    """0 … ≥ ``top`` in steps of 1, 2 or 5 × 10ⁿ, about ``count`` of them."""
    if top <= 0:
        return [0, 1]
    raw = top / count
    magnitude = 10 ** math.floor(math.log10(raw)) if raw >= 1 else 1
    step = next(m * magnitude for m in (1, 2, 5, 10) if m * magnitude >= raw)
    step = max(1, int(step))
    return list(range(0, math.ceil(top / step) * step + 1, step))


def comment_chart(observations: list[dict[str, Any]], gone_at: str | None = None,
                  gone_status: int | None = None) -> Chart | None:  # fmt: skip
    """The count history of one article; None when nothing was observed (absence is not
    zero: a page that shows no count has no history)."""
    spans = []
    for obs in observations:
        start, end = parse_time(obs["first_seen"]), parse_time(obs["last_seen"])
        if start is not None:
            spans.append((start, max(end or start, start), obs))
    if not spans:
        return None
    chart = Chart()
    gone_time = parse_time(gone_at)
    times = [t for s, e, _ in spans for t in (s, e)] + ([gone_time] if gone_time else [])
    t0, t1 = min(times), max(times)
    if t1 - t0 < timedelta(hours=1):
        t0, t1 = t0 - timedelta(hours=12), t1 + timedelta(hours=12)
    ticks = nice_ticks(max(obs["count"] for _, _, obs in spans))
    y_top = ticks[-1] or 1

    def x(t: datetime) -> float:
        share = (t - t0) / (t1 - t0)
        return round(chart.left + share * (chart.right - chart.left), 1)

    def y(count: int) -> float:
        return round(chart.bottom - count / y_top * (chart.bottom - chart.top), 1)

    chart.y_ticks = [(y(v), str(v)) for v in ticks]
    mid = t0 + (t1 - t0) / 2
    chart.x_ticks = [(x(t), t.strftime("%Y-%m-%d %H:%M")) for t in (t0, mid, t1)]
    with_sources = len(spans) <= LABEL_SOURCES_UP_TO
    previous: tuple[float, float] | None = None
    for start, end, obs in spans:
        px, py, ex = x(start), y(obs["count"]), x(end)
        if previous is not None:
            chart.steps.append((previous[0], previous[1], px, py))
        chart.held.append((px, py, ex, py))
        source = obs.get("source") or "?"
        raw = f" «{obs['raw']}»" if obs.get("raw") else ""
        chart.points.append(
            Point(
                px,
                py,
                f"{obs['count']} · {source}" if with_sources else str(obs["count"]),
                f"{obs['count']} comments from {obs['first_seen']} to {obs['last_seen']}, "
                f"source {source}{raw}",
            )
        )
        previous = (ex, py)
    if gone_time is not None:
        chart.gone = (x(gone_time), f"gone ({gone_status or '?'})")
    return chart


def per_day_chart(days: list[tuple[str, int]]) -> Chart | None:
    """Bars of articles per day; days without articles are gaps on the axis, not missing."""
    if not days:
        return None
    parsed = [(d, n, datetime.strptime(d, "%Y-%m-%d")) for d, n in days if _is_day(d)]
    if not parsed:
        return None
    chart = Chart(height=180, bottom=180 - BOTTOM)
    first, last = parsed[0][2], parsed[-1][2]
    span = (last - first).days + 1
    slot = (chart.right - chart.left) / span
    ticks = nice_ticks(max(n for _, n, _ in parsed))
    y_top = ticks[-1] or 1
    height = chart.bottom - chart.top
    for day, n, when in parsed:
        bx = chart.left + (when - first).days * slot
        bh = n / y_top * height
        x, y, w, h = (round(v, 1) for v in (bx + 1, chart.bottom - bh, max(slot - 2, 1), bh))
        chart.bars.append((x, y, w, h, f"{day}: {n} articles"))
    chart.y_ticks = [(round(chart.bottom - v / y_top * height, 1), str(v)) for v in ticks]
    chart.x_ticks = [(chart.left, parsed[0][0]), (chart.right, parsed[-1][0])]
    return chart


def _is_day(value: str) -> bool:
    try:
        datetime.strptime(value, "%Y-%m-%d")
    except ValueError:
        return False
    return True
