"""docs/architecture.md's drawing, checked against the imports (function-level ones included):
the arrows it draws exist, and the lines it says nothing crosses are not crossed."""

from __future__ import annotations

import ast
from functools import cache
from pathlib import Path

import pytest

from .conftest import REPO

PACKAGE = REPO / "newsarchive"


def module_name(path: Path) -> str:
    parts = path.relative_to(REPO).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


@cache
def imports_of(module: str) -> frozenset[str]:
    """Absolute names of every module ``module`` imports, anywhere in its code; ``from . import
    x`` counts as importing ``package.x``."""
    path = REPO / (module.replace(".", "/") + ".py")
    if not path.exists():
        path = REPO / module.replace(".", "/") / "__init__.py"
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")
                base = base[: len(base) - node.level + 1]
                prefix = ".".join(base + ([node.module] if node.module else []))
            else:
                prefix = node.module or ""
            found.add(prefix)
            found |= {f"{prefix}.{alias.name}" for alias in node.names}
    return frozenset(found)


def modules_under(folder: str) -> list[str]:
    return sorted(module_name(p) for p in (PACKAGE / folder).rglob("*.py"))


def reaches(module: str, target: str) -> bool:
    """Does ``module`` import ``target`` or anything inside it?"""
    return any(name == target or name.startswith(target + ".") for name in imports_of(module))


ARROWS = [
    ("crawl.spider", "crawl.sitemap_discovery"),
    ("crawl.spider", "crawl.feed_discovery"),
    ("crawl.spider", "crawl.listing_discovery"),
    ("crawl.spider", "crawl.site"),
    ("crawl.refresh", "crawl.site"),
    ("crawl.refresh", "crawl.rest_api"),
    ("crawl.refresh", "crawl.feed_parser"),
    ("crawl.site", "crawl.articles"),
    ("crawl.articles", "extract.page"),
    ("crawl.conditional", "crawl.state"),
    ("crawl.state", "storage.queries"),
    ("crawl.state", "storage.frontier"),
    ("pipelines.store", "crawl.state"),
    ("pipelines.store", "storage"),
    ("storage.archive", "storage.blobs"),
    ("storage.archive", "storage.frontier"),
    ("storage.archive", "storage.dialect"),
]


@pytest.mark.parametrize(("source", "target"), ARROWS, ids=[f"{s}->{t}" for s, t in ARROWS])
def test_the_drawn_arrows_exist(source: str, target: str) -> None:
    assert reaches(f"newsarchive.{source}", f"newsarchive.{target}")


def test_extraction_is_pure() -> None:
    for module in modules_under("extract"):
        for outside in ("scrapy", "twisted", "newsarchive.crawl", "newsarchive.storage"):
            assert not reaches(module, outside), (module, outside)


def test_only_the_crawl_state_reads_the_archive_during_a_crawl() -> None:
    readers = [m for m in modules_under("crawl") if reaches(m, "newsarchive.storage")]
    assert readers == ["newsarchive.crawl.state"]


def test_only_the_archive_writes_and_readers_do_not_import_it() -> None:
    writers = {m for m in modules_under("") if reaches(m, "newsarchive.storage.archive")}
    readers = [*modules_under("web"), *(f"newsarchive.storage.{name}" for name in
               ("search", "queries", "browse", "readonly", "search_page", "pg_search"))]  # fmt: skip
    assert writers.isdisjoint(readers), writers & set(readers)
