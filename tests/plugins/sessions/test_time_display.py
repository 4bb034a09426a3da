# ruff: noqa: RUF001, RUF002 (times and dates are printed with en dashes)
"""The programme names its zones as people do: "09:00–10:00 (Jakarta, UTC+7)", the offset of
each day (summer time or not), and a city typed in the "your timezone" box."""

from __future__ import annotations

import re
from datetime import UTC, datetime

import pytest

from core.db import db_session
from tests import factories
from tests.plugins.sessions import builders


@pytest.fixture
def jakarta(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")  # Jakarta, 17-18 November 2030
        builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Opening")
        builders.session(dialogue, "2030-11-18 15:40", "2030-11-18 16:40", title="Closing")
        builders.release(dialogue, "Final programme")


def get(app, url: str) -> tuple[int, str]:
    response = app.test_client().get(url)
    return response.status_code, response.get_data(as_text=True)


def test_the_programme_names_the_venue_zone_by_city_and_offset(app, jakarta):
    status, html = get(app, "/dialogues/d/programme?day=all")
    assert status == 200
    assert "Times are local to the venue (Jakarta, UTC+7)." in html
    assert '<th scope="col">Time (Jakarta, UTC+7)</th>' in html
    before, _datalist, after = re.split("</?datalist", html)  # the suggestions name zones
    assert "Asia/Jakarta" not in before + after and "WIB" not in html


def test_a_session_page_gives_the_time_with_city_and_offset(app, jakarta):
    _status, html = get(app, "/dialogues/d/programme/sessions/1")
    assert "17 November 2030, " in html
    assert (
        '<time datetime="2030-11-17T09:00:00+07:00">09:00</time>–'
        '<time datetime="2030-11-17T10:00:00+07:00">10:00</time> (Jakarta, UTC+7)'
    ) in html
    assert "Asia/Jakarta" not in html


def test_a_city_typed_as_your_timezone_is_understood(app, jakarta):
    status, html = get(app, "/dialogues/d/programme?tz=brussels")
    assert status == 200
    assert '<th scope="col">Your time (Brussels, UTC+1)</th>' in html
    assert '<time datetime="2030-11-17T03:00:00+01:00">17 Nov 03:00</time>' in html
    # the links to each day keep the zone, by its IANA name
    assert "day=2030-11-18&amp;tz=Europe/Brussels" in html


def test_an_unknown_timezone_of_your_own_names_close_matches(app, jakarta):
    status, html = get(app, "/dialogues/d/programme?tz=Manilla")
    assert status == 422
    assert "Did you mean Manila — Philippines (UTC+8)" in html
    assert 'value="Manilla"' in html


def test_each_day_has_the_offset_of_that_day(app):
    with app.app_context():
        # summer time in Brussels ends in the night of 26 to 27 October 2030
        dialogue = factories.dialogue(
            slug="d",
            timezone="Europe/Brussels",
            starts_at=datetime(2030, 10, 26, 7, 0, tzinfo=UTC),
        )
        builders.session(dialogue, "2030-10-26 09:00", "2030-10-26 10:00", title="Saturday")
        builders.session(dialogue, "2030-10-27 09:00", "2030-10-27 10:00", title="Sunday")
        builders.release(dialogue, "Final programme")
        db_session().commit()
    _status, html = get(app, "/dialogues/d/programme?day=all&tz=Jakarta")
    saturday, sunday = html.split('id="day-2030-10-27"')
    assert '<th scope="col">Time (Brussels, UTC+2)</th>' in saturday
    assert '<th scope="col">Your time (Jakarta, UTC+7)</th>' in saturday
    assert '<th scope="col">Time (Brussels, UTC+1)</th>' in sunday
    assert "Times are local to the venue (Brussels, UTC+2)." in saturday


def test_a_session_before_the_clocks_change_says_its_own_offset(app):
    with app.app_context():
        dialogue = factories.dialogue(
            slug="d",
            timezone="Europe/Brussels",
            starts_at=datetime(2030, 10, 26, 7, 0, tzinfo=UTC),
        )
        # 01:30 on 27 October is still summer time; at 03:00 the clocks go back to 02:00
        builders.session(dialogue, "2030-10-27 01:30", "2030-10-27 01:45", title="Night watch")
        builders.session(dialogue, "2030-10-27 09:00", "2030-10-27 10:00", title="Sunday")
        builders.release(dialogue, "Final programme")
        db_session().commit()
    _status, html = get(app, "/dialogues/d/programme?day=2030-10-27")
    assert '<th scope="col">Time (Brussels, UTC+1)</th>' in html
    night, sunday = html.split("Night watch")
    assert '<span class="hint">(Brussels, UTC+2)</span>' in night
    assert "(Brussels, UTC+2)" not in sunday
