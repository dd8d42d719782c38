"""The page's language read from its text, where the page declares none.

56 of the 1,450 dev pages declare no language (no ``<html lang>``, ``og:locale``, JSON-LD
``inLanguage``): hand-made sites, old templates, some shops. py3langid (langid.py's
maintained fork, its model bundled: nothing is downloaded) reads it from the headline and
the body, held to the languages newsarchive archives. A guess below :data:`MIN_PROBABILITY`,
or on less than :data:`MIN_CHARS` of text, stays None: an unknown language is better than a
wrong one. A declared language is never second-guessed here; a theme's default ``en-US`` on
a French site is what the site says.

The model loads once per process, only when a page needs it: about 0.8 s and 80 MB resident
in each extraction worker that meets such a page (loaded up front in the fork server instead,
every crawl would pay both, most sites declaring their language). A guess then takes about
0.5 ms on the first :data:`SAMPLE_CHARS` characters.
"""

from __future__ import annotations

from functools import lru_cache
from typing import Any

ARCHIVED_LANGUAGES = (
    "en", "fr", "ar", "de", "es", "pt", "it", "nl", "pl", "ru", "uk", "tr", "fa", "zh", "ja",
    "ko", "hi", "id", "sv", "cs", "ro", "hu", "el",
)  # fmt: skip
"""The languages of the sites newsarchive archives: those a guess may name, and those
htmldate's dateparser reads month names in (:mod:`.htmldate_search`)."""

MIN_CHARS = 200
MIN_PROBABILITY = 0.95
SAMPLE_CHARS = 3000


def guess_language(headline: str | None, body: str | None) -> str | None:
    """The ISO 639-1 code of the language the headline and body are written in, or None
    when they are too short or the model is not sure. Read from the first
    :data:`SAMPLE_CHARS` characters (the body cut before it is joined: it may be megabytes)."""
    text = f"{headline or ''}\n{(body or '')[:SAMPLE_CHARS]}"[:SAMPLE_CHARS]
    if len(text) < MIN_CHARS:
        return None
    code, probability = _identifier().classify(text)
    return str(code) if probability >= MIN_PROBABILITY else None


@lru_cache(maxsize=1)
def _identifier() -> Any:
    from py3langid.langid import MODEL_FILE, LanguageIdentifier  # type: ignore[import-untyped]

    identifier = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)
    identifier.set_languages(list(ARCHIVED_LANGUAGES))
    return identifier
