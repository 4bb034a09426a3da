"""The Chatham House Rule is decided when an output is made, by one function, for every output:
the published text and its exports, the preview, a recommendation's page and credit, the
reminder e-mails. The test plugin's programme changes after publication; the outputs follow."""

from __future__ import annotations

import json

import sqlalchemy as sa

from core.db import db_session
from core.models import OutboxMessage
from plugins.minutes.models import Recommendation
from tests.plugins.minutes.conftest import (
    CHATHAM_SESSION,
    publish,
    recommendation_data,
    save,
    signed_in,
)

NAME = "Open Speaker"


def _publish_twice(app, world, session_id: int = CHATHAM_SESSION) -> int:
    """Minutes of the session and a recommendation made in it, crediting and mentioning the
    participant who is named in public; published as version 1, then corrected as version 2.
    Returns the recommendation's id."""
    rapporteur = signed_in(app, world.rapporteur)
    text = f"@[{world.public_id}] spoke of scams."
    assert save(rapporteur, world.slug, text, 0, session_id).status_code == 302
    response = rapporteur.post(
        f"/dialogues/{world.slug}/minutes/recommendations/new",
        data=recommendation_data(
            text=f"As @[{world.public_id}] asked, protect the victims of scams.",
            source="session",
            session_id=session_id,
            participation_id=world.public_id,
            due_on="2025-12-01",  # overdue: the reminder goes out on the first run
        ),
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    assert publish(app, world).status_code == 302
    assert save(rapporteur, world.slug, text + " Many agreed.", 1, session_id).status_code
    assert publish(app, world, changes="A sentence added").status_code == 302
    with app.app_context():
        return db_session().scalar(sa.select(Recommendation.id))


def _outputs(app, world, recommendation_id: int) -> dict[str, str]:
    """Every output that may name the participant, for a visitor (and the preview for the
    rapporteur)."""
    public = app.test_client()
    slug = world.slug
    pages = {
        "outcome page": f"/dialogues/{slug}/outcome",
        "version 1 page": f"/dialogues/{slug}/outcome/versions/1",
        "diff": f"/dialogues/{slug}/outcome/diff?from=1&to=2",
        "markdown export": f"/dialogues/{slug}/outcome.md",
        "html export": f"/dialogues/{slug}/outcome.html",
        "version 1 markdown export": f"/dialogues/{slug}/outcome.md?version=1",
        "recommendation page": f"/dialogues/{slug}/recommendations/{recommendation_id}",
    }
    found = {}
    for what, url in pages.items():
        response = public.get(url)
        assert response.status_code == 200, what
        found[what] = response.get_data(as_text=True)
    data = json.loads(public.get(f"/dialogues/{slug}/outcome.json").data)
    found["json markdown"], found["json html"] = data["markdown"], data["html"]
    found["preview"] = (
        signed_in(app, world.rapporteur)
        .get(f"/dialogues/{slug}/minutes/preview")
        .get_data(as_text=True)
    )
    return found


def _reminders(app) -> list[str]:
    result = app.test_cli_runner().invoke(args=["minutes", "remind", "--days-before", "0"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        # a sign-in from a second test client is told to its owner; only reminders count here
        reminders = sa.select(OutboxMessage.body).where(
            ~OutboxMessage.kind.startswith("account_", autoescape=True)
        )
        return list(db_session().scalars(reminders))


def _named_in(outputs: dict[str, str]) -> list[str]:
    return [what for what, text in outputs.items() if NAME in text]


def test_a_session_marked_chatham_house_after_publication_names_nobody_in_any_output(
    app, world, sessions_plugin
):
    sessions_plugin.chatham = False
    recommendation_id = _publish_twice(app, world)
    before = _outputs(app, world, recommendation_id)
    assert NAME in before["markdown export"]
    assert f"As {NAME} asked" in before["recommendation page"]  # its text's mention, too
    assert f"Put forward by</dt><dd>{NAME}</dd>" in before["recommendation page"]
    sessions_plugin.chatham = True  # ticked after publication, nothing published again
    after = _outputs(app, world, recommendation_id)
    assert _named_in(after) == []
    assert "a delegate spoke of scams." in after["markdown export"]
    assert "Put forward by</dt><dd>a delegate</dd>" in after["recommendation page"]
    (mail,) = _reminders(app)
    assert "As a delegate asked, protect the victims of scams." in mail
    assert NAME not in mail


def test_a_session_the_programme_no_longer_reports_names_nobody_in_any_output(
    app, world, sessions_plugin
):
    sessions_plugin.chatham = False
    recommendation_id = _publish_twice(app, world)
    sessions_plugin.dropped.add(CHATHAM_SESSION)
    assert _named_in(_outputs(app, world, recommendation_id)) == []
    (mail,) = _reminders(app)
    assert NAME not in mail and "As a delegate asked" in mail


def test_a_session_unmarked_after_publication_does_not_start_naming_in_what_was_published(
    app, world, sessions_plugin
):
    recommendation_id = _publish_twice(app, world)  # published under the rule
    sessions_plugin.chatham = False
    # the preview is the next version, which would be approved and published without the rule
    assert _named_in(_outputs(app, world, recommendation_id)) == ["preview"]
    (mail,) = _reminders(app)
    assert NAME not in mail


def test_two_plugins_reporting_one_session_differently_count_as_chatham_house(
    make_app, world, sessions_plugin
):
    from tests.plugins.minutes.conftest import SessionsPlugin

    sessions_plugin.chatham = False
    other = SessionsPlugin()  # reports the same session, under the rule
    app = make_app(plugins={"other-sessions": other, "test-sessions": sessions_plugin})
    recommendation_id = _publish_twice(app, world)
    assert _named_in(_outputs(app, world, recommendation_id)) == []


def test_with_the_sessions_plugin_ticking_the_box_without_releasing_again_is_enough(
    make_app, world
):
    """The built-in sessions plugin, not a test plugin: the organiser ticks Chatham House on a
    released session and saves, without releasing the programme again."""
    from core.models import Dialogue
    from plugins.sessions.models import ProgrammeSession
    from tests.plugins.sessions import builders

    app = make_app()  # the built-in plugins only
    with app.app_context():
        dialogue = db_session().get(Dialogue, world.dialogue_id)
        session_id = builders.session(
            dialogue, "2025-11-17 10:00", "2025-11-17 11:00", title="Online scams"
        ).id
        builders.release(dialogue)
    recommendation_id = _publish_twice(app, world, session_id)
    assert NAME in _outputs(app, world, recommendation_id)["markdown export"]
    with app.app_context():
        db_session().get(ProgrammeSession, session_id).chatham_house = True
        db_session().commit()
    assert _named_in(_outputs(app, world, recommendation_id)) == []
    (mail,) = _reminders(app)
    assert NAME not in mail
