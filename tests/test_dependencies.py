"""Declared dependencies are the ones used: every distribution ``pyproject.toml`` lists is
imported by newsarchive, and everything newsarchive imports is declared or Python's own."""

from __future__ import annotations

import ast
import re
import sys
import tomllib

from .conftest import REPO

# Distribution name -> the module it installs, where they differ.
MODULES = {"sqlalchemy": "sqlalchemy", "python-dateutil": "dateutil", "twisted": "twisted",
           "charset-normalizer": "charset_normalizer"}  # fmt: skip
# Declared for a dependency's sake, never imported by newsarchive (pyproject.toml says why).
FOR_DEPENDENCIES = {"lxml_html_clean"}


def declared() -> set[str]:
    project = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    names = {
        re.split(r"[<>=!~\[ ]", spec, maxsplit=1)[0].lower() for spec in project["dependencies"]
    }
    return {MODULES.get(name, name.replace("-", "_")) for name in names}


def imported() -> set[str]:
    found = set()
    for path in [*(REPO / "newsarchive").rglob("*.py"), *(REPO / "spiders").rglob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                found |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                found.add(node.module.split(".")[0])
    return found - set(sys.stdlib_module_names) - {"newsarchive", "spiders", "__future__"}


def test_every_declared_dependency_is_imported() -> None:
    assert declared() - imported() == FOR_DEPENDENCIES


def test_the_second_opinion_can_be_imported() -> None:
    """trafilatura fails at import without lxml_html_clean; the second opinion would then
    be off without a word (it treats an ImportError as "not installed")."""
    import trafilatura

    assert callable(trafilatura.extract)


def test_every_import_is_declared() -> None:
    assert imported() - declared() == set()
