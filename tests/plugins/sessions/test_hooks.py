"""What the plugin gives the core and other plugins: the session list for the minutes, calendar
components from other plugins, personal data and erasure, the demo."""

from __future__ import annotations

import sqlalchemy as sa
from icalendar import Event

from core.db import db_session
from core.hooks import hooks
from core.models import Dialogue, Participation, Person, Visibility
from core.personal_data.erasure import erase_person
from core.personal_data.export import export_person
from core.plugin_api import hookimpl
from plugins.sessions.feed_keys import feed_token, issue
from plugins.sessions.models import FeedKey, Release, SessionStatus
from tests import factories
from tests.plugins.sessions import builders


def test_the_minutes_get_the_released_sessions_with_chatham_house_and_speakers(ctx):
    dialogue = factories.dialogue()
    chair, speaker, rapporteur = (factories.participation(dialogue) for _ in range(3))
    first = builders.session(
        dialogue,
        "2030-11-17 09:00",
        "2030-11-17 10:00",
        title="Stakeholders' segment",
        chairs=(chair,),
        speakers=(speaker,),
        chatham_house=True,
    )
    second = builders.session(dialogue, "2030-11-17 10:00", "2030-11-17 11:00", title="Closing")
    assert hooks().sessions(dialogue=dialogue) == []  # nothing released yet
    second.status = SessionStatus.CANCELLED
    builders.release(dialogue)
    builders.session(dialogue, "2030-11-17 11:00", "2030-11-17 12:00", title="Not released")
    db_session().commit()
    summaries = hooks().sessions(dialogue=dialogue)
    assert [(s.title, s.status, s.chatham_house) for s in summaries] == [
        ("Stakeholders' segment", "scheduled", True),
        ("Closing", "cancelled", False),
    ]
    assert (summaries[0].chairs, summaries[0].speakers, summaries[0].rapporteurs) == (
        (chair.id,),
        (speaker.id,),
        (),
    )
    assert summaries[0].kind == "thematic"
    assert summaries[0].starts_at == first.starts_at
    assert rapporteur.id not in summaries[0].speakers


def test_a_chatham_house_flag_ticked_after_the_release_protects_at_once(ctx):
    dialogue = factories.dialogue()
    session = builders.session(
        dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Closed-door briefing"
    )
    builders.release(dialogue)
    db_session().commit()
    assert [s.chatham_house for s in hooks().sessions(dialogue=dialogue)] == [False]
    session.chatham_house = True  # saved, not released again
    db_session().commit()
    assert [s.chatham_house for s in hooks().sessions(dialogue=dialogue)] == [True]


class Reminders:
    """A test plugin adding a to-do to every dialogue feed, telling whom it is for."""

    @hookimpl
    def collect_calendar_components(self, dialogue, viewer):
        event = Event()
        event.add("uid", f"reminder-{dialogue.id}@test")
        event.add("dtstamp", dialogue.updated_at)
        event.add("dtstart", dialogue.starts_at)
        event.add("summary", f"Reminder for standing {int(viewer.standing)}")
        return [event]


def test_other_plugins_add_components_to_the_dialogue_feeds(make_app):
    app = make_app(plugins={"reminders": Reminders()})
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        participation = factories.participation(dialogue)
        builders.session(dialogue, "2030-11-17 09:00", "2030-11-17 10:00")
        builders.release(dialogue)
        with app.test_request_context():
            link = "/calendar/" + feed_token(issue(participation, None)) + ".ics"
        db_session().commit()
    client = app.test_client()
    public = client.get("/dialogues/d/programme.ics").get_data(as_text=True)
    assert "SUMMARY:Reminder for standing 0" in public
    assert "SUMMARY:Reminder for standing 1" in client.get(link).get_data(as_text=True)


def test_personal_data_holds_session_parts_and_calendar_links_and_erasure_ends_them(app):
    with app.test_request_context():
        dialogue = factories.dialogue(slug="d")
        person = factories.person(name="Speaking Person")
        participation = factories.participation(dialogue, person)
        builders.session(
            dialogue,
            "2030-11-17 09:00",
            "2030-11-17 10:00",
            title="Panel",
            speakers=(participation,),
        )
        builders.release(dialogue)
        link = "/calendar/" + feed_token(issue(participation, None)) + ".ics"
        db_session().commit()
        section = export_person(person)["plugins"]["sessions"]
        assert section["session_parts"] == [
            {
                "dialogue": "d",
                "session": "Panel",
                "starts_at": "2030-11-17T02:00:00+00:00",
                "role": "speaker",
            }
        ]
        assert [(k["dialogue"], k["active"]) for k in section["calendar_links"]] == [("d", True)]
    client = app.test_client()
    assert client.get(link).status_code == 200
    with app.app_context():
        erase_person(db_session().get(Person, person.id), actor=None, reason="asked")
        assert db_session().scalar(sa.select(sa.func.count(FeedKey.id))) == 0
    assert client.get(link).status_code == 404
    assert "Speaking Person" not in client.get("/dialogues/d/programme").get_data(as_text=True)


def test_a_person_with_nothing_in_the_programme_has_no_section(ctx):
    person = factories.person()
    factories.participation(factories.dialogue(), person)
    assert "sessions" not in export_person(person)["plugins"]


def test_the_demo_has_released_programmes_with_calendar_links(app, runner):
    assert runner.invoke(args=["demo"]).exit_code == 0
    assert runner.invoke(args=["demo"]).exit_code == 0  # again: nothing new
    with app.app_context():
        releases = {
            (slug, r.name)
            for slug, r in db_session().execute(
                sa.select(Dialogue.slug, Release).join(Release, Release.dialogue_id == Dialogue.id)
            )
        }
        assert releases == {
            ("7th-ahrd-2025", "Draft agenda"),
            ("7th-ahrd-2025", "Programme as held"),
            ("3rd-eu-sea-cso-forum-2023", "Forum programme"),
            ("5th-eu-asean-hrd-2023", "Programme"),
        }
        hidden = db_session().scalar(
            sa.select(Participation)
            .join(Person)
            .where(Person.name == "Naw Demo Paw", Participation.visibility == Visibility.ANONYMOUS)
        )
        assert hidden is not None
    client = app.test_client()
    html = client.get("/dialogues/7th-ahrd-2025/programme?day=all").get_data(as_text=True)
    for title in [
        "Opening remarks",
        "Keynote address",
        "Session 1: Human Rights and the Environment in ASEAN",
        "Session 2: Human Rights, Business and Right to Development in ASEAN",
        "Session 3: Online Scams and Trafficking-in-Persons in ASEAN",
        "General dialogues segment",
        "Stakeholders&#39; segment",
        "Recommendations segment",
        "Fireside chat with AICHR Representatives",
    ]:
        assert title in html
    assert "H.E. Mugiyanto Sipin" in html
    assert "Naw Demo Paw" not in html and "a CSO representative" in html
    assert 'href="webcal://localhost/dialogues/7th-ahrd-2025/programme.ics"' in html
    history = client.get("/dialogues/7th-ahrd-2025/programme/releases").get_data(as_text=True)
    assert "<strong>Moved:</strong> Treasure hunt for youths and CSOs" in history
    for slug, area in [
        ("3rd-eu-sea-cso-forum-2023", "Human Rights in the Context of Climate Change"),
        ("5th-eu-asean-hrd-2023", "Human Rights and the Digital Age"),
        ("5th-eu-asean-hrd-2023", "Anti-authoritarianism and Security Sector Reform"),
    ]:
        assert area in client.get(f"/dialogues/{slug}/programme").get_data(as_text=True)
        page = client.get(f"/dialogues/{slug}").get_data(as_text=True)
        assert f'href="webcal://localhost/dialogues/{slug}/programme.ics"' in page
