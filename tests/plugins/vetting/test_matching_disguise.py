# ruff: noqa: RUF001
"""disguise(): a name written to slip past screening says so; fold() never fails."""

import unicodedata

import pytest

from plugins.vetting.matching import disguise, fold


@pytest.mark.parametrize(
    ("name", "words"),
    [
        ("Thet Th\u200bet Khine", ["hidden", "zero width space"]),
        ("Th\u00adet Thet Khine", ["hidden", "soft hyphen"]),
        ("Thet Thet Khi\u202ene", ["hidden"]),
        ("Тhet Thet Khine", ["look-alike", "Cyrillic"]),
        ("Μin Aung Hlaing", ["look-alike", "Greek"]),
        ("Thet Thet Khi\u0334ne", ["mark"]),
        ("Ｍｉｎ Ａｕｎｇ Ｈｌａｉｎｇ", ["full-width"]),
    ],
)
def test_disguised_names_are_explained_in_plain_words(name, words):
    explanation = disguise(name)
    assert explanation is not None
    for word in words:
        assert word.lower() in explanation.lower(), explanation


def test_hidden_and_look_alike_characters_are_both_named():
    explanation = disguise("Тhet Th\u200bet Khine")
    assert "hidden" in explanation and "look-alike" in explanation, explanation
    assert "Cyrillic" in explanation


@pytest.mark.parametrize(
    "name",
    [
        "Min Aung Hlaing",
        "Nguyễn Thị Minh Khai",
        "Nguye\u0302\u0303n Thi\u0323 Minh Khai",  # the same, decomposed
        "Đặng Thị Ngọc Thịnh",
        "Мин Аунг Хлайн",
        "Αλέξης Τσίπρας",
        "မင်းအောင်လှိုင်",
        "อองซาน ซูจี",
        "ประยุทธ์ จันทร์โอชา",
        "Thet Thet Khine, Yangon",
        "O’Brien-Smith",
        "Min\u00a0Aung Hlaing",  # a no-break space is a space
        "",
        "José María Aznar",
    ],
)
def test_normal_names_in_one_script_are_not_disguised(name):
    assert disguise(name) is None, disguise(name)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "\u200b\u200c\u200d\u2060\ufeff",
        "\u0301\u0302",
        "x" * 10_000,
        "Тhet " * 2000,
        "".join(chr(c) for c in range(0, 0x3000, 7) if not 0xD800 <= c < 0xE000),
        "\U0001f600\U000e0001\U000e0041",
        "\ud800",  # a lone surrogate
        "မ" * 5000,
    ],
)
def test_fold_and_disguise_never_fail(text):
    folded = fold(text)
    assert folded == folded.lower() and folded.isascii()
    assert " ".join(folded.split()) == folded
    disguise(text)


def test_fold_is_the_latin_skeleton_used_for_matching():
    assert fold("Тhet Th\u200bet Khi\u0334ne") == "thet thet khine"
    assert fold("Min\u3000Aung\u00a0Hlaing") == "min aung hlaing"
    assert fold("Ｔｈｅｔ") == "thet"
    assert fold("မင်းအောင်လှိုင်") == "min aung hlaing"
    assert unicodedata.is_normalized("NFC", fold("Nguyễn"))
