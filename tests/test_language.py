"""The page's language: declared, else read from its text."""

from __future__ import annotations

from newsarchive.extract import extract_article

URL = "https://news.example/2025/04/12/le-conseil-vote-le-budget/"
FRENCH = (
    "Le conseil municipal a voté le budget mardi soir, après un long débat sur les priorités "
    "de la ville et les travaux prévus dans les quartiers du centre. "
) * 4
ARABIC = (
    "صوت المجلس البلدي مساء الثلاثاء على الميزانية بعد نقاش طويل حول أولويات المدينة "
    "والأشغال المبرمجة في أحياء الوسط. "
) * 4


def page(text: str, lang: str = "") -> str:
    attribute = f' lang="{lang}"' if lang else ""
    return (
        f"<html{attribute}><head><title>Le budget</title></head><body><article>"
        f"<h1>Le conseil vote le budget</h1><p>{text}</p><p>{text}</p></article></body></html>"
    )


def test_a_page_that_declares_no_language_is_read_for_it() -> None:
    """56 of the 1,450 dev pages declare none; their language was None."""
    assert extract_article(page(FRENCH), URL).in_language == "fr"
    assert extract_article(page(ARABIC), URL).in_language == "ar"


def test_a_declared_language_is_kept() -> None:
    assert extract_article(page(FRENCH, lang="fr-MA"), URL).in_language == "fr-MA"
    assert extract_article(page(FRENCH, lang="en"), URL).in_language == "en"


def test_too_little_text_stays_unknown() -> None:
    assert extract_article(page("Le conseil a voté."), URL).in_language is None
