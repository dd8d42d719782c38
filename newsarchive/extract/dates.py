"""Dates as pages write them, to ISO 8601 with an offset.

Machine-readable values (JSON-LD, ``article:published_time``, ``<time datetime>``) cover most
WordPress sites; the textual fallback understands day-month-year dates in English, French and
Arabic month names, which is what the target sites print.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, tzinfo
from email.utils import parsedate_to_datetime
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from dateutil import parser as du_parser

MONTHS = {
    # English
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7,
    "august": 8, "september": 9, "october": 10, "november": 11, "december": 12,
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9,
    "sept": 9, "oct": 10, "nov": 11, "dec": 12,
    # French
    "janvier": 1, "février": 2, "fevrier": 2, "mars": 3, "avril": 4, "mai": 5, "juin": 6,
    "juillet": 7, "août": 8, "aout": 8, "septembre": 9, "octobre": 10, "novembre": 11,
    "décembre": 12, "decembre": 12, "janv": 1, "févr": 2, "avr": 4, "juil": 7,
    # Arabic (Maghreb and Mashriq names)
    "يناير": 1, "فبراير": 2, "مارس": 3, "أبريل": 4, "ابريل": 4, "إبريل": 4, "ماي": 5,
    "مايو": 5, "يونيو": 6, "يونيه": 6, "يوليوز": 7, "يوليو": 7, "يوليه": 7, "غشت": 8,
    "أغسطس": 8, "اغسطس": 8, "شتنبر": 9, "سبتمبر": 9, "أكتوبر": 10, "اكتوبر": 10,
    "نونبر": 11, "نوفمبر": 11, "دجنبر": 12, "ديسمبر": 12,
    "كانون الثاني": 1, "شباط": 2, "آذار": 3, "نيسان": 4, "أيار": 5, "حزيران": 6,
    "تموز": 7, "آب": 8, "أيلول": 9, "تشرين الأول": 10, "تشرين الثاني": 11,
    "كانون الأول": 12,
}  # fmt: skip
# Languages that write the day first only ("4 de agosto de 2021", "4. März 2021"): read
# before a year, never month-first, where their short forms ("set", "out", "gen") are words.
DAY_FIRST_MONTHS = {
    # Spanish, Portuguese, Italian (full names, and the abbreviations CMS locales print:
    # HubSpot's "04-ago-2021"; not "set" or "out", English words)
    "enero": 1, "febrero": 2, "marzo": 3, "abril": 4, "mayo": 5, "junio": 6, "julio": 7,
    "agosto": 8, "septiembre": 9, "setiembre": 9, "octubre": 10, "noviembre": 11,
    "diciembre": 12, "janeiro": 1, "fevereiro": 2, "março": 3, "marco": 3, "maio": 5,
    "junho": 6, "julho": 7, "setembro": 9, "outubro": 10, "novembro": 11, "dezembro": 12,
    "gennaio": 1, "febbraio": 2, "aprile": 4, "maggio": 5, "giugno": 6, "luglio": 7,
    "settembre": 9, "ottobre": 10, "dicembre": 12,
    "ene": 1, "abr": 4, "ago": 8, "dic": 12, "fev": 2, "dez": 12,
    "gen": 1, "mag": 5, "giu": 6, "lug": 7, "ott": 10,
    # German and Dutch
    "januar": 1, "februar": 2, "märz": 3, "maerz": 3, "juni": 6, "juli": 7, "oktober": 10,
    "dezember": 12, "januari": 1, "februari": 2, "maart": 3, "mei": 5, "augustus": 8,
    "okt": 10, "mrt": 3,
}  # fmt: skip
_ARABIC_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def _alternation(names: dict[str, int]) -> str:
    return "|".join(sorted((re.escape(m) for m in names), key=len, reverse=True))


_MONTH_ALT = _alternation(MONTHS)
_DAY_FIRST_ALT = _alternation(MONTHS | DAY_FIRST_MONTHS)
# "4 August 2021", "4. August 2021", "4 de agosto de 2021", "04-ago-2021".
_TEXT_DATE = re.compile(
    rf"(?<!\d)(\d{{1,2}})(?:er|st|nd|rd|th)?\.?(?:\s+de|\s*-)?\s*\b({_DAY_FIRST_ALT})\.?,?"
    rf"(?:\s+del?|-)?\s*(\d{{4}})"
    rf"(?:\D{{0,12}}?(\d{{1,2}})\s*[:hH]\s*(\d{{2}}))?",
    re.IGNORECASE,
)
_TEXT_DATE_MDY = re.compile(
    rf"\b({_MONTH_ALT})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?\s+(\d{{4}})"
    rf"(?:\D{{0,12}}?(\d{{1,2}}):(\d{{2}})\s*([ap]\.?m\.?)?)?",
    re.IGNORECASE,
)
# Numeric dates inside a text ("Published: 2025.12.17", "Updated: 10/31/2024"): year first,
# else day or month first — the one a number over 12 allows, day first when both could be.
_CLOCK = r"(?![.,/-]?\d)(?:\D{1,3}?(\d{1,2}):(\d{2})(?!\s*[ap]\.?m))?"  # 24-hour time after it
_NUMERIC_YMD = re.compile(r"(?<![\w.,/-])(\d{4})([-/.])(\d{1,2})\2(\d{1,2})" + _CLOCK)
_NUMERIC_DMY = re.compile(r"(?<![\w.,/-])(\d{1,2})([-/.])(\d{1,2})\2(\d{4})" + _CLOCK)
_WORD = re.compile(r"[^\W\d_]{2,}")
_ISOISH = re.compile(r"^\s*\d{4}-\d{1,2}-\d{1,2}")
# RSS pubDate: "Mon, 14 Apr 2025 10:00:00 +0100"
_RFC2822 = re.compile(r"^(?:[A-Za-z]{3},\s*)?\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d{1,2}:\d{2}")


def timezone_for(name: str | None) -> tzinfo:
    """A site's timezone by IANA name; UTC when unset or unknown."""
    if not name:
        return UTC
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        return UTC


def _finish(value: datetime, default_tz: tzinfo) -> str | None:
    if not 1990 <= value.year <= 2100:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=default_tz)
    return value.isoformat()


def parse_date(raw: str | None, default_tz: tzinfo = UTC) -> str | None:
    """ISO 8601 string with offset, or None when ``raw`` holds no recognisable date."""
    if not raw:
        return None
    text = " ".join(raw.translate(_ARABIC_DIGITS).split())
    if not text:
        return None
    if _ISOISH.match(text):
        try:
            return _finish(datetime.fromisoformat(text.replace("Z", "+00:00")), default_tz)
        except ValueError:
            pass
        try:
            return _finish(du_parser.isoparse(text), default_tz)
        except (ValueError, OverflowError):
            pass
    if _RFC2822.match(text):
        try:
            return _finish(parsedate_to_datetime(text), default_tz)
        except (ValueError, TypeError):
            pass
    lowered = text.lower()
    match = _TEXT_DATE.search(lowered)
    if match:
        day, month_name, year, hour, minute = match.groups()
        month = MONTHS.get(month_name) or DAY_FIRST_MONTHS[month_name]
        return _build(int(year), month, int(day), hour, minute, default_tz)
    match = _TEXT_DATE_MDY.search(lowered)
    if match:
        month_name, day, year, hour, minute, ampm = match.groups()
        h = int(hour) if hour else None
        if h is not None and ampm and ampm.startswith("p") and h < 12:
            h += 12
        if h is not None and ampm and ampm.startswith("a") and h == 12:
            h = 0
        return _build(int(year), MONTHS[month_name], int(day), h, minute, default_tz)
    year_first = _NUMERIC_YMD.search(text)
    numeric = _numeric_date(text)
    if re.search(r"\d{4}", text) and re.search(r"[-/.:]", text):
        try:
            # "2025/1/22", "2025-11-7": year, month, day — never year, day, month.
            parsed = du_parser.parse(text, dayfirst=not year_first, yearfirst=bool(year_first))
            return _finish(parsed, default_tz)
        except (ValueError, OverflowError, TypeError):
            pass
    return _build(*numeric, default_tz) if numeric else None


def _numeric_date(text: str) -> tuple[int, int, int, str | None, str | None] | None:
    """Year, month and day of the one numeric date in a short labelled text ("Updated:
    10/31/2024", "Essay - Published: 2025.12.17 |"); None in prose or beside another date (a
    range)."""
    found = [(m, True) for m in _NUMERIC_YMD.finditer(text)]
    found += [(m, False) for m in _NUMERIC_DMY.finditer(text)]
    if len(found) != 1:
        return None
    match, year_first = found[0]
    if len(_WORD.findall(text[: match.start()] + " " + text[match.end() :])) > 3:
        return None
    if year_first:
        year, _, month, day, hour, minute = match.groups()
        return int(year), int(month), int(day), hour, minute
    first, _, second, year, hour, minute = match.groups()
    day, month = (second, first) if int(second) > 12 else (first, second)
    return int(year), int(month), int(day), hour, minute


def _build(
    year: int,
    month: int,
    day: int,
    hour: int | str | None,
    minute: str | None,
    default_tz: tzinfo,
) -> str | None:
    try:
        value = datetime(year, month, day, int(hour or 0), int(minute or 0))
    except ValueError:
        return None
    return _finish(value, default_tz)
