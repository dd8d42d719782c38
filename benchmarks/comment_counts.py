"""Comment-count accuracy on the project's fixtures, split by source and by language.

Every article fixture whose ``output.json`` pins ``comment_count`` is run through the real spider
callback; a page is right when the count (``None`` included) and the source both match. The
fixtures were written for this project, several while the extractor was being built, so this
measures coverage of known layouts, not performance on unseen sites.

    python benchmarks/comment_counts.py [FIXTURES_DIR]
"""

from __future__ import annotations

import json
import sys
from collections import defaultdict
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.fixtures import find_fixtures, load_fixture, run_fixture  # noqa: E402


def main() -> int:
    root = Path(sys.argv[1]) if len(sys.argv) > 1 else REPO / "fixtures"
    by_source: dict[str, list[bool]] = defaultdict(list)
    by_language: dict[str, list[bool]] = defaultdict(list)
    wrong: list[str] = []
    for folder in find_fixtures(root):
        fx = load_fixture(folder)
        if fx.kind != "article" or not fx.expected or "comment_count" not in fx.expected:
            continue
        actual = run_fixture(fx)
        want = (fx.expected["comment_count"], fx.expected.get("comment_count_source"))
        got = (actual.get("comment_count"), actual.get("comment_count_source"))
        ok = want == got
        by_source[str(want[1] or "none (no count)")].append(ok)
        by_language[str(fx.meta.get("language", "?"))].append(ok)
        if not ok:
            wrong.append(f"{folder.name}: expected {want}, got {got}")
    total = [ok for oks in by_source.values() for ok in oks]
    for title, groups in (("source", by_source), ("language", by_language)):
        print(f"\n| {title} | pages | right | accuracy |\n| --- | --- | --- | --- |")
        for key in sorted(groups):
            oks = groups[key]
            print(f"| {key} | {len(oks)} | {sum(oks)} | {sum(oks) / len(oks):.0%} |")
    print(f"\nall: {sum(total)}/{len(total)} pages right ({sum(total) / max(len(total), 1):.1%})")
    for line in wrong:
        print(f"  WRONG {line}")
    print(json.dumps({"pages": len(total), "right": sum(total)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
