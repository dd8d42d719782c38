"""The benchmark corpora, read in place from ``../shared/benchmarks/`` (never copied here).

Both use the AEB layout: ``html/<id>.html.gz`` and ``ground-truth.json``. AEB dev pages are
all news articles with body truth; WCXB-dev pages carry a ``page_type`` (``article`` for 711
of 1,358) and truth for body, headline, author and date.
"""

from __future__ import annotations

import gzip
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("NEWSARCHIVE_SHARED", REPO.parent / "shared")) / "benchmarks"
CORPORA = {"aeb-dev": SHARED / "aeb-dev", "wcxb-dev": SHARED / "wcxb-dev"}


@dataclass(frozen=True, slots=True)
class Page:
    corpus: str
    key: str
    url: str
    html: bytes
    truth: dict[str, Any]

    @property
    def is_article(self) -> bool:
        return self.truth.get("page_type", "article") == "article"


def load(name: str, folder: Path | None = None, *, limit: int | None = None) -> list[Page]:
    """Every page of a corpus, sorted by id (``limit``: the first N, for a smoke run)."""
    folder = folder or CORPORA[name]
    truth = json.loads((folder / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth)[:limit]:
        html = gzip.decompress((folder / "html" / f"{key}.html.gz").read_bytes())
        url = truth[key].get("url") or "http://example.com/"
        pages.append(Page(name, key, url, html, truth[key]))
    return pages


def require(names: list[str], *, strict: bool) -> list[str]:
    """The corpora present; a missing one is an error under ``strict`` (CI has them all),
    else a note on stderr (a fresh clone has no ``../shared``)."""
    present = []
    for name in names:
        if (CORPORA[name] / "ground-truth.json").is_file():
            present.append(name)
        elif strict:
            raise SystemExit(f"error: corpus {name} missing at {CORPORA[name]}")
        else:
            print(f"note: corpus {name} not found at {CORPORA[name]}: skipped", file=sys.stderr)
    return present
