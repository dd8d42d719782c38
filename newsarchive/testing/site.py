"""A small WordPress-like news site, rendered from data, for the demo and the crawl tests.

The model is mutable (edit a body, add a comment) so tests can change the site between two
crawls. Pages imitate real WordPress themes: a Twenty-Twenty-style theme ("Laisser un
commentaire" / "N commentaires" links) and a tagDiv-Newspaper-style theme (a bare count next to
a comment icon, as on the seed page), with the usual distractors: sidebar widgets with other
articles' counts, related posts, share bars, a recent-comments widget, utm-tagged links.
"""

from __future__ import annotations

import html
import json
import random
import threading
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone

from . import text
from .theme import ballast

TZ = timezone(timedelta(hours=1))
SITE_NAME = "Le Quotidien Libre"
PER_PAGE = 10


@dataclass(frozen=True)
class Canned:
    """A fixed answer for one path: status, headers, body."""

    status: int = 200
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""


@dataclass
class Comment:
    author: str
    text: str
    replies: list[Comment] = field(default_factory=list)

    def total(self) -> int:
        return 1 + sum(r.total() for r in self.replies)


@dataclass
class SiteArticle:
    id: int
    lang: str
    slug: str
    headline: str
    paragraphs: list[str]
    author: str
    category: tuple[str, str]
    tags: list[str]
    published: datetime
    theme: str  # "twenty" or "tagdiv"
    comments_open: bool = True
    comments: list[Comment] = field(default_factory=list)
    modified: datetime | None = None

    @property
    def path(self) -> str:
        prefix = "/ar" if self.lang == "ar" else ""
        return f"{prefix}/{self.published:%Y/%m/%d}/{self.slug}/"

    @property
    def comment_count(self) -> int:
        return sum(c.total() for c in self.comments)


def count_label(count: int, lang: str) -> str:
    """How WordPress's French and Arabic translations print a non-zero comment count."""
    if lang == "ar":
        return {1: "تعليق واحد", 2: "تعليقان"}.get(
            count, f"{count} تعليقات" if count <= 10 else f"{count} تعليق"
        )
    return "Un commentaire" if count == 1 else f"{count} commentaires"


class NewsSite:
    """The sample site's content. Thread-safe for one writer (the test) and server threads."""

    def __init__(self, n_articles: int = 36, seed: int = 7, start: datetime | None = None) -> None:
        """``start``: when the oldest article was published (default March 2025, 9 hours
        between articles); pass a recent time for a live site whose articles are still
        collecting comments."""
        self.lock = threading.RLock()
        self.base_url = "http://127.0.0.1"
        self.rest_api = True  # WordPress REST API answering /wp-json/wp/v2/comments
        # When on, every article render differs in bytes but not in content: a rotating ad
        # inside the body, a fresh form nonce, a view counter (what real sites do).
        self.rotate_cosmetics = False
        # A theme update that drops the date, the structured data and the comment count, and
        # moves the comments to a JS widget: the "layout break" an operator must hear about.
        self.broken_layout = False
        # ETag / Last-Modified on article pages, and 304 to conditional requests.
        self.validators = True
        # Article paths answered 429 with Retry-After (seconds) once, then served normally.
        self.rate_limited: dict[str, int] = {}
        # Article paths answered by a broken server: "truncated" (hangs up mid-body),
        # "redirect-loop" (?hop=1, ?hop=2, … forever), "redirect-ping-pong" (A -> A?pong=1 -> A),
        # "meta-refresh-loop" (the same ping-pong by <meta http-equiv="refresh">), "gzip-bomb"
        # (64 MB of zeros), "oversized" (2 MB page), "reset" (TCP reset instead of an answer),
        # "hang" (accepts, never answers), "slow-drip" (a page at ~1 KB/s).
        self.faults: dict[str, str] = {}
        # Article paths answered with HTTP 500 (a failing backend).
        self.failing: set[str] = set()
        # Article paths answered 502 (no Retry-After) this many more times, then served.
        self.flaky: dict[str, int] = {}
        # Paths answered with a fixed response before anything else, query ignored: a hostile
        # site's robots.txt, sitemaps and redirects (see :mod:`.hostile_site`).
        self.canned: dict[str, Canned] = {}
        self._renders = 0
        self._ballast_head, self._ballast_body = ballast()
        rng = random.Random(seed)
        start = (start or datetime(2025, 3, 1, 8, 0, tzinfo=TZ)).replace(second=0, microsecond=0)
        self.articles: list[SiteArticle] = []
        for i in range(1, n_articles + 1):
            lang = "ar" if i % 4 == 0 else "fr"
            title = text.headline(rng, lang, i)
            article = SiteArticle(
                id=100 + i,
                lang=lang,
                slug=f"article-{i}-{'akhbar' if lang == 'ar' else 'actualite'}-du-jour",
                headline=title,
                paragraphs=text.body(rng, lang),
                author=rng.choice(text.AUTHORS[lang]),
                category=rng.choice(text.CATEGORIES[lang]),
                tags=rng.sample(["Maroc", "Rabat", "Réforme", "Budget", "Climat", "Jeunesse"], 2),
                published=start + timedelta(hours=9 * i, minutes=7 * i % 60),
                theme="tagdiv" if i % 3 == 0 else "twenty",
                comments_open=i % 7 != 0,
            )
            if article.comments_open and i % 2 == 0:
                for _ in range(rng.randint(1, 3)):
                    comment = Comment(rng.choice(text.COMMENTERS), rng.choice(text.COMMENT_TEXTS))
                    if rng.random() < 0.4:
                        comment.replies.append(
                            Comment(rng.choice(text.COMMENTERS), rng.choice(text.COMMENT_TEXTS))
                        )
                    article.comments.append(comment)
            self.articles.append(article)
        self.articles.sort(key=lambda a: a.published, reverse=True)

    # -- mutations used by tests ------------------------------------------------------------
    def article(self, index: int) -> SiteArticle:
        return self.articles[index]

    def edit_body(self, index: int, new_paragraph: str) -> SiteArticle:
        with self.lock:
            article = self.articles[index]
            article.paragraphs = [*article.paragraphs, new_paragraph]
            # Edited now, as on a live site: the sitemap's <lastmod> and Last-Modified move.
            article.modified = datetime.now(TZ).replace(microsecond=0)
            return article

    def add_comment(self, index: int, author: str = "Nouveau", body: str = "Bravo.") -> None:
        with self.lock:
            self.articles[index].comments.append(Comment(author, body))

    # -- lookups --------------------------------------------------------------------------
    def url(self, path: str) -> str:
        return self.base_url + path

    def by_path(self, path: str) -> SiteArticle | None:
        for article in self.articles:
            if article.path == path:
                return article
        return None

    def by_post_id(self, post_id: int) -> SiteArticle | None:
        return next((a for a in self.articles if a.id == post_id), None)

    def categories(self) -> list[tuple[str, str]]:
        seen: dict[str, str] = {}
        for article in self.articles:
            seen.setdefault(article.category[0], article.category[1])
        return sorted(seen.items())

    def in_category(self, slug: str) -> list[SiteArticle]:
        return [a for a in self.articles if a.category[0] == slug]

    # -- rendering ------------------------------------------------------------------------
    def render_feed(self) -> bytes:
        items = []
        for a in self.articles[:PER_PAGE]:
            url = self.url(a.path)
            items.append(
                f"<item><title>{html.escape(a.headline)}</title><link>{url}</link>"
                f"<guid isPermaLink='false'>{self.url('/?p=')}{a.id}</guid>"
                f"<pubDate>{a.published:%a, %d %b %Y %H:%M:%S %z}</pubDate>"
                f"<dc:creator>{html.escape(a.author)}</dc:creator>"
                f"<comments>{url}#respond</comments>"
                f"<wfw:commentRss>{url}feed/</wfw:commentRss>"
                f"<slash:comments>{a.comment_count}</slash:comments>"
                f"<description>{html.escape(a.paragraphs[0][:200])}</description></item>"
            )
        return (
            '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
            'xmlns:dc="http://purl.org/dc/elements/1.1/" '
            'xmlns:wfw="http://wellformedweb.org/CommentAPI/" '
            'xmlns:slash="http://purl.org/rss/1.0/modules/slash/"><channel>'
            f"<title>{SITE_NAME}</title><link>{self.url('/')}</link>"
            f"<language>fr-FR</language>{''.join(items)}</channel></rss>"
        ).encode()

    def render_robots(self) -> bytes:
        return (
            "User-agent: *\nDisallow: /wp-admin/\nAllow: /wp-admin/admin-ajax.php\n\n"
            f"Sitemap: {self.url('/wp-sitemap.xml')}\n"
        ).encode()

    def render_sitemap_index(self) -> bytes:
        maps = ["/wp-sitemap-posts-post-1.xml", "/wp-sitemap-taxonomies-category-1.xml"]
        entries = "".join(f"<sitemap><loc>{self.url(m)}</loc></sitemap>" for m in maps)
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{entries}</sitemapindex>"
        ).encode()

    def render_sitemap(self, kind: str) -> bytes:
        if kind == "posts":
            urls = [
                f"<url><loc>{self.url(a.path)}</loc>"
                f"<lastmod>{(a.modified or a.published).isoformat()}</lastmod></url>"
                for a in self.articles
            ]
        else:
            urls = [
                f"<url><loc>{self.url(f'/category/{s}/')}</loc></url>" for s, _ in self.categories()
            ]
        return (
            '<?xml version="1.0" encoding="UTF-8"?>'
            '<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
            f"{''.join(urls)}</urlset>"
        ).encode()

    def listing_page(self, articles: list[SiteArticle], base: str, page: int) -> str | None:
        chunk = articles[(page - 1) * PER_PAGE : page * PER_PAGE]
        if not chunk and page > 1:
            return None
        cards = []
        for i, a in enumerate(chunk):
            # Every third card links with tracking parameters, as newsletters and social
            # buttons do: the crawler must store the article once.
            suffix = "?utm_source=home&utm_medium=card" if i % 3 == 0 else ""
            cards.append(
                f'<article class="post-card"><h2 class="entry-title">'
                f'<a href="{a.path}{suffix}">{html.escape(a.headline)}</a></h2>'
                f'<span class="comments-link"><a href="{a.path}#comments">'
                f"{count_label(a.comment_count, 'fr')}</a></span>"
                f"<p>{html.escape(a.paragraphs[0][:160])}…</p></article>"
            )
        nav = []
        if page > 1:
            prev = base if page == 2 else f"{base}page/{page - 1}/"
            nav.append(f'<a class="prev page-numbers" href="{prev}">Précédent</a>')
        if len(articles) > page * PER_PAGE:
            nav.append(f'<a class="next page-numbers" href="{base}page/{page + 1}/">Suivant</a>')
        body = (
            f'<main id="main" class="site-main">{"".join(cards)}'
            f'<nav class="pagination">{"".join(nav)}</nav></main>'
        )
        return self._layout("Accueil", body, "home blog", "fr", None)

    def _layout(
        self, title: str, main: str, body_class: str, lang: str, head_extra: str | None
    ) -> str:
        menu = "".join(
            f'<li><a href="/category/{slug}/">{html.escape(name)}</a></li>'
            for slug, name in self.categories()
        )
        recent = "".join(
            f'<li><a href="{a.path}?utm_source=sidebar">{html.escape(a.headline)}</a>'
            f' <span class="comments-link"><a href="{a.path}#comments">'
            f"{count_label(a.comment_count, 'fr')}</a></span></li>"
            for a in self.articles[:5]
        )
        direction = ' dir="rtl"' if lang == "ar" else ""
        html_lang = "ar" if lang == "ar" else "fr-FR"
        return (
            f'<!DOCTYPE html><html lang="{html_lang}"{direction}><head><meta charset="UTF-8">'
            f"<title>{html.escape(title)} – {SITE_NAME}</title>"
            f'<link rel="alternate" type="application/rss+xml" href="/feed/">'
            f'{head_extra or ""}{self._ballast_head}</head><body class="{body_class}">'
            f"{self._ballast_body}"
            f'<header id="masthead" class="site-header"><p class="site-title">'
            f'<a href="/">{SITE_NAME}</a></p><p class="site-description">'
            f'Site indépendant d\'actualités</p><nav class="main-navigation"><ul>{menu}'
            f"</ul></nav></header>{main}"
            f'<aside id="secondary" class="widget-area"><section class="widget '
            f'widget_recent_entries"><h2 class="widget-title">Articles récents</h2><ul>{recent}'
            f'</ul></section><section class="widget widget_recent_comments"><h2>Commentaires '
            f'récents</h2><ul><li>Amine sur <a href="{self.articles[-1].path}#comment-9">'
            f"{html.escape(self.articles[-1].headline)}</a></li></ul></section></aside>"
            f'<footer id="colophon" class="site-footer"><p>© 2025 {SITE_NAME}. Tous droits '
            f"réservés.</p></footer></body></html>"
        )

    def render_article(self, a: SiteArticle) -> str:
        url = self.url(a.path)
        count = a.comment_count
        zero_text = "أضف تعليق" if a.lang == "ar" else "Laisser un commentaire"
        many_text = count_label(count, a.lang)
        if a.theme == "tagdiv":
            frag = "comments" if count else "respond"
            count_html = (
                f'<div class="td-post-comments"><a href="{url}#{frag}">'
                f'<i class="td-icon-comments"></i>{count}</a></div>'
            )
        elif count:
            count_html = (
                f'<span class="comments-link"><a href="{url}#comments">{many_text}</a></span>'
            )
        else:
            count_html = (
                f'<span class="comments-link"><a href="{url}#respond">{zero_text}</a></span>'
            )
        if not a.comments_open or self.broken_layout:
            count_html = ""
        modified = a.modified or a.published
        ld = {
            "@context": "https://schema.org",
            "@graph": [
                {"@type": "WebSite", "@id": self.url("/#website"), "name": SITE_NAME},
                {
                    "@type": "NewsArticle",
                    "@id": url + "#article",
                    "mainEntityOfPage": url,
                    "headline": a.headline,
                    "datePublished": a.published.isoformat(),
                    "dateModified": modified.isoformat(),
                    "author": {"@id": self.url(f"/#/schema/person/{a.author}")},
                    "articleSection": [a.category[1]],
                    "keywords": a.tags,
                    "inLanguage": "ar" if a.lang == "ar" else "fr-FR",
                },
                {
                    "@type": "Person",
                    "@id": self.url(f"/#/schema/person/{a.author}"),
                    "name": a.author,
                },
            ],
        }
        if self.broken_layout:
            ld = {}
        head = (
            f'<link rel="canonical" href="{url}">'
            f'<meta property="og:type" content="article">'
            f'<meta property="og:title" content="{html.escape(a.headline)}">'
            f'<meta property="og:site_name" content="{SITE_NAME}">'
            f'<script type="application/ld+json">{json.dumps(ld, ensure_ascii=False)}</script>'
        )
        published = (
            '<span class="posted">il y a quelques jours</span>'
            if self.broken_layout
            else f'<time class="entry-date published" datetime="{a.published.isoformat()}">'
            f"{a.published:%d/%m/%Y %H:%M}</time>"
        )
        if not self.broken_layout:
            head += f'<meta property="article:published_time" content="{a.published.isoformat()}">'
        paragraphs = [f"<p>{html.escape(p)}</p>" for p in a.paragraphs]
        self._renders += 1
        ad, views, nonce = "", "", "5f2c0e9a1b"
        if self.rotate_cosmetics:
            n = self._renders
            ad = (
                '<div class="td-a-rec td-a-rec-id-content_inline"><span class="td-adspot-title">'
                f'- Publicité -</span><a href="https://ads.example/c/{n}">Offre n° {n}</a></div>'
            )
            views = f'<span class="post-views">{1200 + 7 * n} vues</span>'
            nonce = f"{n * 7919:010x}"
        paragraphs.insert(min(2, len(paragraphs)), ad)
        body = "".join(paragraphs)
        related = [r for r in self.articles if r is not a][:3]
        related_html = "".join(
            f'<li><a href="{r.path}?utm_source=related">{html.escape(r.headline)}</a> '
            f'<span class="td-post-comments"><a href="{r.path}#comments">{r.comment_count}'
            f"</a></span></li>"
            for r in related
        )
        tags = " ".join(
            f'<a href="/tag/{t.lower()}/" rel="tag">{html.escape(t)}</a>' for t in a.tags
        )
        main = (
            f'<main id="main" class="site-main"><article id="post-{a.id}" class="post-{a.id} '
            f'post type-post status-publish"><header class="entry-header">'
            f'<span class="cat-links"><a href="/category/{a.category[0]}/" rel="category tag">'
            f'{html.escape(a.category[1])}</a></span><h1 class="entry-title">'
            f'{html.escape(a.headline)}</h1><div class="entry-meta"><span class="byline">Par '
            f'<a rel="author" href="/author/{a.id}/">{html.escape(a.author)}</a></span> '
            f"{published} {count_html}{views}</div></header>"
            f'<div class="entry-content">{body}</div>'
            f'<footer class="entry-footer"><span class="tags-links">{tags}</span></footer>'
            f'<div class="sharedaddy sd-sharing-enabled"><h3 class="sd-title">Partager :</h3>'
            f'<ul><li><a href="https://www.facebook.com/sharer.php?u={url}">Facebook</a></li>'
            f'<li><a href="https://twitter.com/intent/tweet?url={url}">X</a></li></ul></div>'
            f'<div id="jp-relatedposts" class="jp-relatedposts"><h3>Articles similaires</h3>'
            f"<ul>{related_html}</ul></div></article>{self._comments_html(a, url)}</main>"
        )
        classes = f"post-template-default single single-post postid-{a.id}"
        return self._layout(a.headline, main, classes, a.lang, head).replace("{nonce}", nonce)

    def _comments_html(self, a: SiteArticle, url: str) -> str:
        if self.broken_layout:
            return '<div id="disqus_thread"></div>'
        if not a.comments_open:
            return (
                '<div id="comments" class="comments-area">'
                '<p class="no-comments">Les commentaires sont fermés.</p></div>'
            )

        def render(comment: Comment, depth: int) -> str:
            children = "".join(render(r, depth + 1) for r in comment.replies)
            kids = f'<ol class="children">{children}</ol>' if children else ""
            return (
                f'<li class="comment depth-{depth}"><article class="comment-body">'
                f'<footer class="comment-meta"><b class="fn">{html.escape(comment.author)}</b>'
                f'</footer><div class="comment-content"><p>{html.escape(comment.text)}</p>'
                f'</div><a class="comment-reply-link" href="?replytocom=1#respond">Répondre</a>'
                f"</article>{kids}</li>"
            )

        listing = ""
        if a.comments:
            items = "".join(render(c, 1) for c in a.comments)
            listing = (
                f'<h2 class="comments-title">{a.comment_count} réponses à « '
                f'{html.escape(a.headline)} »</h2><ol class="comment-list">{items}</ol>'
            )
        return (
            f'<div id="comments" class="comments-area">{listing}'
            f'<div id="respond" class="comment-respond"><h3 id="reply-title" '
            f'class="comment-reply-title">Laisser un commentaire <small><a rel="nofollow" '
            f'id="cancel-comment-reply-link" href="{url}#respond" style="display:none;">'
            f'Annuler la réponse</a></small></h3><form action="/wp-comments-post.php" '
            f'method="post" id="commentform" class="comment-form"><p class="comment-notes">'
            f'Votre adresse email ne sera pas publiée.</p><textarea name="comment"></textarea>'
            f'<input type="hidden" name="comment_post_ID" value="{a.id}">'
            '<input type="hidden" id="_wpnonce" name="_wpnonce" value="{nonce}">'
            f'<input name="submit" type="submit" value="Laisser un commentaire"></form></div></div>'
        )
