"""Our calendars as Thunderbird's parser (ical.js, under Node.js) reads them: every time lands
on the right instant, through the VTIMEZONE we send, also across the end of summer time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from core.db import db_session
from core.models import Series, Visibility
from plugins.sessions.models import SessionStatus
from tests import factories
from tests.plugins.sessions import builders


def utc(text: str) -> str:
    return datetime.fromisoformat(text).astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%S.000Z")


@pytest.fixture
def brussels(ctx):
    """A dialogue in Brussels from Friday 24 to Tuesday 28 October 2025: summer time ends on
    Sunday the 26th at 03:00, when the clocks go back to 02:00."""
    dialogue = factories.dialogue(
        slug="brussels",
        title="EU-ASEAN Policy Dialogue",
        timezone="Europe/Brussels",
        starts_at=datetime(2025, 10, 24, 7, 0, tzinfo=UTC),
        ends_at=datetime(2025, 10, 28, 16, 0, tzinfo=UTC),
        city="Brussels",
    )
    speaker = factories.participation(
        dialogue, factories.person(name="Open Speaker"), visibility=Visibility.PUBLIC
    )
    hidden = factories.participation(
        dialogue, factories.person(name="Hidden Speaker"), visibility=Visibility.ANONYMOUS
    )
    builders.session(
        dialogue,
        "2025-10-24 09:00",
        "2025-10-24 10:30",
        title="Before the change",
        speakers=(speaker, hidden),
        room="Room 1",
    )
    builders.session(dialogue, "2025-10-26 01:30", "2025-10-26 04:00", title="Across the change")
    builders.session(dialogue, "2025-10-27 09:00", "2025-10-27 10:30", title="After the change")
    cancelled = builders.session(
        dialogue, "2025-10-28 09:00", "2025-10-28 10:00", title="Called off"
    )
    cancelled.status = SessionStatus.CANCELLED
    builders.release(dialogue)
    return dialogue


def test_brussels_times_across_the_end_of_summer_time(brussels, client, icaljs):
    events = icaljs(client.get("/dialogues/brussels/programme.ics").get_data(as_text=True))
    by_title = {e["summary"]: e for e in events}
    assert {e["tzid"] for e in events} == {"Europe/Brussels"}
    # 09:00 CEST is 07:00 UTC; 09:00 CET is 08:00 UTC
    assert by_title["Before the change"]["start"] == utc("2025-10-24T07:00:00+00:00")
    assert by_title["Before the change"]["end"] == utc("2025-10-24T08:30:00+00:00")
    assert by_title["After the change"]["start"] == utc("2025-10-27T08:00:00+00:00")
    # 01:30 CEST (23:30 UTC the day before) to 04:00 CET (03:00 UTC): three and a half hours
    assert by_title["Across the change"]["start"] == utc("2025-10-25T23:30:00+00:00")
    assert by_title["Across the change"]["end"] == utc("2025-10-26T03:00:00+00:00")
    assert by_title["Called off"]["status"] == "CANCELLED"
    assert by_title["Before the change"]["status"] == "CONFIRMED"
    before = by_title["Before the change"]
    assert "Open Speaker" in before["description"]
    assert "Hidden Speaker" not in before["description"]
    assert "a CSO representative" in before["description"]
    assert before["location"] == "Room 1, Brussels"
    assert before["url"].endswith("/dialogues/brussels/programme/sessions/1")
    assert len({e["uid"] for e in events}) == 4


def test_one_session_file_reads_the_same(brussels, client, icaljs):
    [event] = icaljs(
        client.get("/dialogues/brussels/programme/sessions/3.ics").get_data(as_text=True)
    )
    assert event["summary"] == "After the change"
    assert event["start"] == utc("2025-10-27T08:00:00+00:00")


def test_jakarta_times(ctx, client, icaljs):
    dialogue = factories.dialogue(slug="jakarta", timezone="Asia/Jakarta")  # 17 Nov 2030, 09:00
    builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:30", title="Opening")
    builders.session(dialogue, "2030-11-18 14:00", "2030-11-18 15:00", title="Closing")
    builders.release(dialogue)
    events = icaljs(client.get("/dialogues/jakarta/programme.ics").get_data(as_text=True))
    assert [(e["summary"], e["tzid"], e["start"], e["end"]) for e in events] == [
        (
            "Opening",
            "Asia/Jakarta",
            utc("2030-11-17T02:00:00+00:00"),
            utc("2030-11-17T03:30:00+00:00"),
        ),
        (
            "Closing",
            "Asia/Jakarta",
            utc("2030-11-18T07:00:00+00:00"),
            utc("2030-11-18T08:00:00+00:00"),
        ),
    ]


def test_series_feed_shows_a_multi_day_dialogue_as_all_day_and_a_one_day_one_with_times(
    ctx, client, icaljs
):
    series = Series(slug="ahrd", name="ASEAN Human Rights Dialogue")
    db_session().add(series)
    factories.dialogue(slug="two-days", title="Two days", series=series)  # 17-18 Nov 2030
    factories.dialogue(
        slug="one-day",
        title="One day",
        series=series,
        timezone="Europe/Brussels",
        starts_at=datetime(2023, 10, 3, 7, 30, tzinfo=UTC),
        ends_at=datetime(2023, 10, 3, 15, 0, tzinfo=UTC),
    )
    db_session().commit()
    events = {
        e["summary"]: e
        for e in icaljs(client.get("/series/ahrd/programme.ics").get_data(as_text=True))
    }
    assert events["Two days"]["all_day"] is True
    # DTEND of an all-day event is the day after the last
    assert (events["Two days"]["start"], events["Two days"]["end"]) == ("2030-11-17", "2030-11-19")
    assert events["One day"]["all_day"] is False
    assert events["One day"]["start"] == utc("2023-10-03T07:30:00+00:00")
    assert events["One day"]["tzid"] == "Europe/Brussels"
