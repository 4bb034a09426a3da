import pytest

from plugins.vetting.lists import parse_parley_csv, read_ofac
from plugins.vetting.matching import Screener, Subject, Thresholds, screen

from .lists_fixture import LIST_CSV
from .shared_data import needs_shared_data, shared_ofac

ENTRIES = parse_parley_csv(LIST_CSV)
SCREENER = Screener(ENTRIES)


def best(name, kind=None, country="", birth_date="", screener=SCREENER):
    findings = screener.screen_one(Subject("s1", name, kind, country, birth_date))
    return findings[0] if findings else None


@pytest.fixture(scope="module")
def sdn_screener():
    return Screener(read_ofac(shared_ofac() / "ofac_sdn_2024-05-03.csv"))


POSITIVES = [
    ("Min Aung Hlaing", "person", "ofac-27225"),
    ("Senior General Min Aung Hlaing", None, "ofac-27225"),
    ("H.E. Senior General Min Aung Hlaing", "person", "ofac-27225"),
    ("HLAING, Min Aung", "person", "ofac-27225"),
    ("Hlaing Min Aung", "person", "ofac-27225"),
    ("Min Aung Hlaine", "person", "ofac-27225"),
    ("Min Aung Hliang", "person", "ofac-27225"),
    ("Мин Аунг Хлайн", None, "ofac-27225"),
    ("Vice-Senior General Soe Win", "person", "ofac-27226"),
    ("Lt-Gen Soe Win", "person", "ofac-27226"),
    ("U Maung Maung Aye", "person", "ofac-45820"),
    ("Mg Mg Aye", "person", "ofac-45820"),
    ("Maung Maung Kyaw", "person", "ofac-31172"),
    ("Myanma Economic Holdings Ltd", "organisation", "ofac-31517"),
    ("Myanmar Economic Holdings Public Co. Ltd.", "organisation", "ofac-31517"),
    ("MEHL", None, "ofac-31517"),
    ("M.E.H.L.", None, "ofac-31517"),
    ("Directorate of Defence Industries", "organisation", "ofac-33537"),
    ("Myanmar Imperial Jade Company Limited", "organisation", "ofac-31136"),
    ("State Administration Council", "organisation", "sac"),
]


@pytest.mark.parametrize(("name", "kind", "entry_id"), POSITIVES)
def test_positives_are_found_at_review_level_or_above(name, kind, entry_id):
    finding = best(name, kind)
    assert finding is not None and finding.entry.id == entry_id, finding


@needs_shared_data
@pytest.mark.parametrize(("name", "kind", "entry_id"), POSITIVES[:-1])
def test_positives_are_found_against_the_whole_sdn_list(sdn_screener, name, kind, entry_id):
    findings = sdn_screener.screen_one(Subject("s", name, kind))
    assert entry_id in {f.entry.id for f in findings}


HARD_NEGATIVES = [
    ("Aung Myo Min", "person"),  # NUG human-rights minister, not Min Aung Hlaing
    ("U Aung Myo Min", "person"),
    ("Min Ko Naing", "person"),  # 88 Generation activist
    ("Aung San Suu Kyi", "person"),
    ("Kyaw Moe Tun", "person"),
    ("Maung", None),  # an honorific is never enough
    ("U", "person"),
    ("Senior General", "person"),
    ("Company Limited", "organisation"),
    ("Myanmar", "organisation"),
    ("Burma Human Rights Network", "organisation"),
    ("Human Rights Foundation of Monland (Burma)", "organisation"),
    ("Myanmar Accountability Project", "organisation"),
    ("Burma Campaign UK", "organisation"),
    ("Progressive Voice Myanmar", "organisation"),
    ("Assistance Association for Political Prisoners (Burma)", "organisation"),
    ("Women's League of Burma", "organisation"),
    ("Myanmar Economic Policy Forum", "organisation"),
]


@pytest.mark.parametrize(("name", "kind"), HARD_NEGATIVES)
def test_hard_negatives_are_not_flagged(name, kind):
    assert best(name, kind) is None


@needs_shared_data
@pytest.mark.parametrize(("name", "kind"), HARD_NEGATIVES)
def test_hard_negatives_do_not_alert_against_the_whole_sdn_list(sdn_screener, name, kind):
    findings = sdn_screener.screen_one(Subject("s", name, kind))
    assert not [f for f in findings if f.level == "alert"], findings


def test_aung_myo_min_scores_well_below_review_against_min_aung_hlaing():
    low = Screener(ENTRIES, Thresholds(review=0.01, alert=0.99))
    findings = low.screen_one(Subject("s", "Aung Myo Min", "person"))
    scores = {f.entry.id: f.score for f in findings}
    assert scores.get("ofac-27225", 0) < 0.7


def test_an_honorific_is_never_a_reason_to_miss():
    with_title = best("U Soe Win", "person")
    without = best("Soe Win", "person")
    assert with_title.score == without.score == 1.0


def test_explanations_in_plain_words():
    assert best("U Soe Win", "person").explanation == "'U' treated as an honorific"
    finding = best("Hlaing Min Aung", "person", birth_date="1956")
    assert finding.explanation == "family name written first; birth year 1956 matches"
    finding = best("Senior General Min Aung Hliang", "person")
    assert "'Hliang' close to 'Hlaing' (typo?)" in finding.explanation
    assert "'Senior General' treated as a title or rank" in finding.explanation
    assert best("MEHL").explanation == "matches the alias 'MEHL'; same name"
    assert best("Myanma Economic Holdings Ltd", "organisation").matched_name == (
        "MYANMA ECONOMIC HOLDINGS PUBLIC COMPANY LIMITED"
    )
    assert "'Defence' read as 'Defense'" in best("Directorate of Defence Industries").explanation


def test_birth_date_and_country_raise_or_lower_the_score():
    plain = best("Min Aung", "person").score
    assert best("Min Aung", "person", birth_date="1962-10-27").score > plain
    lowered = best("Min Aung", "person", birth_date="1990", country="Thailand")
    assert lowered is None or lowered.score < plain
    finding = best("Soe Win", "person", country="Myanmar", birth_date="1960-03-01")
    assert "birth date 1960-03-01 matches" in finding.explanation
    assert "country Myanmar matches" in finding.explanation  # Burma and Myanmar are one country
    finding = best("Soe Win", "person", birth_date="1975")
    assert finding is None or "birth year 1975 differs from 1960" in finding.explanation


def test_a_weak_alias_alone_never_alerts():
    finding = best("The Junta", "organisation")
    assert finding is not None and finding.level == "review"
    assert finding.explanation.startswith("matches the weak alias 'the junta'")


def test_kinds_are_respected():
    assert best("Soe Win", "organisation") is None
    assert best("Soe Win") is not None  # unknown kind: compared with everything


def test_thresholds_decide_the_level():
    strict = Screener(ENTRIES, Thresholds(review=0.99, alert=1.0))
    assert strict.screen_one(Subject("s", "Hlaing Min Aung", "person")) == []
    lax = Screener(ENTRIES, Thresholds(review=0.5, alert=0.95))
    (finding, *_) = lax.screen_one(Subject("s", "Hlaing Min Aung", "person"))
    assert (finding.level, finding.score) == ("alert", 0.96)
    assert Thresholds().level(0.9) == "review"
    assert Thresholds().level(0.5) is None
    with pytest.raises(ValueError):
        Thresholds(review=0.9, alert=0.8)


def test_screen_returns_every_finding_best_first_per_subject():
    subjects = [
        Subject("a", "Min Aung Hlaing", "person"),
        Subject("b", "Aung Myo Min", "person"),
        Subject("c", "MEHL"),
    ]
    findings = screen(subjects, ENTRIES)
    assert [(f.subject.id, f.entry.id) for f in findings] == [
        ("a", "ofac-27225"),
        ("c", "ofac-31517"),
    ]
    assert all(0.0 <= f.score <= 1.0 for f in findings)


@pytest.mark.parametrize(
    "written", ["Snr-Gen Min Aung Hlaing", "Sr. Gen. Min Aung Hlaing", "Vice Snr-Gen Soe Win"]
)
def test_abbreviated_ranks_are_optional_name_parts(written):
    entries = parse_parley_csv(
        "id,kind,name,aliases,country,birth_date,position,reason,source\n"
        'a,person,"HLAING, Min Aung",,,,,,\n'
        'b,person,"WIN, Soe",,,,,,\n'
    )
    findings = screen([Subject(id="s", kind="person", name=written)], entries)
    assert findings and findings[0].score >= 0.93
