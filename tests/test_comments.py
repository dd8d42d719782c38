"""Comment counts: parsing of visible texts, the three states, and distractors."""

from __future__ import annotations

import pytest

from newsarchive.extract import extract_article
from newsarchive.extract.comments import parse_count, wp_post_id
from newsarchive.extract.html import parse_html

URL = "https://news.example/2025/04/12/story-about-things/"


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12 Comments", 12),
        ("1 Comment", 1),
        ("Un commentaire", 1),
        ("One comment", 1),
        ("12 commentaires", 12),
        ("Commentaires (6)", 6),
        ("12 Kommentare", 12),
        ("12 comentarios", 12),
        ("12 commenti", 12),
        ("12 reacties", 12),
        ("12 komentarzy", 12),
        ("12 تعليق", 12),
        ("3 تعليقات", 3),
        ("٣ تعليقات", 3),
        ("تعليق واحد", 1),
        ("١٢ تعليقا", 12),  # the accusative singular after 11-99
        ("25 تعليقاً", 25),
        ("التعليقات (5)", 5),  # with the article
        ("عدد التعليقات: 7", 7),
        ("コメント 5件", 5),  # a counter after the number
        ("コメント（3）", 3),
        ("Оставьте комментарий", 0),  # WordPress' "Leave a comment" in its translations
        ("Geef een reactie", 0),
        ("Deja una respuesta", 0),
        ("دیدگاهتان را بنویسید", 0),
        ("Bir yorum yapın", 0),  # an invitation, though it opens with "one"
        ("Een reactie plaatsen", 0),
        ("Une réflexion sur « Le budget »", 1),  # WordPress's singular heading, translated
        ("Ein Gedanke zu „Der Haushalt“", 1),
        ("Una respuesta a «El presupuesto»", 1),
        ("Одна мысль о “Бюджет”", 1),
        ("Eén reactie op “De begroting”", 1),
        ("رد واحد على “الميزانية”", 1),
        ("یک دیدگاه برای “بودجه”", 1),
        ("“Bütçe” için bir yorum", 1),
        ("Leave a comment", 0),
        ("Laisser un commentaire", 0),
        ("No comments", 0),
        ("Aucun commentaire", 0),
        ("1,204 comments", 1204),
        ("5 thoughts on “Title”", 5),
    ],
)
def test_parse_count(text: str, count: int) -> None:
    assert parse_count(text) == count


def test_bare_numbers_only_where_a_count_is_expected() -> None:
    assert parse_count("0", bare_number_ok=True) == 0
    assert parse_count("(11)", bare_number_ok=True) == 11
    assert parse_count("0") is None
    assert parse_count("2025") is None


def article(meta: str = "", after: str = "", sidebar: str = "") -> str:
    body = "<p>" + "A sentence of the article body, with words and commas, " * 6 + "</p>"
    return (
        "<html><head><title>Story about things</title></head><body>"
        f'<article><h1 class="entry-title">Story about things</h1><div class="entry-meta">{meta}'
        f'</div><div class="entry-content">{body}{body}</div></article>{after}'
        f'<aside class="widget-area">{sidebar}</aside></body></html>'
    )


def test_respond_link_means_zero() -> None:
    item = extract_article(article(f'<a href="{URL}#respond">Leave a comment</a>'), URL)
    assert (item.comment_count, item.comment_count_source) == (0, "wp-comments-link")


def test_no_comment_feature_means_none() -> None:
    item = extract_article(article(), URL)
    assert item.comment_count is None
    assert item.comment_count_source is None


def test_comments_closed_means_none() -> None:
    closed = '<div id="comments"><p class="no-comments">Comments are closed.</p></div>'
    assert extract_article(article(after=closed), URL).comment_count is None


def test_js_widget_without_number_means_none() -> None:
    disqus = '<div id="disqus_thread"></div><a href="#disqus_thread" class="dsq-count">Comments</a>'
    assert extract_article(article(after=disqus), URL).comment_count is None


def test_open_form_without_comments_means_zero() -> None:
    form = (
        '<div id="comments"><div id="respond"><h3 id="reply-title">Laisser un commentaire</h3>'
        '<form id="commentform" action="/wp-comments-post.php"><textarea></textarea></form>'
        "</div></div>"
    )
    item = extract_article(article(after=form), URL)
    assert (item.comment_count, item.comment_count_source) == (0, "comment-form")


def test_rendered_list_counts_replies() -> None:
    comments = (
        '<div id="comments"><ol class="comment-list">'
        '<li class="comment"><p>a</p><ol class="children"><li class="comment"><p>b</p></li>'
        '</ol></li><li class="comment"><p>c</p></li><li class="pingback">d</li></ol></div>'
    )
    item = extract_article(article(after=comments), URL)
    # Three reader comments, the reply included; the pingback is not a reader's comment.
    assert (item.comment_count, item.comment_count_source) == (3, "comment-list")


def test_other_articles_counts_are_not_taken() -> None:
    sidebar = (
        '<ul><li><a href="https://news.example/other/">Other</a> '
        '<span class="comments-link"><a href="https://news.example/other/#comments">'
        "48 Comments</a></span></li></ul>"
        '<div class="td-post-comments"><a href="https://news.example/x/#comments">7</a></div>'
    )
    related = (
        '<div class="jp-relatedposts"><a href="https://news.example/y/#comments">12 Comments</a>'
        "</div>"
    )
    item = extract_article(article(after=related, sidebar=sidebar), URL)
    assert item.comment_count is None


def test_youtube_embed_jsonld_is_not_the_article() -> None:
    video = (
        '<script type="application/ld+json">{"@type": "VideoObject", "name": "clip",'
        '"interactionStatistic": {"@type": "InteractionCounter", "interactionType":'
        '{"@type": "CommentAction"}, "userInteractionCount": 318}}</script>'
    )
    item = extract_article(article(after=video), URL)
    assert item.comment_count is None


SECTION = (
    '<div id="comments"><ol class="comment-list"></ol><div id="respond">'
    '<form id="commentform" action="/wp-comments-post.php"><textarea></textarea></form></div></div>'
)


def test_declared_count_alone_is_not_believed() -> None:
    """SEO plugins print commentCount on every post, comments open or not: without a comment
    section on the page, it says nothing."""
    ld = '<script type="application/ld+json">{"@type": "NewsArticle", "commentCount": 7}</script>'
    assert extract_article(article(after=ld), URL).comment_count is None


def test_jsonld_comment_count_string_and_statistic() -> None:
    ld = (
        '<script type="application/ld+json">{"@type": "NewsArticle", "headline": "Story about '
        'things", "commentCount": "7"}</script>'
    ) + SECTION
    item = extract_article(article(after=ld), URL)
    assert (item.comment_count, item.comment_count_source) == (7, "jsonld")
    ld2 = ld.replace('"commentCount": "7"', '"interactionStatistic": [{"@type": '
                     '"InteractionCounter", "interactionType": "https://schema.org/CommentAction",'
                     ' "userInteractionCount": 9}]')  # fmt: skip
    assert extract_article(article(after=ld2), URL).comment_count == 9


def test_visible_count_beats_structured_data_and_is_logged_as_disagreement() -> None:
    from newsarchive.extract import extract_page

    ld = '<script type="application/ld+json">{"@type": "Article", "commentCount": 3}</script>'
    html = article(f'<a href="{URL}#comments">5 Comments</a>', after=ld)
    result = extract_page(html, URL)
    assert result.article.comment_count == 5
    assert result.comment_evidence.disagreement


@pytest.mark.parametrize(
    ("text", "count"),
    [
        ("12 yorum", 12),  # tr
        ("15 comentários", 15),  # pt
        ("7 комментариев", 7),  # ru
        ("3 коментарі", 3),  # uk
        ("12条评论", 12),  # zh
        ("コメント(4)", 4),  # ja
        ("댓글 5", 5),  # ko
        ("8 टिप्पणियाँ", 8),  # hi
        ("6 komentar", 6),  # id
        ("9 kommentarer", 9),  # sv
        ("2 komentáře", 2),  # cs
        ("11 comentarii", 11),  # ro
        ("14 hozzászólás", 14),  # hu
        ("5 σχόλια", 5),  # el
        ("۱۲ دیدگاه", 12),  # fa, Persian digits
        ("1.2k comments", 1200),
        ("(42) Comments", 42),
        ("244 thoughts on “A title long enough to push the heading past eighty characters”", 244),
        ("- 3,806 views, 188 reactions, 91 comments", 91),
        # French news sites' own words, and WordPress core's comment headings translated.
        ("23 réactions", 23),
        ("Réagir (4)", 4),
        ("Commenter (3)", 3),
        # The same "comment (N)" link in other languages: the verb with the count.
        ("Kommentieren (4)", 4),
        ("Reageer (3)", 3),
        ("Comentar (2)", 2),
        ("Commenta (5)", 5),
        ("Skomentuj (7)", 7),
        ("4 réflexions sur « Le titre »", 4),
        ("12 respuestas a «El título»", 12),
        ("5 risposte a “Il titolo”", 5),
        ("3 respostas para “O título”", 3),
        ("4 Gedanken zu „Der Titel“", 4),
        ("1 Antwort", 1),
        ("2 odpowiedzi na „Tytuł”", 2),
        ("Komentarai (3)", 3),  # lt
        ("5 bình luận", 5),  # vi
        ("12 תגובות", 12),  # he
        ("7 تبصرے", 7),  # ur
        ("3 মন্তব্য", 3),  # bn
        ("4 comentaris", 4),  # ca
        ("6 komentárov", 6),  # sk
        ("2 komentarja", 2),  # sl (dual)
        ("تعليقان", 2),  # ar: the dual, no number written (WordPress's form for 2)
        ("تعليقان على “العنوان”", 2),
        ("9 komentari", 9),  # hr, sr
        ("Коментари (5)", 5),  # bg, sr, mk
    ],
)
def test_parse_count_languages_and_forms(text: str, count: int) -> None:
    assert parse_count(text) == count


def test_a_page_of_the_thread_is_not_its_total() -> None:
    assert parse_count("Show more comments (20)") is None


def test_substack_aria_label_and_squarespace_data_attribute() -> None:
    button = '<button aria-label="View comments (149)" class="post-ufi-button"></button>'
    item = extract_article(article(meta=button), URL)
    assert (item.comment_count, item.comment_count_source) == (149, "attribute")
    squarespace = '<div class="squarespace-comments" data-public-comment-count="53"></div>'
    assert extract_article(article(after=squarespace), URL).comment_count == 53


def test_heading_over_the_thread_beats_the_form_zero() -> None:
    """The wrong zero: a form "Leave a Reply" while the heading says 11 comments."""
    thread = (
        '<div id="comments"><h2 class="comments-title">11 Comments</h2>'
        '<div id="respond"><h3 id="reply-title">Leave a Reply</h3>'
        '<form id="commentform" action="/wp-comments-post.php"><textarea></textarea></form></div>'
        "</div>"
    )
    item = extract_article(article(after=thread), URL)
    assert (item.comment_count, item.comment_count_source) == (11, "heading")


def test_a_larger_rendered_list_is_a_floor_and_a_thread_printed_twice_counts_once() -> None:
    items = "".join(f'<li class="comment" id="comment-{i}"><p>reply {i}</p></li>' for i in range(5))
    shown = '<h2 class="comments-title">3 Comments</h2>'
    thread = f'<div id="comments">{shown}<ol class="comment-list">{items}{items}</ol></div>'
    item = extract_article(article(after=thread), URL)
    assert (item.comment_count, item.comment_count_source) == (5, "comment-list")


def test_a_js_widgets_placeholder_zero_says_nothing() -> None:
    meta = '<span class="comment-count">0 Comments</span>'
    widget = '<div id="disqus_thread"></div>'
    assert extract_article(article(meta=meta, after=widget), URL).comment_count is None


def test_layout_classes_around_the_article_are_not_a_sidebar() -> None:
    """``has-sidebar`` on the body, ``content-sidebar-wrap`` around the story: layout."""
    html = article(after='<div id="comments"><h3 class="comments-title">4 Comments</h3></div>')
    html = html.replace(
        "<body>", '<body class="single has-sidebar"><div class="content-sidebar-wrap">'
    )
    html = html.replace("</body>", "</div></body>")
    assert extract_article(html, URL).comment_count == 4


def test_unrecognised_thread_markup_is_never_a_zero() -> None:
    thread = "".join(
        f'<div class="timeline-comment-group"><p>A reader wrote a long enough comment {i}.</p></div>'
        for i in range(3)
    )
    form = '<form id="commentform" action="/comments"><textarea></textarea></form>'
    assert extract_article(article(after=thread + form), URL).comment_count is None


@pytest.mark.parametrize(
    "block",
    [
        '<div class="c-comment"><b>Ann</b><p>A fine decision by the council, I think.</p></div>',
        '<li class="cmt-item"><span>Zed</span> Nice one, a good read for us all.</li>',
        '<article class="comment-card"><header>Bo</header><p>Strongly disagree with it, and here is why.</p></article>',
    ],
)
def test_comments_in_a_theme_of_its_own_are_never_a_zero(block: str) -> None:
    """Each rendered comment named like one (``c-comment``, ``cmt-item``) but in no markup
    the rules count: the open form below them is no evidence of zero."""
    form = (
        '<div id="respond"><h3 id="reply-title">Leave a Reply</h3>'
        '<form id="commentform" action="/wp-comments-post.php"><textarea></textarea></form></div>'
    )
    thread = f'<section class="reader-comments">{block * 3}</section>'
    assert extract_article(article(after=thread + form), URL).comment_count is None
    # The form's own parts (Jetpack's two subscription lines) are not comments.
    jetpack = "".join(
        f'<p class="comment-subscription-form"><input type="checkbox"> Notify me of {what}'
        " by email.</p>"
        for what in ("follow-up comments", "new posts and articles")
    )
    form = form.replace("</form>", f"{jetpack}</form>")
    assert extract_article(article(after=form), URL).comment_count == 0


def test_comments_under_a_bare_heading_are_never_a_zero() -> None:
    """A "Commentaires" heading over blocks named nothing like comments, then the form: the
    form is no evidence of zero. The same heading over a one-line rule and the form is."""
    form = '<form id="commentform" action="/wp-comments-post.php"><textarea></textarea></form>'
    blocks = "".join(
        f'<div class="item"><b>Ann {i}</b><p>Une très bonne décision du conseil, enfin.</p></div>'
        for i in range(3)
    )
    thread = f'<div class="zone"><div class="t"><h3>Commentaires</h3></div>{blocks}{form}</div>'
    assert extract_article(article(after=thread), URL).comment_count is None
    empty = f'<div class="zone"><h3>Commentaires</h3><p>Soyez courtois.</p>{form}</div>'
    assert extract_article(article(after=empty), URL).comment_count == 0


def _directory(counts: list[int]) -> str:
    """A page listing other items, each with its own count in the same (utility-class)
    markup, none of it named like a sidebar or a teaser card."""
    return "".join(
        f'<div class="px-4"><div class="flex items-center"><span class="font-medium">{n}</span>'
        "<span>comments</span></div></div>"
        for n in counts
    )


def test_counts_printed_per_item_in_one_markup_are_none_of_them_this_articles() -> None:
    """An apps directory: "11 comments", "2 comments", "2 comments"… under each card; the
    most frequent of them is no count of this page."""
    cards = _directory([11, 2, 13, 2, 8, 2])
    assert extract_article(article(after=cards), URL).comment_count is None


def test_per_item_counts_do_not_let_an_invitation_say_zero() -> None:
    cards = _directory([5, 1, 3])
    invitation = '<a href="#respond">Add a comment</a>'
    assert extract_article(article(meta=invitation, after=cards), URL).comment_count is None


def test_one_count_printed_twice_in_one_markup_stands() -> None:
    """The same number three times in the same markup is one article's count repeated."""
    cards = _directory([7, 7, 7])
    assert extract_article(article(after=cards), URL).comment_count == 7


def test_an_average_is_not_a_count() -> None:
    assert parse_count("views (457.8) and comments (13.9)") is None
    assert parse_count("1.204 commentaires") == 1204
    assert parse_count("1.2k comments") == 1200


def test_the_wordpress_post_id_is_read_from_the_form_then_the_body_then_the_shortlink() -> None:
    shortlink = '<link rel="shortlink" href="https://example.com/?p=303">'
    body_class = '<body class="single postid-202">'
    form = '<input type="hidden" name="comment_post_ID" value=" 101 ">'
    ids = [
        wp_post_id(parse_html(f"<html><head>{shortlink}</head>{body}{inputs}</body></html>"))
        for body, inputs in [
            (body_class, form),
            (body_class, '<input name="comment_post_ID" value="x">'),  # not a number: skipped
            ("<body>", '<input name="other" value="7">'),
            ("<body>", ""),
        ]
    ]
    assert ids == [101, 202, 303, 303]
    assert wp_post_id(parse_html("<html><body><p>No WordPress</p></body></html>")) is None
