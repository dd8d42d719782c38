"""Body-extraction quality and speed on an AEB-format benchmark, side by side with peers.

Reads ``html/<id>.html.gz`` and ``ground-truth.json`` in place (default
``../shared/benchmarks/aeb-dev``), runs newsarchive's full ``extract_article`` (all fields, not
only the body) and, when installed, trafilatura and readability-lxml on the same pages, and
prints F1 / precision / recall / accuracy and pages/s from one run, then the worst pages of
newsarchive for diagnosis.

    python benchmarks/extraction.py [DIR] [--limit N] [--worst N] [--min-f1 F]

``--min-f1`` makes it a gate: exit 1 when newsarchive's F1 falls below the floor.
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import time
from collections.abc import Callable
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.extract import extract_article  # noqa: E402
from newsarchive.quality import score_page, summarize  # noqa: E402

DEFAULT_DIR = REPO.parent / "shared" / "benchmarks" / "aeb-dev"


def load(folder: Path, limit: int | None) -> list[tuple[str, str, bytes, str]]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        pages.append((key, truth[key].get("url") or "http://example.com/", html,
                      truth[key].get("articleBody") or ""))  # fmt: skip
    return pages


def extractors() -> dict[str, Callable[[bytes, str], str | None]]:
    found: dict[str, Callable[[bytes, str], str | None]] = {
        "newsarchive": lambda html, url: extract_article(html, url).article_body
    }
    try:
        import trafilatura

        found["trafilatura"] = lambda html, url: trafilatura.extract(html, url=url)
    except ImportError:
        pass
    try:
        from lxml import html as lxml_html
        from readability import Document

        def readability_text(html: bytes, url: str) -> str | None:
            summary = Document(html, url=url).summary(html_partial=True)
            return lxml_html.fromstring(summary).text_content()

        found["readability-lxml"] = readability_text
    except ImportError:
        pass
    return found


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", nargs="?", type=Path, default=DEFAULT_DIR)
    parser.add_argument("--limit", type=int, help="only the first N pages (smoke run)")
    parser.add_argument("--worst", type=int, default=8, help="worst pages to list")
    parser.add_argument("--min-f1", type=float, help="fail when newsarchive's F1 is below")
    args = parser.parse_args()
    if not (args.folder / "ground-truth.json").is_file():
        print(f"error: no ground-truth.json in {args.folder}", file=sys.stderr)
        return 2
    pages = load(args.folder, args.limit)
    print(f"{len(pages)} pages from {args.folder}")
    print(f"{'extractor':18} {'F1':>6} {'prec':>6} {'recall':>6} {'acc':>6} {'pages/s':>8}")
    results: dict[str, float] = {}
    worst: list[tuple[float, str]] = []
    for name, extract in extractors().items():
        predictions, elapsed = [], 0.0
        for _key, url, html, _truth in pages:
            start = time.perf_counter()
            predictions.append(extract(html, url))
            elapsed += time.perf_counter() - start
        summary = summarize((t, p) for (_, _, _, t), p in zip(pages, predictions, strict=True))
        results[name] = summary.f1
        print(f"{name:18} {summary.f1:6.3f} {summary.precision:6.3f} {summary.recall:6.3f} "
              f"{summary.accuracy:6.3f} {len(pages) / elapsed:8.1f}")  # fmt: skip
        if name == "newsarchive":
            for (key, _, _, truth), pred in zip(pages, predictions, strict=True):
                s = score_page(truth, pred)
                line = f"P={s.precision:.2f} R={s.recall:.2f} {key}"
                worst.append(((s.precision + s.recall) / 2, line))
    if "trafilatura" in results:
        ratio = results["newsarchive"] / results["trafilatura"]
        print(f"F1 ratio newsarchive/trafilatura: {ratio:.3f}")
    print("worst newsarchive pages:")
    for _, line in sorted(worst)[: args.worst]:
        print(f"  {line}")
    if args.min_f1 is not None and results["newsarchive"] < args.min_f1:
        print(f"FAIL: F1 {results['newsarchive']:.3f} < floor {args.min_f1}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
