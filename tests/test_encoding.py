from __future__ import annotations

from typing import Any

import pytest

from newsarchive.extract import extract_article
from newsarchive.extract.encoding import decode_html
from newsarchive.extract.html import xml_safe

FR = "Le ministre français de l’Intérieur entamera à partir du 14 avril une visite. Élève, œuvre, déjà reçu."
AR = "وزير الداخلية الفرنسي يزور المغرب لبحث التعاون الأمني ومكافحة الهجرة"


def page(text: str, meta: str = "") -> str:
    return f"<html><head>{meta}</head><body><p>{text}</p></body></html>"


@pytest.mark.parametrize(
    ("text", "encoding", "content_type", "meta"),
    [
        (FR, "utf-8", "text/html; charset=utf-8", ""),
        (FR, "cp1252", "text/html; charset=utf-8", ""),  # server lies: says UTF-8
        (FR, "cp1252", "text/html", '<meta charset="utf-8">'),  # page lies
        (FR, "utf-8", "text/html; charset=iso-8859-1", ""),  # UTF-8 labelled latin-1
        (FR, "cp1252", "text/html; charset=iso-8859-1", ""),
        (AR, "cp1256", "text/html; charset=utf-8", ""),
        (AR, "cp1256", "text/html; charset=iso-8859-1", ""),
        (AR, "cp1256", "text/html; charset=windows-1256", ""),
        (AR, "utf-8", "text/html", ""),
        (
            AR,
            "cp1256",
            "text/html",
            '<meta http-equiv="Content-Type" content="text/html; charset=windows-1256">',
        ),
    ],
)
def test_decoding_survives_lying_charsets(text, encoding, content_type, meta) -> None:
    data = page(text, meta).encode(encoding)
    decoded, _used = decode_html(data, {"Content-Type": content_type})
    assert text in decoded


def test_bom_wins_over_declared_charset() -> None:
    data = "\ufeff".encode() + page(FR).encode("utf-8")
    decoded, used = decode_html(data, {"Content-Type": "text/html; charset=iso-8859-1"})
    assert FR in decoded
    assert used == "utf-8"


def test_extract_article_accepts_bytes_and_str() -> None:
    html = page(FR * 2)
    from_bytes = extract_article(
        html.encode("cp1252"),
        "https://x.example/a-b-c/",
        {"Content-Type": "text/html; charset=utf-8"},
    )
    from_str = extract_article(html, "https://x.example/a-b-c/")
    assert from_bytes.article_body == from_str.article_body
    assert FR in (from_bytes.article_body or "")


@pytest.mark.parametrize(
    "text",
    [
        "<p>plain</p>",
        "a\x1bb\x00c\x7fd",  # C0 and DEL
        "a\x85b\x9fc",  # C1: NEL is whitespace too
        "a\ufffeb\uffffc",  # noncharacters
        "<p>" + "\u2005" * 100 + "x</p>",  # a run of non-ASCII whitespace
        "<p>" + " \t\n" * 40 + "x</p>",  # a run of ASCII whitespace
        "é" * 300 + "<p>" + "\u3000" * 70 + "</p>",
        "<html><body><p>a</p></body></html><div><p>after the early end tags</p></div>",
        "<HTML><BODY><p>a</p></BODY></HTML><p>after</p>",
        "<html><body><p>a</p></body>\n<!-- c -->\n</html>\n",
        "<p>Ünïcödé « ’ » &#27; &#x1b; &#11;</p>",
        "<p>" + (" " * 40 + "\x01") * 3 + "x</p>",  # runs joined once the controls go
        "<p>" + (" " * 40 + "&#1;") * 3 + "x</p>",  # ... or the references
        "<p>a</p></bo\x01dy></html><p>after</p>",  # an end tag made by removing a control
        # Runs shortened only where the bytes allow one: many stretches, next to letters
        # whose last byte some whitespace character's encoding holds too ("é" ends in 0xa9,
        # as U+2029 does), at the text's ends, in Arabic and CJK text.
        " " * 70 + "<p>" + ("ب" * 30 + " \n" * 40) * 5 + "</p>" + "\t" * 70,
        "é" + " " * 70 + "é" + "\u2029" * 70 + "中" + "\u3000 " * 40 + "中",
        "<p>" + ("x" + " " * 64) * 3 + "y" + " " * 65 + "\xa0" + " " * 200 + "z</p>",
    ],
)
def test_byte_prechecks_change_nothing(text: str) -> None:
    """decode_html looks at the UTF-8 bytes before scanning the text (a fraction of the
    time); what comes out must be what the text scans alone give."""
    assert decode_html(text.encode("utf-8"))[0] == xml_safe(text)


@pytest.mark.parametrize("encode", [
    lambda text: b"\xef\xbb\xbf" + text.encode("utf-8"),  # the BOM read, not in the text
    lambda text: text.encode("utf-16"),  # two bytes a character
], ids=["utf-8-bom", "utf-16"])  # fmt: skip
def test_whitespace_runs_where_bytes_and_text_do_not_line_up(encode: Any) -> None:
    text = "<p>" + ("é" + " " * 70) * 3 + "x</p>"
    assert decode_html(encode(text))[0] == xml_safe(text) == "<p>" + "é " * 3 + "x</p>"


def double_encoded(text: str) -> bytes:
    """UTF-8 read as Latin-1 and written out as UTF-8 again, as a broken export step does."""
    return text.encode("utf-8").decode("latin-1").encode("utf-8")


def test_double_encoded_utf8_is_decoded_once_more() -> None:
    headline = "L’investisseur et le café — guide"
    body = "Il n’a pas dit « non » : c’est déjà l’été. " * 8
    page = double_encoded(
        f'<html><head><meta charset="utf-8"><title>{headline}</title></head>'
        f"<body><article><h1>{headline}</h1><p>{body}</p></article></body></html>"
    )
    text, encoding = decode_html(page)
    assert encoding == "utf-8"
    assert headline in text
    assert "\u00e2" not in text
    item = extract_article(page, "https://site.example/2025/cafe/")
    assert item.headline == headline
    assert "c’est déjà l’été" in (item.article_body or "")


def test_a_page_without_proof_of_double_encoding_is_not_touched() -> None:
    """A stray "Ã©" is no proof: a page holding no C1 control nor "â€" is read as it is."""
    page = "<html><body><p>SÃO PAULO Ã© — a stray pair</p></body></html>".encode()
    text, _ = decode_html(page)
    assert "SÃO PAULO Ã© — a stray pair" in text


def test_cp1252_double_encoding_is_decoded_once_more() -> None:
    """The WordPress breakage (UTF-8 stored through MySQL's cp1252 "latin1"): "â€™" for "’"."""
    # Bytes cp1252 leaves undefined (0x9D in "”") come back as their C1 code points there.
    broken = "".join(
        bytes([b]).decode("cp1252", errors="ignore") or chr(b)
        for b in "If I’d known: “café” — costs €5…".encode()
    )
    page = f"<html><body><p>{broken}</p></body></html>".encode()
    text, _ = decode_html(page)
    assert "If I’d known: “café” — costs €5…" in text


@pytest.mark.parametrize(
    ("legit", "broken"),
    [
        # Read as Latin-1, "é\u00a0»" and "É\u00a0" are valid UTF-8, but hold no C1 control.
        ("Il est allé\u00a0» au CAFÉ\u00a0! Ça va.", "don’t".encode().decode("latin-1")),
        # "É…" and "É”" are valid UTF-8 read as cp1252, but a cp1252 character proves a run
        # only after "Â", "Ã" or "â".
        ("“CAFÉ…” and “RÉSUMÉ”", "don’t".encode().decode("cp1252")),
    ],
    ids=["latin-1", "cp1252"],
)
def test_properly_encoded_text_stays_beside_double_encoded_text(legit: str, broken: str) -> None:
    page = f"<html><body><p>{legit}</p><p>{broken}</p></body></html>".encode()
    text, _ = decode_html(page)
    assert legit in text
    assert "don’t" in text
