"""The sanitizer (issue 15): ``article_body_html`` goes through an allow-list (nh3) before the
web UI shows it. Every vector below must come out inert; the text around it must stay."""

from __future__ import annotations

import pytest
from lxml import html

from newsarchive.extract import extract_article
from newsarchive.extract.sanitize import sanitize_element, sanitize_html
from newsarchive.testing.hostile_pages import problems

URL = "https://site.example/2025/04/12/story/"
P1 = "The first paragraph of the story, with enough words to look like prose, and commas."
P2 = "The second paragraph adds detail: names, places and figures that a reader came for."

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="javascript:alert(1)">',
    "<img src=`javascript:alert(1)`>",
    '<img src="jav&#x09;ascript:alert(1)">',
    '<img src="jav&#x0A;ascript:alert(1)">',
    '<img src=" &#14;  javascript:alert(1)">',
    '<img dynsrc="javascript:alert(1)">',
    '<img srcset="javascript:alert(1) 1x">',
    '<a href="javascript:alert(1)">link</a>',
    '<a href="JaVaScRiPt:alert(1)">link</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">l</a>',
    '<a href="vbscript:msgbox(1)">link</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">link</a>',
    '<a href="  javascript:alert(1)">link</a>',
    '<a href="java\0script:alert(1)">link</a>',
    '<a href="#" onclick="alert(1)">link</a>',
    '<a href="/x" onmouseover=alert(1)>link</a>',
    '<div style="background:url(javascript:alert(1))">styled</div>',
    '<div style="width: expression(alert(1))">styled</div>',
    '<p style="behavior: url(x.htc)">styled</p>',
    "<style>body{background:url(javascript:alert(1))}</style>",
    "<link rel=stylesheet href=//evil.example/x.css>",
    '<meta http-equiv=refresh content="0;url=javascript:alert(1)">',
    '<base href="//evil.example/">',
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<frameset><frame src=javascript:alert(1)></frameset>",
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    "<applet code=x></applet>",
    "<svg onload=alert(1)><circle r=1 /></svg>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    '<math><mi xlink:href="javascript:alert(1)">x</mi></math>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">b</button>',
    "<input onfocus=alert(1) autofocus>",
    "<select onfocus=alert(1) autofocus></select>",
    "<textarea onfocus=alert(1) autofocus></textarea>",
    "<details open ontoggle=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    "<isindex action=javascript:alert(1) type=submit>",
    "<template><script>alert(1)</script></template>",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<!--<img src=x onerror=alert(1)>-->",
    "<![CDATA[<script>alert(1)</script>]]>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<custom-element onclick=alert(1)>x</custom-element>",
]


@pytest.mark.parametrize("vector", VECTORS)
def test_xss_vectors_are_removed_from_article_body_html(vector: str) -> None:
    page = (  # last: an unclosed <audio> or <embed> would take the rest of the page with it
        f'<html><body><div class="entry-content"><p>{P1}</p><p>{P2}</p><p>{P1} {vector} {P2}'
        "</p></div></body></html>"
    )
    item = extract_article(page, URL)
    stored = item.article_body_html or ""
    assert P1 in stored
    assert P2 in stored
    assert not problems(item)  # no active element, handler, style or hidden scheme
    tree = html.fragment_fromstring(stored, create_parent="div")
    for node in tree.iter():
        for value in node.attrib.values():
            assert "alert" not in value  # "`javascript:alert(1)`" (backticks) is relative
            assert "evil.example" not in value


def test_sanitizer_is_an_allow_list() -> None:
    """Only listed tags and attributes survive: an unknown element, a class, an id, a data
    attribute or ARIA are gone (lxml-html-clean kept unknown elements), links get
    ``rel=noopener noreferrer nofollow``, and text, structure and http(s) links stay."""
    dirty = (
        '<div class="x" id="y" data-track="1" aria-label="z"><custom-el>kept text</custom-el>'
        '<h2>Sub</h2><p dir="rtl" lang="ar">نص</p><a href="https://site.example/a">a</a>'
        '<img src="https://site.example/i.jpg" alt="alt"><table><tr><td colspan="2">c</td>'
        '</tr></table><time datetime="2025-04-12">12 April</time></div>'
    )
    clean = sanitize_html(dirty)
    assert "custom-el" not in clean
    assert "kept text" in clean
    for gone in ("class=", "id=", "data-track", "aria-label"):
        assert gone not in clean
    assert '<a href="https://site.example/a" rel="noopener noreferrer nofollow">a</a>' in clean
    assert '<p dir="rtl" lang="ar">نص</p>' in clean
    assert '<img src="https://site.example/i.jpg" alt="alt">' in clean
    assert '<td colspan="2">c</td>' in clean
    assert '<time datetime="2025-04-12">12 April</time>' in clean


def test_sanitized_body_element_becomes_a_div_and_keeps_its_text() -> None:
    body = html.document_fromstring(f"<html><body><p>{P1}</p>tail<p>{P2}</p></body></html>")
    clean = sanitize_element(body.find("body"))
    assert clean == f"<div><p>{P1}</p>tail<p>{P2}</p></div>"


def test_long_runs_stay_fast_and_whole() -> None:
    """ammonia is quadratic in one long text of some characters (U+00A0-U+00BF, "&"): long
    texts are cut by empty ``<wbr>`` elements, and the text is all there."""
    text = "\u00a9\u00a0&" * 100_000
    clean = sanitize_html(f"<p>{text}</p>")
    assert html.fragment_fromstring(clean).text_content() == text


def test_a_long_run_after_a_comment_is_cut_too() -> None:
    """The text after an HTML comment (the comment's tail) was never cut: the cleaner then met
    the whole run."""
    text = "\u00a9\u00a0&" * 2_000
    clean = sanitize_html(f"<p>before<!-- x -->{text}</p>")
    assert "<wbr>" in clean
    assert html.fragment_fromstring(clean).text_content() == "before" + text
