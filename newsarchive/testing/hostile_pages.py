"""Hostile pages, from a seed: the fuzz test's inputs and the pathological benchmark's.

A crawl runs unattended against sites nobody here controls, so one page may be anything:
tag soup, a saved page with bytes cut or spliced in, random bytes, charsets that contradict
each other, control characters, nesting a hundred thousand levels deep, whitespace runs that
made a regex quadratic. Each generator is a function of a seeded :class:`random.Random`, so a
failure found in CI is replayed from its seed and index.

:func:`problems` says what is wrong with an extraction's output: the properties every article
must have whatever the page (no control characters in text fields, no markup in the one-line
ones, counts in range, http(s) URLs only, a bounded headline, sanitized HTML). The body is
plain text: angle brackets there are what the page printed.
"""

from __future__ import annotations

import random
import re
import signal
import time
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, TypeVar
from urllib.parse import unquote

import lxml.html

from ..extract.bounds import holds_markup
from ..items import Article

URL = "https://hostile.example/2025/04/12/story/"

_WORDS = (
    "the", "council", "approved", "budget", "minister", "said", "comments", "commentaires",
    "تعليقات", "ردود", "وزير", "قال", "réponse", "Kommentare", "12", "0", "1,024", "(7)",
    "99999999999", "lire", "aussi", "related", "posts", "share", "menu", "advertisement",
    "subscribe", "©", "2025-04-12", "12/04/2025", "hier", "il", "y", "a", "3", "heures",
)  # fmt: skip
_TAGS = (
    "html", "head", "body", "div", "p", "span", "a", "article", "section", "main", "aside",
    "nav", "header", "footer", "h1", "h2", "h3", "ul", "ol", "li", "table", "tr", "td", "form",
    "input", "button", "iframe", "img", "svg", "math", "noscript", "template", "style",
    "script", "time", "meta", "link", "title", "br", "hr", "blockquote", "pre", "code",
    "figure", "figcaption", "select", "textarea", "object",
)  # fmt: skip
_CLASSES = (
    "entry-content", "article-body", "post", "comments", "comment-list", "comments-link",
    "td-post-comments", "jeg_meta_comment", "related", "share", "sidebar", "widget", "footer",
    "menu", "byline", "author", "hidden", "sr-only", "elementor-element-4cdc94e",
)  # fmt: skip
_SCHEMES = ("https://hostile.example/", "http://other.example/", "javascript:alert(1)//",
            "file:///etc/passwd", "data:text/html,<script>alert(1)</script>", "ftp://h/x",
            "//proto.relative/x", "/relative/path", "  java\tscript:alert(1)", "",
            "http://[::1", "https://hostile.example:99999/", "http://h:port/", "http://[v1.x]/",
            "https://hostile.example\uff0fa@b/")  # fmt: skip
_WEIRD_SPACE = "\u3000\u2028\u2029\u2000\u2001\u2005\u200a\u200b\u00a0\u202f\ufeff\x85 \t\n"
_CONTROLS = "".join(chr(c) for c in [*range(0x00, 0x20), 0x7F, *range(0x80, 0xA0)])


def _text(rng: random.Random, n: int) -> str:
    return " ".join(rng.choice(_WORDS) for _ in range(n))


def _attr_value(rng: random.Random) -> str:
    kind = rng.random()
    if kind < 0.4:
        return rng.choice(_SCHEMES) + _text(rng, 1)
    if kind < 0.7:
        return " ".join(rng.choice(_CLASSES) for _ in range(rng.randint(1, 3)))
    return _text(rng, rng.randint(0, 4)).replace('"', "&quot;")


def _open_tag(rng: random.Random) -> str:
    tag = rng.choice(_TAGS)
    attrs = []
    for _ in range(rng.randint(0, 3)):
        name = rng.choice(("class", "id", "href", "src", "content", "property", "name",
                           "itemprop", "rel", "style", "onclick", "datetime", "type", "srcset",
                           "data-src", "hidden", "aria-hidden"))  # fmt: skip
        attrs.append(f'{name}="{_attr_value(rng)}"')
    return f"<{tag}{' ' if attrs else ''}{' '.join(attrs)}>"


def _jsonld(rng: random.Random) -> str:
    values = [
        '"@context":"https://schema.org"',
        '"@type":' + rng.choice(('"NewsArticle"', '"Article"', '"WebPage"', '["x", 1]', "7")),
        f'"headline":"{_text(rng, rng.randint(1, 12))}"',
        '"commentCount":' + rng.choice(("12", "-3", "1e400", "99999999999", '"7"', "null")),
        f'"image":"{rng.choice(_SCHEMES)}img.jpg"',
        f'"datePublished":"{rng.choice(["2025-04-12T09:30:00Z", "9999-99-99", "", "0"])}"',
        f'"author":{{"@type":"Person","name":"{_text(rng, 2)}<b>x</b>"}}',
        f'"@graph":[{{"@id":"#a","@type":"NewsArticle","headline":"{_text(rng, 3)}"}}]',
        '"description":"<p>markup &lt;b&gt; in JSON</p>"',
    ]
    rng.shuffle(values)
    body = "{" + ",".join(values[: rng.randint(1, len(values))]) + rng.choice(["}", "", ",}"])
    return f'<script type="application/ld+json">{body}</script>'


def tag_soup(rng: random.Random) -> bytes:
    """Random tags, unbalanced and misnested, with text, entities, comments and JSON-LD."""
    parts = []
    for _ in range(rng.randint(5, 300)):
        roll = rng.random()
        if roll < 0.35:
            parts.append(_open_tag(rng))
        elif roll < 0.5:
            parts.append(f"</{rng.choice(_TAGS)}>")
        elif roll < 0.85:
            parts.append(_text(rng, rng.randint(1, 40)))
        elif roll < 0.9:
            parts.append(rng.choice(("&amp;", "&lt;", "&#0;", "&#x1b;", "&#xD800;", "&nbsp;",
                                     "&#1114112;", "<!--", "-->", "<![CDATA[", "]]>", "<?xml?>",
                                     "<!DOCTYPE html>", "&", "<", ">")))  # fmt: skip
        else:
            parts.append(_jsonld(rng))
    return "".join(parts).encode("utf-8", errors="surrogatepass")


def _splice(rng: random.Random, data: bytes) -> bytes:
    for _ in range(rng.randint(1, 8)):
        if not data:
            break
        at = rng.randrange(len(data))
        op = rng.random()
        if op < 0.25:
            data = data[:at] + data[at + rng.randint(1, 400) :]
        elif op < 0.5:
            data = data[:at] + rng.randbytes(rng.randint(1, 16)) + data[at:]
        elif op < 0.7:
            chunk = data[at : at + rng.randint(1, 2000)]
            data = data[:at] + chunk * rng.randint(2, 5) + data[at:]
        elif op < 0.85:
            data = data[:at] + rng.choice(_CONTROLS).encode() + data[at:]
        else:
            data = data[:at]
    return data


def mutated(pages: Sequence[bytes]) -> Callable[[random.Random], bytes]:
    """Saved pages with slices cut, repeated or truncated and bytes spliced in."""

    def generate(rng: random.Random) -> bytes:
        data = rng.choice(pages) if pages else tag_soup(rng)
        return _splice(rng, data)

    return generate


def random_bytes(rng: random.Random) -> bytes:
    return rng.randbytes(rng.randint(0, 4000))


def contradictory_charset(rng: random.Random) -> bytes:
    """A body in one encoding, a ``<meta>`` naming another, a BOM sometimes (the header,
    from :func:`headers_for`, names a third)."""
    text = f"<html><head><meta charset={rng.choice(_CHARSETS)}><title>{_text(rng, 5)}</title>"
    text += f"</head><body><h1>{_text(rng, 6)}</h1><p>{_text(rng, 60)}</p></body></html>"
    encoding = rng.choice(("utf-8", "utf-16", "utf-16-be", "cp1256", "latin-1", "utf-32"))
    data = text.encode(encoding, errors="replace")
    if rng.random() < 0.3:
        data = rng.choice((b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")) + data
    return data


_CHARSETS = ("utf-8", "utf-16", "iso-8859-1", "windows-1256", "x-bogus", "utf-7", "koi8-r",
             "\x1bcharset", "", "utf-32", "shift_jis")  # fmt: skip


def headers_for(rng: random.Random) -> dict[str, str]:
    return {"Content-Type": f"text/html; charset={rng.choice(_CHARSETS)}"}


def control_characters(rng: random.Random) -> bytes:
    """An ordinary article with C0 and C1 controls everywhere: text, attributes, metadata."""

    def c() -> str:
        return "".join(rng.choice(_CONTROLS) for _ in range(rng.randint(1, 3)))

    para = f"{c()}{_text(rng, 30)}{c()}, {_text(rng, 20)}."
    html = (
        f'<html lang="fr{c()}"><head><title>{c()}Title{c()}</title>'
        f'<meta property="og:title" content="{c()}OG title{c()}">'
        f'<meta property="og:image" content="https://hostile.example/{c()}i.jpg">'
        f'<meta name="author" content="{c()}Ann{c()}"></head><body>{c()}'
        f'<div class="share">{c()}x</div>{c()}<article><h1>{c()}Head{c()}line</h1>'
        f'<div class="entry-content"><p>{para}</p><script>{c()}</script>{c()}<p>{para}</p>'
        f'<a href="#comments">{c()}3 comments{c()}</a></div></article>{c()}</body></html>'
    )
    return html.encode("utf-8")


def deep_nesting(rng: random.Random) -> bytes:
    """Tens of thousands of nested elements or JSON-LD levels."""
    depth = rng.choice((300, 3000, 30000))
    kind = rng.choice(("div", "span", "table", "jsonld-array", "jsonld-object", "quote"))
    if kind == "jsonld-array":
        inner = "[" * depth + "]" * rng.choice((0, depth))
        return f'<script type="application/ld+json">{inner}</script><p>x</p>'.encode()
    if kind == "jsonld-object":
        inner = '{"@type":"Article","a":' * depth + "1" + "}" * depth
        return f'<script type="application/ld+json">{inner}</script><p>x</p>'.encode()
    if kind == "quote":
        return ("<q>" * depth + _text(rng, 40)).encode()
    if kind == "table":
        return ("<table><tr><td>" * (depth // 10) + _text(rng, 40)).encode()
    return (f"<{kind} class=entry-content>" * depth + _text(rng, 200)).encode()


def whitespace_runs(rng: random.Random) -> bytes:
    """Long runs of odd spaces (a whitespace regex once took quadratic time on them), in a
    body, a headline, a count and an attribute."""
    run = rng.choice(_WEIRD_SPACE[:8]) * rng.choice((1000, 20000, 100000))
    where = rng.choice(("body", "headline", "count", "attribute"))
    p = _text(rng, 40)
    if where == "headline":
        return f"<html><body><h1>a{run}b</h1><p>{p}</p></body></html>".encode()
    if where == "count":
        return f'<p>{p}</p><a href="#comments">1{run} comments</a>'.encode()
    if where == "attribute":
        return f'<meta property="og:title" content="a{run}b"><p>{p}</p>'.encode()
    return f'<div class="entry-content"><p>{p}{run}{p}</p><p>{run}</p></div>'.encode()


@dataclass(frozen=True, slots=True)
class Kind:
    name: str
    generate: Callable[[random.Random], bytes]


def kinds(pages: Sequence[bytes] = ()) -> list[Kind]:
    """Every kind of hostile page, mutated copies of ``pages`` among them."""
    return [
        Kind("tag soup", tag_soup),
        Kind("mutated page", mutated(pages)),
        Kind("random bytes", random_bytes),
        Kind("contradictory charset", contradictory_charset),
        Kind("control characters", control_characters),
        Kind("deep nesting", deep_nesting),
        Kind("whitespace runs", whitespace_runs),
    ]


# -- what every output must satisfy -----------------------------------------------------------

MAX_COMMENT_COUNT = 10**7
MAX_HEADLINE = 1000
_ACTIVE_TAGS = {"script", "style", "iframe", "frame", "object", "embed", "applet", "form",
                "input", "button", "svg", "math", "meta", "link", "base", "template"}  # fmt: skip
_URL_ATTRIBUTES = {"href", "src", "action", "formaction", "srcset", "poster", "background"}


def _controls(text: str) -> bool:
    return any(unicodedata.category(ch) in ("Cc", "Cs") and ch not in "\n\t" for ch in text)


def problems(article: Article) -> list[str]:
    """What is wrong with ``article`` whatever page it came from; empty when sane."""
    found = []
    texts = {
        "headline": article.headline, "article_body": article.article_body,
        "description": article.description, "section": article.section,
        "in_language": article.in_language, "comment_count_raw": article.comment_count_raw,
        "date_published_raw": article.date_published_raw,
        "date_modified_raw": article.date_modified_raw,
        **{f"authors[{i}]": a for i, a in enumerate(article.authors)},
        **{f"tags[{i}]": t for i, t in enumerate(article.tags)},
    }  # fmt: skip
    for name, value in texts.items():
        if value is None:
            continue
        if not isinstance(value, str):
            found.append(f"{name} is a {type(value).__name__}")
        elif _controls(value):
            found.append(f"control character in {name}: {value[:60]!r}")
        elif name != "article_body" and holds_markup(value):
            # The body is plain text read from text nodes: "<b>" there is what the page
            # printed (an escaped "&lt;b&gt;", or a stray "<" before a word and a ">").
            found.append(f"markup in {name}: {value[:60]!r}")
    count = article.comment_count
    if count is not None and not (isinstance(count, int) and 0 <= count <= MAX_COMMENT_COUNT):
        found.append(f"comment_count out of range: {count!r}")
    for name in ("url", "canonical_url", "main_image"):
        value = getattr(article, name)
        if value is not None and not re.match(r"https?://[^\s/]", value):
            found.append(f"{name} is not http(s): {value[:60]!r}")
    if article.headline is not None and len(article.headline) > MAX_HEADLINE:
        found.append(f"headline of {len(article.headline)} characters")
    if article.article_body_html:
        found.extend(_html_problems(article.article_body_html))
    return found


def _html_problems(markup: str) -> list[str]:
    """What a browser could run or load from ``markup``: active elements, event handlers,
    inline styles, URLs of other schemes than http(s) and mailto."""
    if _controls(markup):
        return ["control character in article_body_html"]
    found = []
    for node in lxml.html.fragments_fromstring(f"<div>{markup}</div>")[0].iter():
        if not isinstance(node.tag, str):
            found.append("comment or processing instruction in article_body_html")
            continue
        if node.tag.lower() in _ACTIVE_TAGS:
            found.append(f"<{node.tag}> in article_body_html")
        for name, value in node.attrib.items():
            name = name.lower()
            if name.startswith("on") or name == "style":
                found.append(f"{name}= in article_body_html")
            elif name in _URL_ATTRIBUTES:
                bare = re.sub(r"[\x00-\x20\x7f]+", "", unquote(value))
                scheme = re.match(r"([a-zA-Z][a-zA-Z0-9+.\-]*):", bare)
                if scheme and scheme[1].lower() not in {"http", "https", "mailto"}:
                    found.append(f"{name}={value[:40]!r} in article_body_html")
    return found


# -- the fuzz run ------------------------------------------------------------------------------

T = TypeVar("T")


class TookTooLong(AssertionError):
    """A call ran past its time limit."""


def within(seconds: float, func: Callable[..., T], *args: Any, **kwargs: Any) -> T:
    """``func(*args, **kwargs)``, stopped with :class:`TookTooLong` once it has used
    ``seconds`` of this process's CPU: SIGPROF, which the regex engine checks too, so a
    runaway pattern stops (main thread, Unix). CPU time, not the wall clock: what is guarded
    is the work a page makes, and a busy machine (a full test run beside other jobs) slowed
    a linear extraction past a wall-clock limit."""

    def expire(_signum: int, _frame: Any) -> None:
        raise TookTooLong(f"{getattr(func, '__name__', func)} ran over {seconds} s of CPU")

    previous = signal.signal(signal.SIGPROF, expire)
    signal.setitimer(signal.ITIMER_PROF, seconds)
    try:
        return func(*args, **kwargs)
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)


@dataclass(slots=True)
class FuzzReport:
    inputs: int = 0
    bytes: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: str = ""
    failures: list[str] = field(default_factory=list)
    """``#index kind: what`` for every crash, time-out or insane output."""

    def summary(self) -> str:
        return (
            f"{self.inputs} inputs ({self.bytes / 1e6:.1f} MB) in {self.seconds:.1f} s, "
            f"{len(self.failures)} failures; slowest call {self.slowest * 1000:.0f} ms "
            f"({self.slowest_input})"
        )


def fuzz(
    extract: Callable[[bytes, str, Mapping[str, str] | None], Article],
    inputs: int,
    *,
    seed: int = 15,
    pages: Sequence[bytes] = (),
    time_limit: float = 5.0,
) -> FuzzReport:
    """Run ``extract`` on ``inputs`` hostile pages (every kind in turn, from ``seed``); each
    call must return within ``time_limit`` seconds an article with no :func:`problems`."""
    rng = random.Random(seed)
    every_kind = kinds(pages)
    report = FuzzReport()
    start = time.perf_counter()
    for index in range(inputs):
        kind = every_kind[index % len(every_kind)]
        data = kind.generate(rng)
        headers = headers_for(rng) if rng.random() < 0.5 else None
        report.inputs += 1
        report.bytes += len(data)
        began = time.perf_counter()
        try:
            article = within(time_limit, extract, data, URL, headers)
        except Exception as exc:  # what the test is for: any exception is a finding
            report.failures.append(f"#{index} {kind.name}: {exc!r}"[:300])
            continue
        finally:
            took = time.perf_counter() - began
            if took > report.slowest:
                report.slowest = took
                report.slowest_input = f"#{index} {kind.name}, {len(data) // 1024} KB"
        report.failures.extend(f"#{index} {kind.name}: {p}"[:300] for p in problems(article))
    report.seconds = time.perf_counter() - start
    return report
