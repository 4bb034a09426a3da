# ruff: noqa: RUF001
import pytest

from plugins.vetting.matching import fold, key, parse
from plugins.vetting.matching.names import CORE, HONORIFIC, LEGAL, TITLE


def roles(name, kind=None):
    return [(p.text, p.role) for p in parse(name, kind).parts]


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Ｍｉｎ　Ａｕｎｇ", "min aung"),  # NFKC: full-width letters and space
        ("Đặng Thị Ngọc Thịnh", "dang thi ngoc thinh"),  # diacritics
        ("MIN AUNG HLAING", "min aung hlaing"),  # case
        ("Мин Аунг Хлайн", "min aung khlayn"),  # Cyrillic
        ("O’Brien-Smith", "obrien smith"),  # apostrophes and hyphens
        ("ประยุทธ์ จันทร์โอชา", "prayuthth cchanthrochaa"),  # Thai, roughly
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded


@pytest.mark.parametrize(
    ("burmese", "romanised"),
    [
        ("မင်းအောင်လှိုင်", "min aung hlaing"),
        ("သိန်းစိန်", "thein sein"),
        ("မြင့်ဆွေ", "myint swe"),  # creaky tone: a final t
        ("ဇော်မင်းထွန်း", "zaw min htun"),
        ("ခင်မောင်ဆွေ", "khin maung swe"),
        ("သန်းရွှေ", "than shwe"),
        ("မိုးမြင့်ထွန်း", "moe myint htun"),
        ("ညွန့်", "nyunt"),
        ("အေးအေး", "aye aye"),
        ("သူရ", "thu ra"),
    ],
)
def test_burmese_script_is_romanised_as_lists_write_burmese_names(burmese, romanised):
    assert fold(burmese) == romanised


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("htun", "tun"),
        ("htoo", "htu"),
        ("hlaing", "hlaine"),
        ("hlaing", "khlayn"),  # Хлайн
        ("maung", "mg"),
        ("latt", "lat"),
        ("soe", "so"),
        ("win", "vin"),
        ("kyaw", "chzho"),  # Чжо
        ("thein", "tein"),
        ("myanma", "myanmar"),
        ("defence", "defense"),
    ],
)
def test_romanisation_variants_share_a_key(a, b):
    assert key(a) == key(b)


@pytest.mark.parametrize(("a", "b"), [("min", "win"), ("aung", "maung"), ("kyaw", "kyi")])
def test_different_burmese_syllables_keep_different_keys(a, b):
    assert key(a) != key(b)


def test_inverted_names_are_put_in_natural_order():
    assert [p.text for p in parse("HLAING, Min Aung", "person").parts] == ["min", "aung", "hlaing"]


def test_titles_and_ranks_are_optional_parts():
    assert roles("Senior General Min Aung Hlaing") == [
        ("senior", TITLE),
        ("general", TITLE),
        ("min", CORE),
        ("aung", CORE),
        ("hlaing", CORE),
    ]
    assert roles("H.E. U Kyaw Moe Tun")[:3] == [("h", TITLE), ("e", TITLE), ("u", TITLE)]
    assert roles("Vice-Senior General Soe Win")[:3] == [
        ("vice", TITLE),
        ("senior", TITLE),
        ("general", TITLE),
    ]
    assert roles("Lt-Gen. Dr. Soe Win")[:3] == [("lt", TITLE), ("gen", TITLE), ("dr", TITLE)]


def test_burmese_honorifics_that_are_also_name_parts():
    # Leading Maung with two parts after it is optional; the second Maung is a name part.
    assert roles("Maung Maung Aye") == [("maung", HONORIFIC), ("maung", CORE), ("aye", CORE)]
    assert roles("Mg Mg Aye")[0] == ("mg", HONORIFIC)
    # With only one part after it, it is a name part: "Ko Ko", "Saw Daniel".
    assert roles("Ko Ko") == [("ko", CORE), ("ko", CORE)]
    assert roles("Saw Daniel") == [("saw", CORE), ("daniel", CORE)]
    assert roles("Daw Nilar") == [("daw", TITLE), ("nilar", CORE)]


def test_a_name_made_only_of_titles_is_all_name():
    assert roles("U") == [("u", CORE)]


def test_legal_forms_are_optional_for_organisations_only():
    assert roles("Myanma Economic Holdings Public Company Limited", "organisation")[2:] == [
        ("holdings", CORE),
        ("public", LEGAL),
        ("company", LEGAL),
        ("limited", LEGAL),
    ]
    assert roles("Asia Sun Trading Co., Ltd.", "organisation")[-2:] == [
        ("co", LEGAL),
        ("ltd", LEGAL),
    ]
    assert roles("OAO Gazprom Open Joint Stock Company", "organisation")[0] == ("oao", LEGAL)
    assert roles("Everfit Compny Limited", "organisation")[1] == ("compny", LEGAL)  # misspelt
    assert all(role == CORE for _, role in roles("Company Limited", "organisation"))


def test_initials_written_with_dots_become_an_acronym():
    assert [p.text for p in parse("M.E.H.L.").parts] == ["mehl"]
