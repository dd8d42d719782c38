"""Kill -9 a crawl of the sample site at random moments, resume each time, and check the end.

    python benchmarks/kill_resume.py [--articles 2000] [--kills 10] [--seed 1]

Prints how many kills landed, whether any article already stored was fetched again by a later
run (must be none), and the final archive: every article exactly once, integrity ok.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.testing import NewsSite, SiteServer  # noqa: E402
from newsarchive.testing.killer import kill_and_resume  # noqa: E402


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--kills", type=int, default=10)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    with (
        tempfile.TemporaryDirectory() as tmp,
        SiteServer(NewsSite(n_articles=args.articles)) as server,
    ):
        start = time.perf_counter()
        report = kill_and_resume(server, Path(tmp) / "kill.db", REPO, args.kills, args.seed)
        seconds = time.perf_counter() - start
    ok = (
        not report.refetched_after_store
        and report.final_articles == report.distinct_articles == args.articles
        and report.integrity == "ok"
    )
    print(f"{report.kills} kill -9 landed over {report.runs} runs in {seconds:.0f} s "
          "(each once 5-40 % of the missing articles were stored)")  # fmt: skip
    print(f"stored articles fetched again after a kill: {len(report.refetched_after_store)}")
    print(f"final archive: {report.final_articles} articles, {report.distinct_articles} distinct, "
          f"of {args.articles}; integrity_check: {report.integrity}")  # fmt: skip
    print("OK" if ok else "FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
