"""The pieces the pages are drawn with: highlight marks, chart geometry."""

from __future__ import annotations

from newsarchive.storage.search_page import MARK_CLOSE, MARK_OPEN, plain_marks
from newsarchive.web.charts import comment_chart, nice_ticks, per_day_chart
from newsarchive.web.render import marks


def test_marks_escape_first_and_only_pair_whole_marks() -> None:
    hostile = f"<script>x</script> {MARK_OPEN}mot{MARK_CLOSE} & {MARK_CLOSE}<b>{MARK_OPEN}"
    assert str(marks(hostile)) == "&lt;script&gt;x&lt;/script&gt; <mark>mot</mark> &amp; &lt;b&gt;"
    assert plain_marks(f"a {MARK_OPEN}b{MARK_CLOSE}") == "a [b]"


def test_comment_chart_holds_each_count_over_its_interval() -> None:
    observations = [
        {"count": 0, "source": "wp-comments-link", "raw": "Laisser un commentaire",
         "first_seen": "2025-03-01T10:00:00+00:00", "last_seen": "2025-03-02T10:00:00+00:00"},
        {"count": 12, "source": "heading", "raw": "12 réponses",
         "first_seen": "2025-03-03T10:00:00+00:00", "last_seen": "2025-03-05T10:00:00+00:00"},
    ]  # fmt: skip
    chart = comment_chart(observations, gone_at="2025-03-06T10:00:00+00:00", gone_status=404)
    assert chart is not None
    assert [p.label for p in chart.points] == ["0 · wp-comments-link", "12 · heading"]
    assert "«12 réponses»" in chart.points[1].title
    (x1, y1, x2, y2), second = chart.held
    assert y1 == y2 == chart.bottom
    assert x2 > x1
    assert second[1] < chart.bottom  # twelve is above zero
    assert len(chart.steps) == 1
    assert chart.gone is not None
    assert chart.gone[0] == chart.right
    assert [label for _, label in chart.y_ticks] == ["0", "5", "10", "15"]
    assert comment_chart([]) is None  # absence is not zero: no chart


def test_one_observation_still_spans_the_axis() -> None:
    chart = comment_chart([{"count": 3, "source": "api", "raw": None,
                            "first_seen": "2025-03-01T10:00:00+00:00",
                            "last_seen": "2025-03-01T10:00:00+00:00"}])  # fmt: skip
    assert chart is not None
    assert chart.left < chart.points[0].x < chart.right


def test_per_day_bars_leave_gaps_for_days_without_articles() -> None:
    chart = per_day_chart([("2025-03-01", 2), ("2025-03-04", 1), ("not-a-day", 9)])
    assert chart is not None
    assert len(chart.bars) == 2
    slot = (chart.right - chart.left) / 4
    assert round(chart.bars[1][0] - chart.bars[0][0], 1) == round(3 * slot, 1)
    assert per_day_chart([]) is None


def test_nice_ticks() -> None:
    assert nice_ticks(0) == [0, 1]
    assert nice_ticks(3) == [0, 1, 2, 3]
    assert nice_ticks(37) == [0, 10, 20, 30, 40]
