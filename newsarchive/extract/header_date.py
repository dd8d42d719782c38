"""The date a reader sees by the headline: the article's own header, read like a person would.

Pages print the date they stand by next to the headline or the byline ("March 13, 2026",
"Published Oct 10, 2025 · 5 min read", "Updated August 14, 2025"); metadata often says
something else (the first draft's time, a re-publication, a theme's build date). So the text
is walked in document order from the ``<h1>``, and the dates printed within a short distance
of it — outside sidebars, teaser lists and comments — are the candidates. One labelled as the
publication ("Published", "Posted", "Publié") wins; else the nearest unlabelled one; a date
labelled as an update only when it is the only one shown (then it is the date the page
stands by).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import tzinfo

from lxml import etree

from .dates import parse_date
from .html import HtmlElement, one_line, text_of
from .near_headline import Mention

AFTER_H1 = 900  # characters of text after the headline where its header's date may be
BEFORE_H1 = 250  # and before it (a kicker line with the date above the headline)
_YEAR = re.compile(r"(?<!\d)(?:19[89]\d|20\d\d)(?!\d)")
_UPDATED = re.compile(
    r"updated|modified|last edit|mis à jour|mise à jour|actualizado|actualizada|aktualisiert|"
    r"aggiornato|atualizado|bijgewerkt|zaktualizowano|обновлено|تم التحديث|آخر تحديث|güncellendi",
    re.I,
)
_PUBLISHED = re.compile(
    r"published|posted|publié|publicado|publicada|veröffentlicht|pubblicato|gepubliceerd|"
    r"opublikowano|опубликовано|نشر|نُشر|yayınlandı|date de publication",
    re.I,
)
# "3 days ago", "il y a 2 jours": a time relative to the fetch. (Spanish and Italian "ago" is
# August: "04-ago-2021", "4 ago 2021", with the year right after.)
_RELATIVE = re.compile(r"\bago\b(?![\s.,-]{0,3}\d{4})|\bil y a\b|\bhace\b|\bvor\b|منذ", re.I)
_SKIP_TAGS = frozenset({"script", "style", "noscript", "template", "option", "select"})


@dataclass(frozen=True, slots=True)
class PrintedDate:
    raw: str
    iso: str
    label: str  # "published", "updated" or ""
    distance: int  # characters of text between the headline and the date


def header_date(header: list[Mention], default_tz: tzinfo) -> PrintedDate | None:
    """The date printed in the article's header (``header``: :func:`header_mentions`), or
    None when there is no date near the headline."""
    dates = []
    for mention in header:
        if not -BEFORE_H1 <= mention.distance <= AFTER_H1 or len(mention.text) > 120:
            continue
        shown = mention.text
        if mention.is_time:
            shown = one_line(text_of(mention.element)) or mention.text
        elif not _YEAR.search(mention.text) or (
            mention.element.tag == "time" and mention.element.get("datetime")
        ):
            continue
        if _RELATIVE.search(shown):
            continue
        iso = parse_date(mention.text, default_tz)
        if iso is None:
            continue
        label = _label(mention.element, shown)
        dates.append(PrintedDate(shown, iso, label, abs(mention.distance)))
    if not dates:
        return None
    for wanted in ("published", ""):
        labelled = [d for d in dates if d.label == wanted]
        if labelled:
            return min(labelled, key=lambda d: d.distance)
    return min(dates, key=lambda d: d.distance)


# Characters of a class or itemprop read for a date's label: a wrapper's class may be
# anything long (400 KB read for each of the dates near the headline: 2 s).
_NAME_CHARS = 300


def _label(el: HtmlElement, text: str) -> str:
    """What the words or classes around a date say it is."""
    parent = el.getparent()
    context = " ".join(
        filter(
            None,
            (
                text,
                (el.get("class") or "")[:_NAME_CHARS],
                (el.get("itemprop") or "")[:_NAME_CHARS],
                (parent.get("class") or "")[:_NAME_CHARS] if parent is not None else None,
                one_line(parent.text)[:60] if parent is not None and parent.text else None,
                _previous_text(el),
            ),
        )
    )
    if _PUBLISHED.search(context) or "datepublished" in context.lower():
        return "published"
    if _UPDATED.search(context) or "datemodified" in context.lower():
        return "updated"
    return ""


def _previous_text(el: HtmlElement) -> str | None:
    prev = el.getprevious()
    if prev is not None:
        return one_line(text_of(prev))[-40:] + " " + one_line(prev.tail)[:40]
    return None


def printed_days(doc: HtmlElement, default_tz: tzinfo) -> set[str]:
    """Every calendar day (``YYYY-MM-DD``) printed in the page's short texts, outside
    scripts: what a reader could see somewhere on the page."""
    body = doc.find("body")
    days: set[str] = set()
    for el in (body if body is not None else doc).iter(etree.Element):
        if not isinstance(el.tag, str) or el.tag in _SKIP_TAGS:
            continue
        for text in (el.text, el.tail, el.get("datetime") if el.tag == "time" else None):
            if text and len(text) <= 120 and _YEAR.search(text):
                iso = parse_date(text, default_tz)
                if iso:
                    days.add(iso[:10])
    return days
