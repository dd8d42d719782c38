from __future__ import annotations

from newsarchive.storage.history import changed_words, render, word_changes


def test_word_diff_marks_removed_and_added_words() -> None:
    old = "Le ministre arrivera lundi à Rabat.\nLa visite durera deux jours."
    new = "Le ministre arrivera mardi à Rabat.\nLa visite durera deux jours."
    out = render(word_changes(old, new))
    assert "[-lundi-] {+mardi+}" in out
    assert changed_words(old, new) == 2


def test_new_paragraph_keeps_its_break_outside_the_markers() -> None:
    out = render(word_changes("Premier paragraphe.", "Premier paragraphe.\nAjout."))
    assert out.endswith("\n{+Ajout.+}")


def test_long_unchanged_stretches_are_shortened() -> None:
    words = " ".join(f"w{i}" for i in range(100))
    out = render(word_changes(words + " fin", words + " end"))
    assert "…" in out
    assert "w50" not in out


def test_identical_texts_have_no_change() -> None:
    assert changed_words("Même texte.", "Même texte.") == 0
    assert "[-" not in render(word_changes("a b", "a b"))
