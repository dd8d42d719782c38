"""Revisions of one article and readable word-level diffs between them."""

from __future__ import annotations

import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

_TOKENS = re.compile(r"\n|[^\s]+")
CONTEXT_WORDS = 8


@dataclass(frozen=True, slots=True)
class Change:
    """One stretch of a diff: ``kind`` is ``equal``, ``delete`` or ``insert``."""

    kind: str
    text: str


def word_changes(old: str | None, new: str | None) -> list[Change]:
    """Word-level diff; paragraph breaks are tokens too, so moved paragraphs show as such.
    Long unchanged stretches are shortened to their first and last words."""
    a, b = _TOKENS.findall(old or ""), _TOKENS.findall(new or "")
    changes: list[Change] = []
    for tag, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a, b=b, autojunk=False).get_opcodes():
        if tag == "equal":
            words = a[i1:i2]
            if len(words) > 2 * CONTEXT_WORDS:
                words = [*words[:CONTEXT_WORDS], "…", *words[-CONTEXT_WORDS:]]
            changes.append(Change("equal", _join(words)))
            continue
        if tag in {"delete", "replace"}:
            changes.append(Change("delete", _join(a[i1:i2])))
        if tag in {"insert", "replace"}:
            changes.append(Change("insert", _join(b[j1:j2])))
    return changes


def _join(tokens: list[str]) -> str:
    return " ".join(tokens).replace(" \n ", "\n").replace("\n ", "\n").replace(" \n", "\n")


def changed_words(old: str | None, new: str | None) -> int:
    """How many words were removed or added between two texts."""
    return sum(len(c.text.split()) for c in word_changes(old, new) if c.kind != "equal")


def revision_changes(old: Mapping[str, Any], new: Mapping[str, Any]) -> int:
    """Words removed or added between two revisions, headline and body: what ``history`` and
    the web UI's timeline show (the CLI counted the body only: a headline edit read "0 words
    changed")."""
    return changed_words(old["headline"], new["headline"]) + changed_words(
        old["article_body"], new["article_body"]
    )


def render(changes: list[Change], color: bool = False) -> str:
    """``[-removed-]`` / ``{+added+}`` (wdiff's notation), or red/green on a terminal."""
    out = []
    for change in changes:
        if change.kind == "equal":
            out.append(change.text)
            continue
        # Paragraph breaks stay outside the markers: "{+New paragraph.+}", not "{+\nNew...".
        words = change.text.strip("\n")
        lead = "\n" if change.text.startswith("\n") else ""
        tail = "\n" if change.text.endswith("\n") and words else ""
        if color:
            code = "31" if change.kind == "delete" else "32"
            marked = f"\x1b[{code}m{words}\x1b[0m"
        elif change.kind == "delete":
            marked = f"[-{words}-]"
        else:
            marked = f"{{+{words}+}}"
        out.append(f"{lead}{marked}{tail}")
    return " ".join(part for part in out if part)
