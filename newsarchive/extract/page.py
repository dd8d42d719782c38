"""An article page as a page object: one method per field (web-poet's way), the generic
reading behind them, a site's own reading of a field as a method of a subclass.

The generic reading is :func:`~newsarchive.extract.extract_page`'s, done once, when a field is
first asked for; each method returns its field from it. A site whose pages the generic reading
gets wrong on a field subclasses :class:`ArticlePage` and overrides that one method, reading
the page through :attr:`ArticlePage.tree` (its own parse, untouched by the extractors)::

    class ExampleNewsPage(ArticlePage):
        def section(self) -> str | None:
            found = self.xpath('//*[@class="rubrique"]//a/text()')
            return str(found[0]).strip() if found else super().section()

and names it on its spider (``page_class = ExampleNewsPage``, ``docs/sites.md``).
:meth:`ArticlePage.to_item` asks every method; what an override returns is bounded like any
extracted value (:mod:`.bounds`). Pure, like the rest of :mod:`newsarchive.extract`.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, tzinfo
from functools import cached_property
from typing import Any

from ..items import Article
from . import Extraction, extract_page
from .bounds import bound_article
from .encoding import decode_html
from .html import HtmlElement, parse_html, xml_safe

PAGE_FIELDS = (
    "canonical_url", "headline", "article_body", "article_body_html", "comment_count",
    "comment_count_raw", "comment_count_source", "comment_count_signals", "wp_post_id",
    "authors", "date_published", "date_published_raw", "date_published_source",
    "date_modified", "date_modified_raw", "in_language", "description", "section", "tags",
    "main_image", "site",
)  # fmt: skip
"""The item fields a page gives (the others are the crawl's: fetch time, status…)."""


class ArticlePage:
    """One fetched page, read field by field."""

    def __init__(
        self,
        html: bytes | str,
        url: str,
        headers: Mapping[str, str] | None = None,
        *,
        default_tz: tzinfo = UTC,
    ) -> None:
        self.html = html
        self.url = url
        self.headers = headers
        self.default_tz = default_tz

    @cached_property
    def extraction(self) -> Extraction:
        """The generic reading of every field, and what the crawler needs beside the item
        (whether the page reads as an article, its comment-count evidence)."""
        return extract_page(self.html, self.url, self.headers, default_tz=self.default_tz)

    @cached_property
    def tree(self) -> HtmlElement:
        """The page parsed for an override's own reading (the extractors' tree is theirs)."""
        if isinstance(self.html, bytes):
            text, _ = decode_html(self.html, self.headers)
        else:
            text = xml_safe(self.html)
        return parse_html(text, safe=True)

    def xpath(self, query: str) -> list[Any]:
        return list(self.tree.xpath(query))

    def overridden(self) -> list[str]:
        """The fields this class reads its own way."""
        return [
            name
            for name in PAGE_FIELDS
            if getattr(type(self), name) is not getattr(ArticlePage, name)
        ]

    def to_item(self) -> Article:
        """The item: every field from its method."""
        overridden = self.overridden()
        if not overridden:
            return self.extraction.article
        article = Article(url=self.url, **{name: getattr(self, name)() for name in PAGE_FIELDS})
        return bound_article(article)

    # One method per field, each the generic reading's value. ------------------------------
    def canonical_url(self) -> str | None:
        return self.extraction.article.canonical_url

    def headline(self) -> str | None:
        return self.extraction.article.headline

    def article_body(self) -> str | None:
        return self.extraction.article.article_body

    def article_body_html(self) -> str | None:
        return self.extraction.article.article_body_html

    def comment_count(self) -> int | None:
        return self.extraction.article.comment_count

    def comment_count_raw(self) -> str | None:
        return self.extraction.article.comment_count_raw

    def comment_count_source(self) -> str | None:
        return self.extraction.article.comment_count_source

    def comment_count_signals(self) -> list[dict[str, Any]]:
        return list(self.extraction.article.comment_count_signals)

    def wp_post_id(self) -> int | None:
        return self.extraction.article.wp_post_id

    def authors(self) -> list[str]:
        return list(self.extraction.article.authors)

    def date_published(self) -> str | None:
        return self.extraction.article.date_published

    def date_published_raw(self) -> str | None:
        return self.extraction.article.date_published_raw

    def date_published_source(self) -> str | None:
        return self.extraction.article.date_published_source

    def date_modified(self) -> str | None:
        return self.extraction.article.date_modified

    def date_modified_raw(self) -> str | None:
        return self.extraction.article.date_modified_raw

    def in_language(self) -> str | None:
        return self.extraction.article.in_language

    def description(self) -> str | None:
        return self.extraction.article.description

    def section(self) -> str | None:
        return self.extraction.article.section

    def tags(self) -> list[str]:
        return list(self.extraction.article.tags)

    def main_image(self) -> str | None:
        return self.extraction.article.main_image

    def site(self) -> str | None:
        return self.extraction.article.site
