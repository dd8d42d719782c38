"""Comment-count accuracy: the hand-labelled real pages, and the project's fixtures.

1. ``benchmarks/labels/comment_counts.jsonl``: 596 article pages of AEB dev and WCXB-dev
   (``../shared/benchmarks``), labelled by hand from the page — every WCXB-dev article showing
   any trace of a comment feature, every AEB dev page with one, and a random sample of those
   without. Rules (docs/comments.md): a shown count wins over the rendered list; an open form
   with no comment is 0; a JS widget with no number in the HTML is null; conflicting evidence
   is skipped. Reported: exact matches by rule, language and system, invented counts (a
   number where the label is null) and wrong zeros (0 where comments exist).
2. The fixtures (``fixtures/*``) whose ``output.json`` pins ``comment_count``: coverage of
   known layouts, count and source.

    python benchmarks/comment_counts.py [--min-accuracy 0.95] [--max-invented 0]
        [--max-wrong-zeros 0] [--strict] [--show-misses]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpora import REPO, load, require
from newsarchive.extract import extract_page
from newsarchive.fixtures import find_fixtures, load_fixture, run_fixture

LABELS = REPO / "benchmarks" / "labels" / "comment_counts.jsonl"


def table(title: str, groups: dict[str, list[bool]]) -> None:
    print(f"\n| {title} | pages | right | accuracy |\n| --- | --- | --- | --- |")
    for key in sorted(groups, key=lambda k: (-len(groups[k]), k)):
        oks = groups[key]
        print(f"| {key} | {len(oks)} | {sum(oks)} | {sum(oks) / len(oks):.0%} |")


def labelled(strict: bool, show_misses: bool) -> tuple[int, int, int, int]:
    """``(right, labelled, invented, wrong zeros)`` on the hand-labelled pages."""
    labels = [json.loads(line) for line in LABELS.read_text(encoding="utf-8").splitlines()]
    corpora = require(sorted({label["corpus"] for label in labels}), strict=strict)
    pages = {p.key: p for name in corpora for p in load(name)}
    by: dict[str, dict[str, list[bool]]] = {
        k: defaultdict(list) for k in ("rule", "language", "system")
    }
    invented = wrong_zeros = 0
    misses = []
    for label in labels:
        want = label["comment_count"]
        if want == "skip" or label["id"] not in pages:
            continue
        page = pages[label["id"]]
        article = extract_page(page.html, page.url).article
        got = article.comment_count
        ok = got == want
        for key in by:
            by[key][str(label.get(key) or "?")].append(ok)
        invented += want is None and got is not None
        wrong_zeros += got == 0 and isinstance(want, int) and want > 0
        if not ok:
            source = f"{article.comment_count_source} {article.comment_count_raw!r}"
            misses.append(f"{label['id']}: labelled {want} ({label['rule']}), got {got} {source}")
    total = [ok for oks in by["rule"].values() for ok in oks]
    if not total:
        return 0, 0, 0, 0
    print(f"hand-labelled real pages ({LABELS.relative_to(REPO)}):")
    for key, groups in by.items():
        table(key, groups)
    print(f"\nall: {sum(total)}/{len(total)} exact ({sum(total) / len(total):.1%}); "
          f"invented counts {invented}; wrong zeros {wrong_zeros}")  # fmt: skip
    if show_misses:
        for line in misses:
            print(f"  MISS {line[:220]}")
    return sum(total), len(total), invented, wrong_zeros


def fixtures() -> None:
    right = total = 0
    for folder in find_fixtures(REPO / "fixtures"):
        fx = load_fixture(folder)
        if fx.kind != "article" or not fx.expected or "comment_count" not in fx.expected:
            continue
        actual = run_fixture(fx)
        want = (fx.expected["comment_count"], fx.expected.get("comment_count_source"))
        total += 1
        right += want == (actual.get("comment_count"), actual.get("comment_count_source"))
    print(f"\nfixtures (known layouts, count and source): {right}/{total}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--min-accuracy", type=float)
    parser.add_argument("--max-invented", type=int)
    parser.add_argument("--max-wrong-zeros", type=int)
    parser.add_argument("--strict", action="store_true", help="missing ../shared is an error")
    parser.add_argument("--show-misses", action="store_true")
    args = parser.parse_args()
    right, total, invented, wrong_zeros = labelled(args.strict, args.show_misses)
    fixtures()
    failures = []
    if total and args.min_accuracy is not None and right / total < args.min_accuracy:
        failures.append(f"accuracy {right / total:.3f} < {args.min_accuracy}")
    if args.max_invented is not None and invented > args.max_invented:
        failures.append(f"{invented} invented counts > {args.max_invented}")
    if args.max_wrong_zeros is not None and wrong_zeros > args.max_wrong_zeros:
        failures.append(f"{wrong_zeros} wrong zeros > {args.max_wrong_zeros}")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    print(json.dumps({"labelled": total, "right": right, "invented": invented,
                      "wrong_zeros": wrong_zeros}))  # fmt: skip
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
