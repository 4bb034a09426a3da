"""A published outcome record and a change of visibility of someone it mentions: the record is
read through the visibility function, so it names the person as soon as they may be named,
and says its public text is no longer the one published; back to the choice it was published
under, its public text is again byte for byte the one published."""

from __future__ import annotations

import json

from tests.authorisation import CANARY, VISITOR, build, signed_in
from tests.canary_world import CANARY_NAME


def test_a_published_record_follows_a_mentioned_persons_visibility(make_app):
    app = make_app(RATELIMIT_ENABLED=False)
    users, values = build(app)
    own = signed_in(app, users, values, CANARY)
    visitor = signed_in(app, users, values, VISITOR)
    change = f"/dialogues/d/participations/{values['participation_id']}/visibility"

    def outcome() -> dict:
        return json.loads(visitor.get("/dialogues/d/outcome.json").get_data(as_text=True))

    published = outcome()
    assert published["public_text_unchanged_since_publication"] is True
    assert CANARY_NAME not in published["markdown"]
    assert own.post(change, data={"visibility": "public"}).status_code == 302
    named = outcome()
    assert CANARY_NAME in named["markdown"]
    assert named["public_text_unchanged_since_publication"] is False
    assert named["sha256"] != published["sha256"]
    assert "changed since it was published" in visitor.get("/dialogues/d/outcome.html").get_data(
        as_text=True
    )
    assert own.post(change, data={"visibility": "anonymous"}).status_code == 302
    assert outcome() == published
