"""Fixture pages as tests: one test per expected field of every ``fixtures/*/output.json``,
and one that no unexpected field appears.

A broken site layout then shows *which* field broke (``fr-wordpress-zero-comments::headline``)
instead of one opaque failure per page; a field the output gained (a count where the fixture
expects none pinned, a key outside the item's schema) shows as
``fr-wordpress-zero-comments::no_unexpected_field``.
"""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import pytest

from newsarchive.fixtures import UNPINNED_FIELDS, load_fixture, run_fixture
from newsarchive.items import Article

FIXTURES = Path(__file__).parent / "fixtures"
ARTICLE_FIELDS = frozenset(Article.__dataclass_fields__) | {"is_article"}


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
        yield ShapeItem.from_parent(self, name="no_unexpected_field", expected=expected)


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


class ShapeItem(pytest.Item):
    """The output holds nothing the fixture does not expect: an article's keys are item fields,
    and every field with a value is pinned (``output.json``) — of the fields the fixture is
    about (``meta.json`` ``checks``; all by default); a listing, feed or sitemap finds the kinds
    of URLs it pins, no others."""

    def __init__(self, *, expected: dict[str, Any], **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.expected = expected

    def runtest(self) -> None:
        folder = self.path.parent
        actual = _actual(str(folder))
        fixture = load_fixture(folder)
        if fixture.kind != "article":
            unexpected = sorted(set(actual) - set(self.expected))
        else:
            scope = set(fixture.meta.get("checks") or ARTICLE_FIELDS)
            unexpected = sorted(set(actual) - ARTICLE_FIELDS) + sorted(
                name
                for name, value in actual.items()
                if name in scope - UNPINNED_FIELDS
                and name not in self.expected
                and value not in (None, "", [], {})
            )
        if unexpected:
            raise FieldMismatch(
                "unexpected fields", "nothing unpinned", {k: actual[k] for k in unexpected}
            )

    def repr_failure(self, excinfo, style=None):  # type: ignore[no-untyped-def]
        if isinstance(excinfo.value, FieldMismatch):
            return f"{self.path.parent.name}: unexpected fields {excinfo.value.actual!r}"
        return super().repr_failure(excinfo, style=style)

    def reportinfo(self):  # type: ignore[no-untyped-def]
        return self.path, None, f"{self.path.parent.name}::no_unexpected_field"


class FieldMismatch(AssertionError):
    def __init__(self, field: str, expected: Any, actual: Any) -> None:
        super().__init__(field)
        self.field, self.expected, self.actual = field, expected, actual
