"""A demo archive worth browsing, built once per session by real crawls of the loopback
sample site: one article edited between two crawls (two revisions) while its comments grew
(a count history), one article deleted (gone), and a replayed fixture page whose scripts and
resources would all call the sample site's server if anything ran or loaded them."""

from __future__ import annotations

import json
import re
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from newsarchive.testing import NewsSite, SiteServer
from newsarchive.testing.site import Canned

from ..conftest import LOCAL, REPO, crawl, run_cli

EDITED = 1  # the second newest article, in French
CORRECTION = "rectifié"
EDIT = "Mise à jour : le ministère a publié un démenti officiel jeudi soir."
SCRIPT_PAGE_PATH = "/2025/03/20/une-page-qui-voudrait-executer-son-script/"


@dataclass(frozen=True)
class DemoArchive:
    db: Path
    server: SiteServer
    edited_id: int  # two revisions, a comment-count history
    gone_id: int
    script_page_id: int  # pages.id of the replayed fixture page with scripts
    edited_headline: str
    replaced: str  # the word the correction removed


def hostile_page(live: str) -> str:
    """An article page whose every active part would reach ``live``/beacon/…: scripts (inline,
    external, in SVG, in an event handler), a stylesheet, an @import, an image, a background,
    a font, a frame, an object, a prefetch, a form, a link, and a meta refresh inside
    ``<noscript>`` (which a browser honours precisely where scripts are off; Scrapy ignores it,
    so the crawl archives the page rather than following it)."""
    ld = {"@context": "https://schema.org", "@type": "NewsArticle",
          "headline": "Une page qui voudrait exécuter son script",
          "datePublished": "2025-03-20T10:00:00+01:00", "inLanguage": "fr-FR",
          "author": {"@type": "Person", "name": "Samira Test"}}  # fmt: skip
    paragraphs = "".join(
        f"<p>Paragraphe {i} d'un article ordinaire sur la réforme du budget municipal, avec "
        "assez de texte pour que l'extraction y reconnaisse un article de presse complet.</p>"
        for i in range(1, 7)
    )
    return f"""<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">
<title>Titre d'origine de la page</title>
<noscript><meta http-equiv="refresh" content="0; url={live}/beacon/meta-refresh"></noscript>
<link rel="stylesheet" href="{live}/beacon/stylesheet.css">
<link rel="prefetch" href="{live}/beacon/prefetch">
<link rel="dns-prefetch" href="{live}/">
<style>@import url("{live}/beacon/import.css"); @font-face {{ font-family: X; src: url("{live}/beacon/font.woff"); }}
body {{ font-family: X; background: url("{live}/beacon/background.png"); }}</style>
<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>
<script>document.title = "SCRIPT RAN"; fetch("{live}/beacon/fetch");</script>
<script src="{live}/beacon/external-script.js"></script>
</head><body onload="new Image().src='{live}/beacon/onload'">
<article><h1>Une page qui voudrait exécuter son script</h1>
<p class="byline">Par Samira Test, le 20/03/2025</p>
<p id="marker">Le script de cette page n'a pas tourné.</p>
{paragraphs}
<img src="{live}/beacon/image.png" alt="">
<iframe src="{live}/beacon/iframe"></iframe>
<object data="{live}/beacon/object"></object>
<svg><script>fetch("{live}/beacon/svg-script")</script></svg>
<form action="{live}/beacon/form"><button id="submit">Envoyer</button></form>
<p><a id="out" href="{live}/beacon/link">Lire la suite sur le site</a></p>
<script>document.getElementById("marker").textContent = "SCRIPT RAN";
new Image().src = "{live}/beacon/inline-image";</script>
</article></body></html>"""


def _write_fixture(folder: Path, url: str, body: str) -> None:
    folder.mkdir(parents=True)
    (folder / "body.html").write_text(body, encoding="utf-8")
    (folder / "info.json").write_text(json.dumps(
        {"url": url, "status": 200, "headers": {"Content-Type": "text/html; charset=utf-8"}}
    ))  # fmt: skip
    (folder / "meta.json").write_text(json.dumps({"kind": "article", "source": "tests/web"}))


PAGE_OF_URL = (
    "SELECT p.id FROM pages p JOIN articles a ON a.id = p.article_id WHERE a.canonical_url LIKE ?"
)


def _one(db: Path, sql: str, *args: object) -> int:
    with sqlite3.connect(db) as conn:
        return conn.execute(sql, args).fetchone()[0]


@pytest.fixture(scope="session")
def demo_archive(tmp_path_factory: pytest.TempPathFactory) -> Iterator[DemoArchive]:
    folder = tmp_path_factory.mktemp("web")
    db = folder / "demo.db"
    with SiteServer(NewsSite(n_articles=12)) as server:
        site = server.site
        crawl(server, db)
        # A correction in the text (a word replaced) and a paragraph added; two comments.
        edited = site.article(EDITED)
        first = edited.paragraphs[0].split()
        replaced = first[3]
        edited.paragraphs[0] = " ".join([*first[:3], CORRECTION, *first[4:]])
        site.edit_body(EDITED, EDIT)
        site.add_comment(EDITED, "Karim", "Merci pour la mise à jour.")
        site.add_comment(EDITED, "Nadia", "Enfin un démenti.")
        gone = site.articles[5]
        site.canned[gone.path] = Canned(404, {"Content-Type": "text/html"}, b"<h1>Introuvable</h1>")
        crawl(server, db, "--full")
        fixtures = folder / "fixtures"
        _write_fixture(fixtures / "script-page", f"http://hostile.example{SCRIPT_PAGE_PATH}",
                       hostile_page(server.url.rstrip("/")))  # fmt: skip
        result = run_cli("replay", str(fixtures), "--db", str(db))
        assert result.returncode == 0, result.stderr
        like = "SELECT id FROM articles WHERE canonical_url LIKE ?"
        yield DemoArchive(
            db=db,
            server=server,
            edited_id=_one(db, like, f"%{edited.path}"),
            gone_id=_one(db, like, f"%{gone.path}"),
            script_page_id=_one(db, PAGE_OF_URL, f"%{SCRIPT_PAGE_PATH}"),
            edited_headline=edited.headline,
            replaced=replaced,
        )


@dataclass(frozen=True)
class Served:
    url: str
    process: subprocess.Popen


def serve(db: Path, *args: str) -> Iterator[Served]:
    """``newsarchive serve`` in a subprocess on a free loopback port, until the test ends."""
    process = subprocess.Popen(
        [sys.executable, "-m", "newsarchive.cli", "serve", "--db", str(db), "--port", "0", *args],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    try:
        assert process.stdout is not None
        line = process.stdout.readline()
        match = re.search(r"at (http://\S+/)", line)
        assert match, (line, process.stderr.read() if process.poll() is not None else "")
        yield Served(match.group(1), process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        for stream in (process.stdout, process.stderr):
            if stream is not None:
                stream.close()


@pytest.fixture(scope="session")
def served(demo_archive: DemoArchive) -> Iterator[Served]:
    yield from serve(demo_archive.db)


__all__ = ["LOCAL", "DemoArchive", "Served", "serve"]
