"""Bytes to text, for pages whose declared charset cannot be trusted.

Small news sites lie about encodings in two common ways: a cp1252 (French) or cp1256 (Arabic)
page served as UTF-8 by a misconfigured server, and a UTF-8 or cp1256 page served with the
HTTP default ``iso-8859-1``. The declared charset is therefore a hypothesis: we keep it when the
bytes decode cleanly and the text looks like language, and otherwise pick among a few legacy
candidates by how much mojibake each decoding shows. charset-normalizer is the last resort
only: on short French pages it prefers code pages such as cp775 that no news site uses.
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Mapping

from w3lib.encoding import (
    html_body_declared_encoding,
    http_content_type_encoding,
    read_bom,
    resolve_encoding,
)

from .html import xml_safe

# Legacy encodings tried, in order of how often they appear on the sites we target.
_LEGACY_CANDIDATES = ("cp1252", "cp1256", "cp1251", "iso8859-15", "cp1250")
_SINGLE_BYTE_LATIN = {"cp1252", "latin_1", "iso8859-15", "iso8859-1", "ascii"}

# Mojibake shapes: three or more Latin-1 supplement letters in a row ("ÇáãÛÑÈ" is Arabic read
# as cp1252; French never stacks that many accents), C1 control characters (cp1252 bytes read
# as latin-1), U+FFFD, a word that mixes Arabic and Latin letters, and "Ã©"-style pairs (UTF-8
# read as a single-byte encoding).
_MOJIBAKE = re.compile(
    r"[\u00c0-\u00ff]{3,}"
    r"|[\u0080-\u009f\ufffd]"
    r"|[A-Za-z\u00c0-\u00ff][\u0600-\u06ff]|[\u0600-\u06ff][A-Za-z\u00c0-\u00ff]"
    r"|[\u00c2\u00c3\u00d8\u00d9][\u0080-\u00bf]"
)


def _norm(name: str | None) -> str | None:
    if not name:
        return None
    resolved = resolve_encoding(name)
    if resolved is None:
        return None
    return codecs.lookup(resolved).name


def _badness(text: str) -> float:
    """Mojibake hits per 1,000 characters of non-ASCII-bearing text."""
    hits = len(_MOJIBAKE.findall(text))
    return hits * 1000.0 / max(len(text), 1)


def _try(data: bytes, encoding: str) -> str | None:
    try:
        return data.decode(encoding)
    except (UnicodeDecodeError, LookupError):
        return None


def declared_encoding(data: bytes, headers: Mapping[str, str] | None) -> str | None:
    """The charset the server or the page claims: HTTP header first, then ``<meta>``."""
    content_type = None
    for key, value in (headers or {}).items():
        if key.lower() == "content-type":
            content_type = value
            break
    if content_type:
        enc = _norm(http_content_type_encoding(content_type))
        if enc:
            return enc
    return _norm(html_body_declared_encoding(data[:4096]))


def decode_html(data: bytes, headers: Mapping[str, str] | None = None) -> tuple[str, str]:
    """Return ``(text, encoding_used)``.

    Order: a BOM wins outright; then the declared charset when the bytes decode strictly and
    show no mojibake; then UTF-8 if it decodes strictly (the most common mislabelling is a
    UTF-8 page labelled latin-1); then the legacy candidate with the least mojibake.

    Control characters are dropped from the text (:func:`~.html.xml_safe`) once the encoding
    is chosen (C1 controls are evidence of mojibake until then): every reader of the page,
    the lxml tree and the second opinion alike, gets text it can hold.
    """
    text, encoding = _decode(data, headers)
    utf8 = encoding == "utf-8" or data.isascii()  # _decode's UTF-8 is Python's decoder's
    if encoding == "utf-8" and (_CP1252_PROOF in data or _C1_PROOF.search(data)):
        text = undo_double_encoding(text)
        utf8 = False  # the bytes no longer describe the text for xml_safe's shortcuts
    return xml_safe(text, data if utf8 else None), encoding


# UTF-8 read as Latin-1 or cp1252 and written out as UTF-8 again: "Investor’s" becomes
# "Investorâ" plus the C1 controls U+0080 U+0099 (Latin-1), or "Investorâ€™s" (cp1252: MySQL's
# "latin1", the classic WordPress breakage). Text never holds C1 controls, nor "â€", so one of
# them on a page decoded as UTF-8 proves that some of it was double-encoded (a database or an
# export step; 34 of the 1,450 dev pages). Runs that are valid UTF-8 once their characters are
# read back as bytes are then decoded once more — those holding a C1 control or a cp1252
# punctuation character ("€", "™", "œ"…), and "Ã©"-style pairs (é, è, à… double-encoded) —
# and nothing else: "allé\u00a0»" (NBSP) in a French page's properly encoded text looks like a
# 3-byte sequence but holds neither, and stays; so does "CAFÉ…": a cp1252 character proves a
# run only after "Â", "Ã" or "â" (Latin-1 letters and signs, general punctuation), where text
# puts none.
# (Two searches, not one alternation: a pattern opening with one literal byte is a fast
# search for it, an alternation tests every byte of the page.)
_C1_PROOF = re.compile(rb"\xc2[\x80-\x9f]")
_CP1252_PROOF = b"\xc3\xa2\xe2\x82\xac"
_CP1252_BYTE = {
    char: byte
    for byte in range(0x80, 0xA0)
    if (char := bytes([byte]).decode("cp1252", errors="ignore"))
}
_READ_AS_BYTE = "\u0080-\u009f" + "".join(_CP1252_BYTE)  # a C1 control or cp1252's own
_C1 = re.compile("[\u0080-\u009f]")
_CP1252_CHAR = re.compile(f"[{''.join(_CP1252_BYTE)}]")
_CONTINUATION = f"[\u00a0-\u00bf{_READ_AS_BYTE}]"
_UTF8_READ_AS_TEXT = re.compile(
    f"[\u00c2-\u00df]{_CONTINUATION}"
    f"|[\u00e0-\u00ef]{_CONTINUATION}{{2}}"
    f"|[\u00f0-\u00f4]{_CONTINUATION}{{3}}"
)


def undo_double_encoding(text: str) -> str:
    """``text`` with its double-encoded UTF-8 decoded once more (see above)."""
    return _UTF8_READ_AS_TEXT.sub(_decoded_again, text)


def _decoded_again(match: re.Match[str]) -> str:
    run = match.group()
    if not _C1.search(run) and not (
        run[0] in "\u00c2\u00c3\u00e2" and (len(run) == 2 or _CP1252_CHAR.search(run))
    ):
        return run
    try:
        return bytes(_CP1252_BYTE.get(char) or ord(char) for char in run).decode("utf-8")
    except UnicodeDecodeError:  # an overlong or surrogate form: left as it is
        return run


def _decode(data: bytes, headers: Mapping[str, str] | None) -> tuple[str, str]:
    bom_enc, bom = read_bom(data)
    if bom_enc and bom is not None:
        return data[len(bom) :].decode(bom_enc, errors="replace"), _norm(bom_enc) or bom_enc

    declared = declared_encoding(data, headers)
    if data.isascii():
        return data.decode("ascii"), declared or "ascii"

    if declared == "utf-8":
        # Self-validating: a strict decode that succeeds is the answer, no mojibake scan.
        text = _try(data, "utf-8")
        if text is not None:
            return text, "utf-8"
    elif declared and declared not in _SINGLE_BYTE_LATIN:
        text = _try(data, declared)
        if text is not None and _badness(text) < 0.5:
            return text, declared

    # UTF-8 is self-validating: multibyte sequences do not happen by chance in legacy text.
    text = _try(data, "utf-8")
    if text is not None:
        return text, "utf-8"

    scored: list[tuple[float, int, str, str]] = []
    candidates = ([declared] if declared else []) + [c for c in _LEGACY_CANDIDATES if c != declared]
    for rank, enc in enumerate(candidates):
        text = _try(data, enc)
        if text is None:
            continue
        badness = _badness(text)
        if badness == 0:
            return text, enc
        scored.append((badness, rank, enc, text))
    if scored:
        scored.sort()
        badness, _, enc, text = scored[0]
        if badness < 1.0:
            return text, enc

    from charset_normalizer import from_bytes

    best = from_bytes(data).best()
    if best is not None:
        return str(best), best.encoding
    return data.decode("utf-8", errors="replace"), "utf-8"
