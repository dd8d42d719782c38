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
    assert declared() - imported() == set()


def test_every_import_is_declared() -> None:
    assert imported() - declared() == set()
