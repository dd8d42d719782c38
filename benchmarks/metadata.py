"""Headline, publication date, authors and language: how often newsarchive gets them right.

Two sets of pages:

- the project's fixtures (``fixtures/*``), against their reviewed ``output.json``;
- the AEB dev pages (``../shared/benchmarks/aeb-dev``) that declare the field in JSON-LD (else
  OpenGraph: ``og:title``, ``article:published_time``, ``og:locale``): that declaration is the
  truth.

Each set runs twice: on the page as fetched, and on the page with its structured data removed
(JSON-LD scripts, ``<meta>`` tags, ``itemprop`` attributes). The first shows whether the
extractor's choices agree with what the page declares; the second measures the visible-HTML
fallbacks (``<h1>``, ``<time>``, bylines, ``<html lang>``) that small sites without SEO plugins
depend on — on pages whose truth was not read by those fallbacks.

    python benchmarks/metadata.py [AEB_DIR] [--fixtures DIR] [--show-misses N]

Matching: headline equal after Unicode/space/case/quote normalisation; date the same calendar
day as each value writes it, and separately the same instant to the minute (pages print local
times, rarely with an offset: the extractor then assumes the spider's timezone, UTC by default);
authors the same set of names, compared normalised; language the same primary subtag (``en-US``
= ``en``).
"""

from __future__ import annotations

import argparse
import gzip
import html
import json
import re
import sys
import unicodedata
from collections import defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from newsarchive.extract import extract_article  # noqa: E402
from newsarchive.extract.dates import parse_date  # noqa: E402
from newsarchive.extract.encoding import decode_html  # noqa: E402
from newsarchive.extract.jsonld import (  # noqa: E402
    article_node,
    first_text,
    index_by_id,
    nodes,
    texts,
)
from newsarchive.fixtures import find_fixtures, load_fixture  # noqa: E402

FIELDS = ("headline", "date_published", "authors", "in_language")
METRICS = {  # what is compared: field it reads
    "headline": "headline",
    "date (day)": "date_published",
    "date (minute)": "date_published",
    "authors": "authors",
    "language": "in_language",
}
Truth = dict[str, Any]


def norm_text(value: str | None) -> str:
    text = unicodedata.normalize("NFKC", html.unescape(value or ""))
    text = text.translate(str.maketrans("‘’“”«»", '\'\'""""'))
    return " ".join(text.casefold().split()).strip(" .")


def norm_authors(values: Iterable[str] | None) -> frozenset[str]:
    """Names compared normalised, a leading "By " dropped (some JSON-LD keeps the byline's)."""
    names = (re.sub(r"^by\s+", "", norm_text(v)) for v in values or [])
    return frozenset(n for n in names if n)


def norm_language(value: str | None) -> str:
    return re.split(r"[-_]", value or "", maxsplit=1)[0].lower()


def local_moment(value: str | None) -> datetime | None:
    """The moment as the value writes it (its own offset kept; none given: as printed)."""
    iso = parse_date(value) if value else None
    return datetime.fromisoformat(iso) if iso else None


def same(metric: str, want: Any, got: Any) -> bool:
    if metric == "headline":
        return norm_text(want) == norm_text(got)
    if metric == "authors":
        return norm_authors(want) == norm_authors(got)
    if metric == "language":
        return norm_language(want) == norm_language(got)
    w, g = local_moment(want), local_moment(got)
    if w is None or g is None:
        return False
    if metric == "date (day)":
        # Pages print their local date, rarely with an offset: compare calendar days.
        return w.date() == g.date()
    return w.astimezone(UTC).replace(second=0, microsecond=0) == g.astimezone(UTC).replace(
        second=0, microsecond=0
    )


def declared(doc: lxml_html.HtmlElement, url: str) -> Truth:
    """What the page's JSON-LD article node (else OpenGraph) says of each field."""
    all_nodes = nodes(doc)
    node = article_node(all_nodes, url) or {}
    by_id = index_by_id(all_nodes)

    def meta(prop: str) -> str | None:
        found = doc.xpath(f'//meta[@property="{prop}"]/@content')
        return found[0].strip() if found and found[0].strip() else None

    title = meta("og:title")
    site = meta("og:site_name")
    if title and site:
        # og:title often carries the site's name: "Headline | Site", "Headline - Site".
        title = re.sub(rf"\s*[-|–—:]\s*{re.escape(site)}\s*$", "", title) or title
    truth: Truth = {
        "headline": first_text(node.get("headline"), by_id) or title,
        "date_published": first_text(node.get("datePublished"), by_id)
        or meta("article:published_time"),
        "in_language": first_text(node.get("inLanguage"), by_id) or meta("og:locale"),
    }
    authors = node.get("author")
    names = texts(authors, by_id) if authors is not None else []
    if names:
        truth["authors"] = names
    if truth["date_published"] and not parse_date(truth["date_published"]):
        truth["date_published"] = None  # placeholders such as 0001-01-01 say nothing
    return {k: v for k, v in truth.items() if v}


def parse(data: bytes) -> lxml_html.HtmlElement:
    """The page as newsarchive decodes it (declared charset checked against the bytes)."""
    text, _ = decode_html(data)
    return lxml_html.document_fromstring(text)


def strip_structured_data(data: bytes) -> bytes:
    """The page without JSON-LD, ``<meta>`` tags or microdata: only what a reader sees."""
    doc = parse(data)
    for node in doc.xpath('//script[contains(@type, "ld+json")] | //meta'):
        node.getparent().remove(node)
    for node in doc.xpath("//*[@itemprop or @itemscope or @itemtype]"):
        for attr in ("itemprop", "itemscope", "itemtype"):
            node.attrib.pop(attr, None)
    head = doc.find("head")
    if head is None:
        head = etree.SubElement(doc, "head")
        doc.insert(0, head)
    head.insert(0, etree.Element("meta", charset="utf-8"))
    out: bytes = etree.tostring(doc, encoding="utf-8", method="html")
    return out


def extracted(data: bytes, url: str) -> Truth:
    item = extract_article(data, url)
    return {field: getattr(item, field) for field in FIELDS}


Page = tuple[str, str, bytes, Truth]


def aeb_pages(folder: Path) -> list[Page]:
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        data = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        url = truth[key].get("url") or "http://example.com/"
        pages.append((key[:10], url, data, declared(parse(data), url)))
    return pages


def fixture_pages(root: Path) -> list[Page]:
    pages = []
    for folder in find_fixtures(root):
        fx = load_fixture(folder)
        if fx.kind != "article" or not fx.expected:
            continue
        want = {f: fx.expected[f] for f in FIELDS if fx.expected.get(f)}
        pages.append((folder.name, fx.url, fx.body, want))
    return pages


def measure(
    pages: list[Page], transform: Callable[[bytes], bytes], misses: list[str]
) -> dict[str, tuple[int, int]]:
    scores: dict[str, list[bool]] = defaultdict(list)
    for name, url, data, truth in pages:
        got = extracted(transform(data), url)
        for metric, field in METRICS.items():
            if field not in truth:
                continue
            ok = same(metric, truth[field], got[field])
            scores[metric].append(ok)
            if not ok:
                misses.append(
                    f"{name} {metric}: declared {truth[field]!r}, extracted {got[field]!r}"
                )
    return {metric: (sum(scores[metric]), len(scores[metric])) for metric in METRICS}


def table(title: str, rows: dict[str, dict[str, tuple[int, int]]]) -> list[str]:
    lines = [title, f"{'field':16}" + "".join(f"{name:>26}" for name in rows)]
    for metric in METRICS:
        cells = []
        for result in rows.values():
            right, total = result[metric]
            cells.append(f"{right}/{total} ({right / total:.0%})" if total else "-")
        lines.append(f"{metric:16}" + "".join(f"{c:>26}" for c in cells))
    return lines


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("aeb", nargs="?", default=str(REPO.parent / "shared/benchmarks/aeb-dev"))
    parser.add_argument("--fixtures", default=str(REPO / "fixtures"))
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    args = parser.parse_args()
    out: list[str] = []
    for title, pages in (
        (f"project fixtures ({args.fixtures})", fixture_pages(Path(args.fixtures))),
        (f"AEB dev pages with JSON-LD/OpenGraph truth ({args.aeb})", aeb_pages(Path(args.aeb))),
    ):
        misses: dict[str, list[str]] = {"as fetched": [], "structured data removed": []}
        rows = {
            "as fetched": measure(pages, lambda d: d, misses["as fetched"]),
            "structured data removed": measure(
                pages, strip_structured_data, misses["structured data removed"]
            ),
        }
        out += [*table(f"{title}: {len(pages)} pages", rows), ""]
        for label, found in misses.items():
            for line in found[: args.show_misses]:
                out.append(f"  miss ({label}): {line[:200]}")
    print("\n".join(out).rstrip())
    return 0


if __name__ == "__main__":
    sys.exit(main())
