"""Article or not: the crawler's decision measured on WCXB-dev's page types.

WCXB-dev labels each of its 1,358 pages ``article`` (711) or ``listing``, ``collection``,
``forum``, ``product``, ``service``, ``documentation``. ``extract_page(...).is_article`` is the
model in ``newsarchive/extract/page_type.py``, fitted on split A (ids whose MD5 is even) and
reported here on both splits, B being the held-out one.

    python benchmarks/page_types.py [--min-precision P] [--min-recall R] [--strict]
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpora import load, require
from newsarchive.extract import extract_page


def split(key: str) -> str:
    digest = hashlib.md5(key.encode(), usedforsecurity=False).hexdigest()  # a split, not a secret
    return "A" if int(digest, 16) % 2 == 0 else "B"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-precision", type=float, help="gate on split B")
    parser.add_argument("--min-recall", type=float, help="gate on split B")
    parser.add_argument("--strict", action="store_true", help="missing ../shared is an error")
    args = parser.parse_args()
    if not require(["wcxb-dev"], strict=args.strict):
        return 0
    kept: Counter[tuple[str, str, bool]] = Counter()
    for page in load("wcxb-dev"):
        is_article = extract_page(page.html, page.url).is_article
        kept[(split(page.key), page.truth.get("page_type", "?"), is_article)] += 1
    figures = {}
    print(f"{'split':6} {'precision':>9} {'recall':>7}  kept as articles, by page type")
    for part in ("A", "B"):
        tp = kept[(part, "article", True)]
        fp = sum(n for (s, t, k), n in kept.items() if s == part and t != "article" and k)
        fn = kept[(part, "article", False)]
        precision, recall = tp / max(tp + fp, 1), tp / max(tp + fn, 1)
        figures[part] = (precision, recall)
        types = sorted({t for (s, t, _) in kept if s == part})
        shares = ", ".join(
            f"{t} {kept[(part, t, True)]}/{kept[(part, t, True)] + kept[(part, t, False)]}"
            for t in types
        )
        print(f"{part:6} {precision:9.3f} {recall:7.3f}  {shares}")
    precision, recall = figures["B"]
    failures = []
    if args.min_precision is not None and precision < args.min_precision:
        failures.append(f"precision {precision:.3f} < {args.min_precision} on split B")
    if args.min_recall is not None and recall < args.min_recall:
        failures.append(f"recall {recall:.3f} < {args.min_recall} on split B")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
