"""The weight of a real WordPress theme, for the sample site's pages.

A typical WordPress news page is ~60 KB, most of it the same on every page: inline global
styles, block-library CSS, emoji and theme scripts, an SVG icon sprite, a mega menu. Storage and
throughput figures measured on 8 KB toy pages would flatter the archive, so the sample site
carries this ballast. Generated once per site from a seeded RNG: varied enough to compress like
real CSS/JS (about 5×), identical across the pages of one site, as a theme's assets are.
"""

from __future__ import annotations

import random

_PROPS = ["margin", "padding", "color", "background-color", "font-size", "line-height",
          "border-radius", "display", "flex-wrap", "gap", "letter-spacing", "text-transform",
          "box-shadow", "transition", "max-width", "z-index", "opacity", "font-weight"]  # fmt: skip
_UNITS = ["px", "rem", "em", "%", "vw"]
_PALETTE = ["#111", "#fff", "#4db2ec", "#222222", "#f9f9f9", "#e6e6e6", "#c4161c", "#767676"]
_WORDS = ["wp", "block", "td", "header", "menu", "post", "meta", "module", "grid", "social",
          "footer", "widget", "button", "image", "caption", "title", "excerpt", "author",
          "category", "tag", "slider", "mobile", "search", "icon", "sticky", "related"]  # fmt: skip


def _value(rng: random.Random, prop: str) -> str:
    if "color" in prop:
        return rng.choice(_PALETTE)
    if prop in {"display"}:
        return rng.choice(["block", "flex", "inline-block", "grid", "none"])
    if prop in {"opacity"}:
        return f"{rng.random():.2f}"
    if prop in {"z-index", "font-weight"}:
        return str(rng.choice([1, 2, 10, 99, 400, 600, 700, 9999]))
    if prop in {"transition"}:
        return f"all {rng.randint(1, 9) / 10}s ease"
    return f"{rng.randint(0, 48)}{rng.choice(_UNITS)}"


def _selector(rng: random.Random) -> str:
    parts = [f".{rng.choice(_WORDS)}-{rng.choice(_WORDS)}" for _ in range(rng.randint(1, 3))]
    return " ".join(parts) + rng.choice(["", ":hover", " a", " > li", "::before"])


def css(rng: random.Random, rules: int) -> str:
    out = []
    for _ in range(rules):
        decls = ";".join(f"{p}:{_value(rng, p)}" for p in rng.sample(_PROPS, rng.randint(2, 6)))
        out.append(f"{_selector(rng)}{{{decls}}}")
    return "".join(out)


def script(rng: random.Random, statements: int) -> str:
    out = ["(function(){var settings={"]
    for i in range(statements):
        key = f"{rng.choice(_WORDS)}_{rng.choice(_WORDS)}_{i}"
        out.append(f'"{key}":"{rng.choice(_WORDS)}-{rng.randint(0, 99)}",')
    out.append('"v":1};window.tdThemeSettings=settings;})();')
    return "".join(out)


def svg_sprite(rng: random.Random, icons: int) -> str:
    symbols = []
    for i in range(icons):
        path = " ".join(f"L{rng.randint(0, 24)} {rng.randint(0, 24)}" for _ in range(6))
        symbols.append(
            f'<symbol id="icon-{i}" viewBox="0 0 24 24"><path d="M0 0 {path}Z"/></symbol>'
        )
    return f'<svg xmlns="http://www.w3.org/2000/svg" style="display:none">{"".join(symbols)}</svg>'


def ballast(seed: int = 11) -> tuple[str, str]:
    """``(head, body_start)`` HTML, ~50 KB together."""
    rng = random.Random(seed)
    head = (
        f'<style id="global-styles-inline-css">{css(rng, 330)}</style>'
        f'<style id="td-theme-inline-css">{css(rng, 160)}</style>'
        f'<script id="td-generated-header-js">{script(rng, 180)}</script>'
    )
    body_start = svg_sprite(rng, 30)
    return head, body_start
