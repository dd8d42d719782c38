from __future__ import annotations

from zoneinfo import ZoneInfo

import pytest

from newsarchive.extract import extract_article
from newsarchive.extract.dates import parse_date


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("2025-04-12T09:30:00+01:00", "2025-04-12T09:30:00+01:00"),
        ("2025-04-12T09:30:00Z", "2025-04-12T09:30:00+00:00"),
        ("2025-04-12 09:30", "2025-04-12T09:30:00+00:00"),
        ("Mon, 14 Apr 2025 10:00:00 +0100", "2025-04-14T10:00:00+01:00"),
        ("14 avril 2025", "2025-04-14T00:00:00+00:00"),
        ("le 1er mars 2024 à 10h30", "2024-03-01T10:30:00+00:00"),
        ("April 14, 2025 at 3:05 pm", "2025-04-14T15:05:00+00:00"),
        ("12 أبريل 2025", "2025-04-12T00:00:00+00:00"),
        ("نشر في ١٢ غشت ٢٠٢٤", "2024-08-12T00:00:00+00:00"),
        # Year first is never year, day, month; numeric dates behind a short label.
        ("2024-3-9", "2024-03-09T00:00:00+00:00"),
        ("2019/3/4 18:20", "2019-03-04T18:20:00+00:00"),
        ("Posted: 2024.03.09 |", "2024-03-09T00:00:00+00:00"),
        ("Updated: 12/28/2023", "2023-12-28T00:00:00+00:00"),
        ("Mis en ligne : 28/02/2023", "2023-02-28T00:00:00+00:00"),
        ("입력 2019-05-06 08:15", "2019-05-06T08:15:00+00:00"),
        # Day-first languages beyond French and Arabic; a CMS locale's "dd-mon-yyyy".
        ("4 de agosto de 2021", "2021-08-04T00:00:00+00:00"),
        ("18 de marzo del 2020 10:30", "2020-03-18T10:30:00+00:00"),
        ("on 04-ago-2021 5:11:10", "2021-08-04T05:11:00+00:00"),
        ("12 settembre 2023", "2023-09-12T00:00:00+00:00"),
        ("4. März 2021", "2021-03-04T00:00:00+00:00"),
        ("3 mei 2022", "2022-05-03T00:00:00+00:00"),
        ("10-Dec-2021", "2021-12-10T00:00:00+00:00"),
    ],
)
def test_parse_date(raw: str, expected: str) -> None:
    assert parse_date(raw) == expected


def test_site_timezone_applies_only_without_offset() -> None:
    tz = ZoneInfo("Africa/Casablanca")
    assert parse_date("2025-01-15 10:00", tz) == "2025-01-15T10:00:00+01:00"
    assert parse_date("2025-01-15T10:00:00+00:00", tz) == "2025-01-15T10:00:00+00:00"


@pytest.mark.parametrize(
    "raw",
    [
        "",
        "not a date",
        "1200 words",
        "Page 3 of 14",
        None,
        "Offer: 2024.01.02 - 2024.01.09",  # a range is no one date
        "Read the full statement the committee issued on 2023/11/02",  # prose
        "Last revised: 2024/13/01",
        # Day-first months are never read month-first, and their short forms that are
        # English words are not months.
        "Gen 2, 2021",
        "Top 5 out 2021",
    ],
)
def test_no_date(raw) -> None:
    assert parse_date(raw) is None


URL = "https://news.example/council-budget/"
BODY = "<p>" + "The council voted on the budget late on Tuesday, after a long debate. " * 8 + "</p>"


def _page(head: str = "", body: str = "") -> str:
    return (
        f"<html><head><title>Council approves budget</title>{head}</head><body {body}>"
        f"<article><h1>Council approves budget</h1><div class='entry-content'>{BODY}"
        "</div></article></body></html>"
    )


def test_spanish_byline_date_by_the_headline() -> None:
    """HubSpot prints a Spanish-locale byline "on 04-ago-2021": "ago" there is August, not
    a relative time."""
    html = _page().replace(
        "<h1>", "<div class='author'>By Ana Ruiz on 04-ago-2021 5:11:10</div><h1>"
    )
    item = extract_article(html, URL)
    assert (item.date_published[:10], item.date_published_source) == ("2021-08-04", "header")


def test_a_relative_time_by_the_headline_is_no_date() -> None:
    html = _page().replace("</h1>", "</h1><p class='meta'>3 days ago</p>")
    assert extract_article(html, URL).date_published is None


def test_headline_printed_without_an_h1() -> None:
    """Site builders (Framer, Wix) print the headline in a styled paragraph: the date next
    to it is the header's."""
    html = (
        "<html><head><title>Council approves budget | City News</title></head><body>"
        "<div class='hero'><p class='text'>Council approves budget</p>"
        f"<p class='text'>Feb 16, 2026</p></div><div>{BODY}</div></body></html>"
    )
    item = extract_article(html, URL)
    assert (item.date_published[:10], item.date_published_source) == ("2026-02-16", "header")


@pytest.mark.parametrize(
    ("head", "body"),
    [
        ('<meta name="published" content="July 17, 2025">', ""),
        ('<meta name="w-published-date" content="2025-07-17T06:03:43.274Z">', ""),
        ("", 'data-pubdate="2025-07-17" data-lastmod="2025-12-02"'),
    ],
)
def test_a_publication_declared_under_another_name_vouches_for_htmldate(
    head: str, body: str
) -> None:
    """No rule of ours reads these names; htmldate does, and its date is believed when
    the page declares that day as the publication."""
    item = extract_article(_page(head, body), URL)
    assert (item.date_published[:10], item.date_published_source) == ("2025-07-17", "htmldate")


def test_htmldate_is_not_asked_where_no_answer_could_be_believed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    """A page with no day printed, declared or in its URL: whatever htmldate found would be
    thrown away, so the page is neither serialized nor parsed again for it. With a day
    printed on the page, it is asked."""
    from newsarchive.extract import metadata

    asked: list[str] = []

    def counted(page: str, url: str, *, extensive: bool) -> str | None:
        asked.append(url)
        return htmldate_day(page, url, extensive=extensive)

    htmldate_day = metadata.htmldate_day
    monkeypatch.setattr(metadata, "htmldate_day", counted)
    undated = f"<html><head><title>Story</title></head><body>{BODY}</body></html>"
    assert extract_article(undated, URL).date_published is None
    assert asked == []
    extract_article(undated.replace("<body>", "<body><span>July 17, 2025</span>"), URL)
    assert asked == [URL]


def test_a_modification_date_does_not_vouch_for_htmldate() -> None:
    head = '<meta name="modified-date" content="2025-12-02">'
    item = extract_article(_page(head, 'data-lastmod="2025-12-02"'), URL)
    assert item.date_published is None


def test_htmldate_extensive_search_reads_month_names_in_our_languages_only_as_asked() -> None:
    """htmldate hands "12 سبتمبر 2023" to dateparser, which reads it with the languages we
    archive (not all ~200 locales: 1.2 s and 34 MB a process); htmldate's own parser
    factory is back in place afterwards."""
    import htmldate.extractors

    from newsarchive.extract import htmldate_search
    from newsarchive.extract.language_guess import ARCHIVED_LANGUAGES

    factory = htmldate.extractors.get_external_parser
    htmldate_search._held_parser.cache_clear()
    page = "<html><body><h1>Title</h1><div class='date'>12 سبتمبر 2023</div></body></html>"
    assert htmldate_search.htmldate_day(page, URL, extensive=True) == "2023-09-12"
    assert htmldate.extractors.get_external_parser is factory
    assert htmldate_search._held_parser.cache_info().currsize == 1  # htmldate asked ours
    held = htmldate_search._held_parser()
    assert held.get_date_data("12 سبتمبر 2023")["date_obj"] is not None
    assert sorted(held.languages) == sorted(ARCHIVED_LANGUAGES)
