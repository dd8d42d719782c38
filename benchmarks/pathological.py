"""Extraction time per KB: pathological pages against real ones.

Issue 15 asks that no page make extraction slower per KB than real pages are: a quadratic
pattern turns into a stalled crawl on the first hostile page. Pathological inputs are built
at two sizes, so a super-linear cost shows as a growing ms/KB; real pages are the fixtures and,
when ../shared is there, the AEB dev corpus.

    python benchmarks/pathological.py [--fuzz 3000]

``--fuzz N`` also runs the fuzz test's generator over N inputs and prints its figures.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from newsarchive.extract import extract_article  # noqa: E402
from newsarchive.testing.hostile_pages import URL, fuzz  # noqa: E402

SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", ROOT.parent / "shared"))
P = "The council approved the budget on Tuesday, after a long debate, with amendments. "

CASES: dict[str, Callable[[int], str]] = {
    "U+3000 run in a paragraph": lambda n: f"<p>{P}{chr(0x3000) * n}{P}</p>",
    "U+2005 run in og:title": lambda n: f'<meta property="og:title" content="a{chr(0x2005) * n}b">',
    "U+2028 run before a count": lambda n: f'<a href="#comments">1{chr(0x2028) * n} comments</a>',
    "spaces between title parts": lambda n: f"<title>a{' ' * n}| b</title><p>{P}</p>",
    "nested [ in JSON-LD": lambda n: f'<script type="application/ld+json">{"[" * n}</script>',
    "nested <div>": lambda n: "<div class=entry-content>" * (n // 20) + P,
    "control characters": lambda n: f"<p>{P}</p><div class=share>x</div>{chr(27) * n}<p>{P}</p>",
    "&nbsp; run in the body": lambda n: f"<div class=entry-content><p>{P}{'&nbsp;' * (n // 6)}</p>",
    "copyright signs in the body": lambda n: f"<div class=entry-content><p>{P}{'©' * n}</p>",
    "digits before 'comments'": lambda n: f'<a href="#comments">{"1 " * (n // 2)}comments</a>',
    "unclosed <title>": lambda n: f"<title>{P * (n // len(P))}",
    "tag soup of <b>": lambda n: "<b>" * (n // 3) + P,
    "e-mail forms in one wrapper": lambda n: (
        f"<div><p>{P}</p>" + "<div>Join<form><input type=email></form></div>" * (n // 50)
    ),
    # One element repeated, each a quadratic path once (twelfth session).
    "a<br> lines under the headline": lambda n: f"<h1>Story</h1><div>{'a<br>' * (n // 5)}</div>",
    "a list of links in the text": lambda n: (
        f"<div class=entry-content><p>{P}</p><ul>{'<li><a href=/t>tag</a></li>' * (n // 29)}</ul>"
    ),
    "'Comment' labels in a form": lambda n: (
        f"<p>{P}</p><form>{'<input name=x><label>Comment</label>' * (n // 37)}</form>"
    ),
    "teasers with a <time>": lambda n: (
        f"<p>{P}</p>{'<article><time datetime=2020-01-01>x</time></article>' * (n // 53)}"
    ),
    "boxes of tag links": lambda n: (
        f"<p>{P}</p>{'<div class=tags-links><a href=/t>t</a></div>' * (n // 45)}"
    ),
    "links with href, src and content": lambda n: (
        f"<p>{P}</p>{'<a href=/x src=/y content=z>t</a>' * (n // 34)}"
    ),
    # Many of one thing in one place, each read through the same wrappers (thirteenth session).
    "counts in one comment area": lambda n: (
        f"<h1>Story</h1><p>{P}</p><div class=comments-area>"
        f"{'<span class=comments-number>5 Comments</span>' * (n // 46)}</div>"
    ),
    "counts under 200 nested <div>s": lambda n: (
        f"<h1>Story</h1><p>{P}</p>{'<div>' * 200}{'<p>12 comments</p>' * (n // 18)}"
    ),
    "links under a long id": lambda n: (
        f"<div id={'i' * (n // 2)}><h1>Story</h1><p>{P}</p>"
        f"{'<a href=/x>a link</a> ' * (n // 46)}</div>"
    ),
    "dates under a long class": lambda n: (
        f"<div class='{'c ' * (n // 4)}'><h1>Story</h1>"
        f"{'<span class=date>March 3, 2024</span>' * 200}<p>{P}</p></div>"
    ),
    # Left: libxml2's parser checks each attribute against the element's others.
    "attributes on one <div> (left)": lambda n: (
        f"<div {' '.join(f'data-comment-count-{i}=1' for i in range(n // 27))}><p>{P}</p></div>"
    ),
}


def ms_per_kb(page: bytes) -> float:
    start = time.perf_counter()
    extract_article(page, URL)
    return (time.perf_counter() - start) * 1000 / max(len(page) / 1024, 1)


def real_pages() -> list[bytes]:
    pages = [p.read_bytes() for p in sorted((ROOT / "fixtures").glob("*/body.html"))]
    corpus = SHARED / "benchmarks" / "aeb-dev" / "html"
    if corpus.is_dir():
        pages += [gzip.decompress(p.read_bytes()) for p in sorted(corpus.glob("*.html.gz"))]
    return pages


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--fuzz", type=int, default=0, metavar="N", help="also fuzz N inputs")
    args = parser.parse_args()
    pages = real_pages()
    real = sorted(ms_per_kb(page) for page in pages)
    median, worst = real[len(real) // 2], real[-1]
    print(f"real pages: {len(pages)}, median {median:.3f} ms/KB, slowest {worst:.3f} ms/KB")
    print(f"{'pathological input':32} {'100 KB':>10} {'1 MB':>10}  (ms/KB)")
    slowest = 0.0
    for name, build in CASES.items():
        small, large = (ms_per_kb(build(n).encode()) for n in (100_000, 1_000_000))
        slowest = max(slowest, small, large)
        print(f"{name:32} {small:10.3f} {large:10.3f}")
    verdict = "ok" if slowest <= worst else "SLOWER than the slowest real page"
    print(f"slowest pathological: {slowest:.3f} ms/KB ({slowest / median:.1f}x the real median)"
          f" — {verdict}")  # fmt: skip
    if args.fuzz:
        report = fuzz(extract_article, args.fuzz, pages=pages[:40])
        print(f"fuzz: {report.summary()}")
        for failure in report.failures[:10]:
            print(f"  {failure}")


if __name__ == "__main__":
    main()
