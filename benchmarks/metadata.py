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
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from lxml import etree
from lxml import html as lxml_html

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from benchmarks.corpora import CORPORA  # noqa: E402
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


# -- WCXB-dev: hand-checked truth, visible HTML only ------------------------------------------
_CREDENTIAL = re.compile(r"^(?:[A-Z]{2,6}|Ph\.?D\.?|M\.?D\.?|Jr\.?|Sr\.?|[A-Z]\.[A-Z]\.?)$")
_ROLE = re.compile(
    r"\b(?:staff|writer|editor|reporter|correspondent|contributor|expert|director|founder|ceo|"
    r"president|manager|officer|consultant|attorney|dietitian|specialist|analyst|candidate|"
    r"representative|years|of)\b",
    re.I,
)


def truth_names(author: str) -> list[str]:
    """The names in a truth author string: split on commas, "and", "&", "|"; credentials
    ("MD", "PhD") and, after the first name, roles ("Shipping Expert") left out."""
    parts = [p.strip() for p in re.split(r",|;|\band\b|&|\|", author) if p.strip()]
    return [
        norm_text(p)
        for i, p in enumerate(parts)
        if not _CREDENTIAL.match(p) and (i == 0 or not _ROLE.search(p))
    ]


def authors_found(truth: str, extracted: list[str]) -> bool:
    """Every truth name found among the extracted authors (within one of them)."""
    names = truth_names(truth)
    got = [norm_text(a) for a in extracted]
    return bool(names) and all(any(n in g for g in got) for n in names)


def same_day(truth: str | None, value: str | None) -> bool:
    return bool(truth and value and value[:10] == truth[:10])


def wcxb(folder: Path | None, strict: bool) -> dict[str, float] | None:
    """Dates, authors and headlines on WCXB-dev's articles, beside htmldate and trafilatura
    measured on the same pages in the same run."""
    from benchmarks.corpora import load, require

    if not require(["wcxb-dev"], strict=strict):
        return None
    try:
        import htmldate
        import trafilatura
    except ImportError:  # pragma: no cover - declared dependencies
        htmldate = trafilatura = None
    pages = [p for p in load("wcxb-dev", folder) if p.is_article]
    rows = []
    for page in pages:
        item = extract_article(page.html, page.url)
        peer_date = peer_author = None
        if htmldate is not None:
            peer_date = htmldate.find_date(page.html, url=page.url, original_date=True)
            found = trafilatura.bare_extraction(page.html, url=page.url, with_metadata=True)
            peer_author = getattr(found, "author", None) if found is not None else None
            traf_date = getattr(found, "date", None) if found is not None else None
        else:
            traf_date = None
        rows.append((page.truth, item, peer_date, traf_date, peer_author, page.key))
    dated = [r for r in rows if r[0].get("date_published")]
    undated = [r for r in rows if not r[0].get("date_published")]
    with_author = [r for r in rows if r[0].get("author")]
    figures = {
        "date": sum(same_day(t["date_published"], i.date_published) for t, i, *_ in dated)
        / len(dated),
        "undated_given": sum(1 for _, i, *_ in undated if i.date_published),
        "authors": sum(authors_found(t["author"], i.authors) for t, i, *_ in with_author)
        / len(with_author),
    }
    peers = {
        "htmldate 1.x (original date)": (
            sum(same_day(t["date_published"], d) for t, _, d, _, _, _ in dated) / len(dated),
            sum(1 for _, _, d, _, _, _ in undated if d),
        ),
        "trafilatura (metadata)": (
            sum(same_day(t["date_published"], d) for t, _, _, d, _, _ in dated) / len(dated),
            sum(1 for _, _, _, d, _, _ in undated if d),
        ),
    }
    traf_authors = sum(
        authors_found(t["author"], [x.strip() for x in (a or "").split(";") if x.strip()])
        for t, _, _, _, a, _ in with_author
    ) / len(with_author)
    verdicts = undated_verdicts([(key, i.date_published) for _, i, *_, key in undated])
    figures["foreign_dates"] = verdicts["other"] + verdicts["unlabelled"]
    sources = Counter(i.date_published_source for _, i, *_ in rows if i.date_published)
    counts = f"{len(dated)} dated, {len(undated)} undated, {len(with_author)} with an author"
    print(f"WCXB-dev articles: {len(rows)} pages ({counts}); same day / every truth name found")
    print(f"{'extractor':30} {'date':>7} {'undated given':>14} {'authors':>8}")
    print(f"{'newsarchive':30} {figures['date']:7.3f} {figures['undated_given']:>14} "
          f"{figures['authors']:8.3f}")  # fmt: skip
    for name, (date, given) in peers.items():
        author = f"{traf_authors:8.3f}" if name.startswith("trafilatura") else f"{'-':>8}"
        print(f"{name:30} {date:7.3f} {given:>14} {author}")
    print(f"newsarchive's dates came from: {dict(sources.most_common())}")
    print(
        f"newsarchive's dates on the {figures['undated_given']} undated pages, checked by hand "
        f"({UNDATED_LABELS.relative_to(REPO)}): {verdicts['declared']} declared by the publisher, "
        f"{verdicts['printed']} printed as the publication date, {verdicts['updated']} printed "
        f"or declared as the last update or review, {verdicts['other']} another item's date "
        f"(a comment, a teaser, a listing); {verdicts['unlabelled']} not checked yet"
    )
    return figures


# The dates newsarchive gives on WCXB-dev articles whose truth has none, each checked on the
# page: is it this page's date (declared, printed as published, printed as updated) or another
# item's? A date not in the file counts as another item's until someone checks it.
UNDATED_LABELS = REPO / "benchmarks" / "labels" / "undated_dates.jsonl"


def undated_verdicts(given: list[tuple[str, str | None]]) -> Counter[str]:
    labels = {}
    for line in UNDATED_LABELS.read_text(encoding="utf-8").splitlines():
        if line.strip():
            entry = json.loads(line)
            labels[(entry["key"], entry["date"])] = entry["verdict"]
    verdicts: Counter[str] = Counter()
    for key, date in given:
        if date:
            verdicts[labels.get((key, date[:10]), "unlabelled")] += 1
    return verdicts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("aeb", nargs="?", default=str(CORPORA["aeb-dev"]))
    parser.add_argument("--fixtures", default=str(REPO / "fixtures"))
    parser.add_argument("--show-misses", type=int, default=0, metavar="N")
    parser.add_argument("--wcxb", type=Path, help="WCXB-dev folder (default ../shared/...)")
    parser.add_argument("--min-date", type=float, help="gate: WCXB-dev date accuracy")
    parser.add_argument("--min-authors", type=float, help="gate: WCXB-dev author accuracy")
    parser.add_argument("--max-undated", type=int, help="gate: dates given on undated pages")
    parser.add_argument(
        "--max-foreign-dates",
        type=int,
        help="gate: undated pages given another item's date, or a date nobody checked",
    )
    parser.add_argument("--strict", action="store_true", help="missing ../shared is an error")
    args = parser.parse_args()
    out: list[str] = []
    sets = [(f"project fixtures ({args.fixtures})", fixture_pages(Path(args.fixtures)))]
    if (Path(args.aeb) / "ground-truth.json").is_file():
        title = f"AEB dev pages with JSON-LD/OpenGraph truth ({args.aeb})"
        sets.append((title, aeb_pages(Path(args.aeb))))
    elif args.strict:
        raise SystemExit(f"error: no AEB dev corpus at {args.aeb}")
    for title, pages in sets:
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
    print()
    figures = wcxb(args.wcxb, args.strict)
    failures = []
    if figures is not None:
        if args.min_date is not None and figures["date"] < args.min_date:
            failures.append(f"WCXB-dev date {figures['date']:.3f} < {args.min_date}")
        if args.min_authors is not None and figures["authors"] < args.min_authors:
            failures.append(f"WCXB-dev authors {figures['authors']:.3f} < {args.min_authors}")
        if args.max_undated is not None and figures["undated_given"] > args.max_undated:
            failures.append(f"{figures['undated_given']} undated pages given a date")
        foreign = figures["foreign_dates"]
        if args.max_foreign_dates is not None and foreign > args.max_foreign_dates:
            failures.append(f"{foreign} undated pages given another item's or an unchecked date")
    for failure in failures:
        print(f"FAIL: {failure}", file=sys.stderr)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
