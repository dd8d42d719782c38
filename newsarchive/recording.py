"""Fetching one page and writing it as a fixture (``newsarchive fixture record``)."""

from __future__ import annotations

import json
import re
import urllib.request
from typing import Any
from urllib.parse import urlsplit

from . import __version__
from .fixtures import Fixture

MAX_BYTES = 16 * 1024 * 1024


def fixture_name(url: str) -> str:
    parts = urlsplit(url)
    slug = parts.path.strip("/").rsplit("/", 1)[-1] or "home"
    name = f"{parts.hostname or 'page'}-{slug}"
    return re.sub(r"[^\w.-]+", "-", name).strip("-")[:80]


def fetch(url: str, timeout: float = 30.0) -> tuple[int, str, dict[str, str], bytes]:
    """``(status, final_url, headers, body)`` with the project's User-Agent; bounded size."""
    request = urllib.request.Request(  # noqa: S310 - scheme checked by the caller
        url, headers={"User-Agent": f"newsarchive/{__version__} (fixture recorder)"}
    )
    with urllib.request.urlopen(request, timeout=timeout) as response:  # noqa: S310
        body = response.read(MAX_BYTES + 1)
        if len(body) > MAX_BYTES:
            raise ValueError(f"page larger than {MAX_BYTES} bytes")
        headers = {k: v for k, v in response.headers.items() if k.lower() != "set-cookie"}
        return response.status, response.geturl(), headers, body


def write_fixture(fx: Fixture, output: dict[str, Any]) -> None:
    fx.path.mkdir(parents=True, exist_ok=False)
    (fx.path / "body.html").write_bytes(fx.body)
    info = {"url": fx.url, "status": fx.status, "headers": fx.headers}
    for name, data in (("info.json", info), ("meta.json", fx.meta), ("output.json", output)):
        (fx.path / name).write_text(
            json.dumps(data, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
        )
