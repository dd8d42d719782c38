"""Synthetic article text for the bundled sample site, in French and Arabic.

Written for this project: sentences assembled from small vocabularies with a seeded random
generator, so every article is distinct, stable across runs, and reads like news copy closely
enough to exercise extraction (punctuation, accents, RTL script, long paragraphs).
"""

from __future__ import annotations

import random

FR = {
    "subjects": [
        "Le gouvernement",
        "La municipalité de Rabat",
        "Le ministère de la Santé",
        "Les syndicats enseignants",
        "La Banque centrale",
        "Le conseil régional",
        "Les agriculteurs du Souss",
        "L'Office national des chemins de fer",
        "La fédération de football",
        "Les associations de quartier",
        "Le parlement",
        "Les professionnels du tourisme",
        "La direction de la météorologie",
        "Les commerçants de la médina",
        "Le tribunal de première instance",
    ],
    "verbs": [
        "a annoncé",
        "prépare",
        "a présenté",
        "envisage",
        "a dévoilé",
        "examine",
        "a confirmé",
        "défend",
        "met en œuvre",
        "a reporté",
        "soutient",
        "a critiqué",
    ],
    "objects": [
        "un nouveau plan d'investissement",
        "la réforme du système de retraite",
        "un programme de rénovation des écoles",
        "des mesures contre la sécheresse",
        "la hausse des prix à la consommation",
        "un projet de ligne ferroviaire",
        "la stratégie nationale de l'eau",
        "un calendrier de négociations",
        "la modernisation des hôpitaux publics",
        "un dispositif d'aide aux jeunes diplômés",
        "la création d'une zone industrielle",
        "un accord de coopération régionale",
    ],
    "complements": [
        "dans les prochaines semaines",
        "malgré les réserves de l'opposition",
        "selon un communiqué publié mardi",
        "après plusieurs mois de discussions",
        "avec un budget estimé à 2,4 milliards de dirhams",
        "d'ici la fin de l'année",
        "en concertation avec les élus locaux",
        "à la suite des pluies de février",
        "pour répondre aux attentes des citoyens",
        "lors d'une conférence de presse",
    ],
    "openers": [
        "Par ailleurs,",
        "De son côté,",
        "En outre,",
        "Selon plusieurs observateurs,",
        "Dans ce contexte,",
        "Pour rappel,",
        "Toutefois,",
        "À terme,",
    ],
    "quotes": [
        "« Nous devons agir vite et de manière concertée », a déclaré un responsable.",
        "« Ce projet répond à une demande ancienne des habitants », estime un élu.",
        "« Les résultats seront évalués chaque trimestre », précise le communiqué.",
    ],
}
AR = {
    "subjects": [
        "الحكومة",
        "وزارة الصحة",
        "المجلس الجماعي للرباط",
        "النقابات التعليمية",
        "بنك المغرب",
        "المجلس الجهوي",
        "فلاحو منطقة سوس",
        "المكتب الوطني للسكك الحديدية",
        "الجامعة الملكية لكرة القدم",
        "جمعيات الأحياء",
        "البرلمان",
        "مهنيو السياحة",
    ],
    "verbs": [
        "أعلنت عن",
        "تستعد لإطلاق",
        "قدمت",
        "تدرس",
        "كشفت عن",
        "أكدت",
        "تدافع عن",
        "شرعت في تنفيذ",
        "أجلت",
        "انتقدت",
    ],
    "objects": [
        "مخطط استثماري جديد",
        "إصلاح نظام التقاعد",
        "برنامج لتأهيل المدارس",
        "إجراءات لمواجهة الجفاف",
        "ارتفاع أسعار المواد الاستهلاكية",
        "مشروع خط سككي جديد",
        "الاستراتيجية الوطنية للماء",
        "جدول زمني للمفاوضات",
        "تحديث المستشفيات العمومية",
        "آلية لدعم الشباب حاملي الشهادات",
    ],
    "complements": [
        "خلال الأسابيع المقبلة",
        "رغم تحفظات المعارضة",
        "حسب بلاغ صدر يوم الثلاثاء",
        "بعد عدة أشهر من النقاش",
        "بميزانية تقدر بملياري درهم",
        "قبل نهاية السنة",
        "بتنسيق مع المنتخبين المحليين",
        "خلال ندوة صحفية",
    ],
    "openers": ["من جهة أخرى،", "وفي هذا السياق،", "إلى ذلك،", "وحسب متتبعين،", "غير أن"],
    "quotes": [
        "وقال مسؤول إن «المشروع يستجيب لمطلب قديم للسكان».",
        "وأكد البلاغ أن «النتائج ستقيم كل ثلاثة أشهر».",
    ],
}
VOCAB = {"fr": FR, "ar": AR}


def sentence(rng: random.Random, lang: str) -> str:
    v = VOCAB[lang]
    parts = [
        rng.choice(v["subjects"]),
        rng.choice(v["verbs"]),
        rng.choice(v["objects"]),
        rng.choice(v["complements"]),
    ]
    if rng.random() < 0.35:
        parts.insert(0, rng.choice(v["openers"]))
    text = " ".join(parts)
    return text + "."


def paragraph(rng: random.Random, lang: str) -> str:
    sentences = [sentence(rng, lang) for _ in range(rng.randint(2, 4))]
    if rng.random() < 0.25:
        sentences.append(rng.choice(VOCAB[lang]["quotes"]))
    return " ".join(sentences)


def headline(rng: random.Random, lang: str, index: int) -> str:
    v = VOCAB[lang]
    subject = rng.choice(v["subjects"])
    verb = rng.choice(v["verbs"])
    obj = rng.choice(v["objects"])
    if lang == "fr":
        return f"{subject} {verb} {obj} (n° {index})"
    return f"{subject} {verb} {obj} ({index})"


def body(rng: random.Random, lang: str) -> list[str]:
    return [paragraph(rng, lang) for _ in range(rng.randint(4, 8))]


AUTHORS = {
    "fr": ["Salma Benali", "Youssef El Idrissi", "Nadia Cherkaoui", "Karim Haddad"],
    "ar": ["سلمى بنعلي", "يوسف الإدريسي", "نادية الشرقاوي"],
}
CATEGORIES = {
    "fr": [
        ("politique", "Politique"),
        ("economie", "Économie"),
        ("societe", "Société"),
        ("sport", "Sport"),
    ],
    "ar": [("siyasa", "سياسة"), ("iqtisad", "اقتصاد")],
}
COMMENTERS = ["Amine", "Fatima Z.", "Omar", "Leïla", "Hicham", "Sanaa", "Rachid"]
COMMENT_TEXTS = [
    "Merci pour cet article très clair.",
    "Il faudrait aussi parler des régions rurales.",
    "Enfin une bonne nouvelle, espérons que ça suive.",
    "Je ne suis pas d'accord avec cette analyse.",
    "شكرا على هذا المقال المفيد.",
]
