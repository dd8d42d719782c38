"""Fixture pages as tests: one test per expected field of every ``fixtures/*/output.json``.

A broken site layout then shows *which* field broke (``fr-wordpress-zero-comments::headline``)
instead of one opaque failure per page.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsarchive.fixtures import load_fixture, run_fixture

FIXTURES = Path(__file__).parent / "fixtures"


@cache
def _actual(folder: str) -> dict[str, Any]:
    return run_fixture(load_fixture(folder))


def pytest_collect_file(parent: pytest.Collector, file_path: Path):  # type: ignore[no-untyped-def]
    if file_path.name == "output.json" and FIXTURES in file_path.parents:
        return FixtureFile.from_parent(parent, path=file_path)
    return None


class FixtureFile(pytest.File):
    def collect(self):  # type: ignore[no-untyped-def]
        expected = json.loads(self.path.read_text(encoding="utf-8"))
        for field, value in expected.items():
            yield FieldItem.from_parent(self, name=field, field=field, expected=value)


class FieldItem(pytest.Item):
    def __init__(self, *, field: str, expected: Any, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = field
        self.expected = expected

    def runtest(self) -> None:
        actual = _actual(str(self.path.parent))
        if self.field not in actual:
            raise FieldMismatch(self.field, self.expected, "<missing>")
        if actual[self.field] != self.expected:
            raise FieldMismatch(self.field, self.expected, actual[self.field])

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, FieldMismatch):
            err = excinfo.value
            return (
                f"{self.path.parent.name}: field {err.field!r}\n"
                f"  expected: {err.expected!r}\n  actual:   {err.actual!r}"
            )
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, None, f"{self.path.parent.name}::{self.field}"


class FieldMismatch(AssertionError):
    def __init__(self, field: str, expected: Any, actual: Any) -> None:
        super().__init__(field)
        self.field, self.expected, self.actual = field, expected, actual
