"""The timetable: a table per day at the venue, another timezone on request, speakers through
the visibility function, online links for accredited participants only, a constant number of
queries."""

from __future__ import annotations

import pytest

from core.db import db_session
from core.models import Category, ParticipationStatus, Role, Visibility
from tests import factories
from tests.core.test_dialogues import count_queries
from tests.plugins.sessions import builders

LINK = "https://meet.example/room-1"


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")  # Jakarta, 17-18 November 2030
        open_speaker = factories.participation(
            dialogue,
            factories.person(name="Open Speaker", honorific="H.E."),
            visibility=Visibility.PUBLIC,
            category=Category.DELEGATE,
            organisation=factories.organisation(name="AICHR"),
        )
        hidden = factories.participation(
            dialogue, factories.person(name="Hidden Speaker"), visibility=Visibility.ANONYMOUS
        )
        users = {"organiser": factories.user(Role.ORGANISER, dialogue=dialogue)}
        for name, category, status in [
            ("cso", Category.CSO, ParticipationStatus.ACCREDITED),
            ("press", Category.PRESS, ParticipationStatus.ACCREDITED),
            ("registered", Category.CSO, ParticipationStatus.REGISTERED),
        ]:
            users[name] = factories.user()
            factories.participation(
                dialogue,
                factories.person(user_id=users[name].id),
                category=category,
                status=status,
            )
        builders.session(
            dialogue,
            "2030-11-17 09:00",
            "2030-11-17 10:00",
            title="Opening remarks",
            chairs=(open_speaker,),
        )
        builders.session(
            dialogue,
            "2030-11-17 15:40",
            "2030-11-17 16:40",
            title="Stakeholders' segment",
            speakers=(open_speaker, hidden),
            room="Main Hall",
            online_url=LINK,
            attend_categories=["cso", "delegate", "nhri"],
            speak_categories=["cso", "nhri"],
            chatham_house=True,
            description="**Civil society** speaks first.\n\n<script>alert(1)</script>",
        )
        builders.session(dialogue, "2030-11-18 09:00", "2030-11-18 10:00", title="Fireside chat")
        builders.release(dialogue, "Final programme")
    return users


def page(app, user=None, query: str = "") -> tuple[int, str]:
    client = app.test_client()
    if user is not None:
        factories.login(client, user)
    response = client.get("/dialogues/d/programme" + query)
    return response.status_code, response.get_data(as_text=True)


def test_one_accessible_table_per_day_at_the_venue(app, world):
    status, html = page(app)
    assert status == 200
    assert html.count("<table") == 1  # the first day, with links to each day
    assert '<h2 id="day-2030-11-17">Sunday 17 November 2030</h2>' in html
    assert "Fireside chat" not in html
    assert 'href="/dialogues/d/programme?day=2030-11-18">Mon 18 Nov</a>' in html
    _status, html = page(app, query="?day=2030-11-18")
    assert html.count("<table") == 1 and "Fireside chat" in html and "Opening" not in html
    assert '<caption class="visually-hidden">Sessions on Monday 18 November 2030</caption>' in html
    _status, html = page(app, query="?day=all")
    assert html.count("<table") == 2
    assert '<th scope="col">Time (Jakarta, UTC+7)</th>' in html
    assert '<th scope="row">' in html
    assert '<time datetime="2030-11-17T15:40:00+07:00">15:40</time>' in html
    assert html.index("Opening remarks") < html.index("Stakeholders") < html.index("Fireside")
    assert page(app, query="?day=2031-01-01")[1].count("Opening remarks") == 1  # not a day
    assert "Open to: Delegate, NHRI, CSO." in html and "Speaking: NHRI, CSO." in html
    assert "Chatham House rule" in html
    assert "<script" not in html  # works without JavaScript
    assert 'href="webcal://localhost/dialogues/d/programme.ics"' in html


def test_speakers_appear_as_the_visibility_function_says(app, world):
    _status, html = page(app)
    assert "H.E. Open Speaker (AICHR)" in html
    assert "Hidden Speaker" not in html
    assert "a CSO representative" in html
    _status, html = page(app, world["organiser"])
    assert "Hidden Speaker" in html


@pytest.mark.parametrize(
    ("who", "sees_link"),
    [(None, False), ("registered", False), ("press", False), ("cso", True), ("organiser", True)],
)
def test_the_online_link_is_shown_to_accredited_participants_the_session_admits(
    app, world, who, sees_link
):
    _status, html = page(app, world[who] if who else None)
    assert (LINK in html) is sees_link


def test_the_page_opens_on_today_while_the_dialogue_lasts():
    from datetime import date

    from plugins.sessions.timetable import choose_days

    days = [date(2030, 11, 17), date(2030, 11, 18)]
    assert choose_days(days, None, date(2030, 11, 18)) == [date(2030, 11, 18)]
    assert choose_days(days, None, date(2026, 1, 1)) == [date(2030, 11, 17)]
    assert choose_days(days, "2030-11-17", date(2030, 11, 18)) == [date(2030, 11, 17)]
    assert choose_days(days, "all", date(2030, 11, 18)) == days
    assert choose_days(days, "not a day", date(2026, 1, 1)) == [date(2030, 11, 17)]


def test_the_times_in_the_viewers_own_timezone(app, world):
    status, html = page(app, query="?tz=Europe/Brussels")
    assert status == 200
    assert '<th scope="col">Your time (Brussels, UTC+1)</th>' in html
    # 15:40 in Jakarta (UTC+7) is 09:40 in Brussels (UTC+1 in November)
    assert '<time datetime="2030-11-17T09:40:00+01:00">17 Nov 09:40</time>' in html


def test_an_unknown_timezone_gets_a_message(app, world):
    status, html = page(app, query="?tz=Mars/Olympus_Mons")
    assert status == 422
    assert "“Mars/Olympus_Mons” is not a known timezone" in html
    assert "Your time" not in html and "Opening remarks" in html


def test_a_session_page_and_its_calendar_file(app, world):
    client = app.test_client()
    html = client.get("/dialogues/d/programme/sessions/2").get_data(as_text=True)
    assert "<h1>Stakeholders&#39; segment" in html
    assert "a CSO representative" in html and "Hidden Speaker" not in html
    assert 'href="webcal://localhost/dialogues/d/programme/sessions/2.ics"' in html
    # its description is Markdown, shown through the core's sanitiser
    assert "<p><strong>Civil society</strong> speaks first.</p>" in html
    assert "<script>alert" not in html and "**Civil society**" not in html
    assert client.get("/dialogues/d/programme/sessions/99").status_code == 404
    assert client.get("/dialogues/d/programme/sessions/99.ics").status_code == 404


def test_the_dialogue_page_links_the_programme_and_its_calendars(app, world):
    html = app.test_client().get("/dialogues/d").get_data(as_text=True)
    assert "Final programme</a>, released" in html
    assert 'href="webcal://localhost/dialogues/d/programme.ics"' in html


def add_programme(app, sessions: int, people: int) -> None:
    from core.models import Dialogue

    with app.app_context():
        dialogue = db_session().query(Dialogue).filter_by(slug="d").one()
        crowd = [
            factories.participation(dialogue, visibility=list(Visibility)[n % 4])
            for n in range(people)
        ]
        for n in range(sessions):
            hour = 8 + n % 10
            builders.session(
                dialogue,
                f"2030-11-18 {hour:02}:00",
                f"2030-11-18 {hour:02}:30",
                title=f"Added {n}",
                speakers=tuple(crowd[n % people : n % people + 3]),
                chairs=(crowd[(n * 7) % people],),
            )
        builders.release(dialogue, f"with {sessions} more")


@pytest.mark.parametrize("who", [None, "cso", "organiser"])
@pytest.mark.parametrize(
    "url",
    ["/dialogues/d/programme", "/dialogues/d/programme.ics", "/dialogues/d/programme/sessions/2"],
)
def test_queries_do_not_grow_with_sessions_and_people(app, world, who, url):
    client = app.test_client()
    if who:
        factories.login(client, world[who])
    add_programme(app, 3, 5)
    few = count_queries(app, url, client)
    add_programme(app, 60, 40)
    assert count_queries(app, url, client) == few


def test_the_organisers_page_queries_do_not_grow(app, world):
    client = app.test_client()
    factories.login(client, world["organiser"])
    add_programme(app, 3, 5)
    few = count_queries(app, "/dialogues/d/programme/manage", client)
    add_programme(app, 60, 40)
    assert count_queries(app, "/dialogues/d/programme/manage", client) == few
