# ruff: noqa: RUF001, RUF003
"""Names disguised with hidden or look-alike characters, one-letter and spacing variants,
other scripts and the countries' other names are still found."""

import pytest

from plugins.vetting.lists import parse_parley_csv
from plugins.vetting.matching import Screener, Subject

LIST = parse_parley_csv(
    "id,kind,name,aliases,country,birth_date,position,reason,source\n"
    'mah,person,"HLAING, Min Aung",,Burma,1956-07-03,,BURMA-EO14014,OFAC\n'
    'ttk,person,"KHINE, Thet Thet",,Burma,,,BURMA-EO14014,OFAC\n'
    'bam,person,"MOE, Banyar Aung",,Burma,,,BURMA-EO14014,OFAC\n'
    'zmt,person,"TUN, Zaw Min",,Burma,,,BURMA-EO14014,OFAC\n'
    'sw,person,"WIN, Soe",,Burma,1960-03-01,,BURMA-EO14014,OFAC\n'
    "mod,organisation,MINISTRY OF DEFENSE OF BURMA,,Burma,,,BURMA-EO14014,OFAC\n"
    "sia,organisation,ROYAL SIAM TRADING COMPANY LIMITED,,,,,,test\n"
    "kam,organisation,KAMPUCHEA JADE HOLDINGS,,,,,,test\n"
    "vnm,organisation,VIET NAM RUBY ENTERPRISE,,,,,,test\n"
    "lao,organisation,LAO PDR TIMBER ENTERPRISE,,,,,,test\n"
)
SCREENER = Screener(LIST)


def best(name, kind=None):
    findings = SCREENER.screen_one(Subject("s", name, kind))
    return findings[0] if findings else None


def found(name, kind, entry_id, level=None):
    finding = best(name, kind)
    assert finding is not None and finding.entry.id == entry_id, (name, finding)
    if level:
        assert finding.level == level, (name, finding)
    return finding


@pytest.mark.parametrize(
    "name",
    [
        "Thet Th\u200bet Khine",  # zero-width space
        "Thet Thet Kh\u200dine",  # zero-width joiner
        "Th\u00adet Thet Khine",  # soft hyphen
        "Thet Thet Khi\u202ene",  # bidi override
        "Thet Thet Kh\u2060ine",  # word joiner
        "\ufeffThet Thet Khine",  # byte-order mark
    ],
)
def test_hidden_characters_inside_words_are_ignored(name):
    assert found(name, "person", "ttk").score == 1.0


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Тhet Thet Khine", "ttk"),  # Cyrillic Т
        ("Thet Thеt Khinе", "ttk"),  # Cyrillic е
        ("Μin Αung Ηlaing", "mah"),  # Greek capital Mu, Alpha, Eta
        ("Min Aung Hlаing", "mah"),  # one Cyrillic а
        ("Ѕoe Wіn", "sw"),  # Cyrillic Ѕ and і
        ("Thet Thet Кhinе", "ttk"),  # Cyrillic К and е
    ],
)
def test_look_alike_letters_are_read_as_the_latin_letters_they_imitate(name, entry_id):
    assert found(name, "person", entry_id).score >= 0.93


def test_look_alike_letters_are_mapped_to_the_letter_they_imitate_not_to_its_sound():
    # Cyrillic р, с, у, х, Н and В look like p, c, y, x, H and B (transliterated: r, s, u, kh...)
    assert best("Нlaing Міn Аung", "person") is not None
    assert best("Ваnуаr Аung Мое", "person").entry.id == "bam"


@pytest.mark.parametrize(
    "name",
    [
        "Min\u00a0Aung\u00a0Hlaing",  # no-break space
        "Min\u2009Aung\u202fHlaing",  # thin and narrow no-break space
        "Min\u3000Aung\u2003Hlaing",  # ideographic and em space
        "Min\u1680Aung\u205fHlaing",  # ogham and medium mathematical space
        "Min\u3164Aung\u2800Hlaing",  # Hangul filler and Braille blank, drawn as spaces
        "Min\uffa0Aung Hlaing",  # half-width Hangul filler
    ],
)
def test_every_kind_of_space_separates_name_parts(name):
    assert found(name, "person", "mah").score >= 0.93


def test_full_width_letters_are_read_as_latin():
    assert found("Ｔｈｅｔ Ｔｈｅｔ Ｋｈｉｎｅ", "person", "ttk").score == 1.0


@pytest.mark.parametrize(
    "name",
    [
        "Thet Thet Khi\u0334ne",  # combining tilde overlay
        "T\u0336h\u0336e\u0336t Thet Khine",  # combining long stroke overlay
        "Thet\u0489 Thet Khine",  # combining cyrillic millions sign
        "Thet Thet Khine\u0301\u0300\u0302\u0303",  # stacked accents
        "Th\u17b4et Thet Khine",  # an invisible Khmer vowel sign
        "Th\u034fet Thet Khi\u115fne",  # combining grapheme joiner, Hangul choseong filler
    ],
)
def test_combining_marks_are_ignored(name):
    assert found(name, "person", "ttk").score >= 0.93


@pytest.mark.parametrize(
    "name",
    [
        "Min Aung Hline",  # substitution and deletion in the last part
        "Ming Aung Hlaing",  # insertion in a short part
        "Min Aung Laing",  # first letter dropped
        "Mun Aung Hlaing",  # substitution in a short part
        "Min Aun Hlaing",  # deletion in a short part
        "Soe Winn",
    ],
)
def test_one_letter_variants_in_any_part_are_found(name):
    finding = best(name, "person")
    assert finding is not None and finding.entry.id in ("mah", "sw"), (name, finding)


def test_fused_and_split_parts_are_found():
    assert found("Minaung Hlaing", "person", "mah").score >= 0.85
    assert found("Min Aunghlaing", "person", "mah").score >= 0.85
    assert found("Ban Yar Aung Moe", "person", "bam").score >= 0.93


def test_a_dropped_given_name_part_is_found_at_review_level():
    found("Min Hlaing", "person", "mah", level="review")
    found("Zaw Tun", "person", "zmt", level="review")


def test_an_added_part_is_found():
    assert found("Min Aung Hlaing Oo", "person", "mah").score >= 0.85


def test_a_letter_dropped_from_a_syllable_is_found_for_review_when_the_rest_of_the_name_matches():
    # Khin and Khine are both common syllables; with "Thet Thet" the same it is one name.
    found("Thet Thet Khin", "person", "ttk", level="review")


@pytest.mark.parametrize("name", ["Aung", "Min", "Thet", "Win", "Soe", "Moe", "Min Aung"])
def test_a_common_burmese_given_name_alone_never_alerts(name):
    finding = best(name, "person")
    assert finding is None or finding.level != "alert", finding


@pytest.mark.parametrize(
    ("name", "entry_id"),
    [
        ("Ministry of Defense of Myanmar", "mod"),
        ("Ministry of Defence of Myanmar", "mod"),
        ("Royal Thailand Trading Company Limited", "sia"),
        ("Cambodia Jade Holdings", "kam"),
        ("Vietnam Ruby Enterprise", "vnm"),
        ("Laos Timber Enterprise", "lao"),
        ("Lao People's Democratic Republic Timber Enterprise", "lao"),
    ],
)
def test_the_countrys_other_names_are_the_same_in_organisation_names(name, entry_id):
    assert found(name, "organisation", entry_id).score >= 0.93


def test_burmese_script_is_read_as_the_romanised_name():
    assert found("မင်းအောင်လှိုင်", "person", "mah").score >= 0.85
    assert found("သက်သက်ခိုင်", "person", "ttk").score >= 0.85
    assert found("ဇော်မင်းထွန်း", "person", "zmt").score >= 0.85


def test_thai_script_is_read_as_the_romanised_name():
    assert found("มิน อ่อง หล่าย", "person", "mah").score >= 0.85
    assert found("โซ วิน", "person", "sw").score >= 0.85
