# ruff: noqa: RUF001 (times and dates are printed with en dashes)
"""Timezones as people name them: a city or country typed in the dialogue form is resolved to
its IANA zone, and times are shown as "09:00 (Jakarta, UTC+7)", dates of a dialogue as one
range."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core import timezones
from core.db import db_session
from core.models import Dialogue, Series
from core.templating import date_range, local_time, time_span, zone_name
from tests import factories
from tests.core.test_dialogues import VALID, dialogues, organiser_client  # noqa: F401


@pytest.mark.parametrize(
    ("typed", "zone"),
    [
        ("Brussels", "Europe/Brussels"),
        ("brussels", "Europe/Brussels"),
        ("  BRUSSELS ", "Europe/Brussels"),
        ("Europe/Brussels", "Europe/Brussels"),
        ("europe/brussels", "Europe/Brussels"),
        ("Brussels — Belgium (UTC+1, summer UTC+2)", "Europe/Brussels"),
        ("Brussels, Belgium", "Europe/Brussels"),
        ("Belgium", "Europe/Brussels"),  # a country with one zone
        ("Jakarta", "Asia/Jakarta"),
        ("Bangkok", "Asia/Bangkok"),
        ("Yangon", "Asia/Yangon"),
        ("Rangoon", "Asia/Yangon"),  # the former name, an alias in tzdata
        ("Asia/Rangoon", "Asia/Yangon"),
        ("Saigon", "Asia/Ho_Chi_Minh"),
        ("ho chi minh city", "Asia/Ho_Chi_Minh"),
        ("Hanoi", "Asia/Ho_Chi_Minh"),  # a capital that names no zone
        ("Geneva", "Europe/Zurich"),
        ("Curaçao", "America/Curacao"),  # diacritics do not matter either way
        ("Sao Paulo", "America/Sao_Paulo"),
        ("São Paulo", "America/Sao_Paulo"),
        ("Myanmar", "Asia/Yangon"),
        ("Burma", "Asia/Yangon"),
        ("UTC", "UTC"),
    ],
)
def test_a_city_country_or_iana_name_resolves_to_the_zone(typed, zone):
    assert timezones.resolve(typed) == zone


def test_an_unknown_name_is_refused_naming_close_matches():
    with pytest.raises(timezones.UnknownZone) as refused:
        timezones.resolve("Brusels")
    assert "“Brusels” is not a known timezone" in str(refused.value)
    assert "Brussels — Belgium" in str(refused.value)


def test_a_country_with_several_zones_asks_for_the_city():
    with pytest.raises(timezones.UnknownZone) as refused:
        timezones.resolve("Indonesia")
    message = str(refused.value)
    assert "“Indonesia” has 4 timezones" in message
    for city in ("Jakarta", "Pontianak", "Makassar", "Jayapura"):
        assert city in message


def test_the_choices_name_city_country_and_offset():
    offered = timezones.choices(2030)
    for choice in [
        ("Asia/Jakarta", "Jakarta — Indonesia (UTC+7)"),
        ("Europe/Brussels", "Brussels — Belgium (UTC+1, summer UTC+2)"),
        ("Asia/Kolkata", "Kolkata — India (UTC+5:30)"),
        ("America/New_York", "New York — United States (UTC-5, summer UTC-4)"),
        ("Europe/Zurich", "Geneva — Switzerland (UTC+1, summer UTC+2)"),  # a city of no zone
        ("UTC", "UTC"),
    ]:
        assert choice in offered
    assert len({zone for zone, _label in offered}) > 400  # every zone of every country


@pytest.mark.parametrize(
    ("moment", "zone", "shown"),
    [
        (datetime(2030, 11, 17, 2, 0, tzinfo=UTC), "Asia/Jakarta", "09:00 (Jakarta, UTC+7)"),
        (datetime(2030, 7, 1, 7, 0, tzinfo=UTC), "Europe/Brussels", "09:00 (Brussels, UTC+2)"),
        (datetime(2030, 1, 7, 8, 0, tzinfo=UTC), "Europe/Brussels", "09:00 (Brussels, UTC+1)"),
        (datetime(2030, 1, 7, 3, 30, tzinfo=UTC), "Asia/Kolkata", "09:00 (Kolkata, UTC+5:30)"),
        (datetime(2030, 1, 7, 14, 0, tzinfo=UTC), "America/New_York", "09:00 (New York, UTC-5)"),
        (datetime(2030, 1, 7, 9, 0, tzinfo=UTC), "UTC", "09:00 (UTC)"),
        (datetime(2030, 1, 7, 2, 30, tzinfo=UTC), "Asia/Rangoon", "09:00 (Yangon, UTC+6:30)"),
    ],
)
def test_a_time_names_the_city_and_the_offset_of_that_moment(moment, zone, shown):
    assert local_time(moment, zone) == shown


def test_a_span_names_the_zone_once_unless_the_clocks_change_within_it():
    start = datetime(2030, 11, 17, 2, 0, tzinfo=UTC)
    assert time_span(start, start.replace(hour=3, minute=30), "Asia/Jakarta") == (
        "09:00–10:30 (Jakarta, UTC+7)"
    )
    # the night of 27 October 2030 in Brussels: 02:00 summer time falls back to 02:00 winter time
    night = datetime(2030, 10, 26, 23, 30, tzinfo=UTC)
    assert time_span(night, datetime(2030, 10, 27, 3, 0, tzinfo=UTC), "Europe/Brussels") == (
        "01:30 (Brussels, UTC+2)–04:00 (Brussels, UTC+1)"
    )
    assert zone_name(night, "Europe/Brussels") == "Brussels, UTC+2"


@pytest.mark.parametrize(
    ("start", "end", "shown"),
    [
        ((2025, 11, 17, 2), (2025, 11, 17, 9), "17 November 2025"),
        ((2025, 11, 17, 2), (2025, 11, 18, 9), "17–18 November 2025"),
        ((2025, 11, 30, 2), (2025, 12, 1, 9), "30 November – 1 December 2025"),
        ((2025, 12, 31, 2), (2026, 1, 2, 9), "31 December 2025 – 2 January 2026"),
        # 20:00 UTC on the 17th is already the 18th in Jakarta
        ((2025, 11, 17, 20), (2025, 11, 18, 9), "18 November 2025"),
    ],
)
def test_the_dates_of_a_dialogue_as_one_range_in_its_own_zone(start, end, shown):
    moments = [datetime(*parts, tzinfo=UTC) for parts in (start, end)]
    assert date_range(*moments, "Asia/Jakarta") == shown


def test_typing_brussels_in_the_form_stores_europe_brussels(app, organiser_client):  # noqa: F811
    response = organiser_client.post("/dialogues/new", data={**VALID, "timezone": "Brussels"})
    assert response.status_code == 302
    (dialogue,) = dialogues(app)
    assert dialogue.timezone == "Europe/Brussels"
    assert dialogue.starts_at == datetime(2025, 11, 17, 8, 0, tzinfo=UTC)  # 09:00 at UTC+1


def test_the_form_offers_the_zones_by_city_and_country(organiser_client):  # noqa: F811
    html = organiser_client.get("/dialogues/new").get_data(as_text=True)
    assert 'list="timezones"' in html
    assert '<option value="Europe/Brussels">Brussels — Belgium (UTC+1, summer UTC+2)' in html
    assert '<option value="Asia/Jakarta">Jakarta — Indonesia (UTC+7)' in html


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Atlantis", "“Atlantis” is not a known timezone"),
        ("Brusels", "Did you mean Brussels — Belgium"),
        ("Indonesia", "“Indonesia” has 4 timezones"),
    ],
)
def test_an_unknown_or_ambiguous_zone_rerenders_the_form_with_everything_kept(
    app,
    organiser_client,  # noqa: F811
    typed,
    message,
):
    response = organiser_client.post("/dialogues/new", data={**VALID, "timezone": typed})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html
    assert message in html
    assert f'value="{typed}"' in html  # what was typed stays in the box
    assert 'value="Human rights and the environment"' in html
    assert dialogues(app) == []


def test_the_dialogue_page_shows_the_dates_and_times_with_city_and_offset(app, client):
    with app.app_context():
        factories.dialogue(slug="d")  # Jakarta, 09:00 on 17 November 2030 to 16:00 the next day
        db_session().commit()
    html = client.get("/dialogues/d").get_data(as_text=True)
    assert ">17</time>–<time" in html and "18 November 2030</time>" in html
    assert "17 November 2030, 09:00 (Jakarta, UTC+7)" in html
    assert "18 November 2030, 16:00 (Jakarta, UTC+7)" in html
    assert "WIB" not in html and "Asia/Jakarta" not in html


def test_a_dialogue_in_summer_shows_summer_time(app, client):
    with app.app_context():
        factories.dialogue(
            slug="d", timezone="Europe/Brussels", starts_at=datetime(2030, 6, 3, 7, 0, tzinfo=UTC)
        )
        db_session().commit()
    html = client.get("/dialogues/d").get_data(as_text=True)
    assert "3 June 2030, 09:00 (Brussels, UTC+2)" in html


def test_the_series_page_shows_both_days_of_a_two_day_dialogue(app, client):
    with app.app_context():
        series = Series(name="ASEAN Human Rights Dialogue", slug="ahrd")
        db_session().add(series)
        db_session().flush()
        factories.dialogue(slug="seventh", series_id=series.id)  # 17-18 November 2030
        factories.dialogue(
            slug="eighth",
            series_id=series.id,
            starts_at=datetime(2031, 11, 30, 2, 0, tzinfo=UTC),
        )
        db_session().commit()
        assert db_session().scalar(sa.select(sa.func.count()).select_from(Dialogue)) == 2
    html = client.get("/series/ahrd").get_data(as_text=True)
    assert (
        '<time datetime="2030-11-17">17</time>–<time datetime="2030-11-18">18 November 2030</time>'
        in html
    )
    assert (
        '<time datetime="2031-11-30">30 November</time> – '
        '<time datetime="2031-12-01">1 December 2031</time>' in html
    )
