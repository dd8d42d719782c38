"""Extraction-quality metric of the Article Extraction Benchmark (AEB).

Token-level: tokens are ``\\w+`` runs (Unicode, case kept); each text becomes the multiset of
its 4-token shingles; per page, true positives are shared shingles (min of counts). Precision
and recall are averaged over pages, so long pages weigh no more than short ones; F1 is the
harmonic mean of the two means. Kept in the library (not in the benchmark script) so tests can
pin its behaviour on hand-made examples.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

_TOKEN = re.compile(r"\w+")


def tokens(text: str | None) -> list[str]:
    return _TOKEN.findall(text or "")


def shingles(text: str | None, n: int = 4) -> Counter[tuple[str, ...]]:
    toks = tokens(text)
    return Counter(tuple(toks[i : i + n]) for i in range(max(1, len(toks) - n + 1)))


@dataclass(frozen=True, slots=True)
class PageScore:
    tp: float
    fp: float
    fn: float

    @property
    def precision(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fp == 0:
            return 0.0
        return self.tp / (self.tp + self.fp)

    @property
    def recall(self) -> float:
        if self.fp == self.fn == 0:
            return 1.0
        if self.tp == self.fn == 0:
            return 0.0
        return self.tp / (self.tp + self.fn)


def score_page(true: str | None, pred: str | None) -> PageScore:
    t, p = shingles(true), shingles(pred)
    tp = sum((t & p).values())
    fp = sum((p - t).values())
    fn = sum((t - p).values())
    total = tp + fp + fn
    if total:
        return PageScore(tp / total, fp / total, fn / total)
    return PageScore(0.0, 0.0, 0.0)


@dataclass(frozen=True, slots=True)
class Summary:
    precision: float
    recall: float
    f1: float
    accuracy: float
    pages: int


def summarize(pairs: Iterable[tuple[str | None, str | None]]) -> Summary:
    """``pairs`` of (truth, prediction) → the benchmark's figures."""
    scores: list[PageScore] = []
    exact = 0
    for true, pred in pairs:
        scores.append(score_page(true, pred))
        exact += tokens(true) == tokens(pred)
    if not scores:
        return Summary(0.0, 0.0, 0.0, 0.0, 0)
    precision = sum(s.precision for s in scores) / len(scores)
    recall = sum(s.recall for s in scores) / len(scores)
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return Summary(precision, recall, f1, exact / len(scores), len(scores))
