"""Calendar feeds over HTTP: conditional requests, and personal links that can be renewed and
stopped, and answer 404 whenever they are not current."""

from __future__ import annotations

import base64
import re
import time

import pytest
import sqlalchemy as sa

from core.db import db_session
from core.models import (
    Category,
    Dialogue,
    DialogueStatus,
    Participation,
    ParticipationStatus,
    Visibility,
)
from core.screened_changes import pass_change_gate
from plugins.sessions.feed_keys import PURPOSE
from plugins.sessions.models import FeedKey
from tests import factories
from tests.core.test_dialogues import count_queries
from tests.plugins.sessions import builders

LINK = "https://meet.example/plenary"


@pytest.fixture
def world(app):
    with app.app_context():
        dialogue = factories.dialogue(slug="d")
        press_user, cso_user = factories.user(), factories.user()
        press = factories.participation(
            dialogue, factories.person(user_id=press_user.id), category=Category.PRESS
        )
        cso = factories.participation(
            dialogue, factories.person(user_id=cso_user.id), category=Category.CSO
        )
        hidden = factories.participation(
            dialogue, factories.person(name="Hidden Speaker"), visibility=Visibility.ANONYMOUS
        )
        builders.session(
            dialogue, "2030-11-17 09:00", "2030-11-17 10:00", title="Plenary", online_url=LINK
        )
        builders.session(
            dialogue,
            "2030-11-17 15:00",
            "2030-11-17 16:00",
            title="Stakeholders' segment",
            attend_categories=["cso", "delegate", "nhri"],
            speakers=(hidden,),
        )
        builders.session(
            dialogue,
            "2030-11-18 09:00",
            "2030-11-18 10:00",
            title="Press briefing",
            attend_categories=["delegate"],
            speakers=(press,),
        )
        builders.release(dialogue)
        ids = {"press": press.id, "cso": cso.id}
    return {"press": press_user, "cso": cso_user, "ids": ids}


def signed_in(app, user):
    client = app.test_client()
    factories.login(client, user)
    return client


def personal_link(client) -> str:
    """Make (or renew) the signed-in participant's link and read it off the programme page."""
    assert client.post("/dialogues/d/programme/my-calendar").status_code == 302
    html = client.get("/dialogues/d/programme").get_data(as_text=True)
    start = html.index('id="personal-link" readonly value="') + len(
        'id="personal-link" readonly value="'
    )
    return html[start : html.index('"', start)].removeprefix("http://localhost")


def summaries(ics: str) -> list[str]:
    return [line[len("SUMMARY:") :] for line in ics.splitlines() if line.startswith("SUMMARY:")]


def test_unchanged_feeds_answer_304(app, world):
    client = app.test_client()
    for url in ["/dialogues/d/programme.ics", "/dialogues/d/programme/sessions/1.ics"]:
        first = client.get(url)
        assert first.status_code == 200
        assert first.mimetype == "text/calendar"
        etag, modified = first.headers["ETag"], first.headers["Last-Modified"]
        assert client.get(url, headers={"If-None-Match": etag}).status_code == 304
        assert client.get(url, headers={"If-Modified-Since": modified}).status_code == 304
        assert client.get(url, headers={"If-None-Match": '"stale"'}).status_code == 200


def test_a_new_release_changes_the_etag(app, world):
    client = app.test_client()
    etag = client.get("/dialogues/d/programme.ics").headers["ETag"]
    with app.app_context():
        from plugins.sessions.models import ProgrammeSession

        session = db_session().get(ProgrammeSession, 1)
        session.title = "Plenary, renamed"
        builders.release(db_session().get(Dialogue, session.dialogue_id), "v2")
    response = client.get("/dialogues/d/programme.ics", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "SUMMARY:Plenary\\, renamed" in response.get_data(as_text=True)


def test_a_participants_feed_holds_the_sessions_they_may_attend_or_speak_in(app, world):
    client = signed_in(app, world["press"])
    link = personal_link(client)
    anyone = app.test_client()
    response = anyone.get(link)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "private, no-cache"
    ics = response.get_data(as_text=True)
    # not the stakeholders' segment (press not admitted); the briefing they speak in
    assert summaries(ics) == ["Plenary", "Press briefing"]
    assert LINK in ics.replace("\r\n ", "")  # accredited: the online link
    assert "Hidden Speaker" not in ics
    cso_ics = anyone.get(personal_link(signed_in(app, world["cso"]))).get_data(as_text=True)
    assert summaries(cso_ics) == ["Plenary", "Stakeholders' segment"]
    assert "a CSO representative" in cso_ics.replace("\r\n ", "")


def test_a_renewed_or_stopped_link_is_404_like_a_forged_one(app, world):
    client = signed_in(app, world["cso"])
    first = personal_link(client)
    second = personal_link(client)
    anyone = app.test_client()
    assert anyone.get(first).status_code == 404
    assert anyone.get(second).status_code == 200
    assert client.post("/dialogues/d/programme/my-calendar/revoke").status_code == 302
    stopped = anyone.get(second)
    assert stopped.status_code == 404
    forged = anyone.get("/calendar/WzEsMV0.forged-signature.ics")
    assert forged.status_code == 404
    assert stopped.get_data() == forged.get_data()
    html = client.get("/dialogues/d/programme").get_data(as_text=True)
    assert "Make my calendar link" in html and "personal-link" not in html


def test_a_link_sealed_with_another_key_or_for_another_participation_is_404(make_app, app, world):
    from itsdangerous import URLSafeSerializer

    from core.sealed import seal

    link = personal_link(signed_in(app, world["cso"]))
    ids = world["ids"]
    with app.app_context():
        # a claim for a participation that has no link; one of the wrong shape; one of
        # another purpose (a badge's); a link as they were made before, signed in clear
        no_key = seal(PURPOSE, ids["press"], 1)
        wrong_shape = seal(PURPOSE, ids["cso"], 1, 1)
        a_badge = seal("badge", ids["cso"], 1)
        signed = URLSafeSerializer("test-secret-key", salt="parley.sessions.feed")
        legacy = signed.dumps([ids["cso"], 1])
        current = seal(PURPOSE, ids["cso"], 1)
    with make_app(SECRET_KEY="another-secret").app_context():
        foreign = seal(PURPOSE, ids["cso"], 1)
    client = app.test_client()
    assert client.get(link).status_code == 200
    assert link == f"/calendar/{current}.ics"
    for token in (foreign, no_key, wrong_shape, a_badge, legacy):
        assert client.get(f"/calendar/{token}.ics").status_code == 404


def test_a_personal_link_shows_no_participation_number(app, world):
    link = personal_link(signed_in(app, world["cso"]))
    token = link.removeprefix("/calendar/").removesuffix(".ics")
    # one part, not a signed claim's base64 JSON ("WzEsMV0" is "[1,1]") and its signature
    assert re.fullmatch(r"[A-Za-z0-9_-]{32}", token)
    raw = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4))
    assert not raw.startswith(b"[")


def test_a_withdrawn_participants_link_stops(app, world):
    link = personal_link(signed_in(app, world["cso"]))
    with app.app_context():
        participation = db_session().get(Participation, world["ids"]["cso"])
        participation.status = ParticipationStatus.WITHDRAWN
        db_session().commit()
    assert app.test_client().get(link).status_code == 404


def test_a_draft_dialogues_feeds_are_404(app, world):
    link = personal_link(signed_in(app, world["cso"]))
    with app.app_context():
        db_session().scalar(sa.select(Dialogue)).status = DialogueStatus.DRAFT
        db_session().commit()
    client = app.test_client()
    for url in [link, "/dialogues/d/programme.ics", "/dialogues/d/programme/sessions/1.ics"]:
        assert client.get(url).status_code == 404


def test_only_a_participant_gets_a_link(app, world):
    stranger = signed_in(app, factories_user(app))
    assert stranger.post("/dialogues/d/programme/my-calendar").status_code == 404
    assert app.test_client().post("/dialogues/d/programme/my-calendar").status_code == 404
    with app.app_context():
        assert db_session().scalar(sa.select(sa.func.count(FeedKey.id))) == 0


def factories_user(app):
    with app.app_context():
        user = factories.user()
        db_session().commit()
        return user


def test_unknown_series_is_404(app, world):
    assert app.test_client().get("/series/nothing/programme.ics").status_code == 404


def test_personal_feed_queries_do_not_grow(app, world):
    link = personal_link(signed_in(app, world["cso"]))
    client = app.test_client()
    few = count_queries(app, link, client)
    with app.app_context():
        dialogue = db_session().scalar(sa.select(Dialogue))
        crowd = [factories.participation(dialogue) for _ in range(30)]
        for n in range(40):
            builders.session(
                dialogue,
                "2030-11-18 11:00",
                "2030-11-18 12:00",
                title=f"Parallel {n}",
                speakers=tuple(crowd[n % 30 : n % 30 + 2]),
            )
        builders.release(dialogue, "v2")
    assert count_queries(app, link, client) == few


def test_a_cached_event_never_outlives_what_it_shows(app, world):
    from plugins.sessions.models import EventCache

    client = app.test_client()
    with app.app_context():
        speaker = db_session().get(Participation, world["ids"]["press"])
        speaker.visibility = Visibility.PUBLIC
        speaker.person.name = "Named Reporter"
        pass_change_gate(db_session(), None)  # a rename is screened before it is kept
        db_session().commit()
    assert "Named Reporter" in client.get("/dialogues/d/programme.ics").get_data(as_text=True)
    with app.app_context():
        cached = db_session().scalar(sa.select(sa.func.count(EventCache.key)))
        assert cached == 3
        db_session().get(Participation, world["ids"]["press"]).visibility = Visibility.ANONYMOUS
        db_session().commit()
    ics = client.get("/dialogues/d/programme.ics").get_data(as_text=True)
    assert "Named Reporter" not in ics and "a member of the press" in ics
    with app.app_context():
        from core.models import Person
        from core.personal_data.erasure import erase_person

        person = db_session().get(Participation, world["ids"]["press"]).person
        erase_person(db_session().get(Person, person.id), actor=None, reason="asked")
        assert db_session().scalar(sa.select(sa.func.count(EventCache.key))) == 0


def test_a_release_is_read_and_parsed_once_and_a_new_one_at_once(app, world, monkeypatch):
    from plugins.sessions.releases import Released

    parsed = []
    load = Released.load.__func__
    monkeypatch.setattr(
        Released, "load", classmethod(lambda cls, d: parsed.append(d) or load(cls, d))
    )
    link = personal_link(signed_in(app, world["cso"]))
    client = app.test_client()
    parsed.clear()  # the programme page reads the release its own way
    first = client.get(link).get_data(as_text=True)
    assert len(parsed) == 3
    assert client.get(link).get_data(as_text=True) == first
    assert client.get("/dialogues/d/programme.ics").status_code == 200
    assert len(parsed) == 3  # the same release: neither read nor parsed again
    with app.app_context():
        from plugins.sessions.models import ProgrammeSession

        db_session().get(ProgrammeSession, 1).title = "Plenary, renamed"
        builders.release(db_session().scalar(sa.select(Dialogue)), "v2")
    assert summaries(client.get(link).get_data(as_text=True))[0] == "Plenary\\, renamed"
    assert len(parsed) == 6


def test_if_modified_since_gets_a_personal_feed_a_release_has_taken_a_session_out_of(app, world):
    from plugins.sessions.models import ProgrammeSession

    link = personal_link(signed_in(app, world["cso"]))
    client = app.test_client()
    before = client.get(link)
    assert "Plenary" in summaries(before.get_data(as_text=True))
    time.sleep(1.1)  # Last-Modified counts whole seconds
    with app.app_context():
        db_session().get(ProgrammeSession, 1).attend_categories = ["delegate"]
        builders.release(db_session().scalar(sa.select(Dialogue)), "v2")
    after = client.get(link, headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200
    assert summaries(after.get_data(as_text=True)) == ["Stakeholders' segment"]


def test_if_modified_since_gets_a_personal_feed_whose_participant_is_no_longer_accredited(
    app, world
):
    link = personal_link(signed_in(app, world["cso"]))
    client = app.test_client()
    before = client.get(link)
    assert LINK in before.get_data(as_text=True).replace("\r\n ", "")
    time.sleep(1.1)  # Last-Modified counts whole seconds
    with app.app_context():
        participation = db_session().get(Participation, world["ids"]["cso"])
        participation.status = ParticipationStatus.REGISTERED
        db_session().commit()
    after = client.get(link, headers={"If-Modified-Since": before.headers["Last-Modified"]})
    assert after.status_code == 200
    assert LINK not in after.get_data(as_text=True).replace("\r\n ", "")


def test_a_feed_read_over_https_links_to_pages_over_https(app, world):
    plain = app.test_client().get("/dialogues/d/programme.ics").get_data(as_text=True)
    assert "URL:http://localhost/dialogues/d/programme/sessions/1" in plain
    secure = app.test_client().get("/dialogues/d/programme.ics", base_url="https://localhost")
    ics = secure.get_data(as_text=True)
    assert "URL:https://localhost/dialogues/d/programme/sessions/1" in ics
    assert "URL:http://" not in ics


def uids(ics: str) -> list[str]:
    return [line[len("UID:") :] for line in ics.splitlines() if line.startswith("UID:")]


def test_uids_are_the_same_under_every_host_name(app, world):
    one = app.test_client().get("/dialogues/d/programme.ics", base_url="http://localhost")
    other = app.test_client().get(
        "/dialogues/d/programme.ics", base_url="https://parley.example.org"
    )
    first, second = uids(one.get_data(as_text=True)), uids(other.get_data(as_text=True))
    assert first and first == second
    assert all(uid.startswith("parley-") and uid.endswith(".parley") for uid in first)
    assert "localhost" not in first[0]


def test_uids_take_the_configured_domain(make_app, world):
    configured = make_app(CALENDAR_UID_DOMAIN="parley.example.org")
    ics = configured.test_client().get("/dialogues/d/programme.ics").get_data(as_text=True)
    assert all(uid.endswith("@parley.example.org") for uid in uids(ics))
