"""The web UI in a real browser: Debian's Chromium driven by Playwright-Python, against
``newsarchive serve`` on the demo archive, asserting on what a person sees.

One browser session walks search → a result → the article → a diff of two revisions →
replay, then replays a page whose scripts and resources would all call the sample site's
server: the server must see no request at all, and the page no change.

Skipped, with the reason, where Chromium or Playwright is missing (a fresh clone);
``.ci/run`` installs both and sets NEWSARCHIVE_REQUIRE_BROWSER, which turns the skip into a
failure. Never ``playwright install``: the system Chromium is launched by path.
"""

from __future__ import annotations

import os
import re
import tempfile
import time
from pathlib import Path
from typing import Any

import pytest

from .conftest import CORRECTION, EDIT, DemoArchive, Served

CHROMIUM = Path(os.environ.get("NEWSARCHIVE_CHROMIUM", "/usr/bin/chromium"))
# Off the network: no background services, no QUIC, and no name resolves but loopback.
CHROMIUM_FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--disable-default-apps", "--disable-extensions", "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]  # fmt: skip


@pytest.fixture(scope="session")
def sync_api() -> Any:
    """Playwright's sync API, or a skip (a failure under NEWSARCHIVE_REQUIRE_BROWSER) before
    the demo archive is built for nothing."""
    missing = []
    try:
        from playwright import sync_api
    except ImportError:
        sync_api = None  # type: ignore[assignment]
        missing.append("Playwright-Python (pip install playwright)")
    if not CHROMIUM.exists():
        missing.append(f"Chromium at {CHROMIUM} (apt-get install chromium)")
    if missing:
        reason = "browser test needs " + " and ".join(missing)
        if os.environ.get("NEWSARCHIVE_REQUIRE_BROWSER"):
            pytest.fail(reason)
        pytest.skip(reason)
    return sync_api


@pytest.fixture
def shots(tmp_path: Path) -> Path:
    """Where screenshots go: a temp folder, or NEWSARCHIVE_SCREENSHOTS (for docs/img)."""
    folder = Path(os.environ.get("NEWSARCHIVE_SCREENSHOTS") or tmp_path / "screenshots")
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_journey_and_replay_that_runs_no_script(sync_api: Any, demo_archive: DemoArchive,
                                                served: Served, shots: Path) -> None:  # fmt: skip
    site = demo_archive.server
    hits_before = len(site.hit_times)
    answered: list[str] = []  # responses the browser got
    failed: dict[str, str] = {}  # requests it stopped, and why
    with sync_api.sync_playwright() as pw, tempfile.TemporaryDirectory() as profile:
        context = pw.chromium.launch_persistent_context(
            profile, executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1100, "height": 900}, service_workers="block",
        )  # fmt: skip
        context.on("response", lambda r: answered.append(r.url))
        context.on("requestfailed", lambda r: failed.setdefault(r.url, r.failure or "?"))
        page = context.pages[0] if context.pages else context.new_page()
        expect = sync_api.expect

        # Home.
        page.goto(served.url)
        expect(page.get_by_role("heading", name="The archive")).to_be_visible()
        expect(page.locator("p.totals")).to_contain_text("13 articles")
        expect(page.locator("svg.chart.days rect.bar").first).to_be_visible()
        page.screenshot(path=shots / "home.png", full_page=True)

        # Search, from the box every page has.
        page.get_by_label("Search the archive").fill("démenti")
        page.keyboard.press("Enter")
        expect(page.locator("p.count")).to_have_text("1 article matches")
        expect(page.locator("li.result mark").first).to_have_text("démenti")
        expect(page.locator("li.result mark").first).to_have_css("background-color",
                                                                 "rgb(255, 233, 138)")  # fmt: skip
        page.screenshot(path=shots / "search.png", full_page=True)

        # The result, then the article.
        page.locator("li.result h2 a").first.click()
        expect(page.locator("h1")).to_have_text(demo_archive.edited_headline)
        expect(page.locator("nav.revision-nav")).to_contain_text("revision 2 of 2 (latest)")
        expect(page.locator("section.body")).to_contain_text(EDIT)
        expect(page.locator("dd.extraction")).to_have_text("ok")
        chart = page.locator("svg.chart.comments")
        expect(chart).to_be_visible()
        expect(chart.locator("circle")).to_have_count(2)
        labels = chart.locator("text.point-label").all_text_contents()
        assert len(labels) == 2
        assert all(" · " in label for label in labels)
        assert int(labels[0].split()[0]) < int(labels[1].split()[0])  # two comments came
        page.screenshot(path=shots / "article.png", full_page=True)
        chart.screenshot(path=shots / "comment-chart.png")

        # Revision 1, by previous/next, then the diff of the two.
        page.get_by_role("link", name="← revision 1").click()
        expect(page.locator("nav.revision-nav")).to_contain_text("revision 1 of 2")
        expect(page.locator("section.body")).not_to_contain_text(EDIT)
        page.get_by_role("link", name="revision 2 →").click()
        page.get_by_label("from revision").select_option("1")
        page.get_by_label("to revision").select_option("2")
        page.get_by_role("button", name="Show the word diff").click()
        expect(page.locator("h1")).to_have_text("Revision 1 → 2")
        expect(page.locator(".diff.body del")).to_have_text(demo_archive.replaced)
        expect(page.locator(".diff.body ins").first).to_have_text(CORRECTION)
        expect(page.locator(".diff.body ins").last).to_contain_text(EDIT)
        expect(page.locator(".diff.body ins").first).to_have_css("background-color",
                                                                 "rgb(220, 245, 227)")  # fmt: skip
        expect(page.locator(".diff.body del")).to_have_css("text-decoration-line", "line-through")
        page.screenshot(path=shots / "diff.png", full_page=True)

        # Replay of the article's latest fetch: the page as fetched, in its sandboxed frame.
        page.get_by_role("link", name=re.compile("article")).first.click()
        page.get_by_role("link", name="replay").last.click()
        expect(page.locator("iframe.replay")).to_have_attribute("sandbox", "")
        archived = page.frame_locator("iframe.replay")
        expect(archived.locator("h1.entry-title")).to_have_text(demo_archive.edited_headline)
        expect(archived.locator(".entry-content")).to_contain_text(EDIT)
        page.screenshot(path=shots / "replay.png", full_page=True)

        # The page that wants to run: its scripts would change the title and the marker and
        # call the sample site; its resources, refresh, frame and link would reach it too.
        page.goto(f"{served.url}replay/{demo_archive.script_page_id}")
        hostile = page.frame_locator("iframe.replay")
        expect(hostile.locator("#marker")).to_have_text("Le script de cette page n'a pas tourné.")
        frame = next(f for f in page.frames if "/raw/" in f.url)
        time.sleep(1.5)  # time for a refresh, an onload handler, a late script
        assert frame.title() == "Titre d'origine de la page"
        assert page.title().startswith("Replay:")
        expect(hostile.locator("#marker")).to_have_text("Le script de cette page n'a pas tourné.")
        page.screenshot(path=shots / "replay-script.png", full_page=True)
        hostile.locator("#submit").click()  # a form to the live site: not sent (sandbox)
        hostile.locator("#out").click()  # a link there: the frame may not go (frame-src)
        time.sleep(1.0)

        page.goto(f"{served.url}crawls")
        expect(page.locator("table.crawls tbody tr")).to_have_count(3)
        page.screenshot(path=shots / "crawls.png", full_page=True)
        context.close()

    beacons = [path for _, path in site.hit_times[hits_before:]]
    assert beacons == [], f"the archived page reached its site: {beacons}"
    foreign = [u for u in answered if not u.startswith((served.url, "data:", "about:"))]
    assert foreign == [], f"the browser got answers from outside the app: {foreign}"
    # What the archived page asked for, the browser refused before sending (the policy).
    refused = {u: why for u, why in failed.items() if "/beacon/" in u}
    assert refused
    assert set(refused.values()) == {"csp"}, refused
    assert len(list(shots.glob("*.png"))) >= 8
