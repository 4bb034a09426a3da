"""The programme and a change of visibility of someone who speaks and chairs in it: the
timetable, the session's page and every calendar name them as soon as they make themselves
public, and a calendar changes its ETag with it, so that subscribed clients fetch it again;
anonymous again, each is what it was."""

from __future__ import annotations

from tests.authorisation import CANARY, PARTICIPANT, VISITOR, build, signed_in
from tests.canary_world import CANARY_NAME


def test_the_programme_follows_a_speakers_visibility(make_app):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    own = signed_in(app, users, values, CANARY)
    visitor = signed_in(app, users, values, VISITOR)
    participant = signed_in(app, users, values, PARTICIPANT)
    change = f"/dialogues/d/participations/{values['participation_id']}/visibility"
    pages = (
        (visitor, "/dialogues/d/programme"),
        (visitor, f"/dialogues/d/programme/sessions/{values['session_id']}"),
        (visitor, "/dialogues/d/programme.ics"),
        (participant, f"/calendar/{values['feed_token']}.ics"),
    )

    def answers() -> list[tuple[str, str | None]]:
        got = []
        for client, path in pages:
            response = client.get(path)
            assert response.status_code == 200, path
            got.append((response.get_data(as_text=True), response.headers.get("ETag")))
        return got

    anonymous = answers()
    assert not any(CANARY_NAME in body for body, _etag in anonymous)
    assert own.post(change, data={"visibility": "public"}).status_code == 302
    public = answers()
    assert all(CANARY_NAME in body.replace("\r\n ", "") for body, _etag in public)
    for (_body, before), (_again, after) in zip(anonymous, public, strict=True):
        assert before is None or before != after
    assert own.post(change, data={"visibility": "anonymous"}).status_code == 302
    assert answers() == anonymous
