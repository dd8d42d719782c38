"""Body F1 when a page lacks markup the reader may lean on: a stress test for unseen sites.

Every figure tuned on the dev corpora rests on the markup those pages have. Here each dev
article page is read again with one kind of markup taken away — every ``<h1>`` made a
``<div>``, every class and id gone, no ``<meta>``/``<title>``, every title the site's name, no
HTML5 sectioning tags — and the body F1 (and the headline's exact match, where the corpus has
its truth) compared with the same pages merely parsed and serialized again (the round trip
alone moves a few pages a little). A large drop under one mode says a rule
depends on that markup; ``--peer`` runs trafilatura on the same pages for comparison.

    python benchmarks/markup_stress.py [--corpus aeb-dev --corpus wcxb-dev] [--limit N]
        [--mode no-h1 ...] [--peer] [--strict]

Figures per corpus and per WCXB-dev half (A/B by MD5 of the page id, as elsewhere).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable
from pathlib import Path

from lxml import etree

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from benchmarks.corpora import Page, load, require
from benchmarks.extraction import norm_headline
from benchmarks.page_types import split
from newsarchive.extract import extract_page
from newsarchive.extract.encoding import decode_html
from newsarchive.extract.html import HtmlElement, drop, parse_html
from newsarchive.quality import summarize

_IDENTITY_ATTRIBUTES = ("class", "id", "itemprop", "itemtype", "itemscope", "role", "rel")
_SECTIONING = ("article", "main", "header", "footer", "nav", "aside", "section", "time")


def _retag(tags: tuple[str, ...]) -> Callable[[HtmlElement], None]:
    def apply(doc: HtmlElement) -> None:
        for element in doc.iter(*tags):
            element.tag = "div"

    return apply


def _no_identity(doc: HtmlElement) -> None:
    for element in doc.iter(etree.Element):
        for name in _IDENTITY_ATTRIBUTES:
            element.attrib.pop(name, None)


def _no_metadata(doc: HtmlElement) -> None:
    for element in list(doc.iter("meta", "title")):
        drop(element)


_TITLE_METAS = {"og:title", "twitter:title", "title", "dc.title", "parsely-title"}


def _site_title(doc: HtmlElement) -> None:
    """Every page titled with the site's name (``og:site_name``, else "Site"), as by a CMS
    left at its default; the JSON-LD (its ``headline``) goes too."""
    names = [m.get("content") for m in doc.iter("meta") if m.get("property") == "og:site_name"]
    for meta in list(doc.iter("meta")):
        if (meta.get("property") or meta.get("name") or "").lower() in _TITLE_METAS:
            drop(meta)
    for script in list(doc.iter("script")):
        drop(script)
    for title in doc.iter("title"):
        title.text = next((name for name in names if name), "Site")
        for child in list(title):
            title.remove(child)


MODES: dict[str, Callable[[HtmlElement], None] | None] = {
    "round-trip": None,
    "no-h1": _retag(("h1",)),
    "no-classes": _no_identity,
    "no-metadata": _no_metadata,
    "site-title": _site_title,
    "no-sectioning": _retag(_SECTIONING),
}


def stressed(page: Page, mode: str) -> bytes:
    """The page decoded and parsed as the extractor does (lxml alone guesses the charset of
    a page that declares none, and reads UTF-8 Korean or Russian as Latin-1), changed by
    ``mode``, serialized as UTF-8."""
    text, _ = decode_html(page.html)
    doc = parse_html(text)
    change = MODES[mode]
    if change is not None:
        change(doc)
    return bytes(etree.tostring(doc, encoding="utf-8", method="html"))


def ours(html: bytes, url: str) -> tuple[str, str | None]:
    article = extract_page(html, url).article
    return article.article_body or "", article.headline


def trafilatura_body(html: bytes, url: str) -> tuple[str, str | None]:
    import trafilatura

    return trafilatura.extract(html, url=url) or "", None


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", action="append", choices=["aeb-dev", "wcxb-dev"])
    parser.add_argument("--mode", action="append", choices=[m for m in MODES if m != "round-trip"])
    parser.add_argument("--limit", type=int, help="first N pages of each corpus (a smoke run)")
    parser.add_argument("--peer", action="store_true", help="trafilatura on the same pages")
    parser.add_argument("--strict", action="store_true", help="missing ../shared is an error")
    args = parser.parse_args()
    corpora = require(args.corpus or ["aeb-dev", "wcxb-dev"], strict=args.strict)
    if not corpora:
        return 0
    modes = ["round-trip", *(args.mode or [m for m in MODES if m != "round-trip"])]
    readers: dict[str, Callable[[bytes, str], tuple[str, str | None]]] = {"newsarchive": ours}
    if args.peer:
        readers["trafilatura"] = trafilatura_body
    pages = [p for name in corpora for p in load(name, limit=args.limit) if p.is_article]
    groups = {
        f"{name} {half}": [p for p in pages if p.corpus == name and split(p.key) == half]
        for name in corpora
        for half in ("A", "B")
    }
    print(f"body F1 on {len(pages)} article pages; change from the round trip in brackets")
    print(f"{'reader':12} {'mode':14} " + " ".join(f"{g:>20}" for g in groups))
    for reader, read in readers.items():
        baseline: dict[str, float] = {}
        for mode in modes:
            read_pages = {p.key: read(stressed(p, mode), p.url) for p in pages}
            bodies = {key: body for key, (body, _) in read_pages.items()}
            cells, headlines = [], []
            for group, members in groups.items():
                pairs = [(p.truth.get("articleBody") or "", bodies[p.key]) for p in members]
                f1 = summarize(pairs).f1
                empty = sum(1 for p in members if not bodies[p.key].strip())
                baseline.setdefault(group, f1)
                delta = f"({f1 - baseline[group]:+.3f})" if mode != "round-trip" else ""
                cells.append(f"{f1:.4f}{delta:>9} e{empty:<2}".rjust(20))
                titled = [p for p in members if p.truth.get("headline")]
                if titled and reader == "newsarchive":
                    right = sum(
                        norm_headline(p.truth["headline"]) == norm_headline(read_pages[p.key][1])
                        for p in titled
                    )
                    headlines.append(f"{group} {right / len(titled):.3f}")
            line = f"{reader:12} {mode:14} " + " ".join(cells)
            print(line + (f"  headline: {', '.join(headlines)}" if headlines else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
