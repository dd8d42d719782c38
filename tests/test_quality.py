"""The AEB metric on hand-made examples."""

from __future__ import annotations

import pytest

from newsarchive.quality import score_page, shingles, summarize, tokens


def test_tokens_are_unicode_word_runs_case_kept() -> None:
    assert tokens("L’Été, à Rabat: 12 °C!") == ["L", "Été", "à", "Rabat", "12", "C"]
    assert tokens("وزير الداخلية") == ["وزير", "الداخلية"]


def test_shingles_of_short_text_is_one_shingle() -> None:
    assert shingles("a b") == {("a", "b"): 1}
    assert sum(shingles("a b c d e").values()) == 2


def test_perfect_and_empty() -> None:
    s = score_page("one two three four five", "one two three four five")
    assert (s.precision, s.recall) == (1.0, 1.0)
    empty = score_page("", "")
    assert (empty.precision, empty.recall) == (1.0, 1.0)
    missing = score_page("one two three four five", "")
    assert missing.recall == 0.0


def test_partial_overlap() -> None:
    # truth shingles: (a b c d), (b c d e); prediction adds (c d e f)
    s = score_page("a b c d e", "a b c d e f")
    assert s.precision == pytest.approx(2 / 3)
    assert s.recall == pytest.approx(1.0)


def test_summary_is_mean_over_pages_and_f1_of_means() -> None:
    result = summarize([("a b c d e", "a b c d e"), ("a b c d e", "a b c d e f")])
    assert result.precision == pytest.approx((1 + 2 / 3) / 2)
    assert result.recall == pytest.approx(1.0)
    p, r = result.precision, result.recall
    assert result.f1 == pytest.approx(2 * p * r / (p + r))
    assert result.accuracy == 0.5
