"""``newsarchive fixture record|show``: saved pages as tests."""

from __future__ import annotations

import json
import re
from datetime import UTC, datetime
from pathlib import Path
from urllib.error import URLError

import click

from ..errors import UserError
from .common import handle_errors, is_url, main

# A fixture name is one folder inside --dir: "../../x", "/etc/x" or a newline would write
# outside it (or into a confusing place).
FIXTURE_NAME = re.compile(r"[A-Za-z0-9_][A-Za-z0-9_.\-]{0,99}")


@main.group()
def fixture() -> None:
    """Record and inspect saved pages used as tests.

    Example: newsarchive fixture show fixtures/fr-wordpress-zero-comments
    """


@fixture.command("show")
@click.argument("path", type=click.Path())
@handle_errors
def fixture_show(path: str) -> None:
    """Print what the spider currently extracts from a saved page.

    Example: newsarchive fixture show fixtures/en-wordpress-comments
    """
    from ..fixtures import load_fixture, run_fixture

    fx = load_fixture(path)
    click.echo(json.dumps(run_fixture(fx), ensure_ascii=False, indent=2))


@fixture.command("record")
@click.argument("url")
@click.option(
    "--dir",
    "root",
    default="fixtures",
    show_default=True,
    type=click.Path(file_okay=False),
    help="Where fixture folders live.",
)
@click.option("--name", help="Folder name (default: from the URL).")
@click.option(
    "--kind",
    type=click.Choice(["article", "listing", "feed", "sitemap"]),
    default="article",
    show_default=True,
)
@handle_errors
def fixture_record(url: str, root: str, name: str | None, kind: str) -> None:
    """Fetch URL and save it as a fixture, with its current output to review.

    The output is what the extractor says today: read it, correct it, commit it. An existing
    fixture is never overwritten.

    Example: newsarchive fixture record https://example.org/2025/04/12/slug/ --name example-slug
    """
    from ..fixtures import Fixture, run_fixture
    from ..recording import fetch, fixture_name, write_fixture

    if not is_url(url):
        raise UserError(f"not an http(s) URL: {url!r}")
    if name is not None and not FIXTURE_NAME.fullmatch(name):
        raise UserError(
            f"bad --name {name!r}: one folder name of letters, digits, '.', '-' and '_' "
            "(no path, no leading dot)"
        )
    folder = Path(root) / (name or fixture_name(url))
    if folder.exists():
        raise UserError(f"{folder} exists; fixtures are never overwritten (pick --name)")
    above = next((p for p in (Path(root), *Path(root).parents) if p.exists()), None)
    if above is not None and not above.is_dir():  # said before the page is fetched
        raise UserError(f"--dir {root}: {above} is not a folder")
    try:
        status, final_url, headers, body = fetch(url)
    except (URLError, OSError, ValueError) as exc:
        raise UserError(f"could not fetch {url}: {exc}", exit_code=1) from None
    meta = {
        "kind": kind,
        "source": url,
        "captured_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "description": "recorded by `newsarchive fixture record`; review output.json",
    }
    fx = Fixture(folder, final_url, status, headers, body, meta)
    try:
        write_fixture(fx, run_fixture(fx))
    except OSError as exc:
        raise UserError(f"cannot write the fixture at {folder}: {exc.strerror or exc}") from None
    click.echo(f"saved {folder} ({len(body)} bytes); review {folder / 'output.json'}")
