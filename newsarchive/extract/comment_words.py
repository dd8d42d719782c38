"""How pages write comment counts, in the languages of the sites we archive.

Kept apart from the rules that use them so a new language is one line here. Patterns are
matched case-insensitively on text already reduced to one line, with Arabic-Indic and Persian
digits read as ASCII ones.
"""

from __future__ import annotations

import re
from typing import Any

# The word for comments (and the site's own words for them: replies, reactions, responses,
# thoughts), singular and plural, by language.
_WORDS = {
    "en": r"comments?",
    "fr": r"commentaires?|commenter",
    "de": r"kommentare?n?|kommentieren|ergänzungen|leserbriefe",
    "es": r"comentarios?|comentar",
    "pt": r"comentários?|comentarios?",
    "it": r"commenti|commento|commenta(?:re)?",
    "nl": r"reacties?|reageer|reageren|opmerkingen",
    "pl": r"komentarz(?:e|y|a)?|skomentuj",
    "ru": r"комментари(?:и|ев|й|я)",
    "uk": r"коментар(?:і|ів|я)?",
    # With the article ("التعليقات (5)") and the accusative after 11-99 ("12 تعليقاً").
    "ar": r"(?:ال)?(?:تعليقات|تعليقان|تعليقا|تعليق|ردود)",
    "fa": r"دیدگاه(?:‌ها)?|نظرات|نظر|کامنت(?:‌ها)?",
    "tr": r"yorum(?:lar|u)?",
    "zh": r"条评论|條評論|评论|評論|留言",
    "ja": r"コメント|件のコメント",
    "ko": r"댓글",
    "hi": r"टिप्पणियाँ|टिप्पणियां|टिप्पणी",
    "id": r"komentar",
    "sv": r"kommentarer|kommentar",
    "cs": r"komentáře|komentářů|komentář",
    "ro": r"comentarii|comentariu",
    "hu": r"hozzászólás(?:ok)?|komment(?:ek)?",
    "el": r"σχόλια|σχόλιο",
    "fi": r"kommentit|kommenttia?",
    "lt": r"komentar(?:ai|ų|as)",
    "vi": r"bình luận",
    "he": r"תגובות|תגובה",
    "ur": r"تبصرے|تبصرہ",
    "bn": r"মন্তব্য",
    "ca": r"comentaris?",
    "sk": r"komentáre|komentárov|komentár",
    "sl": r"komentarj(?:i|ev|a)",
    "hr": r"komentari|komentara",  # and Serbian, Bosnian in Latin script
    "bg": r"коментари|коментара",  # and Serbian, Macedonian in Cyrillic
}
# Words sites use for comments beside the plain one ("5 thoughts on", "2 responses to",
# SPIP's "3 messages", French news sites' "12 réactions" and "Réagir (4)") and WordPress
# core's comment headings in its translations ("4 réflexions sur", "12 respuestas a",
# "5 risposte a", "3 respostas para", "4 Gedanken zu", "2 odpowiedzi na"):
# read only where no plain "comments" is written.
_OTHER_WORDS = (
    r"responses?|replies|thoughts?|reactions?|discussions?|réponses?|reponses?|messages?"
    r"|réactions?|réagir|réflexions?|respuestas?|risposte|risposta|respostas?"
    r"|gedanken|antworten|antwort|odpowiedzi|odpowiedź"
)
PLAIN_WORD = "(?:" + "|".join(_WORDS.values()) + ")"
WORD = f"(?:{PLAIN_WORD}|{_OTHER_WORDS})"
# A number as sites print it: 1,204 / 1.204 / 1 204 / 1.2k / 12K.
NUMBER = r"\d(?:[\d  .,']*\d)?(?:\s?[kK]\b)?"


def _num_before(word: str) -> re.Pattern[str]:
    """ "12 comments", "124 Reader Comments", "(42) Comments", "6 NUjij-reacties", "12条评论"."""
    return re.compile(
        rf"(?<![\w.,])({NUMBER})[)\]]?\s*(?:[^\W\d][\w]*[\s-])?(?:{word})(?!\w)", re.I
    )


def _num_after(word: str) -> re.Pattern[str]:
    """ "Commentaires (6)", "Comments: 5", "Afficher tous les commentaires (745)", "댓글 5"."""
    # The number closes the text: "comment 1." inside a sentence is no count.
    # Japanese and Chinese put a counter after it: "コメント 5件".
    return re.compile(
        rf"(?<!\w)(?:{word})\s*[:：(\[（]?\s*({NUMBER})\s*(?:件|条|條)?\s*[)\]）]?\s*$", re.I
    )


# Tried in this order: the plain word first ("188 reactions, 91 comments" is 91).
COUNT_PATTERNS = (
    _num_before(PLAIN_WORD),
    _num_after(PLAIN_WORD),
    _num_before(_OTHER_WORDS),
    _num_after(_OTHER_WORDS),
)
PLAIN_WORD_RE = re.compile(rf"(?<!\w){PLAIN_WORD}(?!\w)", re.I)
# A heading that is the word alone: "Comments", "Commentaires :", "التعليقات".
WORD_ALONE = re.compile(rf"^\s*(?:{PLAIN_WORD})\s*:?\s*$", re.I)
LEADING_COUNT = re.compile(rf"^({NUMBER})\s*(?:{WORD})(?!\w)", re.I)
# "Show more comments (20)", "Load 10 more comments": a page of the thread, not its total.
MORE_OF = re.compile(
    r"\b(?:show|load|view|see|read|afficher plus|voir plus)\b.*\bmore\b|"
    r"\bmore\b.*\b(?:comments?|replies)\b",
    re.I,
)
BARE_NUMBER = re.compile(rf"^[(\[]?\s*({NUMBER})\s*[)\]]?$")
# One comment, and WordPress core's singular heading over the thread in its translations
# ("Une réflexion sur « … »", "Ein Gedanke zu „…“", "Una respuesta a «…»", "Одна мысль о").
ONE = re.compile(
    r"^(?:one|un|une|ein|eine|uno|una|um|uma|jeden|jedna|één|eén|een|bir|один|одна|egy|"
    r"ένα|satu|en|ett|yksi)\s+(?:comment|commentaire|kommentar|comentario|comentário|commento|"
    r"komentarz|reactie|yorum|комментарий|коментар|hozzászólás|σχόλιο|komentar|réponse|"
    r"reply|response|thought|réflexion|pensée|gedanke|gedachte|respuesta|risposta|resposta|"
    r"pensiero|odpowiedź|мысль|svar)\b"
    r"|تعليق واحد|فكرة واحدة|رد واحد|^یک (?:دیدگاه|نظر)|için bir (?:yorum|yanıt)"
    r"|^تعليق$|^一条评论$",
    re.IGNORECASE,
)
# Two comments in Arabic's dual, no number written: WordPress core's form for 2 ("تعليقان",
# "تعليقان على “…”"), and its oblique case ("مع تعليقين").
TWO = re.compile(r"(?<!\w)(?:تعليقان|تعليقين|ردان|ردين)(?!\w)")
# "No comments", in words: zero stated, not merely invited.
NONE_YET = re.compile(
    r"\b(?:no|aucun|pas de|sans|keine|sin|nessun|geen|brak|nenhum|sem|inga|ingen|žádné|"
    r"niciun|nincs|tidak ada|belum ada|henüz|нет|немає)\s+"
    r"(?:comments?|commentaires?|kommentare?|comentarios?|comentários?|commenti|reacties|"
    r"komentarzy|kommentarer|komentáře|comentarii|hozzászólás|komentar|yorum|комментариев|"
    r"коментарів|replies|responses)(?:\s+yet)?\b"
    r"|\byorum yok\b|لا توجد تعليقات|لا تعليقات|بدون نظر|هیچ دیدگاهی|暂无评论|还没有评论|"
    r"コメントはまだありません|댓글이 없습니다|कोई टिप्पणी नहीं|δεν υπάρχουν σχόλια",
    re.IGNORECASE,
)
# An invitation to comment: zero only where nothing else speaks (a "Leave a comment" link
# beside the byline is WordPress's way of printing 0).
INVITATION = re.compile(
    r"leave a (?:comment|reply)|add (?:a )?comment|post a comment|"
    r"be the first to (?:comment|post|reply|respond|leave|share your)|"
    r"laisser un commentaire|laissez un commentaire|soyez le premier|"
    r"schreibe(?:n sie)? einen kommentar|deja un comentario|lascia un commento|"
    r"deixe um comentário|plaats een reactie|dodaj komentarz|оставить комментарий|"
    r"أضف تعليق|اترك تعليق|اترك تعليقاً|اترك تعليقا|yorum yap|yorum yaz|kommentar schreiben|"
    # WordPress core's "Leave a Reply" and "Leave a comment" in its translations.
    r"deja una respuesta|deixe uma resposta|geef een reactie|napisz komentarz|skomentuj|"
    r"een reactie (?:plaatsen|achterlaten|geven)|"
    r"оставьте комментарий|добавить комментарий|додати коментар|tinggalkan komentar"
    r"|دیدگاهتان را بنویسید|lämna en kommentar|jätä kommentti",
    re.IGNORECASE,
)
# A cheap first look, on lower-cased text, before HAS_WORD: stems of every word above (the
# zero phrases and invitations all hold one, "be the first to post" aside). Few and plain.
_STEM_WORDS = (
    "comment", "coment", "komment", "koment", "коммент", "комент", "تعليق", "ردود", "نظر",
    "دیدگاه", "کامنت", "댓글", "コメント", "评论", "評論", "留言", "repl", "respon", "reac", "reak",
    "thought", "yorum", "σχόλ", "टिप्पण", "hozzász", "réponse", "reponse", "odpowied", "отзыв",
    "antwort", "ergänz", "leserbrief", "opmerking", "risposte", "respuesta", "resposta",
    "messag", "discuss", "be the first", "réac", "réag", "reag", "réflexion", "gedanken",
    "bình luận", "תגוב", "تبصر", "মন্তব্য",
)  # fmt: skip


def prefix_tree(words: tuple[str, ...]) -> str:
    """One regex alternation with shared prefixes factored out (``com(?:ent|ment)``). A flat
    alternation is tried branch by branch at every character of the page's text; the tree
    tests each character once per level, and the scan takes a third less time."""
    tree: dict[str, dict[str, Any]] = {}
    for word in words:
        node = tree
        for char in word:
            node = node.setdefault(char, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [re.escape(char) + emit(child) for char, child in sorted(node.items()) if char]
        if not branches:
            return ""
        group = branches[0] if len(branches) == 1 else f"(?:{'|'.join(branches)})"
        if "" in node:  # a word ends here and a longer one goes on
            return f"(?:{group})?"
        return group

    return emit(tree)


STEMS = re.compile(prefix_tree(_STEM_WORDS))


def _by_first_character(words: tuple[str, ...]) -> tuple[tuple[str, re.Pattern[str]], ...]:
    groups: dict[str, list[str]] = {}
    for word in words:
        groups.setdefault(word[0], []).append(word)
    return tuple((first, re.compile(prefix_tree(tuple(group)))) for first, group in groups.items())


# The same stems for a long text (a page's): one pattern per first character, with that
# character. Each pattern starts with a literal, which the regex engine looks for with a fast
# string search; one pattern for all tries its tree at every "c", "r", "t", "m", "d" of the
# text (on a page's whole text: 2.0 -> 0.9 ms). The character is looked for first (``in``, a
# vectorized scan): most of the 30 groups, other scripts' among them, have it nowhere on the
# page, and their patterns need not run (0.36 -> 0.22 ms over the dev pages' texts; looking
# for each group's words instead scanned the text once per word: 0.42 ms).
STEMS_FOR_PAGE = _by_first_character(_STEM_WORDS)
HAS_WORD = re.compile(rf"(?<!\w)(?:{WORD})(?!\w)|{NONE_YET.pattern}|{INVITATION.pattern}", re.I)
DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")


def to_int(raw: str) -> int | None:
    """``"1,204"`` → 1204, ``"1.2k"`` → 1200; None for what cannot be a count."""
    text = raw.strip().replace(" ", "").replace(" ", "").replace(" ", "").replace("'", "")
    multiplier = 1
    if text[-1:] in {"k", "K"}:
        multiplier, text = 1000, text[:-1]
        if re.fullmatch(r"\d+[.,]\d", text):
            return round(float(text.replace(",", ".")) * 1000)
    if re.search(r"\d[.,]\d{1,2}$", text):
        return None  # "457.8" is an average, not a count ("1.204" is: a thousands group)
    digits = re.sub(r"\D", "", text)
    if not digits or len(digits) > 7:
        return None
    return int(digits) * multiplier
