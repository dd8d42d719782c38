"""The template engine, set up once: autoescape on for everything, so no archived value can
become markup; the one filter that makes markup (:func:`marks`) escapes first."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined
from markupsafe import Markup, escape
from starlette.requests import Request
from starlette.responses import HTMLResponse
from starlette.templating import Jinja2Templates

from ..storage.search_page import MARK_CLOSE, MARK_OPEN

TEMPLATES = Path(__file__).parent / "templates"
_MARK = re.compile(f"{MARK_OPEN}([^{MARK_OPEN}{MARK_CLOSE}]*){MARK_CLOSE}")
_STRAY = re.compile(f"[{MARK_OPEN}{MARK_CLOSE}]")


def marks(value: str | None) -> Markup:
    """Search highlights as ``<mark>``: the text is escaped, then only whole pairs of the
    private-use marks become tags (a page holding a stray mark cannot open an element)."""
    escaped = str(escape(value or ""))
    return Markup(_STRAY.sub("", _MARK.sub(r"<mark>\1</mark>", escaped)))  # noqa: S704 - escaped above


def short_time(value: str | None) -> str:
    """``2025-04-12T09:30:00+00:00`` as ``2025-04-12 09:30``; the full value stays in the
    ``title``/``datetime`` the templates give it."""
    if not value:
        return "—"
    return value[:16].replace("T", " ")


def size(value: int | None) -> str:
    if value is None:
        return "—"
    if value < 1024:
        return f"{value} B"
    if value < 1024 * 1024:
        return f"{value / 1024:.1f} KB"
    return f"{value / 1024 / 1024:.1f} MB"


def paragraphs(value: str | None) -> list[str]:
    return [p for p in (value or "").split("\n") if p.strip()]


def environment() -> Environment:
    env = Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=True,
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(marks=marks, short_time=short_time, size=size, paragraphs=paragraphs)
    return env


class Renderer:
    """Renders a page with what every page shows (the archive it reads)."""

    def __init__(self, archive_label: str) -> None:
        self.templates = Jinja2Templates(env=environment())
        self.archive_label = archive_label

    def page(self, request: Request, name: str, status: int = 200, **context: Any) -> HTMLResponse:
        context.setdefault("nav", "")
        context["archive_label"] = self.archive_label
        return self.templates.TemplateResponse(request, name, context, status_code=status)
