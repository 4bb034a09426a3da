# ruff: noqa: RUF001 (dates and times are printed with en dashes)
"""The organisers' pages: create, edit (move), cancel, reinstate and delete sessions, with
validation and clash detection; bad input is refused with a message and nothing is saved."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import AuditEvent, Category, Role, Visibility
from plugins.sessions.models import ProgrammeSession, SessionRole, SessionStatus
from tests import factories
from tests.plugins.minutes.rendered_form import rendered_form
from tests.plugins.sessions import builders

GOOD = {
    "title": "Human Rights and the Environment in ASEAN",
    "kind": "thematic",
    "starts_at": "2030-11-17T10:00",
    "ends_at": "2030-11-17T11:30",
    "room": "Main Hall",
    "thematic_area": "Human rights and the environment",
}


@pytest.fixture
def world(app):
    """A dialogue in Jakarta on 17-18 November 2030, its organiser signed in, and people."""
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        delegate = factories.participation(
            dialogue, factories.person(name="Delegate Ana"), category=Category.DELEGATE
        )
        press = factories.participation(
            dialogue, factories.person(name="Reporter Ben"), category=Category.PRESS
        )
        hidden = factories.participation(
            dialogue, factories.person(name="Hidden Cso"), visibility=Visibility.ANONYMOUS
        )
        db_session().commit()
        ids = {"dialogue": dialogue.id, "delegate": delegate.id, "press": press.id}
        ids["hidden"] = hidden.id
    client = app.test_client()
    factories.login(client, organiser)
    return client, ids


def sessions(app) -> list[ProgrammeSession]:
    with app.app_context():
        return list(db_session().scalars(sa.select(ProgrammeSession).order_by(ProgrammeSession.id)))


def test_an_organiser_creates_a_session_in_the_dialogues_timezone(app, world):
    client, ids = world
    data = {**GOOD, "speaker_ids": [ids["delegate"]], "chatham_house": "y"}
    data["attend_categories"] = ["delegate", "cso"]
    response = client.post("/dialogues/d/programme/sessions/new", data=data)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/dialogues/d/programme/manage")
    with app.app_context():
        [made] = db_session().scalars(sa.select(ProgrammeSession)).all()
        # 10:00 in Jakarta (UTC+7) is 03:00 UTC
        assert made.starts_at.isoformat() == "2030-11-17T03:00:00+00:00"
        assert made.ends_at.isoformat() == "2030-11-17T04:30:00+00:00"
        assert made.ids(SessionRole.SPEAKER) == [ids["delegate"]]
        assert made.attend_categories == ["cso", "delegate"]
        assert made.chatham_house is True and made.status == SessionStatus.SCHEDULED
        audit = db_session().scalars(sa.select(AuditEvent.action)).all()
        assert "sessions.session_created" in audit
    # the public sees nothing until a release
    page = client.get("/dialogues/d/programme").get_data(as_text=True)
    assert "have not released a programme for this dialogue yet" in page
    assert "/dialogues/d/programme/sessions/" not in page


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"ends_at": "2030-11-17T09:00"}, "ends_at", "The end must be after the start"),
        ({"ends_at": "2030-11-17T10:00"}, "ends_at", "The end must be after the start"),
        (
            {"starts_at": "2030-11-19T10:00", "ends_at": "2030-11-19T11:00"},
            "starts_at",
            "within the dialogue&#39;s dates: 17–18 November 2030 (Jakarta, UTC+7)",
        ),
        (
            {"ends_at": "2030-11-19T11:00"},
            "ends_at",
            "within the dialogue&#39;s dates",
        ),
        ({"starts_at": "17/11/2030 10am"}, "starts_at", "Not a valid datetime value"),
        ({"starts_at": ""}, "starts_at", "Enter the start date and time"),
        ({"title": "  "}, "title", "Enter a title"),
        ({"kind": "banquet"}, "kind", "Not a valid choice"),
        ({"online_url": "javascript:alert(1)"}, "online_url", "starting with https://"),
        ({"attend_categories": ["royalty"]}, "attend_categories", "not a valid choice"),
        ({"speaker_ids": ["999999"]}, "speaker_ids", "not a valid choice"),
    ],
)
def test_bad_input_is_refused_with_a_message_and_nothing_saved(app, world, change, field, message):
    client, _ids = world
    response = client.post("/dialogues/d/programme/sessions/new", data={**GOOD, **change})
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "There is a problem" in html
    assert f'href="#{field}"' in html and message in html
    assert sessions(app) == []


def test_a_time_the_clocks_skip_is_refused(app):
    with app.app_context():
        dialogue = factories.dialogue(
            slug="brussels",
            timezone="Europe/Brussels",
            starts_at=datetime(2031, 3, 29, 8, 0, tzinfo=UTC),
            ends_at=datetime(2031, 3, 31, 16, 0, tzinfo=UTC),
        )
        organiser = factories.user(Role.ORGANISER, dialogue=dialogue)
        db_session().commit()
    client = app.test_client()
    factories.login(client, organiser)
    # on 30 March 2031 Brussels goes from 02:00 straight to 03:00
    data = {**GOOD, "starts_at": "2031-03-30T02:30", "ends_at": "2031-03-30T04:00"}
    response = client.post("/dialogues/brussels/programme/sessions/new", data=data)
    assert response.status_code == 422
    assert "does not exist in Europe/Brussels (the clocks go forward)" in response.get_data(
        as_text=True
    )
    assert sessions(app) == []


def test_a_room_booked_twice_is_refused(app, world):
    client, _ids = world
    assert client.post("/dialogues/d/programme/sessions/new", data=GOOD).status_code == 302
    overlapping = {
        **GOOD,
        "title": "Side event",
        "room": " main  HALL ",
        "starts_at": "2030-11-17T11:00",
        "ends_at": "2030-11-17T12:00",
    }
    response = client.post("/dialogues/d/programme/sessions/new", data=overlapping)
    html = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "is already booked then for “Human Rights and the Environment in ASEAN”" in html
    assert "(10:00–11:30 (Jakarta, UTC+7))" in html
    assert len(sessions(app)) == 1
    # back to back is not a clash, nor is another room
    later = {**overlapping, "starts_at": "2030-11-17T11:30"}
    assert client.post("/dialogues/d/programme/sessions/new", data=later).status_code == 302
    other_room = {**overlapping, "room": "Room 2", "title": "Parallel"}
    assert client.post("/dialogues/d/programme/sessions/new", data=other_room).status_code == 302


def test_a_room_freed_by_a_cancellation_can_be_booked_but_not_reinstated_over(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    [first] = sessions(app)
    response = client.post(
        f"/dialogues/d/programme/sessions/{first.id}/cancel", data={"reason": "Speaker ill"}
    )
    assert response.status_code == 302
    replacement = {**GOOD, "title": "Replacement"}
    assert client.post("/dialogues/d/programme/sessions/new", data=replacement).status_code == 302
    client.post(f"/dialogues/d/programme/sessions/{first.id}/reinstate")
    page = client.get("/dialogues/d/programme/manage").get_data(as_text=True)
    assert "cannot be reinstated: Main Hall is booked then for “Replacement”" in page
    assert sessions(app)[0].status == SessionStatus.CANCELLED
    with app.app_context():
        event = db_session().scalar(
            sa.select(AuditEvent).where(AuditEvent.action == "sessions.session_cancelled")
        )
        assert event.object_id == first.id and event.reason == "Speaker ill"


def test_reinstating_a_cancelled_session(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    [first] = sessions(app)
    client.post(f"/dialogues/d/programme/sessions/{first.id}/cancel")
    client.post(f"/dialogues/d/programme/sessions/{first.id}/reinstate")
    assert sessions(app)[0].status == SessionStatus.SCHEDULED


def test_a_person_in_two_overlapping_sessions_is_named_in_a_warning(app, world):
    client, ids = world
    client.post(
        "/dialogues/d/programme/sessions/new", data={**GOOD, "chair_ids": [ids["delegate"]]}
    )
    other = {
        **GOOD,
        "title": "Parallel workshop",
        "room": "Room 2",
        "starts_at": "2030-11-17T11:00",
        "ends_at": "2030-11-17T12:00",
        "speaker_ids": [ids["delegate"], ids["hidden"]],
    }
    assert client.post("/dialogues/d/programme/sessions/new", data=other).status_code == 302
    page = client.get("/dialogues/d/programme/manage").get_data(as_text=True)
    assert "People in two places at once" in page
    assert (
        "Delegate Ana is in “Human Rights and the Environment in ASEAN”, "
        "10:00\u201311:30 (Jakarta, UTC+7), and in “Parallel workshop”, "
        "11:00\u201312:00 (Jakarta, UTC+7), on 17 November 2030." in page
    )
    assert "Hidden Cso is in" not in page  # the hidden CSO speaks in one session only


def test_only_the_categories_allowed_to_speak_may_be_speakers(app, world):
    client, ids = world
    data = {
        **GOOD,
        "speak_categories": ["delegate", "cso"],
        "speaker_ids": [ids["delegate"], ids["press"]],
    }
    response = client.post("/dialogues/d/programme/sessions/new", data=data)
    assert response.status_code == 422
    assert "Only the categories ticked under “Who may speak” may speak" in response.get_data(
        as_text=True
    )
    assert "Reporter Ben" in response.get_data(as_text=True)
    assert sessions(app) == []


def test_editing_moves_a_session_and_a_released_move_is_marked_changed(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    [first] = sessions(app)
    form = client.get(f"/dialogues/d/programme/sessions/{first.id}/edit").get_data(as_text=True)
    assert 'value="2030-11-17T10:00"' in form and 'value="Main Hall"' in form
    with app.app_context():
        from core.models import Dialogue

        builders.release(db_session().get(Dialogue, first.dialogue_id))
    moved = {**GOOD, "starts_at": "2030-11-18T10:00", "ends_at": "2030-11-18T11:00"}
    response = client.post(f"/dialogues/d/programme/sessions/{first.id}/edit", data=moved)
    assert response.status_code == 302
    [after] = sessions(app)
    assert after.starts_at.isoformat() == "2030-11-18T03:00:00+00:00"
    assert after.status == SessionStatus.CHANGED
    # a move out of the dialogue's dates is refused and changes nothing
    out = {**GOOD, "starts_at": "2030-11-16T10:00", "ends_at": "2030-11-16T11:00"}
    response = client.post(f"/dialogues/d/programme/sessions/{first.id}/edit", data=out)
    assert response.status_code == 422
    assert sessions(app)[0].starts_at == after.starts_at


def test_a_session_never_released_can_be_deleted_a_released_one_only_cancelled(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    client.post("/dialogues/d/programme/sessions/new", data={**GOOD, "room": "Room 2"})
    first, second = sessions(app)
    with app.app_context():
        from core.models import Dialogue

        builders.release(db_session().get(Dialogue, first.dialogue_id))
    client.post("/dialogues/d/programme/sessions/new", data={**GOOD, "room": "Room 3"})
    third = sessions(app)[2]
    client.post(f"/dialogues/d/programme/sessions/{first.id}/delete")
    assert "cancel it instead" in client.get("/dialogues/d/programme/manage").get_data(as_text=True)
    client.post(f"/dialogues/d/programme/sessions/{third.id}/delete")
    assert [s.id for s in sessions(app)] == [first.id, second.id]


@pytest.mark.parametrize("who", ["visitor", "participant", "organiser of another dialogue"])
def test_only_the_dialogues_organisers_prepare_the_programme(app, who):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        builders.session(dialogue, "2030-11-17 10:00", "2030-11-17 11:00")
        user = {
            "visitor": None,
            "participant": factories.user(),
            "organiser of another dialogue": factories.user(
                Role.ORGANISER, dialogue=factories.dialogue()
            ),
        }[who]
        db_session().commit()
    client = app.test_client()
    if user is not None:
        factories.login(client, user)
    expected = 302 if user is None else 403  # a visitor is sent to sign in
    for url in ["manage", "sessions/new", "sessions/1/edit"]:
        assert client.get(f"/dialogues/d/programme/{url}").status_code == expected
    for url in ["sessions/new", "sessions/1/cancel", "sessions/1/delete", "release"]:
        assert client.post(f"/dialogues/d/programme/{url}", data=GOOD).status_code == expected
    assert [s.status for s in sessions(app)] == [SessionStatus.SCHEDULED]


def test_another_dialogues_session_is_not_found(app, world):
    client, _ids = world
    with app.app_context():
        other = factories.dialogue(slug="other")
        theirs = builders.session(other, "2030-11-17 10:00", "2030-11-17 11:00")
        db_session().commit()
    assert client.get(f"/dialogues/d/programme/sessions/{theirs.id}/edit").status_code == 404
    assert client.post(f"/dialogues/d/programme/sessions/{theirs.id}/cancel").status_code == 404


@pytest.mark.parametrize(
    "missing",
    ["room", "online_url", "thematic_area", "description", "attend_categories", "chair_ids"],
)
def test_a_session_posted_without_an_optional_field_is_saved_without_it(app, world, missing):
    """A form may come without a field (a script, an old page): an optional field left out is
    an empty one, never a 500."""
    client, _ids = world
    data = {**GOOD, "online_url": "https://example.org/live", "description": "Opening"}
    data.pop(missing, None)
    response = client.post("/dialogues/d/programme/sessions/new", data=data)
    assert response.status_code == 302, response.get_data(as_text=True)[:2000]
    (saved,) = sessions(app)
    if missing in ("room", "online_url", "thematic_area", "description"):
        assert getattr(saved, missing) == ""


def test_a_session_posted_without_a_required_field_is_refused_with_a_message(app, world):
    client, _ids = world
    for missing, message in (
        ("title", "Enter a title"),
        ("starts_at", "Enter the start date and time"),
        ("ends_at", "Enter the end date and time"),
        ("kind", "Not a valid choice"),
    ):
        data = {key: value for key, value in GOOD.items() if key != missing}
        response = client.post("/dialogues/d/programme/sessions/new", data=data)
        assert response.status_code == 422, missing
        assert message in response.get_data(as_text=True), missing
    assert sessions(app) == []


def test_the_people_pickers_say_who_can_be_chosen_and_where_to_add_them(app):
    """With nobody taking part yet, the pickers say that people are chosen from the dialogue's
    participants (not withdrawn or refused), and link to the review of registrations."""
    client = builders.organiser_of_empty_dialogue(app)
    html = client.get("/dialogues/empty/programme/sessions/new").get_data(as_text=True)
    assert "Nobody takes part in this dialogue yet" in html
    assert 'href="/dialogues/empty/review/"' in html
    assert html.count("Only the participants of this dialogue can be chosen") == 4
    assert "Markdown is accepted" in html  # under the description


def test_deleting_a_session_asks_to_confirm_first(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    (session,) = sessions(app)
    delete = f"/dialogues/d/programme/sessions/{session.id}/delete"
    manage = client.get("/dialogues/d/programme/manage").get_data(as_text=True)
    assert f'<a href="{delete}">Delete' in manage  # a link to a page that asks, not a button
    assert f'action="{delete}"' not in manage
    page = client.get(delete)
    html = page.get_data(as_text=True)
    assert page.status_code == 200
    assert f"Delete “{GOOD['title']}”?" in html
    assert "This cannot be undone" in html
    assert f'<form method="post" action="{delete}"' in html
    assert 'href="/dialogues/d/programme/manage">Keep it' in html
    assert len(sessions(app)) == 1  # asking deleted nothing
    fields = rendered_form(html)
    response = client.post(delete, data=fields)
    assert response.status_code == 302
    assert sessions(app) == []


def test_a_released_session_is_not_offered_for_deletion(app, world):
    client, _ids = world
    client.post("/dialogues/d/programme/sessions/new", data=GOOD)
    (session,) = sessions(app)
    with app.app_context():
        from core.models import Dialogue

        builders.release(db_session().get(Dialogue, session.dialogue_id))
    response = client.get(f"/dialogues/d/programme/sessions/{session.id}/delete")
    assert response.status_code == 302
    manage = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "cancel it instead" in manage
    assert len(sessions(app)) == 1
